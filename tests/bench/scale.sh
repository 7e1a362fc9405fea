#!/bin/bash
# Scale: start N sandboxes at once (default 100), check that all are listed
# and all stop cleanly; report the time taken and the monitors' memory.
# Not a pass/fail timing test; it fails only if a sandbox is lost.
# Usage: JAIL=build/src/jail tests/bench/scale.sh [N]
. "$(dirname "$0")/../lib/tap.sh"
n=${1:-100}
plan 3
export XDG_RUNTIME_DIR="$tap_tmp/run"
mkdir -m 700 "$XDG_RUNTIME_DIR"
pids=()
trap 'for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null; done; rm -rf "$tap_tmp"' EXIT

t0=$(date +%s%N)
for i in $(seq "$n"); do
  "$JAIL" --name "scale-$i" -- sleep 300 &
  pids+=("$!")
done
listed=0
for _ in $(seq 600); do
  listed=$("$JAIL" list | grep -c ' running$')
  [ "$listed" -ge "$n" ] && break
  sleep 0.1
done
t1=$(date +%s%N)
is "$listed" "$n" "all $n sandboxes start and are listed"

# Each monitor is the jail process we started; its RSS (kB) from /proc.
rss=0
for p in "${pids[@]}"; do
  r=$(awk '/^VmRSS:/ {print $2}' "/proc/$p/status" 2>/dev/null)
  rss=$((rss + ${r:-0}))
done
# The monitor's private memory is what one more sandbox costs.
pss=0
for p in "${pids[@]}"; do
  r=$(awk '/^Pss:/ {s += $2} END {print s}' "/proc/$p/smaps_rollup" 2>/dev/null)
  pss=$((pss + ${r:-0}))
done

t2=$(date +%s%N)
for i in $(seq "$n"); do "$JAIL" stop "scale-$i" --timeout 10 >/dev/null 2>&1 & done
bad=0
for p in "${pids[@]}"; do
  wait "$p"; st=$?
  [ "$st" = 143 ] || bad=$((bad + 1))
done
wait
t3=$(date +%s%N)
is "$bad" 0 "all $n sandboxes stop cleanly (each jail exits 143 after SIGTERM)"
is "$("$JAIL" list | tail -n +2 | wc -l)" 0 "none is listed afterwards"
pids=()

diag "start+list $n: $(( (t1 - t0) / 1000000 )) ms, $(( (t1 - t0) / n / 1000000 )) ms each" \
     "stop $n: $(( (t3 - t2) / 1000000 )) ms" \
     "monitor memory: RSS $((rss / n)) kB, PSS $((pss / n)) kB per sandbox"
done_testing
