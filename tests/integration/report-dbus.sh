#!/bin/bash
# The denial report's D-Bus part, on both buses: a private session bus and
# a private bus standing in for the system bus, each behind its own
# xdg-dbus-proxy.  A call to a name not granted, the same on the system
# bus, and a RequestName for a name the app may not own are each reported
# once with the option of their bus and kind; --learn drafts the key.
. "$(dirname "$0")/../lib/tap.sh"
for p in dbus-daemon xdg-dbus-proxy gdbus python3; do
  command -v $p >/dev/null || { echo "1..0 # SKIP $p is not installed (tests/install-deps)"; exit 0; }
done
python3 -c 'from gi.repository import Gio' 2>/dev/null || { echo "1..0 # SKIP python3-gi missing"; exit 0; }
plan 19

export XDG_RUNTIME_DIR=$tap_tmp/run
mkdir -m 700 "$XDG_RUNTIME_DIR"
. "$TESTS_DIR/lib/desktop.sh"
desktop_bus "$tap_tmp/session"
desktop_bus "$tap_tmp/system" DBUS_SYSTEM_BUS_ADDRESS
desktop_ping_service session
desktop_ping_service system

ping() { # ping BUS NAME
  echo "gdbus call --$1 --dest org.jailtest.$2 --object-path /org/jailtest --method org.jailtest.Test.Ping"
}
own() { # own NAME: RequestName on the session bus (flag 4: do not queue)
  echo "gdbus call --session --dest org.freedesktop.DBus --object-path /org/freedesktop/DBus --method org.freedesktop.DBus.RequestName org.jailtest.$1 4"
}
grants=(--talk-name=org.jailtest.Allowed --system-talk-name=org.jailtest.Allowed)
# Each refused call is made twice: deduplicated, counted.
calls="$(ping session Denied); $(ping session Denied); $(ping system Denied); $(ping system Denied); $(own Mine); $(own Mine); $(ping session Allowed); $(ping system Allowed)"

run sh -c "$(ping system Denied)"
is "$out" "('pong',)" "control: on the host the system bus's service answers"

jail "${grants[@]}" -- sh -c "$calls; exit 3"
is "$rc" 3 "the command's status is kept"
is "$(printf '%s\n' "$out" | grep -c "^('pong',)$")" 2 "the granted name answers on both buses"
is "$(printf '%s\n' "$out" | grep -c 'ServiceUnknown')" 6 \
  "the app sees the proxy's refusals as before (the name is not there)"
# gdbus introspects before it calls: two refused messages per call.
like "$out" "^jail: refused: 3 D-Bus names \(org\.jailtest\.Denied ×4, org\.jailtest\.Denied on the system bus ×4, owning org\.jailtest\.Mine ×2\)$" \
  "each refusal once, counted, the bus and the ownership said"
like "$out" "^jail:   --talk-name=org\.jailtest\.Denied  \(org\.jailtest\.Denied\)$" \
  "the session bus's call: --talk-name"
like "$out" "^jail:   --system-talk-name=org\.jailtest\.Denied  \(org\.jailtest\.Denied on the system bus\)$" \
  "the system bus's call: --system-talk-name"
like "$out" "^jail:   --own-name=org\.jailtest\.Mine  \(owning org\.jailtest\.Mine\)$" \
  "the refused RequestName: --own-name"
is "$(printf '%s\n' "$out" | grep -c '^jail:   --')" 3 "nothing else is suggested"

# Ownership on the system bus.
jail --report=always --system-talk-name=org.jailtest.Allowed -- \
  gdbus call --system --dest org.freedesktop.DBus --object-path /org/freedesktop/DBus \
  --method org.freedesktop.DBus.RequestName org.jailtest.SysMine 4
like "$out" "^jail:   --system-own-name=org\.jailtest\.SysMine  \(owning org\.jailtest\.SysMine on the system bus\)$" \
  "a refused RequestName on the system bus: --system-own-name"

# Only the system bus proxied: its refusals are still the system bus's.
jail --system-talk-name=org.jailtest.Allowed -- sh -c "$(ping system Denied)"
like "$out" "^jail:   --system-talk-name=org\.jailtest\.Denied  " "with the system bus alone too"

# --learn writes each into its section and key.
draft=$tap_tmp/app.local
jail --learn="$draft" "${grants[@]}" -- sh -c "$calls"
like "$out" "^jail: learn: draft .*: 3 D-Bus names added" "--learn drafts the three"
run sed -n '/^\[DBus\]/,/^\[/p' "$draft"
like "$out" "^Talk=org\.jailtest\.Denied;$" "[DBus] Talk= for the session call"
like "$out" "^Own=org\.jailtest\.Mine;$" "[DBus] Own= for the refused RequestName"
run sed -n '/^\[SystemDBus\]/,/^\[/p' "$draft"
like "$out" "^Talk=org\.jailtest\.Denied;$" "[SystemDBus] Talk= for the system bus's call"
run "$JAIL" --check-profile "$draft"
is "$rc" 0 "the draft passes --check-profile"

jail --report=always --profile "$draft" "${grants[@]}" -- sh -c "$calls"
is "$(printf '%s\n' "$out" | grep -c "^('pong',)$")" 6 "with the draft loaded every call goes through"
like "$out" "\(uint32 1,\)" "and the name is owned (RequestName: primary owner)"
unlike "$out" "^jail: refused" "nothing is refused"

done_testing
