#!/bin/bash
# The sandbox's PID 1 as a package installs jail: jail-init owned by root
# and unreadable (mode 0711, as meson installs it).  PID 1 execs that file
# as it is, with no copy of it (src/sandbox/exec.c), and must be as closed
# to the command as the copy is: the exec of a file it may not read leaves
# it non-dumpable from its first instruction.  The command races PID 1
# from its first moment (try-syscall pid1-race, as in attacks.sh), with a
# PID 1 held back before its exec (JAIL_TEST_INIT=slow-exec) and without
# Landlock, where only PID 1's non-dumpability stands.
#
# Root lays the files out (only root can make them another owner's); every
# sandbox runs as the unprivileged test user.
# SPDX-License-Identifier: LGPL-2.1-or-later
JAIL_TEST_ALLOW_ROOT=1
. "$(dirname "$0")/../lib/tap.sh"
: "${TRY_SYSCALL:?TRY_SYSCALL must name the try-syscall helper}"
if [ "$(id -u)" != 0 ]; then
  echo "1..0 # SKIP needs root to install jail-init as another owner's file"
  exit 0
fi
if ! id "$JAIL_TEST_USER" >/dev/null 2>&1; then
  echo "1..0 # SKIP test user $JAIL_TEST_USER does not exist (tests/run-all creates it)"
  exit 0
fi
plan 12

user_env() {
  local home
  home=$(getent passwd "$JAIL_TEST_USER" | cut -d: -f6)
  echo setpriv --reuid="$JAIL_TEST_USER" --regid="$JAIL_TEST_USER" --init-groups \
    env HOME="$home" USER="$JAIL_TEST_USER" LOGNAME="$JAIL_TEST_USER"
}
as_user() { $(user_env) "$@"; }
user_jail() { out=$(cd / && as_user "$@" 2>&1); rc=$?; }

# A prefix of jail's programs, root's: jail looks for its helpers beside
# itself first (src/common/helper.c).
build=$(dirname "$JAIL")
prefix=$tap_tmp/prefix
mkdir "$prefix"
for f in jail jail-lookups.so jail-supervisor jail-scope; do
  [ -e "$build/$f" ] && install -m 0755 "$build/$f" "$prefix/$f"
done
install -m 0711 "$build/jail-init" "$prefix/jail-init"
mkdir "$tap_tmp/t" && install -m 0755 "$TRY_SYSCALL" "$tap_tmp/t/try-syscall"
chmod 755 "$tap_tmp"
J=$prefix/jail
T="--ro-bind $tap_tmp/t /t"

user_jail "$J" -- sh -c 'exit 3'
is "$rc" 3 "with root's unreadable jail-init, the command's status comes back (3)"

# pid1_exe MODE: start a sandbox with jail-init of MODE; print where its
# PID 1's program is, seen from the host, then whether the test user may
# read PID 1's environment.
pid1_exe() {
  chmod "$1" "$prefix/jail-init"
  (cd / && exec $(user_env) "$J" -- sleep 10 >/dev/null 2>&1) &
  local mon=$! init="" i=0
  while [ -z "$init" ] && [ $i -lt 250 ]; do
    init=$(pgrep -P "$mon" -x jail-init | head -n 1)
    [ -n "$init" ] || sleep 0.02
    i=$((i + 1))
  done
  readlink "/proc/$init/exe"
  as_user cat "/proc/$init/environ" >/dev/null 2>&1 && echo readable || echo unreadable
  kill "$mon"
  wait "$mon" 2>/dev/null
}
is "$(pid1_exe 0711 | tr '\n' ' ')" "$prefix/jail-init unreadable " \
  "PID 1 execs root's unreadable jail-init as it is, and the user cannot read its environment"
like "$(pid1_exe 0755 | tr '\n' ' ')" "^/memfd:jail-init \(deleted\) unreadable $" \
  "a jail-init the user may read is copied first (the copy's PID 1 is unreadable too)"
chmod 0711 "$prefix/jail-init"

for opts in "" "--landlock=off --allow-ptrace"; do
  # shellcheck disable=SC2086
  user_jail env JAIL_TEST_INIT=slow-exec "$J" $T $opts -- /t/try-syscall pid1-race
  like "$rc:$out" "^0:pid1-race: before=[1-9][0-9]*/0/0 after=200/0/0$" \
    "PID 1 held back before root's jail-init${opts:+ ($opts)}: never readable nor traceable"
done
user_jail "$J" $T --landlock=off --allow-ptrace -- /t/try-syscall pid1-race
like "$rc:$out" "^0:pid1-race: before=[0-9]+/0/0 after=200/0/0$" \
  "PID 1 at a normal pace, root's jail-init (--landlock=off --allow-ptrace): never readable nor traceable"

# jail-init of the user's own, unreadable by mode: the user could make it
# readable (chmod) while PID 1 is not yet jail-init, so it is copied.
chown "$JAIL_TEST_USER:$(id -g "$JAIL_TEST_USER")" "$prefix/jail-init"
is "$(pid1_exe 0100 | tr '\n' ' ')" "/memfd:jail-init (deleted) unreadable " \
  "a jail-init the user owns is copied, whatever its mode"
chown root:root "$prefix/jail-init"
chmod 0711 "$prefix/jail-init"
user_jail "$J" --info-fd 3 -- sh -c 'exit 4' 3>/dev/null
is "$rc" 4 "with --info-fd (a dumpable PID 1), root's jail-init serves too (4)"

# What the monitor needs of the running sandbox (its record's namespaces,
# the report's root) it gets from the sandbox before PID 1's exec: root's
# jail-init leaves PID 1's /proc entries closed to the user for good (the
# exec of a file whose owner has no uid in the sandbox gives PID 1's memory
# to the host's user namespace).  A registry of the user's own.
run=$tap_tmp/run
mkdir -m 700 "$run" && chown "$JAIL_TEST_USER" "$run"
mkdir -p "$tap_tmp/home/Music" && echo tune > "$tap_tmp/home/Music/installed-$$.mp3"
chown -R "$JAIL_TEST_USER" "$tap_tmp/home"
ujail() { (cd / && exec $(user_env) HOME="$tap_tmp/home" XDG_RUNTIME_DIR="$run" "$@"); }
ujail "$J" --name inst -- sh -c \
  "cat ~/Music/installed-$$.mp3 2>/dev/null; readlink /proc/self/ns/net /proc/self/ns/cgroup; exec sleep 20" \
  >"$tap_tmp/inst" 2>&1 &
inst=$!
for _ in $(seq 200); do
  [ "$(wc -l <"$tap_tmp/inst")" = 2 ] && [ -s "$run/jail/inst/info.json" ] && break
  sleep 0.05
done
inside=$(tr -dc '0-9\n' <"$tap_tmp/inst" | tr '\n' ' ')
recorded=$(python3 -c 'import json, sys
n = json.load(open(sys.argv[1]))["namespaces"]
print(n["net"], n["cgroup"], "")' "$run/jail/inst/info.json" 2>&1)
is "$recorded" "$inside" "root's jail-init: the record names the sandbox's own network and cgroup namespaces"
out=$(ujail "$J" enter inst -- sh -c 'readlink /proc/self/ns/net; exit 6' 2>&1)
is "$?:$(echo $out | tr -dc '0-9')" "6:$(echo "$inside" | cut -d' ' -f1)" \
  "root's jail-init: jail enter runs in the sandbox's network namespace, with its status"
for _ in $(seq 100); do
  out=$(ujail "$J" stats inst 2>&1)
  [[ $out == *"missing path"* ]] && break
  sleep 0.05
done
like "$out" "1 missing path that exists on the host \(~/Music/installed-$$\.mp3\)" \
  "root's jail-init: jail stats shows a path the command missed (the report's root)"
ujail "$J" kill inst >/dev/null 2>&1
wait "$inst" 2>/dev/null
is "$(ls "$run/jail" 2>/dev/null | grep -c '^inst$')" 0 "the record is gone with the sandbox"

