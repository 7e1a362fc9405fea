#!/bin/bash
# Only the owning user can act on a sandbox: another user cannot list,
# enter, stop or kill it, even when pointed at the owner's registry.
# Runs as root to switch between the two test users.
JAIL_TEST_ALLOW_ROOT=1
. "$(dirname "$0")/../lib/tap.sh"
plan 7

user1=${JAIL_TEST_USER:-jail-test}
user2=${JAIL_TEST_USER2:-${user1}2}
if [ "$(id -u)" != 0 ] || ! id "$user1" >/dev/null 2>&1 || ! id "$user2" >/dev/null 2>&1; then
  for _ in $(seq 7); do skip "needs root and the test users $user1 and $user2 (tests/run-all creates them)" "other user"; done
  exit 0
fi

as() { # USER CMD...: run as USER with the owner's registry in XDG_RUNTIME_DIR
  local u=$1; shift
  setpriv --reuid="$u" --regid="$u" --init-groups env HOME=/ XDG_RUNTIME_DIR="$run" "$@"
}
run=$(setpriv --reuid="$user1" --regid="$user1" --init-groups mktemp -d /tmp/jail-users.XXXXXX)
chmod 700 "$run"
as "$user1" "$JAIL" --name victim -- sleep 60 &
victim=$!
trap 'kill -9 $victim 2>/dev/null; rm -rf "$run" "$tap_tmp"' EXIT
for _ in $(seq 50); do as "$user1" "$JAIL" list 2>/dev/null | grep -q '^victim ' && break; sleep 0.1; done

run as "$user2" "$JAIL" list
unlike "$out" victim "another user's list does not show the sandbox"
run as "$user2" "$JAIL" enter victim -- true
is "$rc" 125 "another user cannot enter it"
run as "$user2" "$JAIL" stop victim --timeout 1
is "$rc" 125 "another user cannot stop it"
run as "$user2" "$JAIL" kill victim KILL
is "$rc" 125 "another user cannot kill it"
# Even with the socket path in hand the kernel refuses the connection
# (0700 directory), and the monitor would check SO_PEERCRED after that.
run as "$user2" python3 -c "import socket,sys; s=socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET); s.connect(sys.argv[1])" "$run/jail/victim/control"
ok "$([ "$rc" != 0 ] && echo 0 || echo 1)" "another user cannot connect to its control socket"
run as "$user1" "$JAIL" list
like "$out" "
victim .*running" "the sandbox is still running for its owner"
run as "$user1" "$JAIL" stop victim
wait "$victim"; st=$?
is "$rc:$st" "0:143" "its owner can stop it"
done_testing
