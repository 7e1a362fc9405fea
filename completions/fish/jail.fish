# fish completion for jail(1)
#
# Options, their arguments and descriptions, the commands and the profiles
# come from jail itself (`jail --help`, `jail --list-profiles`, `jail
# list`), so the completion knows what the installed jail knows.  fish
# completes both `--net slirp` and `--net=slirp`.

# True until the command to run (after "--" or a subcommand) begins.
function __jail_no_command
    set -l tokens (commandline -opc)
    set -e tokens[1]
    for t in $tokens
        if test "$t" = --
            return 1
        end
    end
    not __fish_seen_subcommand_from (__jail_commands)
end

function __jail_commands
    jail --help 2>/dev/null | string replace -rf '^  ([a-z]+) .*' '$1' | string match -v -- desktop
    echo desktop
end

function __jail_sandboxes
    jail list 2>/dev/null | tail -n +2 | string replace -r ' .*' ''
end

function __jail_profiles
    jail --list-profiles 2>/dev/null | string replace -r ' .*' ''
end

# NAME[,NAME…]: offer the whole list so far with each possible next name.
function __jail_comma_list
    set -l token (commandline -ct | string replace -r '^--[a-z-]+=' '')
    set -l head (string match -r '.*,' -- "$token"); or set head ''
    for v in $argv
        echo $head$v
    end
end

# Subcommands and their arguments.
for line in (jail --help 2>/dev/null | string match -r '^  [a-z]+ .*')
    set -l parts (string match -r '^  ([a-z]+) .*?   +(.*)$' -- $line)
    test (count $parts) -eq 3; or continue
    complete -c jail -n __fish_use_subcommand -f -a $parts[2] -d $parts[3]
end
complete -c jail -n '__fish_seen_subcommand_from enter stop kill stats; and test (count (commandline -opc)) -eq 2' -f -a '(__jail_sandboxes)' -d 'running sandbox'
complete -c jail -n '__fish_seen_subcommand_from list' -f -l json -d 'print JSON'
complete -c jail -n '__fish_seen_subcommand_from stop' -f -l timeout -x -d 'seconds before SIGKILL'
complete -c jail -n '__fish_seen_subcommand_from kill; and test (count (commandline -opc)) -eq 3' -f -a 'TERM KILL HUP INT QUIT USR1 USR2 STOP CONT'
complete -c jail -n '__fish_seen_subcommand_from desktop; and not __fish_seen_subcommand_from install remove list' -f -a 'install remove list'
complete -c jail -n '__fish_seen_subcommand_from list enter stop kill stats desktop' -f -l help -d 'usage of this command'

# Options, as --help lists them: "  --name[=| ]ARGS   description".
# A description too long for one line goes on in column 33 of the next.
set -l __jail_rows
for line in (jail --help 2>/dev/null)
    if string match -qr '^ {32}\S' -- $line; and set -q __jail_rows[1]
        # After a description, one space; after an option alone, a gap.
        set -l sep '   '
        string match -qr '^.{31} \S' -- $__jail_rows[-1]; and set sep ' '
        set __jail_rows[-1] $__jail_rows[-1]$sep(string trim -- $line)
    else
        set -a __jail_rows $line
    end
end
set -l __jail_seen
for line in (string match -r '^  --.*' -- $__jail_rows)
    set -l m (string match -r '^  --([a-z0-9-]+)(?:[= ]((?:\S+)(?: [A-Z][A-Z]*)*))?(?: +(.*))?$' -- $line)
    set -l name $m[2]
    set -l args $m[3]
    set -l desc $m[4]
    # A name in two groups (--seccomp): jail's own meaning is listed first.
    contains -- $name $__jail_seen; and continue
    set -a __jail_seen $name
    if test -z "$args"
        complete -c jail -n __jail_no_command -l $name -d "$desc"
        continue
    end
    # Choices written in the synopsis: --net=none|slirp|host.
    set -l choices (string split '|' -- $args | string match -r '^[a-z][a-z0-9-]*$')
    if test (count $choices) -gt 1
        complete -c jail -n __jail_no_command -l $name -x -a "$choices" -d "$desc"
    else
        complete -c jail -n __jail_no_command -l $name -r -d "$desc"
    end
end

# Values that --help names only in words.
complete -c jail -n __jail_no_command -l profile -x -a '(__jail_profiles)'
complete -c jail -n __jail_no_command -l check-profile -x -a '(__jail_profiles)'
complete -c jail -n __jail_no_command -l socket -x -a '(__jail_comma_list wayland x11 fallback-x11 pulseaudio pipewire session-bus system-bus ssh-auth cups)'
complete -c jail -n __jail_no_command -l nosocket -x -a '(__jail_comma_list wayland x11 fallback-x11 pulseaudio pipewire session-bus system-bus ssh-auth cups)'
complete -c jail -n __jail_no_command -l device -x -a '(__jail_comma_list dri input kvm shm u2f webcam all)'
complete -c jail -n __jail_no_command -l nodevice -x -a '(__jail_comma_list dri input kvm shm u2f webcam all)'
for o in filesystem nofilesystem
    complete -c jail -n __jail_no_command -l $o -a 'home cwd host host-os host-etc xdg-desktop xdg-documents xdg-download xdg-music xdg-pictures xdg-public-share xdg-templates xdg-videos xdg-config xdg-data xdg-cache xdg-run'
end
for o in chdir rootfs persist tmpfs dir proc dev mqueue remount-ro
    complete -c jail -n __jail_no_command -l $o -x -a '(__fish_complete_directories)'
end
complete -c jail -n __jail_no_command -l setenv -x -a '(set -n)'
complete -c jail -n __jail_no_command -l unsetenv -x -a '(set -n)'

# The command to run, and its arguments, as fish completes them.
function __jail_command_after_dashes
    set -l tokens (commandline -opc) (commandline -ct)
    set -l i (contains -i -- -- $tokens); or return
    __fish_complete_subcommand --commandline $tokens[(math $i + 1)..-1]
end
complete -c jail -n 'not __jail_no_command; and not __fish_seen_subcommand_from list stop kill stats desktop' -x -a '(__jail_command_after_dashes)'
