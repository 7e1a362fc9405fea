#!/bin/bash
# The denial report: what the sandbox refused, counted, deduplicated and
# each with the option that grants it; printed when the command fails
# (auto), always or never; shown by `jail stats` while the sandbox runs.
# The app sees the same errno with and without it.
. "$(dirname "$0")/../lib/tap.sh"
. "$TESTS_DIR/lib/desktop.sh"
plan 109

: "${TRY_SYSCALL:?TRY_SYSCALL must name the try-syscall helper}"
try=(--ro-bind "$TRY_SYSCALL" /try)
# Three ptrace attempts and a keyctl, then the exit status given.
refuse_and_exit() { echo "/try ptrace-traceme; /try ptrace-traceme; /try ptrace-traceme; /try keyctl; exit $1"; }

# --- syscalls ----------------------------------------------------------------
jail "${try[@]}" -- sh -c "$(refuse_and_exit 3)"
is "$rc" 3 "the command's status is kept"
like "$out" "ptrace-traceme: EPERM" "ptrace still fails with EPERM"
like "$out" "keyctl: EPERM" "keyctl still fails with EPERM"
like "$out" "^jail: refused: 2 syscalls \(ptrace ×3, keyctl\)" \
  "auto: a failed command gets the report, one entry per syscall, counted"
like "$out" "jail:   --allow-ptrace  \(ptrace\)" "ptrace's grant is --allow-ptrace"
like "$out" "jail:   no option grants keyctl: the default filter's hardening" \
  "keyctl is named as hardening no option grants"
is "$(printf '%s\n' "$out" | grep -c '^jail: refused')" 1 "one summary line"

jail "${try[@]}" -- sh -c "$(refuse_and_exit 0)"
is "$rc" 0 "a command that succeeds"
unlike "$out" "^jail:" "auto: gets no report when it succeeded"
jail --report=always "${try[@]}" -- sh -c "$(refuse_and_exit 0)"
like "$out" "^jail: refused: 2 syscalls \(ptrace ×3, keyctl\)" "always: it gets one anyway"
jail --report=never "${try[@]}" -- sh -c "$(refuse_and_exit 3)"
is "$rc" 3 "never: the status is kept"
unlike "$out" "^jail:" "never: no report"
like "$out" "ptrace-traceme: EPERM" "never: the same errno"

jail -- sh -c 'kill -KILL $$'
is "$rc" 137 "a killed command with nothing refused"
unlike "$out" "^jail:" "prints no empty report"

jail --report=bogus -- true
is "$rc" 125 "a bad --report value fails"
like "$out" "^jail: --report: 'bogus' is not 'auto', 'always' or 'never'" "and says why"

# --- rows answering ENOSYS, rows by number, personality ----------------------
# Each refused call the app sees fail is reported once by name, with the
# errno it gets without the report; clone3 (glibc's fallback to clone at
# every thread) is not, and neither is an allowed persona.
calls="/try fsopen; /try fsopen; /try io_uring_setup; /try statmount; /try open_tree_attr"
calls="$calls; /try personality 0x0400000; /try personality 8; /try personality 0xffffffff; /try clone3"
jail --report=never "${try[@]}" -- sh -c "$calls"
plain=$out
jail --report=always "${try[@]}" -- sh -c "$calls"
is "$(printf '%s\n' "$out" | grep -v '^jail:')" "$plain" "the app sees the same results with the report on and off"
is "$(printf '%s\n' "$out" | grep -v '^jail:' | tr '\n' ' ')" \
  "fsopen: ENOSYS fsopen: ENOSYS io_uring_setup: ENOSYS statmount: ENOSYS open_tree_attr: ENOSYS personality=0x0400000: EPERM personality=8: ok personality=0xffffffff: ok clone3: ENOSYS " \
  "ENOSYS for the rows, named and numbered, EPERM for a refused persona; the allowed ones work"
like "$out" "^jail: refused: 5 syscalls \(fsopen ×2, io_uring_setup, statmount, open_tree_attr, personality\)$" \
  "each is reported once by name, the numbered rows too, counted"
like "$out" "^jail:   no option grants fsopen, io_uring_setup, statmount, open_tree_attr, personality: " \
  "as hardening no option grants"
unlike "$out" "^jail: refused:.*clone3" "clone3, from which glibc falls back at every thread, is not reported"
# i386's direct socket(2), by number: a row of its own in the filter.
if host_int80_works; then
  i386_calls="/try i386-socket 17; /try i386-socket 1"
  jail --report=never "${try[@]}" -- sh -c "$i386_calls"
  plain=$out
  jail --report=always "${try[@]}" -- sh -c "$i386_calls"
  is "$(printf '%s\n' "$out" | grep -v '^jail:' | tr '\n' ' '):$(printf '%s\n' "$plain" | tr '\n' ' ')" \
    "i386-socket=17: EAFNOSUPPORT i386-socket=1: ok :i386-socket=17: EAFNOSUPPORT i386-socket=1: ok " \
    "i386 socket(2) by number: EAFNOSUPPORT for a refused family, the allowed one works, report on or off"
  ok "$(printf '%s\n' "$out" | grep -qxF 'jail: refused: 1 syscall (socket)' \
        && printf '%s\n' "$out" | grep -q '^jail:   no option grants socket: ' && echo 0 || echo 1)" \
    "... reported by name, as hardening no option grants"
else
  skip "this kernel runs no i386 syscalls (int 0x80 faults): nothing to filter" \
    "i386 socket(2) by number: EAFNOSUPPORT for a refused family, report on or off"
  skip "this kernel runs no i386 syscalls (int 0x80 faults): nothing to filter" \
    "... reported by name, as hardening no option grants"
fi
if [ -n "${TRY_SYSCALL_32:-}" ] && [ -x "$TRY_SYSCALL_32" ] && "$TRY_SYSCALL_32" clone >/dev/null 2>&1; then
  try32=(--ro-bind "$TRY_SYSCALL_32" /try32)
  jail --report=always "${try32[@]}" -- sh -c "/try32 statmount; /try32 open_tree_attr; /try32 fsopen"
  is "$(printf '%s\n' "$out" | grep -v '^jail:' | tr '\n' ' ')" \
    "statmount: ENOSYS open_tree_attr: ENOSYS fsopen: ENOSYS " "i386: the same errnos"
  like "$out" "^jail: refused: 3 syscalls \(statmount, open_tree_attr, fsopen\)$" \
    "i386: reported by the same names"
else
  skip "no i386 try-syscall (gcc-multilib)" "i386: the same errnos"
  skip "no i386 try-syscall (gcc-multilib)" "i386: reported by the same names"
fi
# The caller's own rule for a numbered row wins, and is not reported.
jail --report=always --seccomp-deny=statmount:EACCES "${try[@]}" -- /try statmount
like "$out" "statmount: EACCES" "--seccomp-deny on a numbered row: the caller's errno"
unlike "$out" "^jail: refused" "and it is not the report's"

# --- the app's own filters ---------------------------------------------------
jail "${try[@]}" -- /try seccomp-stack
is "$out" "seccomp-stack: ok" "the app can stack its own filter (Chromium's sandbox)"
jail "${try[@]}" -- /try seccomp-listener
is "$out" "seccomp-listener: EBUSY" "but not a second listener while reporting"

# --- the supervisor starts at the first refusal ------------------------------
# Nothing refused, no supervisor: the monitor holds the filter's listener
# and starts jail-report only when a call waits on it.
report_children() { ps -o comm= --ppid "$1" | grep -cx jail-report; }
wait_for() { for _ in $(seq 100); do [ -e "$1" ] && return 0; sleep 0.1; done; return 1; }
lazy=$tap_tmp/lazy
mkdir -p "$lazy"
"$JAIL" --bind "$lazy" "$lazy" "${try[@]}" -- sh -c \
  "touch $lazy/up; while [ ! -e $lazy/go ]; do sleep 0.1; done; /try ptrace-traceme > $lazy/out; touch $lazy/refused; exec sleep 30" \
  >"$lazy/stderr" 2>&1 &
pid=$!
wait_for "$lazy/up"
ok $? "the sandbox runs (it wrote $lazy/up)"
sleep 0.5
is "$(report_children "$pid")" 0 "nothing refused yet: no supervisor beside the sandbox"
touch "$lazy/go"
wait_for "$lazy/refused"
is "$(cat "$lazy/out" 2>/dev/null)" "ptrace-traceme: EPERM" "the first refusal is answered with the row's errno"
is "$(report_children "$pid")" 1 "and then the supervisor runs, a child of the monitor"
kill "$pid" 2>/dev/null
wait "$pid" 2>/dev/null

# Joining another sandbox's user and pid namespaces (--userns, --pidns):
# a supervisor started after the join would be in that pid namespace, in
# view of its processes; it is started before, as the network engine is.
j=$tap_tmp/joined
mkdir -p "$j"
mkfifo "$j/go"
"$JAIL" --bind "$j" "$j" --info-fd 8 -- sh -c \
  "echo up > $j/up; cat $j/go >/dev/null; for c in /proc/[0-9]*/comm; do cat \$c; done > $j/procs 2>/dev/null; sleep 30" \
  >/dev/null 2>&1 8>"$j/info" &
first=$!
wait_for "$j/up"
child=$(sed -n 's/.*"child-pid": \([0-9]*\).*/\1/p' "$j/info")
# After setns(CLONE_NEWPID) the monitor's children are born in the joined
# namespace, where LeakSanitizer's stop-the-world tracer cannot be made
# once the first sandbox's init is gone, and its exit spins: no leak check
# for this run (as in bwrap-options.sh).
env "ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" \
  "$JAIL" --userns 11 --pidns 12 --bind "$j" "$j" "${try[@]}" -- sh -c \
  "/try keyctl > $j/out; touch $j/refused; exec sleep 30" \
  >"$j/stderr" 2>&1 11<"/proc/${child:-0}/ns/user" 12<"/proc/${child:-0}/ns/pid" &
second=$!
wait_for "$j/refused"
is "$(cat "$j/out" 2>/dev/null)" "keyctl: EPERM" "joined namespaces: the refused call gets the row's errno"
echo go > "$j/go"
wait_for "$j/procs" && sleep 0.3
grep -qx sleep "$j/procs"
ok $? "the first sandbox sees the second's processes in its pid namespace"
! grep -qx jail-report "$j/procs"
ok $? "but not the second's supervisor"
kill "$second" "$first" 2>/dev/null
wait "$second" "$first" 2>/dev/null

# Without jail-supervisor beside jail (nor installed) the monitor forks
# its supervisor at the start instead: the report is the same.
mkdir -p "$tap_tmp/alone"
cp "$JAIL" "$tap_tmp/alone/jail"
out=$("$tap_tmp/alone/jail" "${try[@]}" -- sh -c "$(refuse_and_exit 3)" 2>&1)
rc=$?
is "$rc" 3 "jail without jail-supervisor beside it: the command's status is kept"
like "$out" "^jail: refused: 2 syscalls \(ptrace ×3, keyctl\)" "and the report is the same"

# --- jail stats while it runs -----------------------------------------------
# `jail stats NAME` into $out once it shows PATTERN (or after 10 s).
stats_once_it_shows() {
  for _ in $(seq 100); do
    "$JAIL" stats "$1" 2>/dev/null | grep -q "$2" && break
    sleep 0.1
  done
  run "$JAIL" stats "$1"
}
name=report-$$
"$JAIL" --name "$name" "${try[@]}" -- sh -c '/try ptrace-traceme; /try ptrace-traceme; exec sleep 30' \
  >/dev/null 2>&1 &
pid=$!
stats_once_it_shows "$name" "ptrace ×2"
like "$out" "REFUSED  2 syscalls|REFUSED  1 syscall \(ptrace ×2\)" "jail stats shows the refusals so far"
like "$out" "--allow-ptrace  \(ptrace\)" "with the grant"
# The supervisor beside it, seen from the host: confined as the network
# engine is (its own user namespace, no capability, no_new_privs, the
# seccomp allowlist, non-dumpable).
sup=$(pgrep -u "$(id -u)" -x jail-report | while read -r p; do
  [ "$(ps -o ppid= -p "$p" | tr -d ' ')" = "$pid" ] && echo "$p"; done | head -1)
status=$(cat "/proc/${sup:-0}/status" 2>/dev/null)
like "$status" "NoNewPrivs:.1" "the supervisor (pid ${sup:-none}) has no_new_privs"
like "$(printf '%s\n' "$status" | grep -E '^(CapEff|Seccomp):' | tr -s '\t ' ' ' | tr '\n' ' ')" \
  "^CapEff: 0+ Seccomp: 2 $" "no capability, under its seccomp filter"
[ "$(readlink "/proc/${sup:-0}/ns/user")" != "$(readlink /proc/self/ns/user)" ] && ! ls "/proc/$sup/root/" >/dev/null 2>&1
ok $? "in a user namespace of its own, its root out of reach (non-dumpable)"
"$JAIL" kill "$name" >/dev/null 2>&1
wait "$pid" 2>/dev/null

# --- jail --learn ------------------------------------------------------------
export XDG_CONFIG_HOME=$tap_tmp/config
export JAIL_PROFILE_PATH=$TESTS_DIR/../profiles
draft=$tap_tmp/app.local
jail --learn="$draft" "${try[@]}" -- sh -c "$(refuse_and_exit 3)"
is "$rc" 3 "--learn: the command's status is kept"
like "$out" "^jail: learn: draft $draft: 1 syscall grant added, 0 already there" \
  "it names the draft and sums up what it added"
unlike "$out" "^jail: refused" "and prints the draft's summary instead of the report"
run grep -c '^AllowPtrace=true$' "$draft"
is "$out" 1 "the draft grants ptrace (AllowPtrace=true)"
run grep -c 'keyctl' "$draft"
is "$out" 0 "but never lifts a hardening row (keyctl)"
like "$(cat "$draft")" "# ptrace: syscall refused, 3 times" "each key says what was seen and how often"
jail --check-profile "$draft"
is "$rc" 0 "the draft passes --check-profile"
jail --report=always --profile "$draft" "${try[@]}" -- sh -c '/try ptrace-traceme; /try ptrace-traceme'
is "$rc:$out" "0:ptrace-traceme: ok
ptrace-traceme: ok" "with the draft loaded the program runs, and the report is empty"
sum=$(md5sum < "$draft")
jail --learn="$draft" --profile "$draft" "${try[@]}" -- sh -c "$(refuse_and_exit 0)"
like "$out" "^jail: learn: draft $draft: nothing new added" "a second learn run adds nothing"
is "$(md5sum < "$draft")" "$sum" "and leaves the draft as it was"

# Without a file: NAME.local of the first profile, where --profile NAME finds it.
jail --learn --profile default "${try[@]}" -- /try ptrace-traceme
like "$out" "^jail: learn: draft $XDG_CONFIG_HOME/jail/profiles/default.local: 1 syscall grant added" \
  "--learn --profile BASE drafts BASE.local in the user's profiles"
jail --profile default "${try[@]}" -- /try ptrace-traceme
is "$out" "ptrace-traceme: ok" "which the next run with --profile BASE loads"
rm -f "$XDG_CONFIG_HOME/jail/profiles/default.local"

echo '[Profile' > "$tap_tmp/bad.local"
jail --learn="$tap_tmp/bad.local" "${try[@]}" -- /try ptrace-traceme
is "$rc:$(cat "$tap_tmp/bad.local")" "125:[Profile" "a draft that is not a key file is left alone (exit 125)"

# Paths: host files the sandbox does not show, looked up by the app.
# (~/.config is xdg-config only as the default XDG_CONFIG_HOME.)
saved_config=$XDG_CONFIG_HOME
unset XDG_CONFIG_HOME
mkdir -p "$HOME/.config/jail-report-$$" "$HOME/Music"
echo secret > "$HOME/.config/jail-report-$$/settings.ini"
echo tune > "$HOME/Music/jail-report-$$.mp3"
cleanup_paths+=("$HOME/.config/jail-report-$$" "$HOME/Music/jail-report-$$.mp3")
paths_cmd="cat ~/.config/jail-report-$$/settings.ini ~/Music/jail-report-$$.mp3; cat ~/.config/jail-report-$$/settings.ini; ls /opt/jail-no-such-$$"
jail --learn="$tap_tmp/paths.local" -- sh -c "$paths_cmd"
like "$out" "jail-report-$$/settings.ini: No such file" "--learn grants nothing: the file stays unseen"
like "$out" "^jail: learn: draft .*: 2 paths added" "the draft gets the two paths that exist on the host"
run grep '^Filesystems=' "$tap_tmp/paths.local"
is "$out" "Filesystems=xdg-config/jail-report-$$:ro;xdg-music/jail-report-$$.mp3:ro;" \
  "named as a profile names them: the config directory, the one file of Music, read-only"
like "$(cat "$tap_tmp/paths.local")" "# ~/.config/jail-report-$$: looked up, missing in the sandbox, exists on the host, 2 times" \
  "with what was seen and how often"
jail --report=always --profile "$tap_tmp/paths.local" -- sh -c "cat ~/.config/jail-report-$$/settings.ini ~/Music/jail-report-$$.mp3"
is "$rc:$out" "0:secret
tune" "with the draft loaded the app reads both, nothing is refused"

# The default report names them too: jail-lookups.so, preloaded into the
# sandbox's programs, tells the monitor of each lookup that failed.
jail -- sh -c "$paths_cmd; exit 3"
is "$rc" 3 "default report: the command's status is kept"
like "$out" "jail-report-$$/settings.ini: No such file" "the file stays unseen: reporting grants nothing"
like "$out" "^jail: refused: 2 missing paths that exist on the host \(~/\.config/jail-report-$$ ×2, ~/Music/jail-report-$$\.mp3\)$" \
  "a failed command's report names the two host paths it missed, counted, nothing else"
like "$out" "^jail:   --filesystem=~/\.config/jail-report-$$:ro  \(~/\.config/jail-report-$$\)$" \
  "each with its --filesystem grant"
jail -- sh -c "$paths_cmd; exit 0"
unlike "$out" "^jail:" "a command that succeeds gets no report (auto)"
jail --report=always -- sh -c "cd ~ && cat Music/jail-report-$$.mp3; exit 0"
like "$out" "^jail: refused: 1 missing path that exists on the host \(~/Music/jail-report-$$\.mp3\)$" \
  "a path relative to the working directory is named as the host sees it"
jail --report=always -- python3 -c "import os; os.stat(os.path.expanduser('~/Music/jail-report-$$.mp3'))"
like "$out" "~/Music/jail-report-$$\.mp3" "a program other than the shell's tools (python3's stat) is seen too"
# jail stats shows them while the sandbox runs.
name=paths-$$
"$JAIL" --name "$name" -- sh -c "cat ~/Music/jail-report-$$.mp3 2>/dev/null; exec sleep 30" >/dev/null 2>&1 &
pid=$!
stats_once_it_shows "$name" "missing path"
like "$out" "REFUSED  1 missing path that exists on the host \(~/Music/jail-report-$$\.mp3\)" \
  "jail stats shows a missing path while the sandbox runs"
"$JAIL" kill "$name" >/dev/null 2>&1
wait "$pid" 2>/dev/null
# A process that sandboxes itself (prctl(PR_SET_NO_NEW_PRIVS), then its
# own filter) tells nothing: its filter might kill it for the telling.
jail --report=always -- python3 -c "import ctypes, os; ctypes.CDLL(None).prctl(38, 1, 0, 0, 0); os.path.exists(os.path.expanduser('~/Music/jail-report-$$.mp3')); print('done')"
is "$out" "done" "a process that set no_new_privs itself runs on, and its lookups are not told"
jail --report=never -- sh -c 'echo "preload=${LD_PRELOAD:-none}"; ls /run/jail 2>&1; exit 3'
like "$out" "^preload=none$" "--report=never: nothing is preloaded"
like "$out" "/run/jail.*No such file" "and there is no /run/jail"
jail --report=always --setenv LD_PRELOAD libm.so.6 -- sh -c 'echo "preload=$LD_PRELOAD"'
like "$out" "^preload=libm\.so\.6:/run/jail/\\\$PLATFORM/jail-lookups\.so$" \
  "the caller's own LD_PRELOAD is kept, jail's comes after it"
if [ -n "${TRY_SYSCALL_32:-}" ] && [ -x "$TRY_SYSCALL_32" ] && "$TRY_SYSCALL_32" clone >/dev/null 2>&1; then
  jail --ro-bind "$TRY_SYSCALL_32" /try32 -- /try32 clone
  is "$rc:$out" "0:clone: ok" "a 32-bit program runs without a word from its loader (no wrong ELF class)"
else
  skip "no i386 try-syscall (gcc-multilib)" "a 32-bit program runs without a word from its loader"
fi
# The library grants nothing either: the escape suite's attacks get the
# same answers with the report on as with it off.
attacks="mount-over unshare-user keyctl open_by_handle_at ptrace-traceme process_vm_readv"
plain=$(for a in $attacks; do "$JAIL" --report=never "${try[@]}" -- /try $a 2>/dev/null; done)
reporting=$(for a in $attacks; do "$JAIL" "${try[@]}" -- /try $a 2>/dev/null; done)
is "$reporting" "$plain" "every attack gets the same refusal with the lookups told"

# Hostile datagrams: the socket takes any bytes the app sends.  Huge,
# with NUL, "..", relative, not UTF-8, a flood (below the 8192 distinct
# paths the monitor judges): none crashes the monitor
# or gets into the report; a real miss after them still does.
hostile=$(cat <<PY
import os, socket
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
home = os.path.expanduser("~")
for d in [b"x" * 65000, b"/opt/" + b"a" * 300, home.encode() + b"/Music\\0/etc/passwd",
          home.encode() + b"/../../etc/passwd", b"Music/jail-report-$$.mp3", b"\\xff\\xfe/opt/\\xc0",
          b"", b"/opt", b"/etc/passwd"]:
    try: s.sendto(d, "/run/jail/lookups")
    except OSError as e: print("send:", e.errno)
for i in range(3000):
    s.sendto(b"/opt/flood-%d" % i, "/run/jail/lookups")
print("sent")
PY
)
jail -- sh -c "python3 -c '$hostile'; cat ~/Music/jail-report-$$.mp3 2>/dev/null; exit 5"
is "$rc" 5 "after a flood of crafted datagrams the command's status is kept"
like "$out" "^sent$" "the app could send them all"
like "$out" "^jail: refused: 1 missing path that exists on the host \(~/Music/jail-report-$$\.mp3\)$" \
  "the report has the real miss and nothing the app made up"
# A process left sending without end when the command exits does not
# keep jail from ending (init's end is answered after a bounded read).
forever="import socket; s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
while True: s.sendto(b'/opt/forever', '/run/jail/lookups')"
run timeout 30 "$JAIL" -- sh -c "python3 -c \"$forever\" & sleep 0.5; exit 6"
is "$rc" 6 "a sender that never stops: jail still ends, with the command's status"
jail -- sh -c "rm -f /run/jail/lookups; touch /run/jail/lookups; cat ~/Music/jail-report-$$.mp3; exit 4"
is "$rc" 4 "an app that replaces the socket only silences its own report"
# A lookup relative to a directory descriptor runs in the kernel alone
# (the cost of find, du, rm -r): --learn does not see it (documented).
jail --learn="$tap_tmp/home-fd.local" "${try[@]}" -- sh -c "/try path-at-home-fd Music/jail-report-$$.mp3; exit 4"
like "$out" "path-at-home-fd=Music/jail-report-$$.mp3: ENOENT" "openat(home_fd, \"Music/…\") fails as it should under --learn"
! grep -qs "jail-report-$$" "$tap_tmp/home-fd.local"
ok $? "and is not in the draft"
# readlink is watched while learning (realpath(3) resolves a path with it).
jail --learn="$tap_tmp/readlink.local" -- readlink ~/Music/jail-report-$$.mp3
seen="# ~/Music/jail-report-$$\.mp3: looked up, missing in the sandbox"
like "$(cat "$tap_tmp/readlink.local" 2>/dev/null)" "$seen" "--learn sees readlink(2): the draft names the file"
grep -Eqs "$seen" "$tap_tmp/readlink.local" || diag "jail's exit status $rc, its output: $out"

# --learn=visible: an app that stops at the first missing file is learned
# in one pass; the host is seen read-only, and only while learning.
stop_at_first="cat ~/.config/jail-report-$$/settings.ini && cat ~/Music/jail-report-$$.mp3 && touch ~/jail-report-$$-new"
# (its draft goes to the test's own profile directory)
export XDG_CONFIG_HOME=$saved_config
jail --learn=visible --profile default -- sh -c "$stop_at_first"
like "$out" "^jail: warning: --learn=visible: this run sees your home, /opt, /media and /mnt read-only" \
  "--learn=visible warns"
like "$out" "secret
tune" "the app finds both files in one run"
like "$out" "touch: cannot touch .*: Read-only file system" "but cannot write to the host"
[ ! -e "$HOME/jail-report-$$-new" ]
ok $? "nothing was written on the host"
run grep '^Filesystems=' "$tap_tmp/config/jail/profiles/default.local"
is "$out" "Filesystems=~/.config/jail-report-$$:ro;xdg-music/jail-report-$$.mp3:ro;" \
  "the draft (default.local) has both, as without visible"
rm -f "$tap_tmp/config/jail/profiles/default.local"

# Hostile paths: unmapped, not terminated, huge, changed while read.
jail --learn="$tap_tmp/hostile.local" "${try[@]}" -- sh -c "/try path-unmapped; /try path-bad-pointer; /try path-huge; /try path-race $HOME/.config/jail-report-$$/settings.ini; /try ptrace-traceme"
is "$(printf '%s\n' "$out" | grep -v '^jail:')" "path-unmapped: EFAULT
path-bad-pointer: EFAULT
path-huge: ENAMETOOLONG
path-race=$HOME/.config/jail-report-$$/settings.ini: ENOENT
ptrace-traceme: EPERM" "hostile paths get the kernel's answer; the racing open never reaches the host file"
like "$out" "^jail: learn: draft .*: 1 syscall grant" "and the supervisor still answers after them"
jail --check-profile "$tap_tmp/hostile.local"
is "$rc" 0 "its draft is still a valid profile"

# Nothing is granted by learning itself: the escape suite's attacks.
attacks="mount-over unshare-user clone-newuser keyctl bpf userfaultfd open_by_handle_at tiocsti perf_event_open io_uring_setup socket-raw-family ptrace-traceme process_vm_readv x32-keyctl i386-keyctl"
plain=$(for a in $attacks; do "$JAIL" "${try[@]}" -- /try $a 2>/dev/null; done)
learning=$(for a in $attacks; do "$JAIL" --learn="$tap_tmp/attacks.local" "${try[@]}" -- /try $a 2>/dev/null; done)
is "$learning" "$plain" "every attack gets the same refusal under --learn"
unlike "$learning" ": ok$" "and none succeeds"

# --- connections (--net=slirp: the network engine's egress filter) -------------
helper=(--ro-bind "$TESTS_DIR/integration/net-helper.py" /net-helper)
net_cmd="python3 /net-helper tcp 203.0.113.5 443; python3 /net-helper tcp 203.0.113.5 443; python3 /net-helper udp 203.0.113.7 53; exit 1"
jail --net=slirp --net-allow=192.0.2.0/24 "${helper[@]}" -- sh -c "$net_cmd"
like "$out" "ERR ECONNREFUSED" "a connection outside --net-allow is refused"
like "$out" "^jail: refused: 2 connections \(203\.0\.113\.5:443/tcp ×2, 203\.0\.113\.7:53/udp\)" \
  "the report names each refused destination once, counted"
like "$out" "jail:   --net-allow=203\.0\.113\.5:443  \(203\.0\.113\.5:443/tcp\)" "with the --net-allow that lets it through"
jail --net=slirp --net-allow=192.0.2.0/24 "${helper[@]}" -- sh -c "python3 /net-helper tcp 10.0.2.2 9; exit 1"
like "$out" "jail:   --net-allow-host-loopback  \(10\.0\.2\.2:9/tcp\)" "the host's loopback needs --net-allow-host-loopback first"
jail --learn="$tap_tmp/net.local" --net=slirp --net-allow=192.0.2.0/24 "${helper[@]}" -- sh -c "$net_cmd"
run grep '^Allow=' "$tap_tmp/net.local"
is "$out" "Allow=203.0.113.5:443;203.0.113.7:53;" "--learn drafts them as [Network] Allow="
jail --report=always --profile "$tap_tmp/net.local" --net=slirp --net-allow=192.0.2.0/24 "${helper[@]}" -- \
  python3 /net-helper tcp 203.0.113.5 443
unlike "$out" "^jail: refused" "with the draft loaded the connection is not refused by jail"

# --- D-Bus -------------------------------------------------------------------
# A private bus with the ping service (two names); the app may talk to one.
dbus_tests=9
if ! command -v dbus-daemon >/dev/null || ! command -v xdg-dbus-proxy >/dev/null \
  || ! command -v gdbus >/dev/null || ! python3 -c 'from gi.repository import Gio' 2>/dev/null; then
  for _ in $(seq $dbus_tests); do skip "dbus-daemon, xdg-dbus-proxy, gdbus or python3-gi missing" "D-Bus"; done
else
  export XDG_RUNTIME_DIR=$tap_tmp/run
  mkdir -m 700 "$XDG_RUNTIME_DIR"
  desktop_bus "$tap_tmp/bus"
  desktop_ping_service session
  ping() { echo "gdbus call --session --dest org.jailtest.$1 --object-path /org/jailtest --method org.jailtest.Test.Ping"; }

  jail --talk-name=org.jailtest.Allowed -- sh -c "$(ping Allowed); $(ping Denied)"
  like "$out" "ServiceUnknown" "the name the profile does not allow is refused"
  like "$out" "^jail: refused: 1 D-Bus name \(org\.jailtest\.Denied( ×[0-9]+)?\)$" \
    "the report names it, once"
  like "$out" "jail:   --talk-name=org\.jailtest\.Denied  \(org\.jailtest\.Denied\)" \
    "with --talk-name as its grant"
  unlike "$out" "org\.jailtest\.Allowed\b.*\)$|C[0-9]+: ->" "the allowed name is not in it, nor the proxy's log"
  jail --report=never --talk-name=org.jailtest.Allowed -- sh -c "$(ping Denied)"
  unlike "$out" "^jail:" "--report=never: nothing"

  jail --learn="$tap_tmp/dbus.local" --talk-name=org.jailtest.Allowed -- sh -c "$(ping Denied)"
  like "$out" "^jail: learn: draft .*: 1 D-Bus name added" "--learn drafts the refused name"
  run grep -c '^Talk=org.jailtest.Denied;$' "$tap_tmp/dbus.local"
  is "$out" 1 "as [DBus] Talk="
  jail --report=always --profile "$tap_tmp/dbus.local" --talk-name=org.jailtest.Allowed -- sh -c "$(ping Denied)"
  is "$rc:$out" "0:('pong',)" "with the draft loaded the call goes through, nothing is refused"
  jail --learn="$tap_tmp/dbus.local" --profile "$tap_tmp/dbus.local" -- sh -c "$(ping Denied)"
  like "$out" "nothing new added" "and a second learn adds nothing"
fi

done_testing
