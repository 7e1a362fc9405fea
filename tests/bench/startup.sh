#!/bin/bash
# Startup + teardown benchmark: `true` in jail's default sandbox, against
# bubblewrap with an equivalent flatpak-like setup and against plain
# `unshare -U -r -m -p -f --mount-proc true`, in one hyperfine run.  Prints
# the medians, the ratio jail/bwrap (target: <= 0.8) and the monitor's peak
# RSS while a `sleep` runs.  Beside them runs floor.c: bwrap's namespaces,
# mounts and filter set up by the shortest C program, the part of a start
# that is the kernel's on this machine.  Not a test: it is not registered in meson test.
#
# Usage: tests/bench/startup.sh [JAIL-BINARY]   (default: build/src/jail)
#   RUNS=N (default 40) WARMUP=N (default 5) change hyperfine's counts.
#   ROUNDS=N (default 100, 0 for none) then runs the same commands in turn
#   N times (alternate.py), which puts the machine's drift on each alike.
#   JAIL_BASE=OTHER-JAIL-BINARY adds it to the same run ("jail-base"), for
#   a before/after comparison on equal terms.
# Started as root it re-runs itself as $JAIL_TEST_USER (jail-test), since
# jail is meant to be run rootless.
#
# SPDX-License-Identifier: LGPL-2.1-or-later
set -eu

here=$(cd "$(dirname "$0")" && pwd)
JAIL=${1:-${JAIL:-$here/../../build/src/jail}}
JAIL=$(realpath "$JAIL")
: "${JAIL_TEST_USER:=jail-test}"

if [ "$(id -u)" = 0 ] && id "$JAIL_TEST_USER" >/dev/null 2>&1; then
  home=$(getent passwd "$JAIL_TEST_USER" | cut -d: -f6)
  exec setpriv --reuid="$JAIL_TEST_USER" --regid="$JAIL_TEST_USER" --init-groups \
    env HOME="$home" USER="$JAIL_TEST_USER" RUNS="${RUNS:-}" WARMUP="${WARMUP:-}" JAIL_BASE="${JAIL_BASE:-}" \
    ROUNDS="${ROUNDS:-}" \
    bash "$0" "$JAIL"
fi

for tool in hyperfine bwrap unshare python3; do
  command -v "$tool" >/dev/null || { echo "startup.sh: $tool is missing (tests/install-deps)" >&2; exit 1; }
done
[ -x "$JAIL" ] || { echo "startup.sh: $JAIL is not built" >&2; exit 1; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/jail-bench.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

# The seccomp filter for bwrap: a flatpak-like deny list compiled to BPF by
# a tiny libseccomp helper (libseccomp-dev is a build dependency of jail).
seccomp_args=""
seccomp_note="without seccomp filter (could not build tests/bench/bpf-filter.c)"
if cc -O2 -o "$tmp/bpf-filter" "$here/bpf-filter.c" $(pkg-config --cflags --libs libseccomp 2>/dev/null) \
     2>"$tmp/cc.log" && "$tmp/bpf-filter" > "$tmp/filter.bpf"; then
  seccomp_args="--seccomp 9"
  seccomp_note="with a $(($(stat -c %s "$tmp/filter.bpf") / 8))-instruction seccomp filter (--seccomp FD)"
fi

# The floor: the same sandbox as bwrap's below, by floor.c.
floor_cmd=""
if cc -O2 -o "$tmp/floor" "$here/floor.c" 2>"$tmp/cc-floor.log"; then
  floor_cmd="$tmp/floor${seccomp_args:+ -s $tmp/filter.bpf} $(type -P true)"
fi

# bwrap's equivalent of jail's default sandbox: tmpfs root, read-only /usr
# and /etc, the host's /bin /lib... links, private /proc /dev /tmp, tmpfs
# /run/user/UID and $HOME, every namespace, --die-with-parent.
links=""
for l in bin lib lib32 lib64 libx32 sbin; do
  [ -L "/$l" ] && links="$links --symlink $(readlink "/$l") /$l"
done
uid=$(id -u)
# Every command by its full path and run by `exec`: a PATH search costs a
# harness time of its own (a forked Python child's failed exec attempts, one
# per directory before /usr/bin, took 2.2 ms here), and bash forks once more
# for a command with a redirection, such as bwrap's 9<FILE, unless it is
# exec'd: either was counted to bwrap alone.
bwrap=$(command -v bwrap)
bwrap_cmd="$bwrap --unshare-all --die-with-parent --tmpfs / --ro-bind /usr /usr --ro-bind /etc /etc$links \
--proc /proc --dev /dev --tmpfs /tmp --tmpfs /run --dir /run/user/$uid --tmpfs $HOME $seccomp_args true"
[ -n "$seccomp_args" ] && bwrap_cmd="$bwrap_cmd 9<$tmp/filter.bpf"
jail_cmd="$JAIL -- true"
unshare_cmd="$(command -v unshare) -U -r -m -p -f --mount-proc true"
if [ -n "${JAIL_BASE:-}" ]; then
  base_cmd="$(realpath "$JAIL_BASE") -- true"
fi

# Fail early with a clear message rather than benchmarking an error.
for c in "$jail_cmd" "$bwrap_cmd" "$unshare_cmd" ${base_cmd:+"$base_cmd"} ${floor_cmd:+"$floor_cmd"}; do
  bash -c "$c" || { echo "startup.sh: '$c' fails here" >&2; exit 1; }
done

echo "jail:    $jail_cmd"
echo "bwrap:   $bwrap_cmd"
echo "         ($seccomp_note; jail loads its default filter)"
echo "unshare: $unshare_cmd"
echo "floor:   ${floor_cmd:-not built (tests/bench/floor.c did not compile)}"
[ -n "${JAIL_BASE:-}" ] && echo "jail-base: $base_cmd"
echo

base_hf=()
[ -n "${JAIL_BASE:-}" ] && base_hf=(-n jail-base "exec $base_cmd")
[ -n "$floor_cmd" ] && base_hf+=(-n floor "exec $floor_cmd")
hyperfine --shell=bash --style=basic -w "${WARMUP:-5}" -r "${RUNS:-40}" \
  --export-json "$tmp/result.json" -n jail "exec $jail_cmd" -n bwrap "exec $bwrap_cmd" \
  -n unshare "exec $unshare_cmd" "${base_hf[@]}" >&2

python3 - "$tmp/result.json" <<'EOF'
import json, sys
res = {r["command"]: r for r in json.load(open(sys.argv[1]))["results"]}
print("\nmedians (startup + teardown of `true`):")
for name in ("jail", "jail-base", "bwrap", "unshare", "floor"):
    if name not in res:
        continue
    r = res[name]
    print(f"  {name:9s} {r['median'] * 1000:7.2f} ms   (min {r['min'] * 1000:.2f}, max {r['max'] * 1000:.2f},"
          f" user {r['user'] * 1000:.2f}, system {r['system'] * 1000:.2f})")
for name in ("jail", "jail-base"):
    if name in res:
        ratio = res[name]["median"] / res["bwrap"]["median"]
        print(f"ratio {name}/bwrap (median): {ratio:.2f}  (target <= 0.8)")
if "floor" in res:
    print(f"ratio floor/bwrap (median): {res['floor']['median'] / res['bwrap']['median']:.2f}"
          f"  (the same sandbox without bwrap's or jail's own work)")
EOF

if [ "${ROUNDS:-100}" -gt 0 ]; then
  echo
  # bwrap_cmd's last word, 9<FILE, is one alternate.py opens itself.
  python3 "$here/alternate.py" "${ROUNDS:-100}" "bwrap=$bwrap_cmd" "jail=$jail_cmd" \
    ${base_cmd:+"jail-base=$base_cmd"} "unshare=$unshare_cmd" ${floor_cmd:+"floor=$floor_cmd"}
fi

# Peak RSS of the monitor (the jail process on the host) while a sleep runs.
vmhwm() { awk '/^VmHWM:/ {print $2}' "/proc/$1/status" 2>/dev/null; }
"$JAIL" -- sleep 1 &
pid=$!
sleep 0.5
mon=$(vmhwm "$pid")
# By name; the report's supervisor starts only at the first refusal.
init=$(pgrep -P "$pid" -x jail-init | head -1)
init_kb=$( [ -n "$init" ] && vmhwm "$init" || true)
sup=$(pgrep -P "$pid" -x jail-supervisor | head -1)
sup_kb=$( [ -n "$sup" ] && vmhwm "$sup" || true)
wait "$pid"
bwrap --unshare-all --die-with-parent --tmpfs / --ro-bind /usr /usr $links --proc /proc --dev /dev sleep 1 &
bpid=$!
sleep 0.5
bw=$(vmhwm "$bpid")
wait "$bpid"
echo
echo "peak RSS (VmHWM) while \`sleep 1\` runs: jail monitor ${mon:-?} kB, jail's init inside ${init_kb:-?} kB," \
  "the report's supervisor ${sup_kb:+$sup_kb kB}${sup_kb:-not started};" \
  "bwrap (outer process) ${bw:-?} kB"
