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

function __jail_sandboxes
    set -l d $XDG_RUNTIME_DIR/jail
    test -n "$XDG_RUNTIME_DIR" -a -d "$d"; or set d /tmp/jail-(id -u)
    test -d "$d"; and for n in $d/*/
        basename $n
    end
end

set -l __jail_cmds list enter stop kill stats
complete -c jail -n "__fish_use_subcommand" -a list -d 'list running sandboxes'
complete -c jail -n "__fish_use_subcommand" -a enter -d 'run a command in a running sandbox'
complete -c jail -n "__fish_use_subcommand" -a stop -d 'stop a sandbox (SIGTERM, then SIGKILL)'
complete -c jail -n "__fish_use_subcommand" -a kill -d 'send a signal to a sandbox'
complete -c jail -n "__fish_use_subcommand" -a stats -d 'memory, CPU, tasks and refusals of a sandbox'
complete -c jail -n "__fish_seen_subcommand_from enter stop kill stats; and test (count (commandline -opc)) -eq 2" -f -a "(__jail_sandboxes)"
complete -c jail -n "__fish_seen_subcommand_from list" -l json -d 'print JSON'
complete -c jail -n "__fish_seen_subcommand_from stop" -l timeout -r -d 'seconds before SIGKILL'
complete -c jail -n __jail_no_command -l name -r -d 'name of this sandbox'
complete -c jail -n __jail_no_command -l rootfs -r -a '(__fish_complete_directories)' -d 'run in this root tree'
complete -c jail -n __jail_no_command -l rootfs-overlay -d 'writable root tree, writes vanish'
complete -c jail -n __jail_no_command -l persist -r -a '(__fish_complete_directories)' -d 'writable root tree, writes kept here'
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
complete -c jail -n __jail_no_command -l report -x -a 'auto always never' -d 'print what the sandbox refused'

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

# bubblewrap-compatible options
complete -c jail -n __jail_no_command -l args -r -d 'parse NUL-separated arguments from FD'
complete -c jail -n __jail_no_command -l argv0 -r -d 'argv0 of the command'
complete -c jail -n __jail_no_command -l level-prefix -d 'prefix messages with a syslog level'
complete -c jail -n __jail_no_command -l unshare-all -d 'unshare every namespace'
complete -c jail -n __jail_no_command -l unshare-user -d 'new user namespace'
complete -c jail -n __jail_no_command -l unshare-user-try -d 'new user namespace if possible'
complete -c jail -n __jail_no_command -l unshare-ipc -d 'new ipc namespace'
complete -c jail -n __jail_no_command -l unshare-pid -d 'new pid namespace'
complete -c jail -n __jail_no_command -l unshare-net -d 'new network namespace'
complete -c jail -n __jail_no_command -l unshare-uts -d 'new uts namespace'
complete -c jail -n __jail_no_command -l unshare-cgroup -d 'new cgroup namespace'
complete -c jail -n __jail_no_command -l unshare-cgroup-try -d 'new cgroup namespace if possible'
complete -c jail -n __jail_no_command -l userns -r -d 'join the user namespace open as FD'
complete -c jail -n __jail_no_command -l userns2 -r -d 'switch to a user namespace after setup'
complete -c jail -n __jail_no_command -l pidns -r -d 'join the pid namespace open as FD'
complete -c jail -n __jail_no_command -l disable-userns -d 'no user namespaces inside'
complete -c jail -n __jail_no_command -l assert-userns-disabled -d 'fail unless user namespaces are disabled'
complete -c jail -n __jail_no_command -l lock-file -r -F -d 'hold a lock on a file inside'
complete -c jail -n __jail_no_command -l sync-fd -r -d 'keep FD open while running'
complete -c jail -n __jail_no_command -l block-fd -r -d 'wait for data on FD before running'
complete -c jail -n __jail_no_command -l userns-block-fd -r -d 'wait for the id maps'
complete -c jail -n __jail_no_command -l info-fd -r -d 'write JSON info to FD'
complete -c jail -n __jail_no_command -l json-status-fd -r -d 'write JSON status lines to FD'
complete -c jail -n __jail_no_command -l bind-fd -r -d 'bind an open directory'
complete -c jail -n __jail_no_command -l ro-bind-fd -r -d 'bind an open directory read-only'
complete -c jail -n __jail_no_command -l overlay-src -r -F -d 'add an overlay layer'
complete -c jail -n __jail_no_command -l overlay -r -F -d 'writable overlay'
complete -c jail -n __jail_no_command -l tmp-overlay -r -F -d 'overlay with a hidden upper layer'
complete -c jail -n __jail_no_command -l ro-overlay -r -F -d 'read-only overlay'
complete -c jail -n __jail_no_command -l exec-label -r -d 'SELinux exec label (unsupported)'
complete -c jail -n __jail_no_command -l file-label -r -d 'SELinux file label (unsupported)'
complete -c jail -n __jail_no_command -l file -r -d 'copy FD to a file'
complete -c jail -n __jail_no_command -l bind-data -r -d 'copy FD to a bound file'
complete -c jail -n __jail_no_command -l ro-bind-data -r -d 'copy FD to a read-only bound file'
complete -c jail -n __jail_no_command -l seccomp -r -d 'load a cBPF seccomp program'
complete -c jail -n __jail_no_command -l add-seccomp-fd -r -d 'load another cBPF seccomp program'
complete -c jail -n __jail_no_command -l cap-add -r -d 'keep a capability'
complete -c jail -n __jail_no_command -l cap-drop -r -d 'drop a capability'
complete -c jail -n __jail_no_command -l memory -r -d 'memory limit (K, M, G, T or max)'
complete -c jail -n __jail_no_command -l memory-high -r -d 'memory pressure threshold'
complete -c jail -n __jail_no_command -l swap -r -d 'swap limit'
complete -c jail -n __jail_no_command -l pids -r -d 'process and thread limit'
complete -c jail -n __jail_no_command -l cpu -r -d 'CPU limit, percent of one CPU'
complete -c jail -n __jail_no_command -l cpu-weight -r -d 'CPU share, 1-10000'
complete -c jail -n __jail_no_command -l io-weight -r -d 'I/O share, 1-10000'
complete -c jail -n __jail_no_command -l limits -x -a 'strict best-effort' -d 'when limits cannot be set'
complete -c jail -n __jail_no_command -l stats -d 'print resource use at exit'
