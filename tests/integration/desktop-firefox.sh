#!/bin/bash
# Firefox end to end: a headless screenshot of a local page, Firefox's own
# sandbox (nested user namespaces) working inside jail, and its profile
# persisting between runs, and an http:// page on the host's loopback
# through --net=slirp.
. "$(dirname "$0")/../lib/tap.sh"
for p in firefox-esr pngtopnm python3; do
  command -v $p >/dev/null || { echo "1..0 # SKIP $p is not installed (tests/install-deps)"; exit 0; }
done
plan 7

chmod 755 "$tap_tmp"
page=$tap_tmp/page.html
echo '<html><body style="background:#00ff00;margin:0"><h1>jail</h1></body></html>' >"$page"
mkdir -p "$tap_tmp/mozilla" "$tap_tmp/config-mozilla" "$tap_tmp/out"

# The shipped firefox profile; should it stop loading (a key this build lacks),
# what it grants, as options, so the rest still runs and the diag says why.  HOME is private to the test, so
# ~/.mozilla and ~/.config/mozilla (Firefox >= 147 uses the XDG dir) are ours.
export HOME=$tap_tmp/home XDG_CONFIG_HOME=$tap_tmp/home/.config XDG_CACHE_HOME=$tap_tmp/home/.cache
mkdir -p "$HOME"
shipped=$TESTS_DIR/../profiles/firefox.profile
if [ -f "$shipped" ] && "$JAIL" --profile "$shipped" --print true >/dev/null 2>"$tap_tmp/why"; then
  profile=(--profile "$shipped" --filesystem xdg-config/mozilla:create)
  persisted=("$HOME/.mozilla" "$XDG_CONFIG_HOME/mozilla")
else
  diag "firefox profile not usable yet ($(head -1 "$tap_tmp/why" 2>/dev/null)): equivalent options"
  profile=(--desktop-base --socket=wayland,fallback-x11,pulseaudio --device=dri
           --bind "$tap_tmp/mozilla" "$HOME/.mozilla"
           --bind "$tap_tmp/config-mozilla" "$HOME/.config/mozilla")
  persisted=("$tap_tmp/mozilla" "$tap_tmp/config-mozilla")
fi
userns=()
"$JAIL" --help | grep -q -- '--allow-userns' && userns=(--allow-userns)

# Firefox runs in the background inside; the shell samples every process's
# user namespace until it exits.  firefox_run N URL [JAIL-OPTION...]; Firefox
# gets $ff_timeout seconds (a page that fails to load never ends --screenshot).
ff_timeout=300
firefox_run() {
  local n=$1 url=$2; shift 2
  "$JAIL" "${profile[@]}" "${userns[@]}" "$@" --bind "$tap_tmp/out" "$tap_tmp/out" \
    --ro-bind "$page" "$page" -- sh -c '
    timeout -s KILL "$4" firefox-esr --headless --screenshot "$1" "$2" >/dev/null 2>&1 & f=$!
    while kill -0 $f 2>/dev/null; do
      for p in /proc/[0-9]*; do echo "$(cat $p/comm 2>/dev/null)|$(readlink $p/ns/user)"; done
      sleep 0.2
    done >"$3"
    wait $f' sh "$tap_tmp/out/shot$n.png" "$url" "$tap_tmp/out/ns$n" "$ff_timeout"
  rc=$?
}

# Percent of the screenshot's pixels that have colour R G B.
share() { # PNG R G B
  pngtopnm "$1" 2>/dev/null | python3 -c '
import sys
want = bytes(int(v) for v in sys.argv[1:4])
d = sys.stdin.buffer.read().split(b"\n", 3)[3]
px = [d[i:i+3] for i in range(0, len(d) - 2, 3)]
print(100 * sum(1 for p in px if p == want) // max(len(px), 1))' "$2" "$3" "$4"
}

firefox_run 1 "file://$page"
is "$rc" 0 "firefox-esr --headless --screenshot exits 0 inside jail"

green=$(share "$tap_tmp/out/shot1.png" 0 255 0)
ok $(( ${green:-0} < 50 )) "the PNG shows the page (${green:-0}% of pixels are its green)"

# The sandbox's own user namespace is the one of the sampling shell.
main_ns=$(grep '^sh|user:' "$tap_tmp/out/ns1" | head -1 | cut -d'|' -f2)
other=$(grep -v "|$main_ns\$" "$tap_tmp/out/ns1" | cut -d'|' -f1 | grep -Ev '^(|sh|jail|firefox-esr)$' \
        | sort -u | tr '\n' ' ')
if [ -n "$main_ns" ] && [ -n "$other" ]; then
  ok 0 "Firefox's child processes run in their own user namespace ($other)"
else
  ok 1 "Firefox's child processes run in their own user namespace"
  diag "$(sort -u "$tap_tmp/out/ns1" | head -20)"
fi

prof=$(find "${persisted[@]}" -name profiles.ini 2>/dev/null | head -1)
[ -n "$prof" ] && touch "$(dirname "$prof")/jail-marker"
ok $([ -n "$prof" ]; echo $?) "the Firefox profile is written to the persisted directory (${prof#$tap_tmp/})"

paths() { grep '^Path=' "$prof" 2>/dev/null | sort | md5sum; }
before=$(paths)
firefox_run 2 "file://$page"
is "$rc $(paths) $(test -e "$(dirname "$prof")/jail-marker" && echo kept)" \
   "0 $before kept" "a second run reuses the same profile (it persists between runs)"

# --- an http:// page on the host's loopback, through --net=slirp -----------
site=$tap_tmp/site
mkdir -p "$site"
echo '<html><body style="background:#0000ff;margin:0"><h1>served</h1></body></html>' >"$site/blue.html"
port=$(random_port)
python3 -m http.server --bind 127.0.0.1 --directory "$site" "$port" >/dev/null 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; rm -rf "$tap_tmp"' EXIT
for _ in $(seq 50); do
  python3 -c 'import socket,sys; socket.create_connection(("127.0.0.1", int(sys.argv[1])), 1)' "$port" \
    2>/dev/null && break
  sleep 0.1
done
firefox_run 3 "http://10.0.2.2:$port/blue.html" --net=slirp --net-allow-host-loopback
blue=$(share "$tap_tmp/out/shot3.png" 0 0 255)
ok $(( ${blue:-0} < 50 )) \
  "--net=slirp --net-allow-host-loopback: a page served on the host's 127.0.0.1 loads (${blue:-0}% blue)"
ff_timeout=30
firefox_run 4 "http://10.0.2.2:$port/blue.html" --net=slirp
blue=$(share "$tap_tmp/out/shot4.png" 0 0 255)
ok $(( ${blue:-0} >= 50 )) "without --net-allow-host-loopback the same page does not load (${blue:-0}% blue)"
kill $server 2>/dev/null

done_testing
