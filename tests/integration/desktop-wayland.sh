#!/bin/bash
# --socket=wayland: a headless weston; wayland-info inside connects only
# when the socket is granted.
. "$(dirname "$0")/../lib/tap.sh"
for p in weston wayland-info; do
  command -v $p >/dev/null || { echo "1..0 # SKIP $p is not installed (tests/install-deps)"; exit 0; }
done
plan 5

export XDG_RUNTIME_DIR=$tap_tmp/run WAYLAND_DISPLAY=wayland-jail-$$
mkdir -m 700 "$XDG_RUNTIME_DIR"
weston --backend=headless-backend.so --socket="$WAYLAND_DISPLAY" --idle-time=0 \
  >"$tap_tmp/weston.log" 2>&1 &
weston=$!
trap 'kill $weston 2>/dev/null; wait 2>/dev/null; rm -rf "$tap_tmp"' EXIT
for _ in $(seq 100); do [ -S "$XDG_RUNTIME_DIR/$WAYLAND_DISPLAY" ] && break; sleep 0.1; done
[ -S "$XDG_RUNTIME_DIR/$WAYLAND_DISPLAY" ] || diag "weston did not start: $(tail -5 "$tap_tmp/weston.log")"

run wayland-info
like "$out" "wl_compositor" "control: wayland-info on the host talks to weston"

jail --socket=wayland -- wayland-info
like "$rc $out" "^0 .*wl_compositor" "with --socket=wayland wayland-info inside connects"

jail --socket=wayland -- sh -c 'echo "$WAYLAND_DISPLAY"; ls "$XDG_RUNTIME_DIR"'
is "$out" "$WAYLAND_DISPLAY
$WAYLAND_DISPLAY" "inside: WAYLAND_DISPLAY set and only the socket in the runtime dir (no lock file)"

# wayland-info exits 255 when it finds no compositor; jail's own failures
# are 125-127.
refused="^255:failed to create display: No such file or directory$"
jail -- wayland-info
like "$rc:$out" "$refused" "without the socket wayland-info runs and finds no compositor"

jail --socket=wayland --nosocket=wayland -- wayland-info
like "$rc:$out" "$refused" "--nosocket takes the socket back"

done_testing
