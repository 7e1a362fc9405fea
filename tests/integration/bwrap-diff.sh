#!/bin/bash
# Differential tests: the same argument lists run under Debian's real
# bubblewrap (the oracle) and under jail invoked as bwrap; what the
# sandboxed process observes must be the same: ids, namespaces (new or the
# host's), environment, cwd, hostname, capabilities, the shape of
# /proc/self/mountinfo (mount points, fs types, ro/rw), visible files with
# their modes and owners, stdout/stderr, the exit code and the members of
# the --json-status-fd objects.
#
# Known, documented differences are normalised away (see normalise()):
# - /dev/pts's root directory: bwrap sets up as uid 0 in a second user
#   namespace, so its devpts root is owned by the caller; ours is owned by
#   the (unmapped) host root.  The ptys themselves are the same.
# - namespace ids, pids and link counts differ between any two runs.
# - missing parents of a bind destination: bwrap 0.8 creates them 0700,
#   bwrap 0.11 (whose behaviour jail follows) documents 0755; masked for
#   the top-level directories the test cases create that way.
# - the Seccomp: mode: jail keeps one filter of its own in bwrap mode (TIOCSTI
#   and TIOCLINUX refused, CVE-2017-5226), so it reads 2 where bwrap's 0;
#   bwrap-0.11.sh shows the rule from inside.
. "$(dirname "$0")/../lib/tap.sh"

ORACLE=${BWRAP_ORACLE:-/usr/bin/bwrap}
ROOT='--ro-bind /usr /usr --symlink usr/bin /bin --symlink usr/lib /lib --symlink usr/lib64 /lib64 --symlink usr/sbin /sbin'
: "${BWRAP:?BWRAP must name the bwrap link to jail}"
if [ ! -x "$ORACLE" ] || ! "$ORACLE" $ROOT true 2>/dev/null; then
  echo "1..0 # SKIP no working $ORACLE to compare with (apt-get install bubblewrap)"
  exit 0
fi

d=$tap_tmp
mkdir -p "$d/rw/sub" "$d/app"
echo hello >"$d/rw/file"
echo data >"$d/data"
echo ref >"$d/app/.ref"
chmod 0640 "$d/rw/file"
printf -- '--tmpfs\0/mnt\0--setenv\0FROM_ARGS\0yes\0' >"$d/args1"
printf '%s\0' --args 6 --dir /opt/outer >"$d/args-outer"
printf '%s\0' --dir /opt/inner >"$d/args-inner"
printf -- '--dir\0/opt/x\0--setenv\0UNTERMINATED\0yes' >"$d/args-unterminated"

# A cBPF filter: uname(2) (63 on x86_64) fails with EPERM, the rest runs.
# Instructions: ld [nr]; jeq 63 ? next : skip; ret ERRNO|1; ret ALLOW.
bpf() { printf '\x20\x00\x00\x00\x00\x00\x00\x00\x15\x00\x00\x01%b\x06\x00\x00\x00\x01\x00\x05\x00\x06\x00\x00\x00\x00\x00\xff\x7f' "$1"; }
if [ "$(uname -m)" = x86_64 ]; then
  bpf '\x3f\x00\x00\x00' >"$d/seccomp-uname"
  bpf '\x66\x00\x00\x00' >"$d/seccomp-getuid" # 102 = getuid
fi

# "ns NAME [ID]" lines: the host's ids become "host", any other "new".
NS_HOST=$(ls -l /proc/self/ns/ | sed -n 's/.* \([a-z_]*\) -> .*\[\([0-9]*\)\]$/s|^ns \1 \\[\2\\]$|ns \1 host|;/p' | tr -d '\n')

# What the sandboxed process reports.  Inside there is only /usr: no awk.
OBS='id; echo "cwd=$(pwd)"; echo "host=$(uname -n 2>&1)"
ls -l /proc/self/ns/ 2>/dev/null | sed -n "s/.* \([a-z_]*\) -> .*\(\[[0-9]*\]\)$/ns \1 \2/p"
if [ $$ -le 9 ]; then echo "pid=$$"; else echo "pid=host"; fi
echo "fds:" /proc/self/fd/*
grep -E "^(Cap(Inh|Prm|Eff|Bnd|Amb)|NoNewPrivs|Seccomp):" /proc/self/status 2>/dev/null
env | LC_ALL=C sort | grep -v -e "^_=" -e "^SHLVL=" -e "^HOSTNS_"
sed -E "s/^[0-9]+ [0-9]+ [0-9:]+ [^ ]+ ([^ ]+) ([^, ]+)[^-]* - ([^ ]+) .*/\1 \3 \2/" /proc/self/mountinfo 2>/dev/null
ls -lAn / /dev /tmp /run /var /mnt /opt /etc /home 2>/dev/null
[ -f /etc/data ] && cat /etc/data
[ -f /mnt/file ] && cat /mnt/file
unshare -U true 2>/dev/null; echo "userns=$?"
exit "${1:-0}"'

# ls -lAn → "mode owner group name[ -> target]", pts's owner masked.
normalise() {
  sed -E -e 's/^([-dlcbps][-rwxsStT]{9}\.?) +[0-9]+ +([0-9]+) +([0-9]+) +([0-9]+, +)?[0-9]+ +[A-Z][a-z]{2} +[0-9]+ +[0-9:]+ /\1 \2 \3 /' \
    -e 's/^(d[-rwx]{9}) [0-9]+ [0-9]+ pts$/\1 ? ? pts/' \
    -e '/^total [0-9]+$/d' \
    -e 's/^Seccomp:\t[02]$/Seccomp: 0 or 2/' \
    -e 's/^d(rwx------|rwxr-xr-x) ([0-9]+ [0-9]+ (sys|home|mnt|tmp))$/d(0700|0755) \2/' \
    -e 's/"child-pid": [0-9]+/"child-pid": N/; s/-namespace": [0-9]+/-namespace": N/g' \
    -e "$NS_HOST" -e 's/^ns ([a-z_]+) \[[0-9]+\]$/ns \1 new/'
}

# one CASE-NAME EXIT-CODE ARGS... ; redirections for fds 5..8 come from
# the REDIR variable (eval'd for each run so each gets fresh fds).
one() {
  local name=$1 code=$2 b which
  shift 2
  # Both at once: the two runs are independent and this halves the time.
  for which in oracle jail; do
    if [ $which = oracle ]; then b=$ORACLE; else b=$BWRAP; fi
    (
      eval "\"\$b\" $BASE \"\$@\" --json-status-fd 9 sh -c \"\$OBS\" obs $code \
        >\"\$d/out.$which\" 2>&1 9>\"\$d/status.$which\" ${REDIR:-}"
      echo "rc=$?" >>"$d/out.$which"
    ) &
  done
  wait
  for which in oracle jail; do
    sed -e "s|^$(basename "$ORACLE"): |bwrap: |" "$d/out.$which" | normalise >"$d/norm.$which"
    normalise <"$d/status.$which" >>"$d/norm.$which"
  done
  if cmp -s "$d/norm.oracle" "$d/norm.jail"; then ok 0 "$name"; else
    ok 1 "$name"
    diag "args: $*" "$(diff "$d/norm.oracle" "$d/norm.jail" | head -20)"
  fi
  REDIR=
}

BASE="$ROOT --proc /proc --dev /dev"
plan 99

cd "$d" || exit 1
one "minimal: only /usr" 0
one "the caller's cwd is kept when visible" 0 --bind "$d" "$d"
one "else \$HOME, when visible" 0 --setenv HOME /usr
one "exit code passes through" 7
one "--unshare-pid" 0 --unshare-pid
one "--unshare-pid --as-pid-1" 0 --unshare-pid --as-pid-1
one "--unshare-net" 0 --unshare-net
one "--unshare-ipc" 0 --unshare-ipc
one "--unshare-uts --hostname" 0 --unshare-uts --hostname sandbox
one "--hostname without --unshare-uts is refused" 0 --hostname sandbox
one "--unshare-cgroup" 0 --unshare-cgroup
one "--unshare-cgroup-try" 0 --unshare-cgroup-try
one "--unshare-all" 0 --unshare-all
one "--unshare-all --share-net" 0 --unshare-all --share-net
one "--unshare-user" 0 --unshare-user
one "--unshare-user-try" 0 --unshare-user-try
one "--uid 0 --gid 0" 0 --uid 0 --gid 0
one "--uid 1234 --gid 4321" 0 --uid 1234 --gid 4321
one "--chdir /usr" 0 --chdir /usr
one "--chdir to a missing directory" 0 --chdir /nonexistent
one "--setenv / --unsetenv" 0 --setenv FOO 'bar baz' --unsetenv HOME
one "--clearenv --setenv" 0 --clearenv --setenv A b
one "--tmpfs /tmp and /run" 0 --tmpfs /tmp --tmpfs /run
one "--perms 0700 --tmpfs" 0 --perms 0700 --tmpfs /tmp
one "--size --tmpfs" 0 --size 1048576 --tmpfs /tmp
one "--dir creates parents" 0 --dir /opt/a/b
one "--perms --dir" 0 --perms 0750 --dir /opt
one "--symlink" 0 --symlink /usr /opt
one "--chmod" 0 --tmpfs /mnt --dir /mnt/x --chmod 0700 /mnt/x
one "--remount-ro /" 0 --remount-ro /
one "--remount-ro a tmpfs" 0 --tmpfs /mnt --remount-ro /mnt
one "--bind" 0 --bind "$d/rw" /mnt
one "--ro-bind" 0 --ro-bind "$d/rw" /mnt
one "--bind-try with a missing source" 0 --bind-try "$d/missing" /mnt
one "--ro-bind with a missing source is refused" 0 --ro-bind "$d/missing" /mnt
one "--dev-bind a device" 0 --dev-bind /dev/null /mnt/null
one "--mqueue" 0 --mqueue /dev/mqueue
REDIR='5<"$d/data"'
one "--file" 0 --file 5 /etc/data
REDIR='5<"$d/data"'
one "--perms --file" 0 --perms 0640 --file 5 /etc/data
REDIR='5<"$d/data"'
one "--bind-data" 0 --bind-data 5 /etc/data
REDIR='5<"$d/data"'
one "--ro-bind-data" 0 --ro-bind-data 5 /etc/data
REDIR='5<"$d/rw"'
one "--bind-fd" 0 --bind-fd 5 /mnt
REDIR='5<"$d/rw"'
one "--ro-bind-fd" 0 --ro-bind-fd 5 /mnt
one "--new-session" 0 --new-session
one "--die-with-parent" 0 --die-with-parent --unshare-pid
REDIR='5<"$d/args1"'
one "--args" 0 --args 5
REDIR='5<"$d/args-outer" 6<"$d/args-inner"'
one "nested --args are refused, as bwrap does" 0 --args 5
REDIR='5<"$d/args-unterminated"'
one "--args: the last argument may lack its NUL" 0 --args 5
REDIR='5<"$d/args1" 6<"$d/args-inner"'
one "two --args in a row" 0 --args 5 --args 6
REDIR='5<"$d/data"'
one "--lock-file" 0 --ro-bind "$d/data" /lockme --lock-file /lockme
REDIR='5<"$d/data"'
one "--sync-fd" 0 --sync-fd 5
REDIR='8>"$d/info"'
one "--info-fd" 0 --info-fd 8
REDIR='5<"$d/data"'
one "--block-fd with data ready" 0 --block-fd 5
one "--cap-add" 0 --cap-add CAP_NET_ADMIN
one "--uid 0 --cap-add ALL --cap-drop CAP_SYS_ADMIN" 0 --uid 0 --cap-add ALL --cap-drop CAP_SYS_ADMIN
one "--unshare-user --disable-userns" 0 --unshare-user --disable-userns
one "--disable-userns --assert-userns-disabled" 0 --unshare-user --disable-userns --assert-userns-disabled
if [ -f "$d/seccomp-uname" ]; then
  REDIR='5<"$d/seccomp-uname"'
  one "--seccomp" 0 --seccomp 5
  REDIR='5<"$d/seccomp-uname" 6<"$d/seccomp-getuid"'
  one "--add-seccomp-fd twice" 0 --add-seccomp-fd 5 --add-seccomp-fd 6
else
  skip "cBPF test filters are written for x86_64" "--seccomp"
  skip "cBPF test filters are written for x86_64" "--add-seccomp-fd twice"
fi
one "overlapping destinations" 0 --tmpfs /mnt --dir /mnt/a --tmpfs /mnt/a --bind "$d/rw" /mnt/a/b
one "destination through a relative symlink" 0 --tmpfs /tmp --symlink tmp /lnk --dir /lnk/sub
one "relative destination is taken from the root" 0 --tmpfs mnt --dir opt/x

# flatpak's run (flatpak-run.c): the app's arguments come through --args.
uid=$(id -u)
printf '%s\0' --unshare-ipc --unshare-pid --unshare-net --die-with-parent \
  --dir /tmp --dir /var/tmp --dir /run/host --dir "/run/user/$uid" \
  --setenv XDG_RUNTIME_DIR "/run/user/$uid" --symlink ../run /var/run \
  --ro-bind-try /sys/block /sys/block --ro-bind-try /sys/bus /sys/bus \
  --ro-bind "$d/app" /app --lock-file /app/.ref \
  --ro-bind-data 7 /.flatpak-info --file 8 /etc/passwd \
  --setenv FLATPAK_ID org.example.App --chdir /app --new-session >"$d/flatpak-args"
REDIR='5<"$d/flatpak-args" 7<"$d/data" 8<"$d/data"'
one "flatpak's arguments" 0 --args 5
# bubblejail (bubblejail/bwrap_config.py): everything unshared, a fresh
# environment, home bound from its own directory, the info fd.
REDIR='8>"$d/info"'
one "bubblejail's arguments" 0 --unshare-all --die-with-parent --clearenv \
  --setenv HOME /home/user --setenv USER user --setenv PATH /usr/bin \
  --tmpfs /tmp --tmpfs /run --dir "/run/user/$uid" --bind "$d/rw" /home/user \
  --chdir /home/user --hostname bubblejail --info-fd 8
one "killed by a signal" 0 --unshare-pid -- sh -c 'kill -TERM $$; sleep 1'
one "killed by a signal, no pid namespace" 0 -- sh -c 'kill -TERM $$; sleep 1'
one "command not found" 0 --chdir / -- nonexistent-command-xyz
one "a command named --bind after --" 0 -- --bind

# Invocations that fail before running anything: same message, same status.
errcase() {
  local name=$1 which b
  shift
  for which in oracle jail; do
    if [ $which = oracle ]; then b=$ORACLE; else b=$BWRAP; fi
    "$b" "$@" >"$d/out.$which" 2>&1
    echo "rc=$?" >>"$d/out.$which"
    sed -i -e "s|$b|BWRAP|g" "$d/out.$which"
    # The usage text is ours; its first line and the status must match.
    [ -n "${USAGE_ONLY:-}" ] && sed -i -n '1p;$p' "$d/out.$which"
  done
  if cmp -s "$d/out.oracle" "$d/out.jail"; then ok 0 "$name"; else
    ok 1 "$name"
    diag "args: $*" "$(diff "$d/out.oracle" "$d/out.jail" | head -10)"
  fi
}
errcase "unknown option" --no-such-option true
errcase "missing argument" --tmpfs
errcase "missing second argument" --bind /usr
USAGE_ONLY=1 errcase "no command: usage on stderr, status 1" --ro-bind /usr /usr
errcase "unopened --args fd" --args 57 true
errcase "unopened --seccomp fd" --seccomp 57 true
errcase "--disable-userns needs --unshare-user" $ROOT --disable-userns true
errcase "--assert-userns-disabled when it is not" $ROOT --assert-userns-disabled true
errcase "--exec-label without SELinux" $ROOT --exec-label system_u:system_r:x:s0 true
errcase "--file-label without SELinux" $ROOT --file-label system_u:object_r:x:s0 true
errcase "missing bind source" $ROOT --ro-bind /nonexistent /x true
errcase "--chdir to a missing directory" $ROOT --chdir /nonexistent true
errcase "--perms before an option without a mode" $ROOT --perms 0700 --bind /usr /x true
errcase "--perms twice" $ROOT --perms 0700 --perms 0700 --dir /x true
errcase "--perms not octal" $ROOT --perms 9 --dir /x true
errcase "--size before something else than --tmpfs" $ROOT --size 100 --dir /x true
errcase "--size 0" $ROOT --size 0 --tmpfs /x true
errcase "--chmod of a missing path" $ROOT --chmod 0700 /nonexistent true
errcase "invalid --uid" $ROOT --uid abc true
errcase "--as-pid-1 without --unshare-pid" $ROOT --as-pid-1 true
errcase "--userns-block-fd without --unshare-user" $ROOT --userns-block-fd 0 true
errcase "unknown capability" $ROOT --cap-add CAP_BOGUS true
errcase "--chmod not octal" $ROOT --dir /x --chmod 0999 /x true
errcase "--lock-file on a missing file" $ROOT --lock-file /nonexistent true
errcase "--info-fd that is not open" $ROOT --info-fd 57 true
# Debian's bwrap 0.8 leaves its sandbox child blocked on an eventfd after
# that failure (an oracle bug jail does not share): clean it up.
pkill -u "$(id -u)" -f -- "^$ORACLE .*--info-fd 57 true\$" 2>/dev/null
errcase "symlink on a read-only mount" $ROOT --symlink /a /usr/x true
errcase "mkdir on a read-only mount" $ROOT --dir /usr/x true
errcase "--file on a read-only mount" $ROOT --file 0 /usr/x true
errcase "only the last --hostname counts (warning)" $ROOT --unshare-uts --hostname x --hostname y uname -n
errcase "only the last --chdir counts (warning)" $ROOT --chdir /a --chdir /usr pwd

# The flatpak-style caller's info file: same members under both.
REDIR='8>"$d/info"'
for which in oracle jail; do
  if [ $which = oracle ]; then b=$ORACLE; else b=$BWRAP; fi
  "$b" $ROOT --unshare-pid --unshare-net --info-fd 8 true 8>"$d/info.$which"
done
is "$(normalise <"$d/info.jail")" "$(normalise <"$d/info.oracle")" \
  "--info-fd writes the same document (members, layout)"

done_testing
