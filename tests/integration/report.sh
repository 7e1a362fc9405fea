#!/bin/bash
# The denial report: what the sandbox refused, counted, deduplicated and
# each with the option that grants it; printed when the command fails
# (auto), always or never; shown by `jail stats` while the sandbox runs.
# The app sees the same errno with and without it.
. "$(dirname "$0")/../lib/tap.sh"
plan 26

: "${TRY_SYSCALL:?TRY_SYSCALL must name the try-syscall helper}"
try=(--ro-bind "$TRY_SYSCALL" /try)
# Three ptrace attempts and a keyctl, then the exit status given.
refuse_and_exit() { echo "/try ptrace-traceme; /try ptrace-traceme; /try ptrace-traceme; /try keyctl; exit $1"; }

# --- syscalls ----------------------------------------------------------------
jail "${try[@]}" -- sh -c "$(refuse_and_exit 3)"
is "$rc" 3 "the command's status is kept"
like "$out" "ptrace-traceme: EPERM" "ptrace still fails with EPERM"
like "$out" "keyctl: EPERM" "keyctl still fails with EPERM"
like "$out" "^jail: refused: 2 syscalls \(ptrace ×3, keyctl\)" \
  "auto: a failed command gets the report, one entry per syscall, counted"
like "$out" "jail:   --allow-ptrace  \(ptrace\)" "ptrace's grant is --allow-ptrace"
like "$out" "jail:   --seccomp-allow=keyctl  \(keyctl\)" "keyctl's is --seccomp-allow=keyctl"
is "$(printf '%s\n' "$out" | grep -c '^jail: refused')" 1 "one summary line"

jail "${try[@]}" -- sh -c "$(refuse_and_exit 0)"
is "$rc" 0 "a command that succeeds"
unlike "$out" "^jail:" "auto: gets no report when it succeeded"
jail --report=always "${try[@]}" -- sh -c "$(refuse_and_exit 0)"
like "$out" "^jail: refused: 2 syscalls \(ptrace ×3, keyctl\)" "always: it gets one anyway"
jail --report=never "${try[@]}" -- sh -c "$(refuse_and_exit 3)"
is "$rc" 3 "never: the status is kept"
unlike "$out" "^jail:" "never: no report"
like "$out" "ptrace-traceme: EPERM" "never: the same errno"

jail -- sh -c 'kill -KILL $$'
is "$rc" 137 "a killed command with nothing refused"
unlike "$out" "^jail:" "prints no empty report"

jail --report=bogus -- true
is "$rc" 125 "a bad --report value fails"
like "$out" "^jail: --report: 'bogus' is not 'auto', 'always' or 'never'" "and says why"

# --- the app's own filters ---------------------------------------------------
jail "${try[@]}" -- /try seccomp-stack
is "$out" "seccomp-stack: ok" "the app can stack its own filter (Chromium's sandbox)"
jail "${try[@]}" -- /try seccomp-listener
is "$out" "seccomp-listener: EBUSY" "but not a second listener while reporting"

# --- jail stats while it runs -----------------------------------------------
name=report-$$
"$JAIL" --name "$name" "${try[@]}" -- sh -c '/try ptrace-traceme; /try ptrace-traceme; exec sleep 30' \
  >/dev/null 2>&1 &
pid=$!
for _ in $(seq 100); do
  "$JAIL" stats "$name" 2>/dev/null | grep -q "ptrace ×2" && break
  sleep 0.1
done
run "$JAIL" stats "$name"
like "$out" "REFUSED  2 syscalls|REFUSED  1 syscall \(ptrace ×2\)" "jail stats shows the refusals so far"
like "$out" "--allow-ptrace  \(ptrace\)" "with the grant"
"$JAIL" kill "$name" >/dev/null 2>&1
wait "$pid" 2>/dev/null

# --- D-Bus -------------------------------------------------------------------
# A private bus with the ping service (two names); the app may talk to one.
dbus_tests=5
if ! command -v dbus-daemon >/dev/null || ! command -v xdg-dbus-proxy >/dev/null \
  || ! command -v gdbus >/dev/null || ! python3 -c 'from gi.repository import Gio' 2>/dev/null; then
  for _ in $(seq $dbus_tests); do skip "dbus-daemon, xdg-dbus-proxy, gdbus or python3-gi missing" "D-Bus"; done
else
  export XDG_RUNTIME_DIR=$tap_tmp/run
  mkdir -m 700 "$XDG_RUNTIME_DIR"
  dbus-daemon --session --nofork --address="unix:path=$tap_tmp/bus" --print-address=3 \
    3>"$tap_tmp/addr" >/dev/null 2>&1 &
  daemon=$!
  trap 'kill $daemon $svc 2>/dev/null; wait 2>/dev/null; rm -rf "$tap_tmp"' EXIT
  for _ in $(seq 50); do [ -s "$tap_tmp/addr" ] && break; sleep 0.1; done
  export DBUS_SESSION_BUS_ADDRESS=$(head -1 "$tap_tmp/addr")
  python3 "$TESTS_DIR/lib/dbus-ping-service.py" session >"$tap_tmp/svc.out" 2>&1 &
  svc=$!
  for _ in $(seq 50); do grep -q ready "$tap_tmp/svc.out" && break; sleep 0.1; done
  ping() { echo "gdbus call --session --dest org.jailtest.$1 --object-path /org/jailtest --method org.jailtest.Test.Ping"; }

  jail --talk-name=org.jailtest.Allowed -- sh -c "$(ping Allowed); $(ping Denied)"
  like "$out" "ServiceUnknown" "the name the profile does not allow is refused"
  like "$out" "^jail: refused: 1 D-Bus name \(org\.jailtest\.Denied( ×[0-9]+)?\)$" \
    "the report names it, once"
  like "$out" "jail:   --talk-name=org\.jailtest\.Denied  \(org\.jailtest\.Denied\)" \
    "with --talk-name as its grant"
  unlike "$out" "org\.jailtest\.Allowed\b.*\)$|C[0-9]+: ->" "the allowed name is not in it, nor the proxy's log"
  jail --report=never --talk-name=org.jailtest.Allowed -- sh -c "$(ping Denied)"
  unlike "$out" "^jail:" "--report=never: nothing"
fi

done_testing
