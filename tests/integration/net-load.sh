#!/bin/bash
# Load through --net=slirp: 200 concurrent connections moving 1 GB in total
# to a server on the host's loopback, every checksum checked; the monitor's
# descriptors and memory do not grow; a sandbox that exits mid-transfer
# leaves no process and no connection behind.
. "$(dirname "$0")/../lib/tap.sh"
plan 7

load="$TESTS_DIR/integration/net-load.py"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done; wait 2>/dev/null; rm -rf "$tap_tmp"; }
trap cleanup EXIT
port=$(random_port) sinkport=$((port + 1))
if ! "$JAIL" --net=slirp true 2>"$tap_tmp/err"; then
  echo "1..0 # SKIP --net=slirp does not work here: $(cat "$tap_tmp/err")"; exit 0
fi

python3 "$load" server 127.0.0.1 "$port" & pids+=($!)
python3 "$load" sink 127.0.0.1 "$sinkport" & pids+=($!)
sleep 1

# One sandbox runs three rounds, told when to go through a fifo, so that the
# monitor (the jail process) can be measured between them.
mkfifo "$tap_tmp/go" "$tap_tmp/done"
# Under ASan, freed memory waits in a quarantine of 256 MB before reuse:
# whole rounds of connection buffers would fit in it and look like growth.
# A small quarantine keeps its checks and lets the same measure hold.
ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}quarantine_size_mb=8" \
"$JAIL" --net=slirp --net-allow-host-loopback --ro-bind "$load" /load --bind "$tap_tmp" /ctl -- sh -c '
  for round in warm big big2 again; do
    read r < /ctl/go
    case $r in
      warm) python3 /load client 10.0.2.2 '"$port"' 200 65536 ;;
      big|big2) python3 /load client 10.0.2.2 '"$port"' 200 5368709 ;;
    esac > /ctl/$r.out 2>&1
    echo done > /ctl/done
  done' &
jpid=$!; pids+=($jpid)
fds() { ls /proc/"$jpid"/fd | wc -l; }
rss() { awk '/VmRSS/ {print $2}' /proc/"$jpid"/status; }

# slirp's side of a closed connection lingers a few seconds (its own
# FIN_WAIT/TIME_WAIT timers), and the monitor returns freed memory every few
# seconds: wait (30 s at most) until descriptors and memory are back.
settle() {
  for _ in $(seq 60); do [ "$(fds)" -le $(($1 + 2)) ] && break; sleep 0.5; done
  for _ in $(seq 60); do [ "$(rss)" -le $((rss0 + 16384)) ] && break; sleep 0.5; done
}
sleep 0.5
fd0=$(fds) rss0=$(rss)
echo warm > "$tap_tmp/go"; read -r _ < "$tap_tmp/done"
is "$(cat "$tap_tmp/warm.out")" "ok 200" "warm-up: 200 connections, checksums match"
start=$SECONDS
echo big > "$tap_tmp/go"; read -r _ < "$tap_tmp/done"
elapsed=$((SECONDS - start))
is "$(cat "$tap_tmp/big.out")" "ok 200" "200 concurrent connections moved 1 GB, every checksum matches (${elapsed}s)"
settle "$fd0"
fd1=$(fds) rss1=$(rss)
echo big2 > "$tap_tmp/go"; read -r _ < "$tap_tmp/done"
is "$(cat "$tap_tmp/big2.out")" "ok 200" "a second 1 GB round, every checksum matches"
settle "$fd0"
fd2=$(fds) rss2=$(rss)
diag "monitor: fds $fd0 (fresh) -> $fd1 -> $fd2, RSS ${rss0} kB (fresh) -> ${rss1} kB -> ${rss2} kB"
ok "$([ "$fd2" -le $((fd0 + 2)) ] && echo 0 || echo 1)" "the monitor's descriptors are back to where they started ($fd0 -> $fd2)"
ok "$([ "$rss2" -le $((rss0 + 16384)) ] && echo 0 || echo 1)" \
  "after two 1 GB rounds the monitor's memory is back near its fresh size ($rss0 -> $rss2 kB)"
echo again > "$tap_tmp/go"; read -r _ < "$tap_tmp/done"
wait "$jpid"

# Exit mid-transfer: the sandbox streams, then its command is killed.
tag="net-load-$$-$RANDOM"
"$JAIL" --net=slirp --net-allow-host-loopback --ro-bind "$load" /load -- \
  sh -c "python3 /load stream 10.0.2.2 $sinkport & sleep 2; kill -9 \$!; exit 3" &
wait $!
rc=$?
is "$rc" 3 "a sandbox killed mid-transfer exits with its command's status"
sleep 1
left=$(ss -Htn state established "( dport = :$sinkport )" 2>/dev/null | wc -l)
is "$left" 0 "no connection to the host's server is left behind"
