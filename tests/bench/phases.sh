#!/bin/bash
# Where a start goes: runs bwrap (startup.sh's flatpak-like command, with
# its seccomp program), jail's default sandbox and floor.c's sandbox in
# turn under the kernel's scheduler tracepoints, and prints the median of
# each phase of a start of `true`: the launcher's exec to its first fork,
# that fork to the fork of the process that becomes `true`, that fork to
# the exec of /usr/bin/true, true's run, and its exit to the launcher's.
# Not a test.  Needs root for tracefs; the sandboxes run as
# $JAIL_TEST_USER (jail-test).
#
# Usage: tests/bench/phases.sh [ROUNDS] [JAIL-BINARY]   (40, build/src/jail)
#
# SPDX-License-Identifier: LGPL-2.1-or-later
set -eu

here=$(cd "$(dirname "$0")" && pwd)
rounds=${1:-40}
JAIL=$(realpath "${2:-$here/../../build/src/jail}")
: "${JAIL_TEST_USER:=jail-test}"
tracing=/sys/kernel/tracing

[ "$(id -u)" = 0 ] || { echo "phases.sh: needs root (tracefs)" >&2; exit 1; }
id "$JAIL_TEST_USER" >/dev/null 2>&1 || { echo "phases.sh: no user $JAIL_TEST_USER" >&2; exit 1; }
mountpoint -q "$tracing" || mount -t tracefs nodev "$tracing"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/jail-phases.XXXXXX")
chmod 755 "$tmp"
trap 'echo 0 > "$tracing/tracing_on"; echo 0 > "$tracing/events/enable"; rm -rf "$tmp"' EXIT
cc -O2 -o "$tmp/bpf-filter" "$here/bpf-filter.c" $(pkg-config --cflags --libs libseccomp)
"$tmp/bpf-filter" > "$tmp/filter.bpf"
cc -O2 -o "$tmp/floor" "$here/floor.c"

true_bin=$(type -P true)
home=$(getent passwd "$JAIL_TEST_USER" | cut -d: -f6)
uid=$(id -u "$JAIL_TEST_USER")
links=""
for l in bin lib lib32 lib64 libx32 sbin; do
  [ -L "/$l" ] && links="$links --symlink $(readlink "/$l") /$l"
done
cat > "$tmp/run.sh" <<EOF
for i in \$(seq $rounds); do
  $(type -P bwrap) --unshare-all --die-with-parent --tmpfs / --ro-bind /usr /usr --ro-bind /etc /etc$links \
    --proc /proc --dev /dev --tmpfs /tmp --tmpfs /run --dir /run/user/$uid --tmpfs $home \
    --seccomp 9 $true_bin 9<$tmp/filter.bpf
  $JAIL -- $true_bin
  $tmp/floor -s $tmp/filter.bpf $true_bin
done
EOF

echo 0 > "$tracing/tracing_on"
echo > "$tracing/trace"
echo 60000 > "$tracing/buffer_size_kb"
echo 0 > "$tracing/events/enable"
for e in sched_process_fork sched_process_exec sched_process_exit; do
  echo 1 > "$tracing/events/sched/$e/enable"
done
echo 1 > "$tracing/tracing_on"
setpriv --reuid="$JAIL_TEST_USER" --regid="$JAIL_TEST_USER" --init-groups \
  env HOME="$home" USER="$JAIL_TEST_USER" bash "$tmp/run.sh"
echo 0 > "$tracing/tracing_on"
cp "$tracing/trace" "$tmp/trace"

python3 - "$tmp/trace" "$(type -P bwrap)" "$JAIL" "$tmp/floor" "$true_bin" <<'EOF'
import collections, re, statistics, sys

trace, bwrap, jail, floor, true_bin = sys.argv[1:]
launchers = {bwrap: "bwrap", jail: "jail", floor: "floor"}
line = re.compile(r"^\s*(.+?)-(\d+)\s+\[\d+\]\s+\S+\s+([\d.]+): (\w+): (.*)$")
runs, cur = [], None
for text in open(trace):
    m = line.match(text)
    if not m:
        continue
    comm, pid, ts, event, rest = m.group(1), int(m.group(2)), float(m.group(3)) * 1e6, m.group(4), m.group(5)
    if event == "sched_process_exec":
        filename = rest.split()[0][len("filename="):]
        if filename in launchers and (cur is None or "end" in cur):
            cur = {"kind": launchers[filename], "start": ts, "pid": pid, "pids": {pid}, "forked": {}}
            runs.append(cur)
        elif cur is not None and pid in cur["pids"] and filename == true_bin:
            cur["exec"], cur["app fork"], cur["app"] = ts, cur["forked"].get(pid), pid
    elif cur is None:
        continue
    elif event == "sched_process_fork":
        parent, child = (int(x) for x in re.search(r" pid=(\d+).* child_pid=(\d+)", rest).groups())
        if parent in cur["pids"]:
            cur["pids"].add(child)
            cur["forked"][child] = ts
            if parent == cur["pid"]:
                cur.setdefault("first fork", ts)
    elif event == "sched_process_exit" and pid in cur["pids"]:
        if pid == cur.get("app"):
            cur["exit"] = ts
        if pid == cur["pid"]:
            cur["end"] = ts

phases = [("launcher's exec to its first fork", "start", "first fork"),
          ("to the fork of the app", "first fork", "app fork"),
          ("the app's fork to its exec", "app fork", "exec"),
          ("true runs", "exec", "exit"),
          ("true's exit to the launcher's", "exit", "end"),
          ("all", "start", "end")]
table = collections.defaultdict(lambda: collections.defaultdict(list))
for r in runs:
    if all(r.get(k) is not None for k in ("first fork", "app fork", "exec", "exit", "end")):
        for name, a, b in phases:
            table[r["kind"]][name].append(r[b] - r[a])
kinds = [k for k in ("bwrap", "jail", "floor") if table[k]]
print("medians, microseconds, %s rounds in turn" % min(len(table[k]["all"]) for k in kinds))
print("%-36s" % "" + "".join("%9s" % k for k in kinds))
for name, _, _ in phases:
    print("%-36s" % name + "".join("%9.0f" % statistics.median(table[k][name]) for k in kinds))
EOF
