#!/bin/bash
# What used to happen without a word now says something, and warnings
# appear only when they are true: --stats without a cgroup, a mistyped
# --filesystem, the session bus without DBUS_SESSION_BUS_ADDRESS, the
# runtime directory inside, the x11 cookie warning.
. "$(dirname "$0")/../lib/tap.sh"
plan 12

# ---- --stats ----
jail --stats -- python3 -c 'x = bytearray(64 * 1024 * 1024); print(len(x))'
like "$rc:$out" "^0:67108864
jail: stats: peak memory [0-9.]+M.*CPU time [0-9.]+ s" "--stats reports at exit, cgroup or not"
if printf '%s' "$out" | grep -q "no cgroup for this sandbox"; then
  peak=$(printf '%s' "$out" | sed -n 's/.*peak memory \([0-9]*\)\..*/\1/p')
  ok $([ "${peak:-0}" -ge 64 ]; echo $?) \
    "without a cgroup: the kernel's accounting, the 64 MiB process counted (peak ${peak}M)"
else
  skip "this sandbox got a cgroup of its own" "without a cgroup: the kernel's accounting"
fi

# ---- a grant of a missing path ----
jail --filesystem="~/no-such-dir-$$" --filesystem=/no/such/dir:ro -- true
like "$rc:$out" "^0:jail: warning: --filesystem ~/no-such-dir-$$: $HOME/no-such-dir-$$: No such file or directory, not granted
jail: warning: --filesystem /no/such/dir:ro: /no/such/dir: No such file or directory, not granted$" \
  "a command-line grant of a missing path warns (and the command still runs)"
printf '[Profile]\nVersion=1\n\n[Filesystem]\nFilesystems=~/no-such-dir-%s;xdg-download\n' $$ \
  > "$tap_tmp/quiet.profile"
jail --profile "$tap_tmp/quiet.profile" -- true
is "$rc:$out" "0:" "a profile's grant of a missing path stays quiet (profiles ask for what may exist)"
jail --filesystem="$tap_tmp" -- true
is "$rc:$out" "0:" "an existing path: no warning"

# ---- the runtime directory inside ----
export XDG_RUNTIME_DIR=$tap_tmp/run
mkdir -m 700 "$XDG_RUNTIME_DIR"
jail -- sh -c 'echo "$XDG_RUNTIME_DIR"; touch "$XDG_RUNTIME_DIR/probe" && echo writable'
is "$out" "/run/user/$(id -u)
writable" "host XDG_RUNTIME_DIR elsewhere: inside it names the sandbox's own /run/user/UID, which exists"
jail --setenv XDG_RUNTIME_DIR /elsewhere -- sh -c 'echo "$XDG_RUNTIME_DIR"'
is "$out" "/elsewhere" "--setenv XDG_RUNTIME_DIR still wins"

# ---- the session bus at $XDG_RUNTIME_DIR/bus ----
if command -v dbus-daemon >/dev/null && command -v xdg-dbus-proxy >/dev/null && command -v gdbus >/dev/null; then
  dbus-daemon --session --nofork --address="unix:path=$XDG_RUNTIME_DIR/bus" >/dev/null 2>&1 &
  daemon=$!
  trap 'kill $daemon $xvfb $xvfb2 2>/dev/null; wait 2>/dev/null; rm -rf "$tap_tmp"' EXIT
  for _ in $(seq 50); do [ -S "$XDG_RUNTIME_DIR/bus" ] && break; sleep 0.1; done
  getid='gdbus call --session --dest org.freedesktop.DBus --object-path /org/freedesktop/DBus --method org.freedesktop.DBus.GetId'
  unset DBUS_SESSION_BUS_ADDRESS
  jail --talk-name=org.example.Nothing -- sh -c "echo \"\$DBUS_SESSION_BUS_ADDRESS\"; $getid"
  like "$rc:$out" "^0:unix:path=/run/user/$(id -u)/bus
\('[0-9a-f]{32}',\)$" \
    "DBUS_SESSION_BUS_ADDRESS unset: [DBus] rules proxy the bus found at \$XDG_RUNTIME_DIR/bus"
  jail -- sh -c 'echo "${DBUS_SESSION_BUS_ADDRESS:-unset}"; test -e "$XDG_RUNTIME_DIR/bus" && echo visible'
  is "$out" "unset" "without a rule, still no bus inside"
else
  skip "dbus-daemon, xdg-dbus-proxy or gdbus missing" "the bus found at \$XDG_RUNTIME_DIR/bus"
  skip "dbus-daemon, xdg-dbus-proxy or gdbus missing" "without a rule, no bus"
fi

# ---- the x11 cookie warning, only when the display refuses ----
if command -v Xvfb >/dev/null && command -v xdpyinfo >/dev/null && command -v xauth >/dev/null; then
  n=$(( ($$ % 400) + 1500 ))
  Xvfb ":$n" -nolisten tcp >/dev/null 2>&1 &
  xvfb=$!
  xauth -q -f "$tap_tmp/cookies" add ":$((n + 1))" MIT-MAGIC-COOKIE-1 "$(od -An -tx1 -N16 /dev/urandom | tr -d ' \n')"
  Xvfb ":$((n + 1))" -auth "$tap_tmp/cookies" -nolisten tcp >/dev/null 2>&1 &
  xvfb2=$!
  trap 'kill $daemon $xvfb $xvfb2 2>/dev/null; wait 2>/dev/null; rm -rf "$tap_tmp"' EXIT
  for _ in $(seq 300); do [ -S "/tmp/.X11-unix/X$n" ] && [ -S "/tmp/.X11-unix/X$((n + 1))" ] && break; sleep 0.1; done
  DISPLAY=:$n XAUTHORITY=$tap_tmp/none run "$JAIL" --socket=x11 -- xdpyinfo
  unlike "$out" "warning" "no cookie file, a display that accepts the app: no warning"
  is "$rc" 0 "and the app connects"
  DISPLAY=:$((n + 1)) XAUTHORITY=$tap_tmp/none run "$JAIL" --socket=x11 -- xdpyinfo
  like "$rc:$out" "^1:jail: warning: socket x11: no Xauthority at $tap_tmp/none and the display refuses clients without a cookie: .*set XAUTHORITY" \
    "no cookie file, a display that wants one: the warning says so and what to set"
else
  for i in 1 2 3; do skip "Xvfb, xdpyinfo or xauth missing" "x11 cookie warning ($i)"; done
fi

done_testing
