#!/bin/bash
# Network benchmark: TCP throughput to an iperf3 server on the host's
# loopback, both directions, for jail --net=slirp, slirp4netns (MTU 65520,
# attached to an unshare'd net namespace), pasta and plain loopback; TCP
# connect latency and 1-byte request/response latency; startup of `true`
# with the network up, jail against bwrap + slirp4netns; the proportional
# memory (PSS) of jail's processes with --net=slirp.  Prints ratios.
# Not a test: not registered in meson test.
#
# Usage: tests/bench/net.sh [JAIL-BINARY]    BENCH_SECONDS=N per iperf3 run (default 5)
# SPDX-License-Identifier: LGPL-2.1-or-later
set -u

here=$(cd "$(dirname "$0")" && pwd)
JAIL=${1:-${JAIL:-$here/../../build/src/jail}}
JAIL=$(realpath "$JAIL")
: "${JAIL_TEST_USER:=jail-test}" "${BENCH_SECONDS:=5}"
# (not $SECONDS: bash counts the seconds since it started in it)
# PSS of jail's own processes (the monitor and its children: the network
# engine, the sandbox's init; not the command) while `sleep` runs in a
# --net=slirp sandbox started as the test user.  Read as root: the engine
# is not dumpable, so its user cannot read its smaps.
jail_pss_kb() {
  setpriv --reuid="$JAIL_TEST_USER" --regid="$JAIL_TEST_USER" --init-groups \
    env HOME="$1" "$JAIL" --net=slirp -- sleep 3 &
  local mon=$! total=0 pid
  sleep 1.5
  for pid in "$mon" $(pgrep -P "$mon"); do
    total=$((total + $(awk '/^Pss:/ { print $2 }' "/proc/$pid/smaps_rollup")))
  done
  wait "$mon"
  echo "$total"
}
if [ "$(id -u)" = 0 ] && id "$JAIL_TEST_USER" >/dev/null 2>&1; then
  home=$(getent passwd "$JAIL_TEST_USER" | cut -d: -f6)
  pss=$(jail_pss_kb "$home")
  exec setpriv --reuid="$JAIL_TEST_USER" --regid="$JAIL_TEST_USER" --init-groups \
    env HOME="$home" USER="$JAIL_TEST_USER" BENCH_SECONDS="$BENCH_SECONDS" BENCH_PSS_KB="$pss" \
    bash "$0" "$JAIL"
fi
for tool in iperf3 slirp4netns pasta unshare nsenter python3 bwrap; do
  command -v "$tool" >/dev/null || echo "net.sh: $tool is missing (tests/install-deps): its rows are n/a" >&2
done

tmp=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done; wait 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT
port=$((30000 + RANDOM % 20000)) echo_port=$((port + 1))

cat > "$tmp/lat.py" <<'PY'
import socket, sys, threading, time
cmd, host, port = sys.argv[1], sys.argv[2], int(sys.argv[3])
if cmd == "serve":
    s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind((host, port)); s.listen(128)
    def h(c):
        c.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        while True:
            b = c.recv(1)
            if not b: break
            c.sendall(b)
        c.close()
    while True:
        c, _ = s.accept(); threading.Thread(target=h, args=(c,), daemon=True).start()
else:
    # Medians: one connect that meets a port still in TIME_WAIT waits a
    # whole SYN retransmit (1 s) and would swamp a mean.
    import statistics
    def timed(f, n):
        ts = []
        for _ in range(n):
            t = time.perf_counter(); f(); ts.append(time.perf_counter() - t)
        return statistics.median(ts) * 1e6
    conn_us = timed(lambda: socket.create_connection((host, port)).close(), 300)
    c = socket.create_connection((host, port)); c.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    def rr():
        c.sendall(b"x"); c.recv(1)
    print("%.0f %.0f" % (conn_us, timed(rr, 2000)))
PY
python3 "$tmp/lat.py" serve 127.0.0.1 "$echo_port" & pids+=($!)
sleep 1

# run_in MODE CMD...: run CMD in the network of MODE (host address of the
# host's loopback in $HOSTIP).
slirp4netns_run() {
  unshare --user --map-root-user --net sh -c 'echo $$ > '"$tmp"'/ns.pid; exec sleep 600' &
  local ns=$!
  sleep 0.3
  local pid; pid=$(cat "$tmp/ns.pid")
  slirp4netns --configure --mtu=65520 "$pid" tap0 >/dev/null 2>&1 &
  local sp=$!
  sleep 0.7
  nsenter --target "$pid" --user --net --preserve-credentials "$@"
  kill "$sp" "$ns" 2>/dev/null; wait "$sp" "$ns" 2>/dev/null
}
run_in() {
  local mode=$1; shift
  case $mode in
    loopback) HOSTIP=127.0.0.1 "$@" ;;
    jail) "$JAIL" --net=slirp --net-allow-host-loopback --ro-bind "$tmp" "$tmp" -- "$@" ;;
    slirp4netns) slirp4netns_run "$@" ;;
    pasta)
      gw=$(ip -4 route show default | awk '{print $3; exit}')
      pasta --config-net -q -- "$@" ;;
  esac
}
host_of() { case $1 in loopback) echo 127.0.0.1 ;; pasta) ip -4 route show default | awk '{print $3; exit}' ;; *) echo 10.0.2.2 ;; esac; }

# The rate from the server's summary (its receiver line, or its sender line
# with -R): a client whose upload ends in EPIPE when the server closes first
# prints no summary at all.
gbps() { python3 -c 'import re,sys
m=re.findall(r"([0-9.]+) ([KMG]?)bits/sec(?:\s+[0-9]+)?\s+(?:receiver|sender)\s*$", sys.stdin.read(), re.M)
f={"":1e-9,"K":1e-6,"M":1e-3,"G":1}
print("%.2f" % (float(m[-1][0])*f[m[-1][1]]) if m else "n/a")'; }

# iperf MODE HOST [-R]: Gbit/s of one run against a fresh one-off server (a
# server still busy with the last client refuses the next).
iperf_port=$((port + 2))
iperf() {
  local mode=$1 h=$2; shift 2
  iperf_port=$((iperf_port + 1))
  iperf3 -s -1 -B 127.0.0.1 -p "$iperf_port" >"$tmp/iperf.out" 2>&1 &
  local server=$!
  sleep 0.3
  run_in "$mode" timeout $((BENCH_SECONDS + 30)) iperf3 -c "$h" -p "$iperf_port" -t "$BENCH_SECONDS" "$@" >/dev/null 2>&1
  wait "$server" 2>/dev/null
  gbps <"$tmp/iperf.out"
}

declare -A up down conn rr
for mode in loopback jail slirp4netns pasta; do
  h=$(host_of "$mode")
  up[$mode]=$(iperf "$mode" "$h")
  down[$mode]=$(iperf "$mode" "$h" -R)
  read -r c r < <(run_in "$mode" timeout 120 python3 "$tmp/lat.py" client "$h" "$echo_port" 2>/dev/null || echo "n/a n/a")
  conn[$mode]=${c:-n/a} rr[$mode]=${r:-n/a}
done

ratio() { python3 -c "import sys
a,b=sys.argv[1],sys.argv[2]
print('%.2f' % (float(a)/float(b)) if a!='n/a' and b not in ('n/a','0','0.00') else 'n/a')" "$1" "$2"; }
printf '%-12s %12s %12s %12s %12s\n' mode "up Gbit/s" "down Gbit/s" "connect µs" "1-byte RR µs"
for mode in loopback jail slirp4netns pasta; do
  printf '%-12s %12s %12s %12s %12s\n' "$mode" "${up[$mode]}" "${down[$mode]}" "${conn[$mode]}" "${rr[$mode]}"
done
echo "jail/slirp4netns throughput: up $(ratio "${up[jail]}" "${up[slirp4netns]}")×, down $(ratio "${down[jail]}" "${down[slirp4netns]}")× (target ≥ 1.5)"
echo "jail/pasta throughput: up $(ratio "${up[jail]}" "${up[pasta]}")×, down $(ratio "${down[jail]}" "${down[pasta]}")× (target ≥ 1)"
echo "jail/loopback throughput: up $(ratio "${up[jail]}" "${up[loopback]}")×, down $(ratio "${down[jail]}" "${down[loopback]}")×"

# Startup of `true` with the network up.
t_jail=$(python3 - "$JAIL" <<'PY'
import subprocess, sys, time
n = 10; t = time.perf_counter()
for _ in range(n):
    subprocess.run([sys.argv[1], "--net=slirp", "true"], check=True)
print("%.1f" % ((time.perf_counter() - t) / n * 1000))
PY
)
t_bwrap=$(python3 - "$tmp" <<'PY'
import os, re, subprocess, sys, time
tmp = sys.argv[1]; n = 10; t = time.perf_counter()
for _ in range(n):
    r, w = os.pipe()
    b = subprocess.Popen(["bwrap", "--unshare-all", "--ro-bind", "/", "/", "--info-fd", str(w), "--",
                          "sh", "-c", "while ! grep -q tap0 /proc/net/dev; do :; done; true"], pass_fds=[w])
    os.close(w)
    # To the end: bwrap closes the fd once it has written all of it (closing
    # ours early can leave Debian's bwrap 0.8 blocked).
    data = b""
    while True:
        chunk = os.read(r, 4096)
        if not chunk: break
        data += chunk
    os.close(r)
    info = {"child-pid": int(re.search(rb'"child-pid": *([0-9]+)', data).group(1))}
    s = subprocess.Popen(["slirp4netns", "--configure", "--mtu=65520", str(info["child-pid"]), "tap0"],
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    b.wait(); s.terminate(); s.wait()
print("%.1f" % ((time.perf_counter() - t) / n * 1000))
PY
)
echo "startup of true with the network up: jail ${t_jail} ms, bwrap+slirp4netns ${t_bwrap:-n/a} ms, ratio $(ratio "$t_jail" "${t_bwrap:-n/a}")"
echo "PSS of jail's processes with --net=slirp (monitor, network engine, init): ${BENCH_PSS_KB:-n/a (start as root to read it)} kB"
