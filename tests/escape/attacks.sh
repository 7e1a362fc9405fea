#!/bin/bash
# Escape attempts from inside the default sandbox: each one must fail.
. "$(dirname "$0")/lib.sh"
plan 42

# --- host processes ---------------------------------------------------
sleep 60 &
host_pid=$!
trap 'kill $host_pid 2>/dev/null; rm -rf "$tap_tmp"' EXIT
attacks -- "kill $host_pid" "ptrace-attach $host_pid"
is "$(result kill=$host_pid)" ESRCH "kill a host process: no such process inside"
like "$(result ptrace-attach=$host_pid)" "^(ESRCH|EPERM)$" "ptrace a host process fails"
jail -- sh -c 'echo /proc/[0-9]*'
is "$out" "/proc/1 /proc/2" "only the sandbox's own processes are visible (init, sh)"
kill $host_pid

# --- secrets of the host ----------------------------------------------
mkdir -p "$HOME/.ssh" && echo secret >"$HOME/.ssh/jail-escape-probe"
jail -- sh -c 'cat ~/.ssh/jail-escape-probe; ls -A ~ | wc -l'
rm -f "$HOME/.ssh/jail-escape-probe"
unlike "$out" secret "~/.ssh of the host is not readable"
jail -- sh -c 'ls -A /root 2>/dev/null | wc -l'
is "$out" 0 "/root shows nothing"
jail -- sh -c 'ls -A /home 2>/dev/null | grep -vx "$(basename "$HOME")" | wc -l'
is "$out" 0 "no other user's home is visible"

# --- writing through read-only binds ------------------------------------
mkdir -p "$tap_tmp/ro" && echo data >"$tap_tmp/ro/file"
attacks --ro-bind "$tap_tmp/ro" /ro -- "open-write /ro/file" "create /usr/jail-probe" "remount-rw /usr" "umount /usr" \
  "mount-over /etc" "fsopen" "open_tree" "move_mount"
is "$(result open-write=/ro/file)" EROFS "write to a file the caller owns, under a read-only bind: EROFS"
is "$(result create=/usr/jail-probe)" EROFS "create in a read-only bind: EROFS"
is "$(result remount-rw=/usr)" EPERM "remount a read-only bind read-write"
is "$(result umount=/usr)" EPERM "umount a bind to reveal what is below"
is "$(result mount-over=/etc)" EPERM "mount over a bind"
is "$(result fsopen)$(result open_tree)$(result move_mount)" ENOSYSENOSYSENOSYS "the new mount API"
# Inside a nested user namespace the caller would have CAP_SYS_ADMIN again.
jail --allow-userns -- unshare -Urm sh -c 'mount -o remount,rw,bind /usr && touch /usr/jail-probe'
ok $([ "$rc" != 0 ] && [ ! -e /usr/jail-probe ] && echo 0 || echo 1) \
  "nested user namespace (--allow-userns): remount /usr read-write still fails"

# Landlock: the root tmpfs is read-only for the app (second line of defence).
attacks -- "create /jail-probe"
jail_print true
ll=$(json_value "$out" 'j["landlock"]["abi"]')
if [ "${ll:-0}" -gt 0 ]; then
  is "$(result create=/jail-probe)" EACCES "Landlock ABI $ll: no write outside the writable mounts"
  attacks --landlock=off -- "create /jail-probe"
  is "$(result create=/jail-probe)" ok "... which --landlock=off lifts (the test can fail)"
else
  skip "kernel without Landlock" "Landlock: no write outside the writable mounts"
  skip "kernel without Landlock" "--landlock=off"
fi

# --- privileges -----------------------------------------------------------
jail -- sh -c 'grep NoNewPrivs /proc/self/status; grep CapEff /proc/self/status'
like "$out" "NoNewPrivs:	1" "no_new_privs is set: setuid bits give nothing"
like "$out" "CapEff:	0+$" "no effective capability"
su_bin=$(command -v su || echo /usr/bin/su)
jail -- sh -c "$su_bin -c 'id -u' root </dev/null"
unlike "$out" "^0$" "exec of setuid su gains nothing"
attacks -- "open_by_handle_at" keyctl perf_event_open bpf userfaultfd unshare-user setns
is "$(result open_by_handle_at)" EPERM "open_by_handle_at to a host inode"
is "$(result keyctl)" EPERM "keyctl"
is "$(result perf_event_open)" EPERM "perf_event_open"
is "$(result bpf)" EPERM "bpf"
is "$(result userfaultfd)" EPERM "userfaultfd"
is "$(result unshare-user)$(result setns)" EPERMEPERM "new user namespace, setns"

# --- PID 1 while it becomes jail-init ---------------------------------------
# PID 1 execs jail-init only once the app has exec'd (src/sandbox/exec.c):
# the app runs with PID 1's uid, and must never find it traceable or its
# memory readable, neither the jail process PID 1 still is nor jail-init
# in its first instructions.  JAIL_TEST_INIT=slow-exec holds PID 1 for
# 300 ms as soon as the app has exec'd, as a busy machine may; the app
# reads /proc/1/environ and tries PTRACE_SEIZE on it all along ("before"
# while PID 1 is not yet jail-init).  Landlock also keeps the app from
# tracing a process outside its domain: without it, with ptrace allowed,
# only PID 1's non-dumpability stands (a build in which the app does not
# make it so fails the second line).
for opts in "" "--landlock=off --allow-ptrace"; do
  # shellcheck disable=SC2086
  JAIL_TEST_INIT=slow-exec jail $T $opts -- "$TS" pid1-race
  like "$rc:$out" "^0:pid1-race: before=[1-9][0-9]*/0/0 after=200/0/0$" "PID 1 held back before jail-init${opts:+ ($opts)}: never readable nor traceable"
done
jail $T --landlock=off --allow-ptrace -- "$TS" pid1-race
like "$rc:$out" "^0:pid1-race: before=[0-9]+/0/0 after=200/0/0$" \
  "PID 1 at a normal pace (--landlock=off --allow-ptrace): never readable nor traceable"
# The same probe reads a PID 1 that is to be dumpable (a caller told its
# pid with --info-fd, as flatpak does): so it can tell.
JAIL_TEST_INIT=slow-exec jail $T --landlock=off --allow-ptrace --info-fd 3 -- "$TS" pid1-race 3>/dev/null
like "$rc:$out" "^0:pid1-race: before=[0-9]+/[0-9]+/[0-9]+ after=200/[1-9][0-9]*/" \
  "the probe does read a PID 1 that is to be dumpable (--info-fd)"

# --- the monitor's binary (CVE-2019-5736) ---------------------------------
attacks -- "open-write /proc/1/exe" "open-read /proc/1/exe"
unlike "$(result open-write=/proc/1/exe)" "^ok$" "/proc/1/exe (jail's init) not writable"
unlike "$(result open-read=/proc/1/exe)" "^ok$" "/proc/1/exe not even openable (init is undumpable)"
jail --as-pid-1 -- "$TS" open-write /proc/1/exe
unlike "$out" ": ok$" "--as-pid-1: the command's own binary is not writable via /proc/1/exe"

# --- /proc/sys and /sys -------------------------------------------------
attacks -- "open-write /proc/sys/kernel/hostname" "open-write /proc/sysrq-trigger" "open-write /sys/kernel/uevent_helper"
unlike "$(result open-write=/proc/sys/kernel/hostname)" "^ok$" "write /proc/sys"
unlike "$(result open-write=/proc/sysrq-trigger)" "^ok$" "write /proc/sysrq-trigger"
unlike "$(result open-write=/sys/kernel/uevent_helper)" "^ok$" "write /sys"

# --- the host's abstract unix sockets ------------------------------------
name="jail-escape-$$"
"$TRY_SYSCALL" listen-abstract "$name" >"$tap_tmp/listen" &
listener=$!
trap 'kill $listener 2>/dev/null; rm -rf "$tap_tmp"' EXIT
for _ in $(seq 50); do grep -q listening "$tap_tmp/listen" && break; sleep 0.05; done
"$TRY_SYSCALL" connect-abstract "$name" >/dev/null
is "$?" 0 "the host's abstract socket accepts connections from the host"
attacks -- "connect-abstract $name"
unlike "$(result connect-abstract=$name)" "^ok$" "abstract socket of the host: unreachable from the default sandbox"
if [ "${ll:-0}" -ge 6 ]; then
  attacks --share-net -- "connect-abstract $name"
  is "$(result connect-abstract=$name)" EPERM "with --share-net: Landlock ABI $ll scopes abstract sockets"
  attacks --share-net --landlock=off -- "connect-abstract $name"
  is "$(result connect-abstract=$name)" ok "... reachable with --share-net --landlock=off (the test can fail)"
else
  skip "Landlock ABI ${ll:-0} < 6 has no abstract-socket scoping" "with --share-net: host abstract socket unreachable"
  skip "Landlock ABI ${ll:-0} < 6" "contrast with --landlock=off"
fi
kill $listener 2>/dev/null

# --- belongs to other branches -------------------------------------------
# --- the host's loopback from --net=slirp -------------------------------
# A service bound to the host's 127.0.0.1 trusts local users (the CUPS,
# X11-over-TCP, dev-server case); slirp's 10.0.2.2 maps to it unless the
# filter closes it.  Every address slirp answers on is tried, and other
# spellings of loopback that could reach jail's TCP (src/net/tcp.c).
helper="$TESTS_DIR/integration/net-helper.py"
port=$(random_port)
python3 "$helper" serve-tcp 127.0.0.1 "$port" host-secret &
server=$!
python3 "$helper" wait-tcp 127.0.0.1 "$port" || diag "host TCP server did not start"
jail --net=slirp --ro-bind "$helper" /net-helper -- sh -c '
  for a in 10.0.2.2 10.0.2.3 10.0.2.100 10.0.2.255 127.0.0.1 127.0.0.2 0.0.0.0 fd00::2 \
      ::ffff:10.0.2.2 ::ffff:127.0.0.1 ::ffff:0.0.0.0 ::1; do python3 /net-helper tcp $a '"$port"'; done'
unlike "$out" host-secret "--net=slirp: the host's 127.0.0.1 is unreachable through every slirp address"
jail --net=slirp --net-allow-host-loopback --ro-bind "$helper" /net-helper -- python3 /net-helper tcp 10.0.2.2 "$port"
is "$out" host-secret "... reachable with --net-allow-host-loopback (the test can fail)"
kill $server 2>/dev/null
skip "this host has no delegated cgroup v2; tests/vm/limits-vm.sh tries it in the systemd VM" "change own cgroup limits"

# --- the firefox profile ----------------------------------------------
if firefox_profile=$(profile_firefox); then
  attacks --profile "$firefox_profile" -- keyctl "connect-abstract $name" "create /usr/jail-probe"
  is "$(result keyctl)" EPERM "firefox profile: keyctl"
else
  skip "this build cannot load profiles/firefox.profile (jail --check-profile fails)" "firefox profile: the same attacks"
fi

done_testing
