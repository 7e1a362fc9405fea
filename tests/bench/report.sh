#!/bin/bash
# The denial report's cost: --report=never (the plain filter) against the
# default (refusing rows notify the supervisor, started at the first
# refusal; no path is watched) and --learn (the lookups of the open and
# stat family from the cwd or absolute, and readlink, notify too), on
# four workloads in one run each: startup of `true`,
# `find /usr -type f | wc -l`, a small build (make -j1 compiling
# BUILD_FILES small C files) and the same build in a directory of the
# home, where every header the compiler misses is in the report's scope
# (the default report is told of each by jail-lookups.so).  The variants run interleaved, round after
# round; the script prints each median (wall and CPU time) and the ratio
# to --report=never.  On a shared machine the ratios are noisy: compare
# within one run.
#
# Usage: tests/bench/report.sh [JAIL]
#   RUNS (true, default 100), RUNS_FIND (default 10), RUNS_BUILD (default 10),
#   BUILD_FILES (default 20), LEARN=0 to leave --learn out, JAIL_BASE=OTHER
#   adds another build's default ("base") to the same runs.
# Started as root, it re-runs itself as the test user (jail-test).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
JAIL=$(realpath "${1:-${JAIL:-$here/../../build/src/jail}}")
: "${JAIL_TEST_USER:=jail-test}"
if [ "$(id -u)" = 0 ] && id "$JAIL_TEST_USER" >/dev/null 2>&1; then
  home=$(getent passwd "$JAIL_TEST_USER" | cut -d: -f6)
  exec setpriv --reuid="$JAIL_TEST_USER" --regid="$JAIL_TEST_USER" --init-groups \
    env HOME="$home" USER="$JAIL_TEST_USER" RUNS="${RUNS:-}" RUNS_FIND="${RUNS_FIND:-}" \
    RUNS_BUILD="${RUNS_BUILD:-}" BUILD_FILES="${BUILD_FILES:-}" LEARN="${LEARN:-}" \
    JAIL_BASE="${JAIL_BASE:-}" \
    bash "$0" "$JAIL"
fi
for tool in make cc python3; do
  command -v "$tool" >/dev/null || { echo "report.sh: $tool is missing (tests/install-deps)" >&2; exit 1; }
done

tmp=$(mktemp -d "${TMPDIR:-/tmp}/jail-bench-report.XXXXXX")
home_src=$(mktemp -d "$HOME/jail-bench-report.XXXXXX")
trap 'rm -rf "$tmp" "$home_src"' EXIT
chmod 755 "$tmp"
# The build's sources, read-only in the sandbox; objects go to its /tmp.
src=$tmp/src
mkdir "$src"
for i in $(seq "${BUILD_FILES:-20}"); do
  printf '#include <stdio.h>\n#include <stdlib.h>\n#include <string.h>\n' > "$src/f$i.c"
  printf 'int f%d (int x) { char b[16]; snprintf (b, sizeof b, "%%d", x); return (int) strlen (b) + atoi (b); }\n' \
    "$i" >> "$src/f$i.c"
done
# shellcheck disable=SC2016 # make's variables, not the shell's
printf 'OBJS := $(patsubst %%.c,$(O)/%%.o,$(wildcard *.c))\nall: $(OBJS)\n$(O)/%%.o: %%.c\n\t$(CC) -O2 -c $< -o $@\n' \
  > "$src/Makefile"

cp "$src"/*.c "$src/Makefile" "$home_src"
# Each compile looks every header up in two empty directories of the
# home first: each lookup there a miss.
mkdir "$home_src/include" "$home_src/inc2"
sed -i 's/-O2 -c/-O2 -Iinclude -Iinc2 -c/' "$home_src/Makefile"

variants=(never "$JAIL --report=never" default "$JAIL")
[ "${LEARN:-1}" = 0 ] || variants+=(learn "$JAIL --learn=$tmp/draft.local")
[ -z "${JAIL_BASE:-}" ] || variants+=(base "$(realpath "$JAIL_BASE")")

# One workload: every variant in turn, RUNS rounds (interleaved, so that
# the load of a shared machine weighs on each alike), after one warm-up
# round; the median wall time and CPU time (user + system of jail and all
# it waited for) of each, and their ratios to --report=never.
bench() {
  local name=$1 runs=$2
  shift 2
  python3 - "$name" "$runs" "$*" "${variants[@]}" <<'EOF'
import os, statistics, sys, time
name, runs, args, rest = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4:]
variants = list(zip(rest[0::2], rest[1::2]))
null = os.open("/dev/null", os.O_RDWR)
def once(cmd):
    t = time.monotonic()
    pid = os.fork()
    if pid == 0:
        os.dup2(null, 1)
        os.dup2(null, 2)
        os.execv("/bin/sh", ["sh", "-c", "exec " + cmd])
    _, status, ru = os.wait4(pid, 0)
    if status != 0:
        sys.exit(f"report.sh: '{cmd}' failed ({status})")
    return time.monotonic() - t, ru.ru_utime + ru.ru_stime
wall = {v: [] for v, _ in variants}
cpu = {v: [] for v, _ in variants}
for v, c in variants:
    once(f"{c} {args}")
for _ in range(runs):
    for v, c in variants:
        w, u = once(f"{c} {args}")
        wall[v].append(w)
        cpu[v].append(u)
w0, c0 = statistics.median(wall["never"]), statistics.median(cpu["never"])
cells = []
for v, _ in variants:
    w, c = statistics.median(wall[v]), statistics.median(cpu[v])
    cells.append(f"{v} {w * 1000:.1f} ({w / w0:.3f}) cpu {c * 1000:.1f} ({c / c0:.3f})")
print(f"{name:6s} " + "   ".join(cells), flush=True)
EOF
}

echo "medians of interleaved runs in ms (ratio to --report=never): wall, then CPU"
bench true "${RUNS:-100}" -- true
bench find "${RUNS_FIND:-10}" -- "sh -c 'find /usr -type f | wc -l'"
bench build "${RUNS_BUILD:-10}" --filesystem="$src:ro" -- make -s -j1 -C "$src" O=/tmp
bench home "${RUNS_BUILD:-10}" --filesystem="$home_src" -- make -s -j1 -C "$home_src" O=/tmp
