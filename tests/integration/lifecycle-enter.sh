#!/bin/bash
# What the processes serving `jail enter` hold, seen from the host: the
# server (forked from the monitor) and the launcher keep none of the
# monitor's descriptors and are not dumpable.  The sandbox runs as the
# unprivileged test user; reading an undumpable process's /proc/PID/fd
# needs root, so that part runs only when the suite is started as root.
JAIL_TEST_ALLOW_ROOT=1
. "$(dirname "$0")/../lib/tap.sh"
plan 9

user=$(id -un)
if [ "$(id -u)" = 0 ]; then
  user=${JAIL_TEST_USER:-jail-test}
  if ! id "$user" >/dev/null 2>&1; then
    echo "1..0 # SKIP test user $user does not exist"
    exit 0
  fi
fi
dir=$(mktemp -d /tmp/jail-enter-fds.XXXXXX)
chmod 700 "$dir"
[ "$(id -u)" = 0 ] && chown "$user:" "$dir"
pids=()
cleanup() { for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null; done; rm -rf "$dir"; }
trap cleanup EXIT

as_user() { # COMMAND...: as the test user, with a registry of this test's own
  if [ "$(id -u)" = 0 ]; then
    setpriv --reuid="$user" --regid="$user" --init-groups \
      env HOME="$dir" XDG_RUNTIME_DIR="$dir" "$@"
  else
    env XDG_RUNTIME_DIR="$dir" "$@"
  fi
}

# --net=slirp: the monitor then holds the most (tap, host sockets, epoll).
as_user "$JAIL" --name fds --net=slirp -- sleep 60 >/dev/null 2>&1 &
pids+=($!)
for _ in $(seq 50); do as_user "$JAIL" list 2>/dev/null | grep -q "^fds .*running" && break; sleep 0.1; done
monitor=$(json_value "$(as_user "$JAIL" list --json)" '[b["monitor_pid"] for b in j if b["name"] == "fds"][0]')
as_user "$JAIL" enter fds -- sleep 30 >/dev/null 2>&1 &
client=$!
pids+=("$client")

# The server and the launcher run the monitor's program, in the host's
# pid namespace (one pid in NSpid: the sandbox's init has two); the
# launcher is locked down (Seccomp 2), the server is not.  /proc/PID/status
# is readable by anyone, even for an undumpable process.
server='' launcher=''
for _ in $(seq 50); do
  for p in $(pgrep -u "$user" -x jail); do
    [ "$p" = "$monitor" ] && continue
    [ "$(tr '\0' ' ' < /proc/"$p"/cmdline 2>/dev/null)" = "$(tr '\0' ' ' < /proc/"$monitor"/cmdline)" ] || continue
    st=$(cat /proc/"$p"/status 2>/dev/null)
    printf '%s\n' "$st" | grep -Eq '^NSpid:[[:space:]]+[0-9]+$' || continue
    if printf '%s\n' "$st" | grep -Eq '^Seccomp:[[:space:]]+2$'; then launcher=$p; else server=$p; fi
  done
  [ -n "$server" ] && [ -n "$launcher" ] && break
  sleep 0.1
done
ok "$([ -n "$monitor" ] && [ -n "$server" ] && echo 0 || echo 1)" "found the monitor ($monitor) and the enter server ($server)"
ok "$([ -n "$launcher" ] && echo 0 || echo 1)" "found the launcher ($launcher), outside the sandbox's pid namespace"

# An undumpable process's /proc/PID/fd belongs to root (task_dump_owner),
# which any user can see.
is "$(stat -c %u /proc/"$server"/fd 2>/dev/null)" 0 "the server is not dumpable (its /proc/PID/fd belongs to root)"
is "$(stat -c %u /proc/"$launcher"/fd 2>/dev/null)" 0 "the launcher is not dumpable"

fds_of() { # PID: "FD TARGET" per descriptor, socket and pipe inodes elided
  for f in /proc/"$1"/fd/*; do
    printf '%s %s\n' "${f##*/}" "$(readlink "$f" | sed 's/:\[[0-9]*\]$//')"
  done | sort -n | tr '\n' ';'
}
if [ "$(id -u)" = 0 ]; then
  m=$(fds_of "$monitor")
  like "$m" "anon_inode:\[eventpoll\]|/lock;" "the monitor holds its own descriptors (lock, epoll...): the comparison means something"
  s=$(fds_of "$server")
  like "$s" "^0 /dev/null;1 /dev/null;2 /dev/null;[0-9]+ socket;[0-9]+ (socket|anon_inode:\[pidfd\]);[0-9]+ (socket|anon_inode:\[pidfd\]);$" \
    "the server holds /dev/null as stdio, the client's connection, its error channel and the command's pidfd, nothing else"
  diag "server: $s"
  is "$(fds_of "$launcher")" "0 /dev/null;1 /dev/null;2 /dev/null;" "the launcher holds nothing but /dev/null as stdio"
  like "$(fds_of "$(pgrep -P "$launcher" -x sleep)")" "^0 [^;]*;1 [^;]*;2 [^;]*;$" "the command holds only its standard streams"
else
  for d in "the monitor's descriptors" "the server's descriptors" "the launcher's descriptors" "the command's descriptors"; do
    skip "reading an undumpable process's /proc/PID/fd needs root (the suite was not started as root)" "$d"
  done
fi

# The server forwards the client's signals to the command (by pidfd).
kill -TERM "$client"
timeout 10 tail --pid="$client" -f /dev/null
wait "$client"
is "$?" 143 "SIGTERM to jail enter reaches the command (exit 143)"

as_user "$JAIL" stop fds --timeout 2 >/dev/null 2>&1
done_testing
