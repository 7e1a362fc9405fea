#!/bin/bash
# D-Bus through xdg-dbus-proxy: a private bus with two services; the app
# reaches the allowed one only, and never the raw bus socket.
. "$(dirname "$0")/../lib/tap.sh"
for p in dbus-daemon xdg-dbus-proxy gdbus python3; do
  command -v $p >/dev/null || { echo "1..0 # SKIP $p is not installed (tests/install-deps)"; exit 0; }
done
python3 -c 'from gi.repository import Gio' 2>/dev/null || { echo "1..0 # SKIP python3-gi missing"; exit 0; }
plan 12

export XDG_RUNTIME_DIR=$tap_tmp/run
mkdir -m 700 "$XDG_RUNTIME_DIR"
. "$TESTS_DIR/lib/desktop.sh"
desktop_bus "$tap_tmp/bus"

desktop_ping_service session

ping() { echo "gdbus call --session --dest org.jailtest.$1 --object-path /org/jailtest --method org.jailtest.Test.Ping"; }

run sh -c "$(ping Denied)"
is "$out" "('pong',)" "control: on the host both services answer"

jail --talk-name=org.jailtest.Allowed -- sh -c "$(ping Allowed)"
is "$out" "('pong',)" "through the proxy the allowed name answers"

jail --talk-name=org.jailtest.Allowed -- sh -c "$(ping Denied)"
like "$rc $out" "^[1-9].*(ServiceUnknown|not provided|was not provided)" "the denied name is unknown"

jail --talk-name=org.jailtest.Allowed -- gdbus call --session --dest org.freedesktop.DBus \
  --object-path /org/freedesktop/DBus --method org.freedesktop.DBus.ListNames
unlike "$out" "Denied" "ListNames inside does not show the denied name"

jail --talk-name=org.jailtest.Allowed -- sh -c \
  "echo \"\$DBUS_SESSION_BUS_ADDRESS\"; test -e '$tap_tmp/bus' && echo raw-visible"
is "$out" "unix:path=/run/user/$(id -u)/bus" "inside: only the proxy socket, at the sandbox's \$XDG_RUNTIME_DIR/bus; the raw socket is not visible"

jail -- sh -c "$(ping Allowed)"
like "$rc $out" "^[1-9].*(No such file|connect)" "without rules nor --socket=session-bus no bus is reachable inside"

jail --socket=session-bus -- sh -c "$(ping Denied)"
is "$out" "('pong',)" "--socket=session-bus (asked by name) gives full access"

jail --log-dbus --talk-name=org.jailtest.Allowed -- sh -c "$(ping Allowed) >/dev/null"
like "$out" "org.jailtest.Allowed" "--log-dbus shows what the app asks for"

# Only this test's proxies: their sockets are under its $XDG_RUNTIME_DIR
# (desktop-sockets, or another run, may have theirs running meanwhile).
leftover=$(pgrep -u "$(id -u)" -f "^xdg-dbus-proxy .*$XDG_RUNTIME_DIR/" | wc -l)
is "$leftover:$(ls -A "$XDG_RUNTIME_DIR" | grep -c jail-dbus)" "0:0" \
  "the proxy is stopped and its sockets removed when the sandbox ends"

"$JAIL" --talk-name=org.jailtest.Allowed -- sleep 30 &
jpid=$!
for _ in $(seq 50); do proxy=$(pgrep -P $jpid -x xdg-dbus-proxy) && break; sleep 0.1; done
[ -n "$proxy" ]
ok $? "the proxy runs beside the sandbox (pid ${proxy:-none})"
inner=$(pgrep -P $jpid | grep -vx "${proxy:-x}")
kill -9 $jpid; wait $jpid 2>/dev/null
sleep 0.5
# Gone, or a zombie waiting for whoever reaps orphans here.
state=$(ps -o stat= -p "$proxy" 2>/dev/null)
ok $([ -z "$state" ] || [ "${state#Z}" != "$state" ]; echo $?) "when the monitor is SIGKILLed the proxy dies too"
kill -9 $inner 2>/dev/null

# Its directory stays behind; the next start removes it (its PID is gone).
left=$(ls -d "$XDG_RUNTIME_DIR/.jail-dbus-$jpid-"* 2>/dev/null | wc -l)
jail --talk-name=org.jailtest.Allowed -- true
is "$left:$(ls -d "$XDG_RUNTIME_DIR/.jail-dbus-$jpid-"* 2>/dev/null | wc -l)" "1:0" \
  "a SIGKILLed jail's proxy directory is removed at the next start"

done_testing
