# fish completion for jail(1)
function __jail_no_command
    set -l tokens (commandline -opc)
    for t in $tokens[2..-1]
        if test "$t" = --
            return 1
        end
    end
    return 0
end

complete -c jail -n __jail_no_command -l ro-bind -r -F -d 'bind host path read-only'
complete -c jail -n __jail_no_command -l ro-bind-try -r -F -d 'bind read-only if it exists'
complete -c jail -n __jail_no_command -l bind -r -F -d 'bind host path read-write'
complete -c jail -n __jail_no_command -l bind-try -r -F -d 'bind read-write if it exists'
complete -c jail -n __jail_no_command -l dev-bind -r -F -d 'bind read-write, devices allowed'
complete -c jail -n __jail_no_command -l dev-bind-try -r -F -d 'same, if it exists'
complete -c jail -n __jail_no_command -l remount-ro -r -F -d 'make a mount read-only'
complete -c jail -n __jail_no_command -l tmpfs -r -F -d 'mount a fresh tmpfs'
complete -c jail -n __jail_no_command -l dir -r -F -d 'create a directory'
complete -c jail -n __jail_no_command -l symlink -r -F -d 'create a symlink'
complete -c jail -n __jail_no_command -l proc -r -F -d 'mount a fresh procfs'
complete -c jail -n __jail_no_command -l dev -r -F -d 'mount a minimal /dev'
complete -c jail -n __jail_no_command -l mqueue -r -F -d 'mount a message queue fs'
complete -c jail -n __jail_no_command -l chmod -r -d 'change a mode'
complete -c jail -n __jail_no_command -l perms -r -d 'mode of the next operation'
complete -c jail -n __jail_no_command -l size -r -d 'size of the next tmpfs'
complete -c jail -n __jail_no_command -l chdir -r -F -d 'working directory inside'
complete -c jail -n __jail_no_command -l setenv -r -d 'set a variable'
complete -c jail -n __jail_no_command -l unsetenv -r -d 'unset a variable'
complete -c jail -n __jail_no_command -l clearenv -d 'start from an empty environment'
complete -c jail -n __jail_no_command -l hostname -r -d 'hostname inside'
complete -c jail -n __jail_no_command -l share-net -d 'keep the host network'
complete -c jail -n __jail_no_command -l uid -r -d 'uid inside'
complete -c jail -n __jail_no_command -l gid -r -d 'gid inside'
complete -c jail -n __jail_no_command -l keep-fd -r -d 'pass a file descriptor'
complete -c jail -n __jail_no_command -l die-with-parent -d 'die with the parent process'
complete -c jail -n __jail_no_command -l as-pid-1 -d 'the command is PID 1'
complete -c jail -n __jail_no_command -l new-session -d 'run in a new session'
complete -c jail -n __jail_no_command -l print -d 'print the spec as JSON'
complete -c jail -n __jail_no_command -l help -d 'show help'
complete -c jail -n __jail_no_command -l version -d 'show version'

# Desktop
complete -c jail -n __jail_no_command -l socket -x -a 'wayland x11 fallback-x11 pulseaudio pipewire session-bus system-bus ssh-auth cups' -d 'grant a socket (wayland x11 fallback-x11 pulseaudio pipewire session-bus system-bus ssh-auth cups)'
complete -c jail -n __jail_no_command -l nosocket -x -a 'wayland x11 fallback-x11 pulseaudio pipewire session-bus system-bus ssh-auth cups' -d 'take a socket back'
complete -c jail -n __jail_no_command -l device -x -a 'dri input kvm shm all' -d 'grant a device (dri input kvm shm all)'
complete -c jail -n __jail_no_command -l nodevice -x -a 'dri input kvm shm all' -d 'take a device back'
complete -c jail -n __jail_no_command -l desktop-base -d 'fonts, icons, themes, machine-id read-only'
complete -c jail -n __jail_no_command -l talk-name -r -d 'D-Bus: may talk to NAME'
complete -c jail -n __jail_no_command -l own-name -r -d 'D-Bus: may own NAME'
complete -c jail -n __jail_no_command -l see-name -r -d 'D-Bus: may see NAME'
complete -c jail -n __jail_no_command -l call -r -d 'D-Bus: may call NAME=RULE'
complete -c jail -n __jail_no_command -l broadcast -r -d 'D-Bus: broadcasts NAME=RULE'
complete -c jail -n __jail_no_command -l system-talk-name -r -d 'system bus: may talk to NAME'
complete -c jail -n __jail_no_command -l system-own-name -r -d 'system bus: may own NAME'
complete -c jail -n __jail_no_command -l system-see-name -r -d 'system bus: may see NAME'
complete -c jail -n __jail_no_command -l system-call -r -d 'system bus: NAME=RULE'
complete -c jail -n __jail_no_command -l system-broadcast -r -d 'system bus: NAME=RULE'
complete -c jail -n __jail_no_command -l log-dbus -d 'log the filtered D-Bus traffic'
complete -c jail -n '__fish_is_first_arg' -a desktop -d 'install/remove/list jail launchers'
complete -c jail -n '__fish_seen_subcommand_from desktop; and not __fish_seen_subcommand_from install remove list' -a 'install remove list'

# Profiles (jail.profile(5))
function __jail_profiles
    set -l config $XDG_CONFIG_HOME
    test -n "$config"; or set config ~/.config
    set -l dirs $config/jail/profiles
    set -l xdg (string split : -- $XDG_CONFIG_DIRS)
    test -n "$XDG_CONFIG_DIRS"; or set xdg /etc/xdg
    for d in $xdg
        set dirs $dirs $d/jail/profiles
    end
    set dirs $dirs /etc/jail/profiles /usr/share/jail/profiles /usr/local/share/jail/profiles
    for d in $dirs
        for f in $d/*.profile
            string replace -r '\.profile$' '' -- (basename $f)
        end
    end
end
set -l __jail_fs home cwd host host-os host-etc xdg-desktop xdg-documents xdg-download xdg-music xdg-pictures xdg-public-share xdg-templates xdg-videos xdg-config xdg-data xdg-cache xdg-run
complete -c jail -n __jail_no_command -l profile -x -a '(__jail_profiles)' -d 'apply a profile'
complete -c jail -n __jail_no_command -l check-profile -x -a '(__jail_profiles)' -d 'check a profile and exit'
complete -c jail -n __jail_no_command -l list-profiles -d 'list profiles'
complete -c jail -n __jail_no_command -l filesystem -x -a "$__jail_fs" -d 'grant a host directory'
complete -c jail -n __jail_no_command -l nofilesystem -x -a "$__jail_fs" -d 'drop a filesystem grant'
complete -c jail -n __jail_no_command -l share -x -a 'network ipc' -d 'share a host namespace'
complete -c jail -n __jail_no_command -l unshare -x -a 'network ipc' -d 'undo --share'
complete -c jail -n __jail_no_command -l env -x -d 'set NAME=VALUE'
