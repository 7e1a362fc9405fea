#!/bin/bash
# The other sockets of the desktop vocabulary, each against the real
# service started by the test: --socket=ssh-auth (ssh-agent), pipewire (a
# PipeWire daemon), system-bus (a dbus-daemon standing in for the system
# bus, raw and through xdg-dbus-proxy).  (cups: its socket is root's
# /run/cups, which an unprivileged test cannot provide.)  Each is reachable inside only when
# granted, and then at the path apps look for it.  Last, --device=all.
. "$(dirname "$0")/../lib/tap.sh"
for p in ssh-agent ssh-add ssh-keygen pipewire pw-cli dbus-daemon dbus-send xdg-dbus-proxy gdbus python3; do
  command -v $p >/dev/null || { echo "1..0 # SKIP $p is not installed (tests/install-deps)"; exit 0; }
done
python3 -c 'from gi.repository import Gio' 2>/dev/null || { echo "1..0 # SKIP python3-gi missing"; exit 0; }
plan 14

export XDG_RUNTIME_DIR=$tap_tmp/run HOME=$tap_tmp/home
mkdir -m 700 "$XDG_RUNTIME_DIR" "$HOME"
unset DBUS_SESSION_BUS_ADDRESS SSH_AUTH_SOCK
. "$TESTS_DIR/lib/desktop.sh"

# --- ssh-auth: a real agent holding a key ------------------------------------
eval "$(ssh-agent -s -a "$tap_tmp/agent.sock")" >/dev/null
desktop_pids+=("$SSH_AGENT_PID")
ssh-keygen -q -t ed25519 -N '' -C jail-test-key -f "$tap_tmp/key"
ssh-add -q "$tap_tmp/key" 2>/dev/null

jail --socket=ssh-auth -- sh -c 'echo "$SSH_AUTH_SOCK"; ssh-add -l'
like "$rc:$(echo $out)" "^0:/run/user/$(id -u)/ssh-auth [0-9]+ SHA256:.* jail-test-key" "--socket=ssh-auth: the agent lists its key inside, at \$XDG_RUNTIME_DIR/ssh-auth"
# The spec is what was asked for; the session's socket is found at run time.
jail_print --socket=ssh-auth -- true
ok "$([ "$rc" = 0 ] && [ "$(json_value "$out" 'j["desktop"]["sockets"]')" = '["ssh-auth"]' ] \
      && ! grep -q -e "$tap_tmp/agent.sock" -e SSH_AUTH_SOCK <<<"$out"; echo $?)" \
  "--print shows the grant, not the session's agent socket or variable"
# No grant at all: the environment is passed as it is (as bwrap does), but
# the agent's socket is not there.
jail -- sh -c 'test -e "$1" && echo agent-visible; ssh-add -l' sh "$tap_tmp/agent.sock"
like "$rc:$(echo $out)" "^[1-9][0-9]*:(Could not open|Error connecting)" \
  "without the grant the agent socket is not inside and ssh-add cannot connect"
# Other desktop grants: SSH_AUTH_SOCK is dropped too, as flatpak does.
jail --socket=pipewire -- sh -c 'echo "${SSH_AUTH_SOCK-unset}"'
is "$rc:$out" "0:unset" "with other sockets granted but not ssh-auth, SSH_AUTH_SOCK is unset inside"
jail --socket=ssh-auth -- ssh-add -D
ok "$([ "$rc" = 0 ] && ! ssh-add -l 2>/dev/null | grep -q jail-test-key; echo $?)" \
  "the granted agent is the host's own: ssh-add -D inside empties it (rc $rc)"

# --- pipewire: a PipeWire daemon (no session manager needed for its core) ---
pipewire >"$tap_tmp/pw.log" 2>&1 &
desktop_pids+=($!)
for _ in $(seq 50); do [ -S "$XDG_RUNTIME_DIR/pipewire-0" ] && break; sleep 0.1; done
jail --socket=pipewire -- timeout 10 pw-cli info 0
is "$rc $(printf '%s' "$out" | grep -c 'type: PipeWire:Interface:Core')" "0 1" \
  "--socket=pipewire: pw-cli reaches the daemon's core inside"
jail -- sh -c 'test -e "$XDG_RUNTIME_DIR/pipewire-0" && echo socket-visible; timeout 10 pw-cli info 0'
like "$rc:$out" "^[1-9][0-9]*:" "without it: no pipewire-0 socket inside and pw-cli fails"
unlike "$out" "socket-visible" "without it: \$XDG_RUNTIME_DIR/pipewire-0 does not exist inside"

# --- system-bus: a dbus-daemon as the system bus ------------------------------
desktop_bus "$tap_tmp/system_bus_socket" DBUS_SYSTEM_BUS_ADDRESS
desktop_ping_service system
ping() { echo "gdbus call --system --dest org.jailtest.$1 --object-path /org/jailtest --method org.jailtest.Test.Ping"; }

jail --socket=system-bus -- sh -c 'echo "$DBUS_SYSTEM_BUS_ADDRESS"; '"$(ping Denied)"
is "$rc:$out" "0:unix:path=/run/dbus/system_bus_socket
('pong',)" "--socket=system-bus: the whole bus, at /run/dbus/system_bus_socket"
jail --system-talk-name=org.jailtest.Allowed -- sh -c "$(ping Allowed)"
is "$rc:$out" "0:('pong',)" "--system-talk-name: the allowed name answers through the proxy"
jail --system-talk-name=org.jailtest.Allowed -- sh -c "$(ping Denied)"
like "$rc:$out" "^[1-9].*(ServiceUnknown|not provided)" "--system-talk-name: another name on the system bus is unknown"
jail -- sh -c "test -e '$tap_tmp/system_bus_socket' && echo raw-visible; $(ping Allowed)"
like "$rc:$out" "^[1-9][0-9]*:.*(No such file|connect)" "without a grant no system bus is reachable inside"

# --- devices: --device=all is the host's /dev; by default a minimal one ----
host_devs=$(ls /dev | wc -l)
jail --device=all -- sh -c 'ls /dev | wc -l; test -c /dev/net/tun && echo tun'
is "$rc:$(echo $out)" "0:$host_devs tun" "--device=all: the host's /dev inside ($host_devs entries, /dev/net/tun among them)"
jail -- sh -c 'ls /dev | wc -l; test -e /dev/net/tun && echo tun; true'
like "$rc:$(echo $out)" "^0:[0-9]+$" "by default a minimal /dev without the host's devices (no /dev/net/tun)"
diag "default /dev: $out entries"

done_testing
