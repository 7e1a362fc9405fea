#!/bin/bash
# jail invoked as bwrap against bubblewrap 0.11's documented behaviour
# (bwrap.xml and NEWS of 0.9 to 0.11.1), where Debian's bwrap 0.8 is not the
# oracle: each check names the release and the text that defines it.  The
# table tests/integration/bwrap-0.11.md maps every behaviour to its test.
. "$(dirname "$0")/../lib/tap.sh"
: "${BWRAP:?BWRAP must name the bwrap link to jail}"
TRY=${TRY_SYSCALL:-$JAIL_BUILD_DIR/tests/try-syscall}
plan 32

d=$tap_tmp
R=(--ro-bind /usr /usr --symlink usr/bin /bin --symlink usr/lib /lib --symlink usr/lib64 /lib64
   --proc /proc --dev /dev)
bw() { run "$BWRAP" "$@"; }

# --- /proc/self/... bind sources (flatpak binds /proc/self/ns/user) ------
# bwrap resolves a source from the sandbox's setup process, through the
# host's procfs: "self" is that process, ns/user its new user namespace.
bw "${R[@]}" --ro-bind /proc/self/ns/user /run/.userns sh -c \
  '[ "$(stat -L -c %i /run/.userns)" = "$(stat -L -c %i /proc/self/ns/user)" ] && echo same'
is "$out:$rc" "same:0" "--ro-bind /proc/self/ns/user: the sandbox's own user namespace (a magic link, followed)"
bw "${R[@]}" --ro-bind-try /proc/self/ns/nonexistent /run/x true
is "$out:$rc" ":0" "--ro-bind-try of a missing /proc/self entry is skipped"
# Everywhere else a magic link is still refused: /proc entries are the
# kernel's, a link elsewhere may be the app's (symlink races).
ln -s /proc/self/ns/user "$d/link-to-magic"
bw "${R[@]}" --ro-bind "$d/link-to-magic" /run/x true
like "$out:$rc" "^bwrap: Can't find source path $d/link-to-magic: .*:1$" \
  "a source that reaches a magic link through a symlink outside /proc is refused"
bw "${R[@]}" --ro-bind /proc/self/../self/ns/user /run/x true
is "$rc" 1 "a /proc source with a '..' component gets the ordinary rules (refused)"

# --- seccomp programs: the last step before execve ----------------------
# bwrap.c: "the last thing before execve() so that filters don't need to
# handle anything above"; bwrap.xml (--add-seccomp-fd): "all the seccomp
# programs will be loaded in the order given".
# prog NAME DEFAULT-ERRNO|allow [nr:errno|nr:allow ...]: an x86_64 cBPF
# program: load the arch, refuse others (ENOSYS), then one jeq per rule.
prog() {
  python3 - "$@" <<'EOF'
import struct, sys
out, default, rules = sys.argv[1], sys.argv[2], sys.argv[3:]
ALLOW, ERRNO = 0x7fff0000, 0x00050000
def ret(a): return ALLOW if a == "allow" else ERRNO | int(a)
insns = [(0x20, 0, 0, 4), (0x15, 1, 0, 0xc000003e), (0x06, 0, 0, ERRNO | 38), (0x20, 0, 0, 0)]
for r in rules:
    nr, act = r.split(":")
    insns += [(0x15, 0, 1, int(nr)), (0x06, 0, 0, ret(act))]
insns.append((0x06, 0, 0, ret(default)))
open(out, "wb").write(b"".join(struct.pack("<HBBI", *i) for i in insns))
EOF
}
if [ "$(uname -m)" = x86_64 ] && [ -x "$TRY" ] && command -v python3 >/dev/null; then
  # What a dynamic glibc program needs from execve to exit, and nothing
  # else: everything unlisted is ENOSYS (38), as flatpak-builder's and
  # bwrap's own allowlist tests write them.  uname is 63.
  startup=(59 12 158 9 10 11 257 0 17 3 4 5 262 218 273 334 302 318 1 231 60 21 13 14)
  allow=()
  for n in "${startup[@]}"; do allow+=("$n:allow"); done
  prog "$d/allowlist" 38 "${allow[@]}"
  prog "$d/allowlist-uname" 38 "${allow[@]}" 63:allow
  for pidns in "" --unshare-pid; do
    bw "${R[@]}" --ro-bind "$TRY" /try $pidns --seccomp 5 /try uname 5<"$d/allowlist"
    is "$out:$rc" "uname: ENOSYS:1" "allowlist (default ENOSYS) ${pidns:-without a pid namespace}: the command runs, the syscall gets ENOSYS"
    bw "${R[@]}" --ro-bind "$TRY" /try $pidns --seccomp 5 /try uname 5<"$d/allowlist-uname"
    is "$out:$rc" "uname: ok:0" "allowlist with uname ${pidns:-without a pid namespace}: allowed"
  done
  # Stacked programs both refusing uname with different errnos: the kernel
  # prefers the most recently loaded one, so the result shows the order.
  prog "$d/uname-eperm" allow 63:1
  prog "$d/uname-eacces" allow 63:13
  bw "${R[@]}" --ro-bind "$TRY" /try --add-seccomp-fd 5 --add-seccomp-fd 6 /try uname \
    5<"$d/uname-eperm" 6<"$d/uname-eacces"
  is "$out" "uname: EACCES" "--add-seccomp-fd twice: loaded in the order given (the last is evaluated first)"
  bw "${R[@]}" --ro-bind "$TRY" /try --add-seccomp-fd 5 --add-seccomp-fd 6 /try uname \
    5<"$d/uname-eacces" 6<"$d/uname-eperm"
  is "$out" "uname: EPERM" "... and swapped, the other errno"
  # The init (pid 1, the --info-fd child-pid) is not under the caller's
  # program; the command is, once per program given.
  mkfifo "$d/hold"
  "$BWRAP" "${R[@]}" --bind "$d" "$d" --unshare-pid --info-fd 8 --add-seccomp-fd 5 \
    --add-seccomp-fd 6 sh -c "read x <$d/hold" 8>"$d/info" 5<"$d/uname-eperm" 6<"$d/uname-eacces" &
  bwpid=$!
  for _ in $(seq 100); do grep -q child-pid "$d/info" 2>/dev/null && break; sleep 0.05; done
  init=$(sed -n 's/.*"child-pid": \([0-9]*\).*/\1/p' "$d/info")
  app=""
  for _ in $(seq 100); do app=$(pgrep -P "$init" | head -1); [ -n "$app" ] && break; sleep 0.05; done
  init_filters=$(sed -n 's/^Seccomp_filters:[[:space:]]*//p' "/proc/$init/status")
  app_filters=$(sed -n 's/^Seccomp_filters:[[:space:]]*//p' "/proc/$app/status")
  timeout 10 sh -c "echo go >$d/hold" || kill $bwpid
  wait $bwpid
  # The app: jail's own TIOCSTI rule (see below) and the two programs; the
  # init (jail-init) is exec'd before any of them.
  is "init=$init_filters app=$app_filters" "init=0 app=3" \
    "the init runs outside the caller's programs, the command under both"
else
  for _ in 1 2 3 4 5 6 7; do skip "x86_64 cBPF, try-syscall and python3 needed" "seccomp programs"; done
fi

# jail stays safer than bwrap here: bwrap relies on the caller's filter or
# --new-session for TIOCSTI (bwrap.xml, CVE-2017-5226); jail refuses it in
# bwrap mode whatever the caller passes, to the command and the init.
if [ -x "$TRY" ]; then
  bw "${R[@]}" --ro-bind "$TRY" /try /try tiocsti
  is "$out:$rc" "tiocsti: EPERM:1" "TIOCSTI is refused without any caller filter (bwrap would allow it)"
  bw "${R[@]}" --ro-bind "$TRY" /try /try tiocsti-highbits
  is "$out:$rc" "tiocsti-highbits: EPERM:1" "... also with high bits set in the command (CVE-2019-10063)"
  if [ "$(uname -m)" = x86_64 ] && host_int80_works "$TRY"; then
    bw "${R[@]}" --ro-bind "$TRY" /try /try i386-tiocsti
    is "$out:$rc" "i386-tiocsti: EPERM:1" "... and through the i386 entry (int 0x80)"
  else
    skip "x86_64 only, on a kernel that runs i386 syscalls (int 0x80 faults here)" \
      "TIOCSTI through int 0x80"
  fi
else
  skip "no try-syscall" "TIOCSTI refused"
  skip "no try-syscall" "TIOCSTI high bits"
  skip "no try-syscall" "TIOCSTI through int 0x80"
fi

# --- --perms / --dir / --tmpfs modes (bwrap.xml 0.11) ----------------------
# "Any missing parent directories ... 0755. However, if a --perms option is
# in effect, and it sets the permissions for group or other to zero, then
# newly-created parent directories will also have their corresponding
# permission set to zero."  "--dir ... newly-created directories have mode
# 0755"; "--tmpfs ... If the previous option was --perms, it sets the mode".
modes() { bw "${R[@]}" "$@" stat -c '%a %n' /a /a/b /a/b/c; echo "$out" | tr '\n' ' '; }
is "$(modes --dir /a/b/c)" "755 /a 755 /a/b 755 /a/b/c " "--dir: new directories and parents are 0755"
is "$(modes --perms 0640 --dir /a/b/c)" "750 /a 750 /a/b 640 /a/b/c " "--perms 0640 --dir: parents 0750"
is "$(modes --perms 0604 --dir /a/b/c)" "705 /a 705 /a/b 604 /a/b/c " "--perms 0604 --dir: parents 0705"
is "$(modes --perms 0000 --dir /a/b/c)" "700 /a 700 /a/b 0 /a/b/c " "--perms 0000 --dir: parents 0700"
is "$(modes --perms 0700 --dir /a/b --dir /a/b/c)" "700 /a 700 /a/b 755 /a/b/c " \
  "--perms applies to the next operation only"
bw "${R[@]}" --dir /a --perms 0700 --dir /a stat -c %a /a
is "$out" 755 "--dir on an existing directory leaves its mode (\"ignoring --perms\")"
bw "${R[@]}" --perms 01777 --tmpfs /t/u stat -c '%a %n' /t /t/u
is "$(echo $out)" "755 /t 1777 /t/u" "--perms 01777 --tmpfs: a sticky, world-writable tmpfs"

# --- --pidns joining a pid namespace another sandbox created ---------------
# bubblewrap's own tests/test-specifying-pidns.sh: the second sandbox joins
# the first's user and pid namespaces (its --info-fd child-pid).
mkfifo "$d/done"
"$BWRAP" "${R[@]}" --bind "$d" "$d" --info-fd 8 --unshare-user --unshare-pid \
  sh -c "readlink /proc/self/ns/pid >$d/pidns1; cat <$d/done" >/dev/null 8>"$d/info1" &
first=$!
for _ in $(seq 100); do [ -s "$d/pidns1" ] && break; sleep 0.05; done
child=$(sed -n 's/.*"child-pid": \([0-9]*\).*/\1/p' "$d/info1")
run env "ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" "$BWRAP" "${R[@]}" \
  --userns 11 --pidns 12 readlink /proc/self/ns/pid 11<"/proc/$child/ns/user" 12<"/proc/$child/ns/pid"
timeout 10 sh -c "echo x >$d/done" || kill $first
wait $first
is "$out:$rc" "$(cat "$d/pidns1"):0" "--userns FD --pidns FD: the command runs in the first sandbox's pid namespace"

# --- exit status (bwrap.xml: "Exit status", --json-status-fd) -------------
# "the exit status of the child, in the usual shell encoding (n if it
# exited normally with status n, or 128+n if it was killed by signal n)".
for pidns in "" --unshare-pid; do
  bw "${R[@]}" $pidns --json-status-fd 6 sh -c 'kill -TERM $$' 6>"$d/status"
  is "$rc:$(grep -c '"child-pid": [0-9]' "$d/status"):$(grep '"exit-code"' "$d/status")" \
    '143:1:{ "exit-code": 143 }' "killed by SIGTERM ${pidns:-without a pid namespace}: status 143, child-pid then exit-code 143"
done

# A sandbox whose setup fails still gets its line with the namespaces it
# made (bwrap writes it before the setup).  The sandbox builds its mounts
# while jail's monitor writes that line, so it waits for the monitor
# before it exits on the error: twenty tries make the race show.
lines=""
for _ in $(seq 20); do
  bw "${R[@]}" --json-status-fd 6 --ro-bind "$d/missing" /mnt true 6>"$d/status"
  lines+="$rc:$(head -1 "$d/status" | grep -c '"mnt-namespace": [0-9]') "
done
is "$(echo $lines | tr ' ' '\n' | sort | uniq -c | sed 's/^ *//')" "20 1:1" \
  "a setup that fails (a missing bind source): exit 1, and the status line names the mount namespace, 20 times of 20"

# --- messages callers parse -------------------------------------------------
# bubblewrap.c: die ("Invalid fd: %s") for every fd argument that is not a
# number >= 0; 0.11.1 NEWS: fd 0 is honoured, not ignored.
bad=""
for o in --args --userns --userns2 --pidns --info-fd --json-status-fd --block-fd \
  --userns-block-fd --sync-fd --seccomp --add-seccomp-fd; do
  bw "${R[@]}" $o -1 true
  [ "$out:$rc" = "bwrap: Invalid fd: -1:1" ] || bad="$bad $o($out:$rc)"
done
is "$bad" "" "'Invalid fd: -1', status 1, for every option taking an fd"
bw "${R[@]}" --file -1 /x true
is "$out:$rc" "bwrap: Invalid fd: -1:1" "... and for --file FD DEST"
bw "${R[@]}" --bind-fd 12x /x true
is "$out:$rc" "bwrap: Invalid fd: 12x:1" "... and for a non-number"
bw "${R[@]}" --sync-fd 0 true </dev/null
is "$rc" 0 "fd 0 is a valid fd (0.11.1)"
# bwrap.xml (--symlink): "Since version 0.9.0, it is not considered to be an
# error if DEST already exists as a symbolic link and its target is exactly
# SRC"; otherwise bubblewrap.c words it as below.
bw "${R[@]}" --symlink /a /x --symlink /a /x readlink /x
is "$out:$rc" "/a:0" "--symlink twice with the same target is fine (0.9.0)"
bw "${R[@]}" --symlink /a /x --symlink /b /x true
is "$out:$rc" "bwrap: Can't make symlink at /x: existing destination is /a:1" \
  "--symlink over a different link names the existing target"
bw "${R[@]}" --dir /x --symlink /a /x true
is "$out:$rc" "bwrap: Can't make symlink at /x: destination exists and is not a symlink:1" \
  "--symlink over a directory"

done_testing
