#!/bin/bash
# One test per row of the default seccomp table (src/sandbox/seccomp.c),
# each attempted from inside the default sandbox by tests/escape/try-syscall,
# plus the options that change the table.
. "$(dirname "$0")/lib.sh"

# "name expected" pairs: the default sandbox must answer exactly this.
rows=(
  "tiocsti EPERM" "tiocsti-highbits EPERM" "tioclinux EPERM"
  "clone3 ENOSYS" "open_tree ENOSYS" "move_mount ENOSYS" "fsopen ENOSYS"
  "fsconfig ENOSYS" "fsmount ENOSYS" "fspick ENOSYS" "mount_setattr ENOSYS"
  "remount-rw EPERM" "mount-over EPERM" "umount EPERM" "pivot_root EPERM" "chroot EPERM"
  "unshare-user EPERM" "unshare-mount EPERM" "unshare-net EPERM" "setns EPERM"
  "clone-newuser EPERM" "clone-newnet EPERM"
  "keyctl EPERM" "add_key EPERM" "request_key EPERM"
  "perf_event_open EPERM" "ptrace-traceme EPERM" "process_vm_readv EPERM" "pidfd_getfd EPERM"
  "personality=0x0040000 EPERM" "personality=0x0400000 EPERM" "personality=0x80000008 EPERM"
  "personality=0x7fffffff EPERM" "personality=3 EPERM"
  "kexec_load EPERM" "init_module EPERM" "finit_module EPERM" "delete_module EPERM"
  "swapon EPERM" "acct EPERM" "quotactl EPERM" "syslog EPERM"
  "bpf EPERM" "userfaultfd EPERM" "open_by_handle_at EPERM" "name_to_handle_at EPERM"
  "io_uring_setup ENOSYS"
  "modify_ldt EPERM" "move_pages EPERM" "migrate_pages EPERM" "mbind EPERM" "get_mempolicy EPERM"
  "set_mempolicy EPERM" "set_mempolicy_home_node EPERM" "kcmp EPERM" "vhangup EPERM"
  # newer than libseccomp's table: denied by number
  "statmount ENOSYS" "listmount ENOSYS" "open_tree_attr ENOSYS"
  "socket=17 EAFNOSUPPORT" "socket=40 EAFNOSUPPORT" "socket=38 EAFNOSUPPORT" "socket=0 EAFNOSUPPORT"
  "socket=100 EAFNOSUPPORT" "socket-raw-family=0x100000001 EAFNOSUPPORT"
  # what must keep working
  "clone ok" "unshare-files ok" "socket=1 ok" "socket=2 ok" "socket=10 ok" "socket=16 ok"
  "personality=0 ok" "personality=8 ok" "personality=0xffffffff ok"
)
have_32=0
[ -n "${TRY_SYSCALL_32:-}" ] && [ -x "$TRY_SYSCALL_32" ] && "$TRY_SYSCALL_32" clone >/dev/null 2>&1 && have_32=1
i386=0
host_int80_works && i386=1
i386_rows=("i386-tiocsti EPERM" "i386-tioclinux EPERM" "i386-unshare-user EPERM" "i386-keyctl EPERM"
           "i386-bpf EPERM" "i386-userfaultfd EPERM" "i386-io_uring_setup ENOSYS" "i386-mount EPERM"
           "i386-modify_ldt EPERM" "i386-kcmp EPERM" "i386-mbind EPERM" "i386-vhangup EPERM"
           "i386-open_tree_attr ENOSYS"
           # the direct socket(2) (359): AF_ALG, AF_VSOCK, AF_PACKET refused, the rest works
           "i386-socket=38 EAFNOSUPPORT" "i386-socket=40 EAFNOSUPPORT" "i386-socket=17 EAFNOSUPPORT"
           "i386-socket=1 ok" "i386-socket=2 ok" "i386-socket=10 ok" "i386-socket=16 ok")
rows32=("tiocsti EPERM" "tiocsti-highbits EPERM" "keyctl EPERM" "unshare-user EPERM" "clone3 ENOSYS"
        "fsopen ENOSYS" "bpf EPERM" "io_uring_setup ENOSYS" "open_by_handle_at EPERM"
        "modify_ldt EPERM" "kcmp EPERM" "open_tree_attr ENOSYS"
        "socket-raw-family=40 EAFNOSUPPORT" "socket-raw-family=2 ok")

plan $(( ${#rows[@]} + ${#i386_rows[@]} + 3 + ${#rows32[@]} + 45 ))

# Under a pty, so that fd 0 is a terminal for the TIOCSTI/TIOCLINUX rows.
in_pty() { # COMMAND-STRING
  out=$(script -qec "$1" /dev/null 2>&1 </dev/null | tr -d '\r')
}
batch="test -t 0 && echo tty: yes; "
for r in "${rows[@]}" "${i386_rows[@]}" "x32-keyctl X" "x32-unshare-user X" "x32-open_tree_attr X"; do
  a=${r% *}
  batch+="$TS ${a/=/ }; "
done
in_pty "$JAIL $T -- sh -c '$batch'"
results=$out
is "$(result tty)" yes "the attacks run with a terminal (a pty) on fd 0"

for r in "${rows[@]}"; do
  a=${r% *}; want=${r##* }
  is "$(result "$a")" "$want" "default filter: ${a/=/ } → $want"
done

# With the report off, the precompiled program carries the rows by number
# and personality's in front of it, as one program (seccomp.h says why):
# every answer must be the same as with the report on.
in_pty "$JAIL $T --report=never -- sh -c '$batch'"
is "$(echo "$out" | grep -v '^jail:' | sort)" "$(echo "$results" | grep -v '^jail:' | sort)" \
  "--report=never: every row (by number, personality, i386 socket, x32) answers as with the report on"

for r in "${i386_rows[@]}"; do
  if [ $i386 = 0 ]; then
    skip "this kernel runs no i386 syscalls (int 0x80 faults): nothing to filter" "i386 via int 0x80: $r"
  else
    is "$(result "${r% *}")" "${r##* }" "i386 via int 0x80: ${r% *} → ${r##* }"
  fi
done
# x32: refused either by the filter (EPERM) or by a kernel without x32.
like "$(result x32-keyctl)" "^(EPERM|ENOSYS)$" "x32 ABI: keyctl refused"
like "$(result x32-unshare-user)" "^(EPERM|ENOSYS)$" "x32 ABI: unshare(CLONE_NEWUSER) refused"
like "$(result x32-open_tree_attr)" "^ENOSYS$" "x32 ABI: open_tree_attr refused by number"

# The same helper built as an i386 program.
if [ $have_32 = 1 ]; then
  batch=""
  for r in "${rows32[@]}"; do a=${r% *}; batch+="/t32/$(basename "$TRY_SYSCALL_32") ${a/=/ }; "; done
  in_pty "$JAIL $T --ro-bind $(dirname "$TRY_SYSCALL_32") /t32 -- sh -c '$batch'"
  results=$out
  for r in "${rows32[@]}"; do
    is "$(result "${r% *}")" "${r##* }" "i386 program: ${r% *} → ${r##* }"
  done
else
  for r in "${rows32[@]}"; do
    skip "no i386 helper (gcc -m32 unavailable or the kernel runs no i386 programs)" "i386 program: $r"
  done
fi

# The table is what makes the difference: without it, the same calls get
# through (or fail differently).
in_pty "$JAIL --seccomp=off $T -- sh -c '$TS tiocsti; $TS clone3; $TS keyctl; $TS tioclinux; $TS io_uring_setup; $TS socket 17'"
results=$out
like "$out" "WARNING: --seccomp=off" "--seccomp=off warns on stderr"
if [ "$(cat /proc/sys/dev/tty/legacy_tiocsti 2>/dev/null || echo 1)" = 1 ]; then
  # (the injected character lands in front of the helper's own output)
  like "$out" "tiocsti: ok" "--seccomp=off: TIOCSTI injects into the terminal (what the row stops)"
else
  skip "dev.tty.legacy_tiocsti=0: the kernel itself refuses TIOCSTI" "--seccomp=off: TIOCSTI contrast"
fi
is "$(result clone3)" ok "--seccomp=off: clone3 runs"
is "$(result keyctl)" ok "--seccomp=off: keyctl runs"
isnt_eperm=$(result tioclinux)
like "$isnt_eperm" "^(ENOTTY|EINVAL)$" "--seccomp=off: TIOCLINUX reaches the tty driver"
unlike "$(result socket)" "EAFNOSUPPORT" "--seccomp=off: AF_PACKET is refused by the kernel, not the filter"

# The rows by number and the i386 socket rule are the filter's doing: the
# kernel alone answers otherwise.
attacks --seccomp=off -- open_tree_attr statmount "kcmp" "modify_ldt"
is "$(result open_tree_attr)" EPERM "--seccomp=off: open_tree_attr reaches the kernel (EPERM: no CAP_SYS_ADMIN over the mount)"
is "$(result statmount)" EFAULT "--seccomp=off: statmount reaches the kernel (EFAULT: no request)"
is "$(result kcmp)" ok "--seccomp=off: kcmp runs"
is "$(result modify_ldt)" ok "--seccomp=off: modify_ldt runs"
if [ $i386 = 1 ]; then
  attacks --seccomp=off -- "i386-socket 40"
  is "$(result i386-socket=40)" ENODEV "--seccomp=off: i386 socket(AF_VSOCK) reaches the kernel (ENODEV)"
else
  skip "this kernel runs no i386 syscalls (int 0x80 faults)" "--seccomp=off: i386 socket(AF_VSOCK) contrast"
fi

attacks --seccomp-allow=keyctl --seccomp-deny=uname:EACCES --seccomp-deny=io_uring_setup:EPERM -- keyctl "uname" io_uring_setup add_key
is "$(result keyctl)" ok "--seccomp-allow=keyctl lifts the keyctl row"
is "$(result add_key)" EPERM "... and only that row"
is "$(result io_uring_setup)" EPERM "--seccomp-deny=io_uring_setup:EPERM replaces the row's errno"

attacks --seccomp-allow=open_tree_attr --seccomp-deny=statmount:EACCES -- open_tree_attr statmount listmount
is "$(result open_tree_attr)" EPERM "--seccomp-allow=open_tree_attr lifts a row denied by number (the kernel answers)"
is "$(result statmount)" EACCES "--seccomp-deny=statmount:EACCES replaces a numbered row's errno"
is "$(result listmount)" ENOSYS "... and only that row"

attacks --allow-ptrace -- ptrace-traceme process_vm_readv "kcmp"
is "$(result ptrace-traceme)" ok "--allow-ptrace lifts the ptrace row"
is "$(result process_vm_readv)" ok "... and process_vm_readv's"
is "$(result kcmp)" ok "... and kcmp's"

attacks --allow-userns -- clone-newuser unshare-user remount-rw keyctl
is "$(result clone-newuser)" ok "--allow-userns: clone(CLONE_NEWUSER) allowed"
is "$(result unshare-user)" ok "--allow-userns: unshare(CLONE_NEWUSER) allowed"
is "$(result remount-rw)" EPERM "--allow-userns: mount stays blocked"
is "$(result keyctl)" EPERM "--allow-userns: the rest of the table stays"

# A kernel that refuses the precompiled program (JAIL_TEST_SECCOMP hands
# it one it must refuse): libseccomp compiles the same filter at run
# time, with the report's head when the report is on.  ptrace-traceme is
# not asked under strace, whose tracing refuses it by itself.
# The program shows as {len=...} where strace may read the loader's memory
# and as an address where it may not (the app's setup runs in PID 1's
# memory, non-dumpable: src/sandbox/exec.c); libseccomp's probes of the
# kernel pass NULL.
refused_loads() { # STRACE-FILE: the first loading process's seccomp() results
  local pid loads='seccomp\(SECCOMP_SET_MODE_FILTER, [A-Z_0-9|]+, (\{len=|0x)'
  pid=$(grep -m1 -E "$loads" "$1" | cut -d' ' -f1)
  grep -E "^$pid +$loads" "$1" \
    | sed -E 's/.*\) = (-1 [A-Z]+|[0-9]+).*/\1/; s/^[0-9]+$/loaded/' | paste -sd,
}
have_strace=0
command -v strace >/dev/null && strace -f -o /dev/null true 2>/dev/null && have_strace=1
for rep in auto never; do
  run env JAIL_TEST_SECCOMP=refuse-precompiled "$JAIL" $T --report=$rep -- \
    sh -c "$TS ptrace-traceme; $TS keyctl; $TS statmount; $TS personality 0x0040000; exit 7"
  results=$out
  is "$rc" 7 "precompiled filter refused, --report=$rep: the sandbox runs, the command's exit status kept"
  is "$(result ptrace-traceme)" EPERM "precompiled filter refused, --report=$rep: ptrace still refused"
  is "$(result keyctl)" EPERM "precompiled filter refused, --report=$rep: keyctl still refused"
  is "$(result statmount)" ENOSYS "precompiled filter refused, --report=$rep: statmount refused by number"
  is "$(result personality=0x0040000)" EPERM "precompiled filter refused, --report=$rep: personality row holds"
  if [ $have_strace = 1 ]; then
    # LeakSanitizer cannot run under ptrace: leaks are checked everywhere else.
    run env JAIL_TEST_SECCOMP=refuse-precompiled \
      ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" \
      strace -f -qq -e trace=seccomp -o "$tap_tmp/st-$rep" "$JAIL" --report=$rep -- true
    is "$rc:$(refused_loads "$tap_tmp/st-$rep")" "0:-1 EINVAL,loaded" \
      "precompiled filter refused, --report=$rep: the kernel said EINVAL, the run-time compile was loaded"
  else
    skip "strace missing or ptrace not permitted" "precompiled filter refused, --report=$rep: the kernel's refusal seen"
  fi
done
like "$(JAIL_TEST_SECCOMP=refuse-precompiled "$JAIL" $T -- sh -c "$TS keyctl" 2>&1)" \
  "refused: 1 syscall \(keyctl\)" "precompiled filter refused: the report still names the refused call"

jail --seccomp=bogus true
is "$rc" 125 "--seccomp=bogus is refused (exit 125)"
# jail's own steps after the filter need no call a rule may refuse.
jail --seccomp-deny=prctl -- sh -c 'exit 3'
is "$rc" 3 "--seccomp-deny=prctl: the sandbox starts, the command's status kept"
jail --seccomp-deny=no_such_call true
like "$out" "^jail: .*no_such_call" "an unknown syscall name is one clear error"
jail --seccomp-deny=read:EBOGUS true
is "$rc" 125 "an unknown errno name is refused (exit 125)"
jail_print --seccomp-deny=uname:ENOSYS --allow-userns true
json_is "$out" '[j["seccomp"][k] for k in ("mode", "architectures", "allow_userns", "deny")]' \
  '["default", ["x86_64", "x86", "x32"], true, [{ "syscall": "uname", "errno": "ENOSYS" }]]' \
  "--print shows the filter, its ABIs and the caller's rules"
printf '%s' "$out" | python3 -c 'import json, sys; json.load(sys.stdin)' 2>&1
ok $? "--print output with hardening settings is valid JSON"

done_testing
