#!/bin/bash
# Memory per sandbox: RSS and PSS of the launcher's own processes (not the
# payload) while a `sleep` runs, for jail's default sandbox, `--profile gui`
# and `--net=slirp`, beside a flatpak-like bwrap and bwrap + slirp4netns,
# all in one run.  Prints the figures and the ratios jail/bwrap (target:
# PSS <= 1.0x).  Not a test: it is not registered in meson test.
#
# PSS (proportional set size) is the figure that adds up: a page shared by
# N processes counts 1/N in each, so it is what one more sandbox costs the
# machine.  RSS counts shared libraries in full.
#
# Usage: tests/bench/memory.sh [JAIL-BINARY]   (default: build/src/jail)
# JAIL_BASE=OTHER-JAIL-BINARY also measures that build's default and
# --net=slirp sandboxes in the same run (as startup.sh), for a before/after.
# Started as root it re-runs itself as $JAIL_TEST_USER (jail-test).
#
# SPDX-License-Identifier: LGPL-2.1-or-later
set -eu

here=$(cd "$(dirname "$0")" && pwd)
JAIL=${1:-${JAIL:-$here/../../build/src/jail}}
JAIL=$(realpath "$JAIL")
JAIL_BASE=${JAIL_BASE:+$(realpath "$JAIL_BASE")}
: "${JAIL_TEST_USER:=jail-test}"

# The launchers run as the unprivileged user; the measuring stays root when
# started as root, because the sandboxes' init processes are non-dumpable
# and their memory maps are unreadable to their own user.
# Always run in the background (`as_user CMD &`): exec, so that $! is the
# launcher itself and not a subshell around it.
as_user() { exec "$@"; }
if [ "$(id -u)" = 0 ]; then
  id "$JAIL_TEST_USER" >/dev/null 2>&1 || { echo "memory.sh: no user $JAIL_TEST_USER (tests/run-all creates it)" >&2; exit 1; }
  home=$(getent passwd "$JAIL_TEST_USER" | cut -d: -f6)
  test_uid=$(id -u "$JAIL_TEST_USER")
  as_user() {
    exec setpriv --reuid="$JAIL_TEST_USER" --regid="$JAIL_TEST_USER" --init-groups \
      env HOME="$home" USER="$JAIL_TEST_USER" XDG_RUNTIME_DIR="$XDG_RUNTIME_DIR" "$@"
  }
else
  home=$HOME
  test_uid=$(id -u)
fi

for tool in bwrap slirp4netns python3; do
  command -v "$tool" >/dev/null || { echo "memory.sh: $tool is missing (tests/install-deps)" >&2; exit 1; }
done
[ -x "$JAIL" ] || { echo "memory.sh: $JAIL is not built" >&2; exit 1; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/jail-bench.XXXXXX")
chmod 755 "$tmp"
export XDG_RUNTIME_DIR="$tmp/run"
mkdir -m 700 "$XDG_RUNTIME_DIR"
[ "$(id -u)" = 0 ] && chown "$JAIL_TEST_USER:" "$tmp" "$XDG_RUNTIME_DIR"
trap 'kill $(jobs -p) 2>/dev/null; rm -rf "$tmp"' EXIT

# The flatpak-like seccomp filter for bwrap, as in startup.sh.
seccomp_fd_args=()
if cc -O2 -o "$tmp/bpf-filter" "$here/bpf-filter.c" $(pkg-config --cflags --libs libseccomp 2>/dev/null) \
     2>/dev/null && "$tmp/bpf-filter" > "$tmp/filter.bpf"; then
  seccomp_fd_args=(--seccomp 9)
fi
links=()
for l in bin lib lib32 lib64 libx32 sbin; do
  [ -L "/$l" ] && links+=(--symlink "$(readlink "/$l")" "/$l")
done
uid=$test_uid
bwrap_desktop=(bwrap --unshare-all --die-with-parent --tmpfs / --ro-bind /usr /usr --ro-bind /etc /etc
  "${links[@]}" --proc /proc --dev /dev --tmpfs /tmp --tmpfs /run --dir "/run/user/$uid" --tmpfs "$home"
  "${seccomp_fd_args[@]}")

# Every process of the tree rooted at PID, the root included.
tree() {
  local p=$1 c
  echo "$p"
  for c in $(cat /proc/"$p"/task/*/children 2>/dev/null); do tree "$c"; done
}

# "RSS PSS" in kB of the tree under PID (and of EXTRA pids), leaving out the
# payload: the processes whose command is `sleep`.
measure() {
  local rss=0 pss=0 p
  for p in $(tree "$1") "${@:2}"; do
    [ "$(cat /proc/"$p"/comm 2>/dev/null)" = sleep ] && continue
    read -r r s < <(awk '/^Rss:/ {r = $2} /^Pss:/ {s = $2} END {print r + 0, s + 0}' \
      /proc/"$p"/smaps_rollup 2>/dev/null || echo "0 0")
    rss=$((rss + r)); pss=$((pss + s))
  done
  echo "$rss $pss"
}

# Start a launcher in the background, wait until its payload runs, measure.
# run_case NAME CMD...
results=()
# measure_once CMD...: "RSS PSS" of one launcher, started in the background,
# once its payload runs.
measure_once() {
  as_user "$@" >/dev/null 2>>"$tmp/launch.err" 9<"$tmp/filter.bpf" &
  local pid=$!
  for _ in $(seq 100); do
    tree "$pid" | while read -r p; do [ "$(cat /proc/"$p"/comm 2>/dev/null)" = sleep ] && echo y; done | grep -q y && break
    sleep 0.05
  done
  sleep 0.3
  measure "$pid"
  kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null || true
}

# run_case NAME CMD...: the median of RUNS (default 5) measurements: PSS
# moves with what else maps the same pages at that moment.
run_case() {
  local name=$1; shift
  local m
  m=$(for _ in $(seq "${RUNS:-5}"); do measure_once "$@"; done | sort -n -k2 | awk '{a[NR] = $0} END {print a[int((NR + 1) / 2)]}')
  results+=("$name $m")
  printf '  %-22s RSS %6s kB  PSS %6s kB\n' "$name" ${m}
}

[ -f "$tmp/filter.bpf" ] || : > "$tmp/filter.bpf"
echo "memory of the launcher's processes while \`sleep 30\` runs (payload left out; median of ${RUNS:-5}):"
run_case jail-default "$JAIL" -- sleep 30
run_case jail-gui "$JAIL" --profile "$here/../../profiles/gui.profile" -- sleep 30
run_case bwrap-desktop "${bwrap_desktop[@]}" sleep 30
run_case jail-slirp "$JAIL" --net=slirp -- sleep 30
if [ -n "$JAIL_BASE" ]; then
  run_case base-default "$JAIL_BASE" -- sleep 30
  run_case base-slirp "$JAIL_BASE" --net=slirp -- sleep 30
fi

# bwrap + slirp4netns: the memory of bwrap-desktop plus that of a
# slirp4netns serving a network namespace (measured on one of its own:
# slirp4netns cannot join the namespaces of bwrap's sandbox from outside
# once bwrap has mounted a fresh /proc in it).
as_user unshare --user --map-root-user --net sh -c 'echo $$ > '"$tmp"'/ns.pid; exec sleep 30' &
nspid=$!
for _ in $(seq 100); do [ -s "$tmp/ns.pid" ] && break; sleep 0.05; done
as_user slirp4netns --configure --mtu=65520 --disable-host-loopback "$(cat "$tmp/ns.pid")" tap0 >/dev/null 2>"$tmp/slirp4netns.err" &
spid=$!
sleep 0.8
kill -0 "$spid" 2>/dev/null || { echo "memory.sh: slirp4netns did not start: $(cat "$tmp/slirp4netns.err")" >&2; exit 1; }
m=$(measure "$spid")
kill "$spid" "$nspid" 2>/dev/null; wait "$spid" "$nspid" 2>/dev/null || true
read -r srss spss <<<"$m"
for r in "${results[@]}"; do
  set -- $r
  [ "$1" = bwrap-desktop ] && m="$(( $2 + srss )) $(( $3 + spss ))"
done
results+=("bwrap+slirp4netns $m")
printf '  %-22s RSS %6s kB  PSS %6s kB  (slirp4netns alone: PSS %s kB)\n' "bwrap+slirp4netns" $m "$spss"

# Scale: N of each at once (default 20; SCALE=0 skips), total PSS and the
# time to start them all.  Shared pages (the jail binary, GLib) are then
# split between the sandboxes, as on a desktop that runs a dozen apps.
scale() { # scale NAME CMD...
  local name=$1; shift
  local pids=() t0 t1 p n=0 total=0
  t0=$(date +%s%N)
  for _ in $(seq "$SCALE"); do
    as_user "$@" >/dev/null 2>&1 9<"$tmp/filter.bpf" &
    pids+=($!)
  done
  for _ in $(seq 400); do
    n=0
    for p in "${pids[@]}"; do
      tree "$p" | while read -r q; do [ "$(cat /proc/"$q"/comm 2>/dev/null)" = sleep ] && echo y; done | grep -q y && n=$((n + 1))
    done
    [ "$n" -ge "$SCALE" ] && break
    sleep 0.1
  done
  t1=$(date +%s%N)
  sleep 0.5
  for p in "${pids[@]}"; do
    read -r _ s <<<"$(measure "$p")"
    total=$((total + s))
  done
  kill "${pids[@]}" 2>/dev/null; wait "${pids[@]}" 2>/dev/null || true
  results+=("scale-$name 0 $((total / SCALE))")
  printf '  %-22s %d started in %5d ms, PSS %6d kB in all, %5d kB each\n' "$name" "$SCALE" \
    $(( (t1 - t0) / 1000000 )) "$total" $((total / SCALE))
}
: "${SCALE:=20}"
if [ "$SCALE" -gt 0 ]; then
  echo
  echo "$SCALE sandboxes at once:"
  scale jail "$JAIL" -- sleep 60
  scale bwrap "${bwrap_desktop[@]}" sleep 60
fi

python3 - "${results[@]}" <<'EOF'
import sys
r = {}
for line in sys.argv[1:]:
    name, rss, pss = line.split()
    r[name] = (int(rss), int(pss))
def ratio(a, b):
    return f"{r[a][1] / r[b][1]:.2f}" if r[b][1] else "?"
print("\nratios of PSS (target <= 1.0):")
print(f"  jail-default / bwrap-desktop:     {ratio('jail-default', 'bwrap-desktop')}")
print(f"  jail-gui / bwrap-desktop:         {ratio('jail-gui', 'bwrap-desktop')}")
print(f"  jail-slirp / bwrap+slirp4netns:   {ratio('jail-slirp', 'bwrap+slirp4netns')}")
if "base-slirp" in r:
    print(f"  jail-default / base-default:      {ratio('jail-default', 'base-default')}")
    print(f"  jail-slirp / base-slirp:          {ratio('jail-slirp', 'base-slirp')}")
if "scale-jail" in r:
    print(f"  at scale, jail / bwrap (each):    {ratio('scale-jail', 'scale-bwrap')}")
EOF
