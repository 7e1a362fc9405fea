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
complete -c jail -n __jail_no_command -l share-net -d 'share the host network (--net=host)'
complete -c jail -n __jail_no_command -l net -x -a 'none slirp host' -d 'the network'
complete -c jail -n __jail_no_command -l publish -x -d 'forward a host port inside ([ADDR:]PORT:PORT[/udp])'
complete -c jail -n __jail_no_command -l net-allow -x -d 'allow connections only to these (CIDR[:PORT[-PORT]])'
complete -c jail -n __jail_no_command -l net-deny -x -d 'refuse connections to these (CIDR[:PORT[-PORT]])'
complete -c jail -n __jail_no_command -l net-allow-host-loopback -d '10.0.2.2 reaches the host loopback'
complete -c jail -n __jail_no_command -l net-no-dns -d 'no DNS forwarder at 10.0.2.3'
complete -c jail -n __jail_no_command -l net-dns-server -x -d 'forward DNS to ADDR[:PORT]'
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
