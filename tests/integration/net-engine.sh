#!/bin/bash
# The network engine (src/net/engine.c) seen from outside: which process
# holds a --net=slirp sandbox's network and how it is confined, its caps on
# descriptors and memory under a flood and under stalled connections, what
# happens when it dies, and connections reset by the sandbox while
# `jail enter` runs (their host peers must see the reset at once, and
# nothing may touch a freed connection).  Servers run on the host's
# loopback and are killed at the end.
. "$(dirname "$0")/../lib/tap.sh"
if ! "$JAIL" --net=slirp true 2>"$tap_tmp/err"; then
  echo "1..0 # SKIP --net=slirp does not work here: $(cat "$tap_tmp/err")"; exit 0
fi
plan 39

# A registry of our own, so that parallel suites do not see each other.
export XDG_RUNTIME_DIR="$tap_tmp/run"
mkdir -m 700 "$XDG_RUNTIME_DIR" "$tap_tmp/ctl"
helper="$TESTS_DIR/integration/net-engine.py"
H=(--net=slirp --net-allow-host-loopback --ro-bind "$helper" /h
   --ro-bind "$TESTS_DIR/integration/net-helper.py" /nh --bind "$tap_tmp/ctl" /ctl)
pids=()
cleanup() { for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null; done; wait 2>/dev/null; rm -rf "$tap_tmp"; }
trap cleanup EXIT
# 3,000 connections need as many descriptors in the servers and clients.
ulimit -n "$(( $(ulimit -Hn) < 8192 ? $(ulimit -Hn) : 8192 ))"
base=$(random_port)
hold=$base stream=$((base + 1)) drip=$((base + 2)) sum=$((base + 3)) udp=$((base + 4)) pub=$((base + 5)) pub2=$((base + 6))
python3 "$helper" hold 127.0.0.1 "$hold" & pids+=($!)
python3 "$helper" stream 127.0.0.1 "$stream" & pids+=($!)
python3 "$helper" drip 127.0.0.1 "$drip" > "$tap_tmp/drip.out" & pids+=($!)
python3 "$TESTS_DIR/integration/net-helper.py" serve-sum 127.0.0.1 "$sum" & pids+=($!)
python3 "$TESTS_DIR/integration/net-helper.py" serve-udp 127.0.0.1 "$udp" pong & pids+=($!)
sleep 0.5

engine=
wait_engine() { # MONITOR-PID: sets $engine (5 s at most)
  engine=
  for _ in $(seq 50); do
    engine=$(pgrep -P "$1" -x jail-net) && return 0
    sleep 0.1
  done
  return 1
}
field() { awk -v k="$2:" '$1 == k { print $2 }' "/proc/$1/status"; }
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
established() { ss -Htn state established "( sport = :$1 )" 2>/dev/null | wc -l; }
wait_for() { # SECONDS COMMAND...: until COMMAND succeeds
  local end=$((SECONDS + $1)); shift
  until "$@"; do [ "$SECONDS" -ge "$end" ] && return 1; sleep 0.1; done
}

# --- who holds the network, and how it is confined -----------------------------
"$JAIL" --name eng1 "${H[@]}" -- python3 /h stall 10.0.2.2 "$hold" 1 30 >/dev/null &
mon=$!; pids+=($mon)
wait_engine "$mon"
ok $? "--net=slirp: a process of its own (jail-net), a child of the monitor, runs the network"
wait_for 10 test "$(established "$hold")" -ge 1
sandbox=$(pgrep -P "$mon" | grep -vx "$engine" | head -1)
is "$(field "$engine" Seccomp)" 2 "the engine runs under a seccomp filter (Seccomp: 2)"
is "$(field "$engine" NoNewPrivs)" 1 "the engine has no_new_privs"
is "$(field "$engine" CapEff)" 0000000000000000 "the engine has no effective capability"
is "$(field "$engine" CapBnd)" 0000000000000000 "the engine's bounding set is empty"
run ls /proc/"$engine"/root/
like "$out" "Permission denied" "the engine is not dumpable: even its user cannot look into /proc/PID/root"
run ls -l /proc/"$mon"/fd/
unlike "$out" "tun" "the monitor holds no tap device"
# libslirp is loaded by the engine alone (src/net/slirp-lib.h).
unlike "$(cat /proc/"$mon"/maps)" "libslirp" "the monitor has not loaded libslirp, even with --net=slirp"
"$JAIL" -- sleep 5 &
plain=$!
wait_for 50 test -n "$(pgrep -P "$plain")"
unlike "$(cat /proc/"$plain"/maps)" "libslirp" "a monitor without a network has not loaded libslirp"
kill "$plain"; wait "$plain" 2>/dev/null
run ss -Htnp state established "( dport = :$hold )"
unlike "$out" "pid=$mon," "the monitor holds no host TCP socket while the sandbox has a connection open"
is "$(cat /proc/"$engine"/cgroup)" "$(cat /proc/"$sandbox"/cgroup)" \
  "the engine is in the sandbox's cgroup (so --memory and --pids bound it)"
kill "$mon"; wait "$mon" 2>/dev/null

# The test hook: the confined engine lists its root and tries calls
# outside its allowlist (the variable is read on the host, never inside).
run env JAIL_TEST_NET_ENGINE=probe "$JAIL" --net=slirp true
like "$out" "network engine: root: 0 entries;" "the engine's root is empty: none of the host's files"
like "$out" "open /etc/passwd: EPERM" "the engine cannot open a file (seccomp and Landlock)"
like "$out" "execve /bin/sh: EPERM" "the engine cannot execute anything"
like "$out" "socket AF_UNIX: EPERM" "the engine cannot make a unix socket (the session's abstract sockets)"
like "$out" "kill monitor: EPERM" "the engine cannot signal another process"

# --- the engine dies ---------------------------------------------------------------
"$JAIL" "${H[@]}" -- sh -c 'touch /ctl/running; while [ ! -e /ctl/killed ]; do sleep 0.1; done
  python3 -c "import socket; socket.create_connection((\"10.0.2.2\", '"$hold"'), timeout=3)" \
    2>/dev/null && echo reached || echo no-network
  exit 7' > "$tap_tmp/killed.out" 2> "$tap_tmp/killed.err" &
mon=$!; pids+=($mon)
# Killed once the network is up (the command runs only then): killed
# during setup, it is a setup error and the run ends with 125.
wait_engine "$mon" && wait_for 10 test -e "$tap_tmp/ctl/running" && kill -9 "$engine"
touch "$tap_tmp/ctl/killed"
wait "$mon"
is "$?" 7 "the engine killed: the sandbox's command goes on and exits with its own status"
is "$(cat "$tap_tmp/killed.err")" \
  "jail: the network engine was killed by signal 9 (KILL); the sandbox has no network from now on" \
  "... the monitor says so in one line"
is "$(cat "$tap_tmp/killed.out")" no-network "... and the sandbox has no network any more"
rm -f "$tap_tmp/ctl/killed"

# --- a flood of connections -----------------------------------------------------
JAIL_TEST_NET_ENGINE=stats "$JAIL" --name flood "${H[@]}" -- sh -c \
  "python3 /h flood 10.0.2.2 $hold 3000 > /ctl/flood.out; exec sleep 60" 2> "$tap_tmp/flood.err" &
mon=$!; pids+=($mon)
wait_engine "$mon"
wait_for 90 test -s "$tap_tmp/ctl/flood.out"
read -r _ connected _ refused _ other alive after < "$tap_tmp/ctl/flood.out"
diag "flood: $(cat "$tap_tmp/ctl/flood.out")"
ok "$([ "$refused" -gt 0 ] && [ "$((connected + refused))" = 3000 ] && echo 0 || echo 1)" \
  "3,000 attempts: $connected connected, the $refused over the engine's cap refused at once"
is "$other" 0 "... none timed out or failed otherwise"
is "$alive" echo-ok "at the cap, an established connection still carries data"
is "$after" after-ok "once they are closed, a new connection works"
t0=$(cpu_ticks "$engine"); sleep 2; t1=$(cpu_ticks "$engine")
ok "$([ $((t1 - t0)) -le 10 ] && echo 0 || echo 1)" "the engine is idle afterwards, nothing spins ($((t1 - t0)) ticks in 2 s)"
start=$(date +%s%N)
"$JAIL" stop --timeout 3 flood >/dev/null 2>&1
wait "$mon"
ms=$(( ($(date +%s%N) - start) / 1000000 ))
ok "$([ "$ms" -le 6000 ] && echo 0 || echo 1)" "jail stop --timeout 3 returns in time (${ms} ms)"
stats=$(grep "network engine: connections" "$tap_tmp/flood.err")
diag "$stats"
peak=$(echo "$stats" | sed -n 's/.*(peak \([0-9]*\), cap \([0-9]*\)), refused.*/\1/p')
cap=$(echo "$stats" | sed -n 's/.*(peak \([0-9]*\), cap \([0-9]*\)), refused.*/\2/p')
ok "$([ -n "$peak" ] && [ "$peak" -le "$cap" ] && [ "$peak" -ge "$connected" ] && echo 0 || echo 1)" \
  "the engine's connections stayed under its cap (peak ${peak:-?} of ${cap:-?})"

# --- UDP from many ports: libslirp's sockets are bounded too ------------------
# Each source port costs a host socket in libslirp for 4 minutes; without a
# bound they would take every descriptor, and libslirp's accept() on a
# published port would then fail and be retried at every poll.
"$JAIL" "${H[@]}" --publish "$pub:8080" -- sh -c \
  "python3 /nh serve-tcp 0.0.0.0 8080 inside-tcp & python3 /h udp-flood 10.0.2.2 $udp 3000 > /ctl/udp.out
   touch /ctl/udp.done; sleep 30" >/dev/null 2>&1 &
mon=$!; pids+=($mon)
wait_engine "$mon"
wait_for 60 test -e "$tap_tmp/ctl/udp.done"
answered=$(sed -n 's/^answered //p' "$tap_tmp/ctl/udp.out")
ok "$([ -n "$answered" ] && [ "$answered" -ge 100 ] && [ "$answered" -le 192 ] && echo 0 || echo 1)" \
  "UDP from 3,000 source ports: only the first 192 get a host socket (${answered:-?} answered)"
run python3 "$TESTS_DIR/integration/net-helper.py" tcp 127.0.0.1 "$pub"
is "$out" inside-tcp "... a published port still takes connections"
t0=$(cpu_ticks "$engine"); sleep 2; t1=$(cpu_ticks "$engine")
ok "$([ $((t1 - t0)) -le 10 ] && echo 0 || echo 1)" "... and the engine does not spin ($((t1 - t0)) ticks in 2 s)"
kill "$mon"; wait "$mon" 2>/dev/null

# --- a flood into a published port: no descriptor left to accept with ------------
# Host-side clients (anyone who can reach the published address) can open
# more connections than the engine has descriptors; libslirp's accept()
# then fails (EMFILE) while the listening socket stays readable.  The test
# hook gives the engine 128 descriptors, so that 400 connections do it.
JAIL_TEST_NET_ENGINE=small-nofile "$JAIL" "${H[@]}" --publish "$pub2:8080" -- \
  python3 /h hold 0.0.0.0 8080 >/dev/null 2>&1 &
mon=$!; pids+=($mon)
wait_engine "$mon"
wait_for 10 python3 -c "import socket; socket.create_connection(('127.0.0.1', $pub2), timeout=1)" 2>/dev/null
python3 "$helper" flood 127.0.0.1 "$pub2" 400 > "$tap_tmp/inflood.out" &
client=$!; pids+=($client)
sleep 5
t0=$(cpu_ticks "$engine"); sleep 2; t1=$(cpu_ticks "$engine")
ok "$([ $((t1 - t0)) -le 20 ] && echo 0 || echo 1)" \
  "out of descriptors, the engine waits instead of retrying accept() ($((t1 - t0)) ticks in 2 s)"
wait "$client"
read -r _ connected _ refused _ other alive after < "$tap_tmp/inflood.out"
diag "flood into a published port: $(cat "$tap_tmp/inflood.out")"
is "$alive" echo-ok "... the connections it holds still carry data"
is "$after" after-ok "... and once they are closed it accepts again"
kill "$mon"; wait "$mon" 2>/dev/null

# --- stalled connections and the buffer cap ----------------------------------------
JAIL_TEST_NET_ENGINE=stats "$JAIL" "${H[@]}" -- sh -c \
  "python3 /h stall 10.0.2.2 $stream 500 8 > /ctl/stall.out & sleep 5
   python3 /nh sum 10.0.2.2 $sum 2000000 > /ctl/sum.out; wait" 2> "$tap_tmp/stall.err" &
mon=$!; pids+=($mon)
wait_engine "$mon"
sleep 4
rss=$(field "$engine" VmRSS)
wait "$mon"
is "$(cat "$tap_tmp/ctl/stall.out")" "stalled 500" "500 connections whose reader stalls"
is "$(cat "$tap_tmp/ctl/sum.out")" sum-ok "meanwhile another connection carries 2 MB (checksum matches)"
stats=$(grep "network engine: connections" "$tap_tmp/stall.err")
diag "$stats; engine RSS during the stall: ${rss} kB"
peak=$(echo "$stats" | sed -n 's/.*buffers [0-9]* bytes (peak \([0-9]*\), cap \([0-9]*\)).*/\1/p')
cap=$(echo "$stats" | sed -n 's/.*buffers [0-9]* bytes (peak \([0-9]*\), cap \([0-9]*\)).*/\2/p')
ok "$([ -n "$peak" ] && [ "$peak" -le "$cap" ] && [ "$peak" -gt $((cap / 2)) ] && echo 0 || echo 1)" \
  "the engine's buffers reached the cap's small-buffer range and stayed under it (peak ${peak:-?} of ${cap:-?} bytes)"
ok "$([ -n "$rss" ] && [ "$rss" -le $(( (cap / 1024) + 65536 )) ] && echo 0 || echo 1)" \
  "the engine's memory stays near its cap (${rss:-?} kB)"

# --- connections reset while `jail enter` runs ------------------------------------
# The process serving `jail enter` once inherited the engine's sockets:
# closed connections stayed in the epoll set (a use-after-free) and their
# peers saw nothing until the enter session ended.
"$JAIL" --name uaf "${H[@]}" -- python3 /h drip-client 10.0.2.2 "$drip" 4 /ctl/go \
  > "$tap_tmp/uaf.out" 2> "$tap_tmp/uaf.err" &
mon=$!; pids+=($mon)
wait_for 10 test "$(established "$drip")" -ge 4
"$JAIL" enter uaf -- sleep 12 >/dev/null 2>&1 &
enter=$!; pids+=($enter)
sleep 1.5
touch "$tap_tmp/ctl/go"
# Well before the sandbox (and with it the enter session) ends, 6 s later.
wait_for 3 test "$(grep -c peer-gone "$tap_tmp/drip.out")" -ge 4
is "$(grep -c 'peer-gone ECONNRESET' "$tap_tmp/drip.out")" 4 \
  "connections reset inside while jail enter runs: the host peers see the reset at once"
wait "$mon"
is "$?:$(cat "$tap_tmp/uaf.out")" "0:closed 4" "... the sandbox ends normally"
unlike "$(cat "$tap_tmp/uaf.err")" "AddressSanitizer|network engine|runtime error" \
  "... and the engine reports no memory error and did not die"
kill "$enter" 2>/dev/null
done_testing
