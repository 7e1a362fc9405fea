#!/bin/bash
# Resource limits, inside the test VM (a real systemd with a lingering,
# unprivileged user whose manager delegates cpu, memory and pids), then the
# device classes (devices-vm.sh) in the same TAP stream.
# Run by tests/vm/run.sh as the user unit jail-vm-tests.service.
. "$(dirname "$0")/tap.sh"

uid=$(id -u)
manager=/sys/fs/cgroup/user.slice/user-$uid.slice/user@$uid.service
# The cgroup directory of the running sandbox whose app is NAME.
scope_dir() { find "$manager" -maxdepth 2 -type d -name "app-jail-$1-*.scope" | head -1; }
scopes() { systemctl --user list-units --all --plain --no-legend 'app-jail-*' | grep -c scope; }
diag "kernel $(uname -r), user $(id -un), manager controllers:" \
     "$(cat "$manager/cgroup.controllers")"

# --- a memory limit: 99M fits under 100M, 101M does not -------------------
run timeout -s TERM 6 "$JAIL" --memory 100M -- stress --vm 1 --vm-bytes 99M --vm-keep
is "$rc" 124 "stress --vm-bytes 99M keeps running under --memory 100M (stopped by timeout)"
unlike "$out" "out of memory" "no OOM kill is reported for 99M"

run timeout -s TERM 60 "$JAIL" --memory 100M -- stress --vm 1 --vm-bytes 101M --vm-keep
is "$rc" 1 "stress --vm-bytes 101M: stress's own exit code (1) is kept"
like "$out" "jail: 1 process was killed: out of memory \(limit 100M\)" \
  "jail reports the OOM kill of stress's worker"

# The same with wider margins.
run timeout -s TERM 6 "$JAIL" --memory 100M -- stress --vm 1 --vm-bytes 80M --vm-keep
is "$rc" 124 "80M keeps running under --memory 100M"
run timeout -s TERM 60 "$JAIL" --memory 100M -- stress --vm 1 --vm-bytes 130M --vm-keep
is "$rc" 1 "130M under --memory 100M: stress's exit code is kept"
like "$out" "jail: 1 process was killed: out of memory \(limit 100M\)" "130M under --memory 100M: worker OOM-killed"

# The app itself killed: jail says so and exits 137.
run timeout -s TERM 60 "$JAIL" --memory 50M -- sh -c 'x=$(head -c 200M /dev/zero | tr "\0" a); echo ${#x}'
is "$rc" 137 "an app killed by the OOM killer: exit 137"
like "$out" "jail: sh was killed: out of memory \(limit 50M\)" "jail names the app killed by the OOM killer"

# --- fork bomb ----------------------------------------------------------
t0=$SECONDS
"$JAIL" --pids 50 --stats -- sh -c 'sleep 8 & b() { b | b & }; b; wait' > "$tap_tmp/bomb" 2>&1 &
bomb=$!
sleep 3
h0=$(date +%s%N)
for i in 1 2 3 4 5; do /bin/true; done
h1=$(date +%s%N)
n=$(cat "$(scope_dir sh)/sandbox/pids.current" 2>/dev/null || echo 0)
wait "$bomb"
ok "$([ $(( (h1 - h0) / 1000000 )) -lt 3000 ] && echo 0 || echo 1)" \
  "outside the sandbox, 5 commands run in $(( (h1 - h0) / 1000000 )) ms during the fork bomb"
diag "pids.current during the fork bomb: $n"
like "$(cat "$tap_tmp/bomb")" "peak tasks 50$" "the fork bomb is held at --pids 50 (--stats: peak tasks 50)"
like "$(cat "$tap_tmp/bomb")" "fork|Resource temporarily unavailable" "forks beyond the limit fail inside"
ok "$([ $((SECONDS - t0)) -lt 30 ] && echo 0 || echo 1)" "the sandbox ends with its app ($((SECONDS - t0)) s)"
is "$(pgrep -u "$uid" -c -x sh)" 0 "no process of the fork bomb is left"

# --- cpu ------------------------------------------------------------------
run "$JAIL" --cpu 50% --stats -- timeout 4 sh -c 'while :; do :; done'
cpu=$(printf '%s' "$out" | sed -n 's/.*CPU time \([0-9.]*\) s.*/\1/p')
diag "--cpu 50%, 4 s busy loop: CPU time $cpu s"
ok "$(awk -v c="${cpu:-0}" 'BEGIN { exit !(c >= 1.4 && c <= 2.6) }'; echo $?)" \
  "--cpu 50% holds a busy loop near half a core ($cpu s of CPU in 4 s)"
run "$JAIL" --stats -- timeout 2 sh -c 'while :; do :; done'
cpu2=$(printf '%s' "$out" | sed -n 's/.*CPU time \([0-9.]*\) s.*/\1/p')
ok "$(awk -v c="${cpu2:-0}" 'BEGIN { exit !(c >= 1.5) }'; echo $?)" \
  "without --cpu the same loop gets a whole core ($cpu2 s of CPU in 2 s)"

# --- stats ----------------------------------------------------------------
run "$JAIL" --stats -- stress --vm 1 --vm-bytes 40M --vm-keep --timeout 2
like "$out" "jail: stats: peak memory (4[0-9]|[5-9][0-9])\.[0-9]M, CPU time [0-9.]+ s \(user [0-9.]+ s, system [0-9.]+ s\), peak tasks ([0-9]+|n/a)" \
  "--stats: peak memory (40M+), CPU time, peak tasks"
diag "$out"

# --- every limit lands in the sandbox's own leaf ----------------------------
run "$JAIL" --memory 300M --memory-high 200M --swap 0 --pids 77 --cpu 150% --cpu-weight 42 \
  --io-weight 50 --bind /sys/fs/cgroup /sys/fs/cgroup -- sh -c '
  cd /sys/fs/cgroup && for f in memory.max memory.high memory.swap.max pids.max cpu.max cpu.weight io.weight; do
    printf "%s=%s;" $f "$(head -1 $f)"; done'
is "$rc:$out" "0:memory.max=314572800;memory.high=209715200;memory.swap.max=0;pids.max=77;cpu.max=150000 100000;cpu.weight=42;io.weight=default 50;" \
  "every limit option is written to the sandbox's leaf"

# --- the scope ------------------------------------------------------------
"$JAIL" -- sleep 4 &
p=$!
sleep 2
is "$(scopes)" 1 "a running sandbox has its scope (systemctl --user list-units app-jail-*)"
like "$(systemctl --user list-units --plain --no-legend 'app-jail-*')" "app-jail-sleep-[0-9a-f]+\.scope" \
  "the scope is named app-jail-NAME-ID.scope"
wait $p
sleep 1
"$JAIL" --name web -- sleep 4 &
p=$!
sleep 2
like "$(systemctl --user list-units --plain --no-legend 'app-jail-*')" "app-jail-web-[0-9a-f]+\.scope" \
  "a sandbox named with --name: its scope carries that name"
like "$("$JAIL" list --json)" '"cgroup" *: *"/[^"]*app-jail-web-[0-9a-f]+\.scope/sandbox"' \
  "jail list shows the sandbox's cgroup leaf (for jail stats)"
wait $p
sleep 1
is "$(scopes)" 0 "the scope is gone after the sandbox ends"

"$JAIL" -- sleep 60 &
p=$!
sleep 2
{ kill -KILL $p; wait $p; } 2>/dev/null
sleep 2
is "$(scopes)" 0 "the scope is gone after SIGKILL of jail's monitor"
is "$(pgrep -u "$uid" -c -x sleep)" 0 "no process of that sandbox is left"

# --- inside: its own subtree only, limits not writable ----------------------
run "$JAIL" --memory 100M --bind /sys/fs/cgroup /sys/fs/cgroup -- sh -c '
  cat /proc/self/cgroup /sys/fs/cgroup/memory.max
  echo max > /sys/fs/cgroup/memory.max && echo WRITTEN; cat /sys/fs/cgroup/memory.max'
like "$out" "^0::/
104857600
.*(Operation not permitted|Permission denied)" \
  "the sandbox is at its cgroup namespace's root and cannot raise its memory.max"
unlike "$out" "WRITTEN" "the write to memory.max failed"
# Its scope's files are the user's: reachable, "-memory" in the scope's
# cgroup.subtree_control would lift the limit.  A bound host /sys/fs/cgroup
# shows only the sandbox's own leaf.
run "$JAIL" --memory 100M --bind /sys /sys -- sh -c '
  ls /sys/fs/cgroup; find /sys/fs/cgroup -name "*.scope" -o -name user.slice'
unlike "$out" "\.scope|user\.slice|cgroup\.subtree_control.*cgroup\.subtree_control" \
  "with the host's /sys bound in, the sandbox sees no cgroup above its own leaf"
like "$out" "memory\.max" "... but its own leaf's files"
# Covering gives no more than the plan did: over a read-only bind the
# fresh cgroup2 is read-only too.
# mountinfo lists the covered mount first, the one on top last.
cgroup_top_and_mkdir='grep " /sys/fs/cgroup " /proc/self/mountinfo | tail -1
  mkdir /sys/fs/cgroup/sub && echo MADE && rmdir /sys/fs/cgroup/sub'
run "$JAIL" --memory 100M --bind /sys /sys -- sh -c "$cgroup_top_and_mkdir"
like "$out" " /sys/fs/cgroup rw,.* - cgroup2 .*
MADE" "control: under a read-write /sys the sandbox's own cgroup2 is writable"
run "$JAIL" --memory 100M --ro-bind /sys /sys -- sh -c "$cgroup_top_and_mkdir"
like "$out" " /sys/fs/cgroup ro,.* - cgroup2 " "under a read-only /sys the sandbox's own cgroup2 is read-only"
unlike "$out" "MADE" "... so no cgroup can be made in it"

# Control: the same file is writable from outside (it is the user's).
"$JAIL" --memory 100M -- sleep 4 &
p=$!
sleep 2
f=$(scope_dir sleep)/sandbox/memory.max
echo 200M > "$f"
is "$(cat "$f")" 209715200 "outside the sandbox, the user can change that limit (the protection is the namespace)"
wait $p

# --- no user manager --------------------------------------------------------
run env DBUS_SESSION_BUS_ADDRESS=unix:path=/nonexistent "$JAIL" --memory 100M -- true
like "$rc:$out" "^125:jail: resource limits: no systemd user manager" \
  "user bus unreachable: exit 125 with the reason"
run env DBUS_SESSION_BUS_ADDRESS=unix:path=/nonexistent "$JAIL" --memory 100M --limits=best-effort -- echo ran
like "$out" "warning: running without resource limits.*
ran" "--limits=best-effort: warns and runs"
# The scope is asked for by jail-scope, found beside jail; a jail copied
# where it has none (and none installed) says so, and runs without limits
# only when told to.
mkdir -p "$tap_tmp/alone" && cp "$JAIL" "$tap_tmp/alone/jail"
run "$tap_tmp/alone/jail" --memory 100M -- true
like "$rc:$out" "^125:jail: resource limits: jail-scope is not installed .*; to run without them: --limits=best-effort$" \
  "without jail-scope: exit 125 naming the missing program"
run "$tap_tmp/alone/jail" -- echo ran
is "$rc:$out" "0:ran" "without jail-scope and without limits: the sandbox runs"
# A delegated scope of the caller's own is used directly.
run systemd-run --user --scope -q -p Delegate=yes env DBUS_SESSION_BUS_ADDRESS=unix:path=/nonexistent \
  "$JAIL" --memory 100M -- sh -c 'cat /proc/self/cgroup'
is "$rc:$out" "0:0::/" "without a user manager, an already delegated cgroup is used"
# Delegated, but the controller is not enabled for it: a child cgroup of the
# scope gets no controllers until someone writes the scope's subtree_control.
run systemd-run --user --scope -q -p Delegate=yes sh -c '
  cg=/sys/fs/cgroup$(sed -n "s/^0:://p" /proc/self/cgroup)
  mkdir "$cg/bare" && echo $$ > "$cg/bare/cgroup.procs" &&
  exec env DBUS_SESSION_BUS_ADDRESS=unix:path=/nonexistent "$0" --memory 100M -- true' "$JAIL"
like "$rc:$out" "^125:jail: resource limits: .*the memory controller is not delegated to /sys/fs/cgroup/.*/bare" \
  "a delegated cgroup without the memory controller: exit 125 naming the controller and the cgroup"

. "$(dirname "$0")/devices-vm.sh"

plan "$tap_n"
done_testing
