#!/bin/bash
# The sandbox's PID 1 is the small jail-init (src/init/), not a copy of the
# monitor: what it is, what it holds, what the app can do to it, and the
# in-process init that stands in where jail-init is not installed.
. "$(dirname "$0")/../lib/tap.sh"
plan 26

# PID 1 execs jail-init once the app has exec'd (src/sandbox/exec.c): an
# app that looks at once may still see the jail process there, which is
# non-dumpable (escape/attacks.sh tries to trace it).  `settled` waits up
# to 2 s for jail-init.
settled='i=0; while [ "$(cat /proc/1/comm)" != jail-init ] && [ $i -lt 200 ]; do sleep 0.01; i=$((i+1)); done;'
jail -- sh -c "$settled cat /proc/1/comm"
is "$out" jail-init "PID 1 inside becomes jail-init"

# The same seen from inside, where the app looks: PID 1's resident memory.
# jail-init is a ~1 kB static program without a C library on x86_64 and
# aarch64 (a stack and a few pages: ~16 kB resident), a static libc
# program elsewhere (~0.7 MB); a copy of the monitor has libc, GLib and
# jail's own code mapped and touched (~2.8 MB resident, measured on the
# fallback init below).
case "$(uname -m)" in
  x86_64|aarch64) init_rss_max=256 ;;
  *) init_rss_max=1024 ;;
esac
pid1_status="$settled"' grep -E "^(Name|VmRSS):" /proc/1/status | tr -s "\t " " " | tr "\n" ";"'
rss_under() { # rss_under STATUS-LINE MAX-KB: 0 when VmRSS is under MAX-KB
  local kb
  kb=$(printf '%s' "$1" | sed -n 's/.*VmRSS: \([0-9]*\) kB.*/\1/p')
  [ -n "$kb" ] && [ "$kb" -lt "$2" ]
}
jail -- sh -c "$pid1_status"
diag "PID 1 from inside: $out"
like "$out" "^Name: jail-init;VmRSS: [0-9]+ kB;$" "from inside, /proc/1/status names jail-init"
ok "$(rss_under "$out" "$init_rss_max"; echo $?)" \
  "from inside, PID 1's VmRSS is under $init_rss_max kB (no copy of the monitor)"
# Its mappings would name the libraries, but PID 1 is non-dumpable: the
# app may not read them (nor follow /proc/1/exe).
jail -- sh -c 'cat /proc/1/maps; echo "maps=$?"; readlink -v /proc/1/exe; echo "exe=$?"'
like "$(printf '%s' "$out" | tr '\n' ';')" "maps: Permission denied;maps=1;.*/proc/1/exe.?: Permission denied;exe=1$" \
  "from inside, /proc/1/maps and /proc/1/exe are not readable (PID 1 is non-dumpable)"
unlike "$out" "libglib|libgio|/jail$" "nothing of GLib or jail's binary shows through"

# Its memory from the host: a copy of the monitor would carry GLib, GIO and
# libslirp (several MB resident); jail-init is libc alone.
"$JAIL" -- sleep 30 &
mon=$!
init=""
for _ in $(seq 100); do
  # (the monitor has other children: the report's supervisor, helpers)
  init=$(for c in $(cat /proc/$mon/task/*/children 2>/dev/null); do
    [ "$(cat /proc/"$c"/comm 2>/dev/null)" = jail-init ] && echo "$c"; done | head -1)
  [ -n "$init" ] && break
  sleep 0.05
done
init_rss=$(awk '/^VmRSS:/ {print $2}' /proc/"$init"/status 2>/dev/null)
mon_rss=$(awk '/^VmRSS:/ {print $2}' /proc/$mon/status 2>/dev/null)
diag "RSS: monitor ${mon_rss:-?} kB, jail-init ${init_rss:-?} kB"
ok $(( ${init_rss:-99999} < 2048 && ${init_rss:-99999} * 2 < ${mon_rss:-0} ? 0 : 1 )) \
  "jail-init's RSS is under 2 MB and under half the monitor's"
is "$(awk '/^Threads:/ {print $2}' /proc/"$init"/status)" 1 "jail-init is one thread"
fds=$(ls /proc/"$init"/fd 2>&1)
like "$fds" "Permission denied" "jail-init's descriptors are not readable by the user (non-dumpable)"
kill "$mon"; wait "$mon" 2>/dev/null

# A caller told PID 1's pid (--info-fd, as flatpak is) may read /proc/PID
# of it at any moment: `flatpak enter` reads its environ as soon as it
# knows the pid.  From the pid's report to PID 1's exit (when its memory
# is gone, /proc/PID/status has no VmRSS), every read works.
python3 - "$JAIL" >"$tap_tmp/dumpable" 2>&1 <<'PY'
import os, subprocess, sys, time
r, w = os.pipe()
r, w = os.dup(r), os.dup(w)  # neither may be fd 3
os.dup2(w, 3)
jail = subprocess.Popen([sys.argv[1], "--info-fd", "3", "--", "sh", "-c", "sleep 0.3"], pass_fds=(3,))
os.close(3)
os.close(w)
info = b""
while b"child-pid" not in info or b"," not in info.split(b"child-pid", 1)[1]:
    chunk = os.read(r, 4096)
    if not chunk:
        break
    info += chunk
pid = int(info.split(b'"child-pid":', 1)[1].split(b",")[0])
reads = refused = 0
while jail.poll() is None:
    try:
        with open(f"/proc/{pid}/environ", "rb") as f:
            f.read()
        reads += 1
    except PermissionError:
        try:
            with open(f"/proc/{pid}/status") as f:
                if "VmRSS:" not in f.read():
                    break  # exiting
        except OSError:
            break
        refused += 1
    except (FileNotFoundError, ProcessLookupError):
        break
print(f"reads={'some' if reads else 'none'} refused={refused} rc={jail.wait()}")
PY
is "$(cat "$tap_tmp/dumpable")" "reads=some refused=0 rc=0" \
  "--info-fd: PID 1 stays readable to the caller from its pid's report to the end"

# Inside: no privilege, nothing of it readable by the app, even where the
# app may ptrace (jail-init is non-dumpable).
jail -- sh -c "$settled"' grep -E "^(CapEff|CapBnd|NoNewPrivs):" /proc/1/status | tr -s "\t " " " | tr "\n" ";"'
is "$out" "CapEff: 0000000000000000;CapBnd: 0000000000000000;NoNewPrivs: 1;" \
  "jail-init has no capability (bounding set empty) and no_new_privs"
jail --allow-ptrace -- sh -c 'cat /proc/1/environ; echo "rc=$?"'
like "$out" "Permission denied.*rc=1|rc=1" "the app cannot read jail-init's memory (/proc/1/environ)"
unlike "$out" "PATH=" "nothing of jail-init's environment leaks"
jail -- sh -c 'grep -E "^Seccomp:" /proc/self/status'
like "$out" "Seccomp:[[:space:]]+2" "the app still runs under the syscall filter"

# jail-init runs in a sandbox whose root has no C library at all (a static
# busybox alone, as a flatpak runtime may be): it needs no loader.
if [ -x /bin/busybox ] && file -L /bin/busybox 2>/dev/null | grep -q "statically linked"; then
  run "$BWRAP" --unshare-pid --unshare-user --tmpfs / --ro-bind /bin/busybox /busybox --proc /proc \
    /busybox sh -c 'i=0; while [ "$(/busybox cat /proc/1/comm)" != jail-init ] && [ $i -lt 200 ]; do
      /busybox usleep 10000; i=$((i+1)); done; /busybox cat /proc/1/comm'
  is "$rc:$out" "0:jail-init" "jail-init starts in a root without /lib (static)"
else
  skip "no static /bin/busybox (busybox-static)" "jail-init starts in a root without /lib (static)"
fi

# The init's job, done by jail-init: exit status, signals, orphans.
jail -- sh -c 'exit 7'
is "$rc" 7 "the app's exit status passes through jail-init"
"$JAIL" -- sh -c 'trap "exit 9" TERM; sleep 20 & wait' &
pid=$!
sleep 1
kill -TERM "$pid"
wait "$pid"
is "$?" 9 "SIGTERM to jail reaches the app through jail-init"
jail -- sh -c '(sleep 0.2 &) ; sleep 0.5; ps -o stat= -e | grep -c Z || true'
is "$out" 0 "an orphan is reaped (no zombie left)"

# jail-init tells the monitor how the app ended before it exits, and the
# monitor lets it tear the namespaces down while it removes the record
# (src/common/init-loop.h).  Nothing the app started may outlive jail:
# where init says other processes remain, jail waits for init's exit,
# which kills them.  Otherwise jail returns without waiting for the
# kernel's teardown (src/monitor/monitor.c, must_reap_init), as bwrap
# does, and PID 1 ends by itself, reaped by the reaper jail's orphans go to.
left="sleep 7$$$RANDOM"
jail --info-fd 3 -- sh -c "$left & sleep 0.2; pgrep -x sleep >/dev/null && exit 6" 3>"$tap_tmp/info"
pid1=$(sed -n 's/.*"child-pid": \([0-9]*\).*/\1/p' "$tap_tmp/info")
is "$rc|$(pgrep -fx "$left" | tr '\n' ' ')|$([ -n "$pid1" ] && [ -e "/proc/$pid1" ] && echo "pid 1 left")" "6||" \
  "a process the app left running is gone when jail returns, and so is PID 1, with the app's status"
# One `jail enter` started is in the sandbox's pid namespace too, though
# its parent is outside: init counts it, and it is gone as well.
name="init-enter-$$"
entered="sleep 8$$$RANDOM"
"$JAIL" --name "$name" --info-fd 3 -- sh -c 'sleep 2; exit 6' >/dev/null 2>&1 3>"$tap_tmp/info" &
pid=$!
for _ in $(seq 50); do "$JAIL" enter "$name" -- true 2>/dev/null && break; sleep 0.1; done
"$JAIL" enter "$name" -- sh -c "exec $entered" >/dev/null 2>&1 &
for _ in $(seq 50); do pgrep -fx "$entered" >/dev/null && break; sleep 0.1; done
seen=$(pgrep -fx "$entered" >/dev/null && echo running)
wait "$pid"
rc=$?
pid1=$(sed -n 's/.*"child-pid": \([0-9]*\).*/\1/p' "$tap_tmp/info")
is "$rc|$seen|$(pgrep -fx "$entered" | tr '\n' ' ')|$([ -n "$pid1" ] && [ -e "/proc/$pid1" ] && echo "pid 1 left")" \
  "6|running||" "a process \`jail enter\` started is gone when jail returns, and so is PID 1, with the app's status"
jail --info-fd 3 -- sh -c 'exit 3' 3>"$tap_tmp/info"
pid1=$(sed -n 's/.*"child-pid": \([0-9]*\).*/\1/p' "$tap_tmp/info")
# Still running: any state but exited (Z, which the reaper jail's orphans
# go to clears in its own time: every few seconds on some machines).
pid1_runs() { [ -n "$pid1" ] && sed -n 's/.*) \([^Z]\) .*/\1/p' "/proc/$pid1/stat" 2>/dev/null | grep -q .; }
for _ in $(seq 50); do
  pid1_runs || break
  sleep 0.1
done
is "$rc|${pid1:+pid}|$(pid1_runs && cat "/proc/$pid1/stat")" "3|pid|" \
  "the sandbox's PID 1 (pid $pid1) ends by itself after jail returns"
jail --name "init-$$" -- true
is "$rc|$("$JAIL" list 2>/dev/null | grep -c "init-$$")" "0|0" "the record is gone when jail returns"
jail -- sh -c 'kill -KILL $$'
is "$rc" 137 "an app killed by a signal: 128+N, as jail-init says it"

# Where jail-init is not installed (a jail copied elsewhere, a program
# linking libjail without an install), PID 1 does its job in-process.
cp "$JAIL" "$tap_tmp/jail"
if [ -e "$(dirname "$JAIL")/../config.h" ] && grep -q "JAIL_LIBEXECDIR" "$(dirname "$JAIL")/../config.h" \
   && [ -x "$(sed -n 's/.*JAIL_LIBEXECDIR "\(.*\)"/\1/p' "$(dirname "$JAIL")/../config.h")/jail-init" ]; then
  skip "a jail-init is installed in the configured libexecdir" "fallback init: comm"
  skip "a jail-init is installed in the configured libexecdir" "fallback init: exit status"
  skip "a jail-init is installed in the configured libexecdir" "fallback init: signal"
  skip "a jail-init is installed in the configured libexecdir" "control: a copy of the monitor as PID 1 is over the bound"
else
  run "$tap_tmp/jail" -- cat /proc/1/comm
  is "$out" jail "without jail-init, PID 1 is jail's own init"
  run "$tap_tmp/jail" -- sh -c 'exit 5'
  is "$rc" 5 "the fallback init passes the exit status"
  run "$tap_tmp/jail" -- sh -c 'kill -TERM $$'
  is "$rc" 143 "the fallback init reports 128+N"
  # Control for the memory check above: a copy of the monitor as PID 1 is
  # over the bound, so that check fails where init is a fork of jail.
  run "$tap_tmp/jail" -- sh -c "$pid1_status"
  diag "the fallback PID 1 from inside: $out"
  ok "$(rss_under "$out" "$init_rss_max" && echo 1 || echo 0)" \
    "control: a copy of the monitor as PID 1 is over the bound (VmRSS ${init_rss_max} kB or more)"
fi

done_testing
