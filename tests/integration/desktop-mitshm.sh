#!/bin/bash
# MIT-SHM: an X11 app in a private IPC namespace creates System V segments
# the X server cannot attach (BadAccess); the mpv profile shares the host's
# IPC namespace (Shared=ipc), as flatpak's --share=ipc does.
. "$(dirname "$0")/../lib/tap.sh"
for p in Xvfb mpv; do
  command -v $p >/dev/null || { echo "1..0 # SKIP $p is not installed"; exit 0; }
done
plan 4

mkdir -p "$tap_tmp/xdg/jail"
cp -r "$TESTS_DIR/../profiles" "$tap_tmp/xdg/jail/profiles"
export XDG_CONFIG_HOME=$tap_tmp/config XDG_CONFIG_DIRS=$tap_tmp/xdg

# mpv uses MIT-SHM only on displays :0 to :9 (its test for a local display).
xvfb=""
for n in $(shuf -i 1-9); do
  [ -e "/tmp/.X$n-lock" ] || [ -e "/tmp/.X11-unix/X$n" ] && continue
  Xvfb ":$n" -nolisten tcp -screen 0 320x240x24 >"$tap_tmp/xvfb.log" 2>&1 &
  xvfb=$!
  for _ in $(seq 300); do [ -S "/tmp/.X11-unix/X$n" ] && break; sleep 0.1; done
  [ -S "/tmp/.X11-unix/X$n" ] && kill -0 $xvfb 2>/dev/null && break
  xvfb=""
done
[ -n "$xvfb" ] || { echo "1..0 # SKIP no free display :1 to :9 for Xvfb"; exit 0; }
trap 'kill $xvfb 2>/dev/null; wait; rm -rf "$tap_tmp"' EXIT
export DISPLAY=:$n

play=(mpv --no-config --vo=x11 --frames=3 --ao=null av://lavfi:testsrc=size=64x64)

run timeout -s KILL 60 "$JAIL" --profile mpv -- "${play[@]}"
is "$rc" 0 "mpv plays three frames under its profile on X11 (display :$n)"
unlike "$out" "Shared memory not supported|BadAccess|BadShmSeg" \
  "no 'Shared memory not supported': MIT-SHM works with the profile's Shared=ipc"

jail --check-profile mpv
like "$rc:$out" "^0:mpv: ok" "the mpv profile passes --check-profile"

# The same with the IPC namespace private again: the X server refuses the
# segment (mpv may then hang, hence the timeout).
run timeout -s KILL 10 "$JAIL" --profile mpv --unshare=ipc -- "${play[@]}"
like "$out" "BadAccess|Shared memory not supported" \
  "control: with --unshare=ipc the X server cannot attach mpv's segments"

done_testing
