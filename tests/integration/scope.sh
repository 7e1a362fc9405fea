#!/bin/bash
# jail-scope (src/cgroup/scope-main.c), the program that asks the user's
# systemd manager for a sandbox's scope, driven as the monitor drives it
# against a stand-in manager on a private session bus: the one call it
# makes and its properties, the answers the monitor passes on, and the
# requests it refuses before anything reaches the manager.  The scope
# itself, with a real systemd, is tested in the VM (tests/vm/).
if [ "$(id -u)" != 0 ] && [ -z "${JAIL_SCOPE_TEST_BUS:-}" ] && command -v dbus-run-session >/dev/null; then
  export JAIL_SCOPE_TEST_BUS=1
  exec dbus-run-session -- bash "$0" "$@"
fi
. "$(dirname "$0")/../lib/tap.sh"
scope=$JAIL_BUILD_DIR/src/jail-scope
request=$TESTS_DIR/integration/scope-request.py
if [ -z "${JAIL_SCOPE_TEST_BUS:-}" ]; then
  echo "1..0 # SKIP dbus-run-session is not installed (package dbus-daemon)"; exit 0
fi
if [ ! -x "${FAKE_SYSTEMD:-}" ]; then
  echo "1..0 # SKIP the stand-in manager (FAKE_SYSTEMD) is not built"; exit 0
fi
plan 16
fake_pid=
trap '[ -n "$fake_pid" ] && kill "$fake_pid"; rm -rf "$tap_tmp"' EXIT
ask() { run python3 "$request" "$scope" "${2:-$DBUS_SESSION_BUS_ADDRESS}" "$1"; }

run "$scope"
is "$rc:$out" "125:$scope: internal to jail, not to be run by hand" "by hand: exit 125, it says what it is"

# No manager yet on the bus, then no bus at all: the monitor's messages.
ask 'app-jail-t-1.scope\n1'
like "$out" '^answer=no systemd user manager: .*org\.freedesktop\.systemd1.* status=1$' \
  "no manager on the bus: 'no systemd user manager' and why, exit 1"
ask 'app-jail-t-1.scope\n1' "$tap_tmp/none/bus"
is "$out" "answer=no systemd user manager (user bus unix:path=$tap_tmp/none/bus: Could not connect: No such file or directory) status=1" \
  "no bus socket: the address and the error, exit 1"

"$FAKE_SYSTEMD" > "$tap_tmp/manager.log" &
fake_pid=$!
for _ in $(seq 100); do grep -q '^ready$' "$tap_tmp/manager.log" && break; sleep 0.05; done

ask 'app-jail-t-1.scope\n4242\n4243'
is "$out" "answer= status=0" "a scope started: no answer, exit 0"
like "$(grep StartTransientUnit "$tap_tmp/manager.log")" \
  "^StartTransientUnit \('app-jail-t-1\.scope', 'fail', \[\('Description', <'jail sandbox'>\), \('PIDs', <\[uint32 4242, 4243\]>\), \('Delegate', <true>\), \('OOMPolicy', <'continue'>\), \('CollectMode', <'inactive-or-failed'>\)\], \[\]\)$" \
  "one StartTransientUnit: the unit, its PIDs, Delegate, OOMPolicy=continue, CollectMode"
ask 'app-jail-fail-1.scope\n4242'
is "$out" "answer=systemd could not start the scope (job result: failed) status=1" \
  "a job that fails: its result, exit 1"

# Refused before any call: only jail's scopes, only process ids.
refuse() { # refuse REQUEST ANSWER DESCRIPTION
  ask "$1"
  is "$out" "answer=jail-scope: $2 status=1" "$3"
}
refuse 'user@1000.service\n1' "not a jail scope name" "another unit: refused"
refuse 'app-jail-a/../b.scope\n1' "not a jail scope name" "a name with '/': refused"
refuse "app-jail-$(printf 'x%.0s' $(seq 100)).scope\n1" "not a jail scope name" "a name over 96 characters: refused"
refuse 'app-jail-t-2.scope\n-1' "not a process id" "a negative pid: refused"
refuse 'app-jail-t-2.scope\n0' "not a process id" "pid 0: refused"
refuse 'app-jail-t-2.scope\n1 ' "not a process id" "a pid with trailing text: refused"
refuse 'app-jail-t-2.scope\n1\n2\n3\n4\n5\n6\n7\n8\n9' "not a scope request" "more than 8 processes: refused"
refuse 'app-jail-t-2.scope' "not a scope request" "no process: refused"
is "$(grep -c StartTransientUnit "$tap_tmp/manager.log")" 2 "no refused request reached the manager"

# The monitor gave up before the sandbox existed: nothing asked.
ask -
is "$out:$(grep -c StartTransientUnit "$tap_tmp/manager.log")" "answer= status=0:2" \
  "the channel closed without a request: exit 0, nothing asked"
done_testing
