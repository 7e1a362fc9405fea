#!/bin/bash
# --socket=x11: a real Xvfb with a cookie; clients inside connect only with
# the socket and the filtered cookie; the abstract socket stays out of reach.
. "$(dirname "$0")/../lib/tap.sh"
for p in Xvfb xdpyinfo xeyes xwd xwdtopnm xauth python3; do
  command -v $p >/dev/null || { echo "1..0 # SKIP $p is not installed (tests/install-deps)"; exit 0; }
done
plan 10

n=$(( ($$ % 400) + 100 ))
export XAUTHORITY=$tap_tmp/xauth DISPLAY=:$n
cookie=$(od -An -tx1 -N16 /dev/urandom | tr -d ' \n')
xauth -q add ":$n" MIT-MAGIC-COOKIE-1 "$cookie"
xauth -q add ":$((n + 1))" MIT-MAGIC-COOKIE-1 "$(od -An -tx1 -N16 /dev/urandom | tr -d ' \n')"
Xvfb ":$n" -auth "$XAUTHORITY" -nolisten tcp -br -screen 0 320x240x24 >"$tap_tmp/xvfb.log" 2>&1 &
xvfb=$!
trap 'kill $xvfb $app 2>/dev/null; wait; rm -rf "$tap_tmp"' EXIT
for _ in $(seq 50); do [ -S "/tmp/.X11-unix/X$n" ] && break; sleep 0.1; done

jail --socket=x11 -- xdpyinfo
is "$rc" 0 "with --socket=x11 a client inside connects to the display"

jail --socket=x11 -- sh -c 'echo "$DISPLAY $XAUTHORITY"; xauth -f "$XAUTHORITY" -n list'
like "$out" "^:$n [^ ]*/Xauthority
#ffff#$n#? +MIT-MAGIC-COOKIE-1 +$cookie\$" \
  "inside: DISPLAY=:$n and an Xauthority with only this display's cookie, wildcard family"

# xdpyinfo exits 1 when it cannot open the display; jail's own failures
# are 125-127.  Without the channel DISPLAY is not passed in; set by hand,
# the display is still out of reach.
jail -- sh -c 'echo "DISPLAY=${DISPLAY-unset}"'
is "$rc:$out" "0:DISPLAY=unset" "without --socket=x11 DISPLAY is not set inside"
jail --setenv DISPLAY ":$n" -- xdpyinfo
like "$rc:$out" "^1:xdpyinfo: +unable to open display \":$n\"\.$" \
  "without --socket=x11 the client runs and cannot open the display"

jail -- sh -c "ls /tmp/.X11-unix/X$n"
is "$rc:$out" "2:ls: cannot access '/tmp/.X11-unix/X$n': No such file or directory" \
  "without --socket=x11 the X socket is not in the sandbox"

XAUTHORITY=$tap_tmp/none jail --socket=x11 -- xdpyinfo
like "$rc:$out" "^1:.*Authorization required.*
xdpyinfo: +unable to open display \":$n\"\.$" \
  "with the socket but without the cookie the server refuses the client"

abstract="import socket,sys
s=socket.socket(socket.AF_UNIX)
try: s.connect('\0/tmp/.X11-unix/X$n'); print('connected')
except OSError as e: print('refused', e.errno)"
run python3 -c "$abstract"
is "$out" connected "control: the abstract socket @/tmp/.X11-unix/X$n is reachable on the host"
jail --socket=x11 -- python3 -c "$abstract"
like "$out" "^refused" "inside the net namespace the abstract X socket is unreachable"

jail --socket=x11 --share-net -- true
like "$rc:$out" "^0:jail: warning: socket x11: with the host network .*abstract socket" \
  "--share-net with x11 warns about the abstract socket when the sandbox starts"

"$JAIL" --socket=x11 -- xeyes -geometry 200x200+10+10 >"$tap_tmp/xeyes.log" 2>&1 &
app=$!
lit=0
for _ in $(seq 30); do
  sleep 0.3
  lit=$(xwd -root -silent | xwdtopnm 2>/dev/null | python3 -c '
import sys
d = sys.stdin.buffer.read()
# P6 header: magic, width height, maxval, then RGB bytes
parts = d.split(b"\n", 3)
print(sum(1 for b in parts[3] if b))')
  [ "${lit:-0}" -gt 1000 ] && break
done
kill $app 2>/dev/null; wait $app 2>/dev/null
ok $(( ${lit:-0} <= 1000 )) "a screenshot of the root window shows xeyes drawn from inside ($lit lit bytes)"

done_testing
