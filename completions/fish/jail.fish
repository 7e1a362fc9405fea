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
# hardening
complete -c jail -n __jail_no_command -l seccomp -x -a 'default off' -d 'the syscall filter'
complete -c jail -n __jail_no_command -l seccomp-allow -x -d 'lift the filter for a syscall'
complete -c jail -n __jail_no_command -l seccomp-deny -x -d 'make a syscall fail (SYSCALL[:ERRNO])'
complete -c jail -n __jail_no_command -l allow-userns -d 'allow nested namespaces'
complete -c jail -n __jail_no_command -l allow-ptrace -d 'allow ptrace inside'
complete -c jail -n __jail_no_command -l landlock -x -a 'auto off' -d 'use Landlock'

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
