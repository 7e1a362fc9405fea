#!/bin/bash
# Exit status, signal forwarding, zombie reaping and the sandbox's lifetime
# (it never outlives the monitor, nor, with --die-with-parent, its parent).
. "$(dirname "$0")/../lib/tap.sh"
plan 30

# Sleep durations double as unique tags: "sleep 900.1234" is findable with
# pgrep from the host and belongs to this run only.
tag=$(( $$ % 100000 ))
procs() { pgrep -u "$(id -u)" -f "^sleep $1\$" | tr '\n' ' '; }
# wait_for COUNT CMD...: poll CMD (0.05 s steps) until it succeeds.
wait_for() {
  local n=$1; shift
  while [ "$n" -gt 0 ]; do
    "$@" && return 0
    sleep 0.05
    n=$((n - 1))
  done
  return 1
}
running() { [ -n "$(procs "$1")" ]; }
gone() { [ -z "$(procs "$1")" ]; }

# --- exit codes --------------------------------------------------------------
jail -- true
is "$rc" 0 "exit status 0"
jail -- sh -c 'exit 42'
is "$rc" 42 "the app's exit status N is jail's"
jail --as-pid-1 -- sh -c 'exit 42'
is "$rc" 42 "the same with --as-pid-1"
jail -- sh -c 'kill -TERM $$'
is "$rc" 143 "an app killed by SIGTERM: 128+15"
jail -- sh -c 'kill -KILL $$'
is "$rc" 137 "an app killed by SIGKILL: 128+9"
jail -- sh -c 'kill -SEGV $$'
is "$rc" 139 "an app killed by SIGSEGV: 128+11"
jail -- sh -c 'exit 255'
is "$rc" 255 "exit status 255 passes through unchanged"

jail --ro-bind /nonexistent-jail-test-path /x -- true
is "$rc" 125 "a jail failure exits 125"
like "$out" "^jail: .*/nonexistent-jail-test-path" "and names the path in one line"

printf '#!/bin/sh\necho hi\n' > "$tap_tmp/noexec"
chmod 0644 "$tap_tmp/noexec"
jail --ro-bind "$tap_tmp/noexec" /noexec -- /noexec
is "$rc" 126 "a command that is not executable exits 126"
like "$out" "^jail: .*/noexec" "and the message names it"
jail -- /usr
is "$rc" 126 "a directory as the command exits 126"
jail -- no-such-command-$tag
is "$rc" 127 "a command that is not found exits 127"
like "$out" "no-such-command-$tag" "and the message names it"
jail --as-pid-1 -- /no/such/file
is "$rc" 127 "127 also with --as-pid-1"

# The command is looked up in the sandbox's PATH, as execvp would (the
# sandbox searches it itself: src/sandbox/exec.c).
bin="$tap_tmp/bin-$tag"
mkdir -p "$bin/a" "$bin/b"
printf '#!/bin/sh\necho found-b\n' > "$bin/b/cmd-$tag"
printf 'echo no-shebang-ran\n' > "$bin/b/plain-$tag"
printf '#!/bin/sh\necho not-me\n' > "$bin/a/cmd-$tag"
chmod 0755 "$bin/b/cmd-$tag" "$bin/b/plain-$tag"
chmod 0644 "$bin/a/cmd-$tag"
jbin=(--ro-bind "$bin" /opt/jbin)
jail "${jbin[@]}" --setenv PATH /opt/jbin/a:/opt/jbin/b -- "cmd-$tag"
is "$rc:$out" "0:found-b" "PATH search: a file that is not executable is passed over for the next one"
jail "${jbin[@]}" --setenv PATH /opt/jbin/a -- "cmd-$tag"
is "$rc" 126 "PATH search: only a file that is not executable: 126"
jail "${jbin[@]}" --setenv PATH /opt/jbin/b -- "plain-$tag"
is "$rc:$out" "0:no-shebang-ran" "a file without #! is run by /bin/sh, as execvp does"
jail "${jbin[@]}" --setenv PATH /nonexistent-$tag: --chdir /opt/jbin/b -- "cmd-$tag"
is "$rc:$out" "0:found-b" "an empty PATH element is the working directory"
jail --setenv PATH /nonexistent-$tag -- true
is "$rc" 127 "the sandbox's PATH is searched, not jail's"

# --- signals -----------------------------------------------------------------
# A signal sent to jail reaches the app, which may handle it.
sigtest() { # sigtest SIGNAL JAIL-OPTION...
  local sig=$1; shift
  local log="$tap_tmp/sig.$sig"
  : > "$log"
  "$JAIL" "$@" -- sh -c "trap 'echo got $sig; exit 7' $sig; echo ready; while :; do sleep 0.05; done" > "$log" 2>&1 &
  local pid=$!
  wait_for 100 grep -q ready "$log"
  kill -"$sig" "$pid"
  wait "$pid"
  rc=$?
  out=$(cat "$log")
}
sigtest TERM
is "$rc:$(echo $out)" "7:ready got TERM" "SIGTERM sent to jail reaches the app's trap"
sigtest USR1
is "$rc:$(echo $out)" "7:ready got USR1" "SIGUSR1 is forwarded too"
sigtest TERM --as-pid-1
is "$rc:$(echo $out)" "7:ready got TERM" "SIGTERM reaches the trap of an app that is PID 1"

# Without a handler, the app dies of the signal (jail's init does not ignore it for the app).
log="$tap_tmp/sig.plain"
"$JAIL" -- sh -c "echo ready; exec sleep 901.$tag" > "$log" 2>&1 &
pid=$!
wait_for 100 running "901.$tag"
kill -TERM "$pid"
wait "$pid"
is "$?" 143 "an app without a handler dies of the forwarded SIGTERM: 143"

# --- zombies -------------------------------------------------------------------
# 50 orphans that exit while the app still runs: init must reap them all.
# (grep -c exits 1 when it counts none: no denial report for ps's NUMA query.)
jail --report=never -- sh -c 'for i in $(seq 50); do (sleep 0.1 &); done; sleep 0.8; ps -eo stat= | grep -c "^Z"'
is "$out" 0 "an app orphaning 50 children leaves no zombie"
# 50 orphans still running when the app exits: jail exits at once and takes them down.
start=$(date +%s%N)
jail -- sh -c "for i in \$(seq 50); do (sleep 902.$tag &); done; exit 3"
elapsed=$(( ($(date +%s%N) - start) / 1000000 ))
is "$rc" 3 "jail exits with the app's status though orphans still run"
ok "$( [ "$elapsed" -lt 5000 ] && wait_for 40 gone "902.$tag"; echo $?)" \
  "it exits promptly (${elapsed} ms) and no orphan survives on the host"

# --- lifetime ----------------------------------------------------------------
# SIGKILL of the monitor: the sandbox goes with it.
"$JAIL" -- sleep "903.$tag" &
pid=$!
wait_for 100 running "903.$tag"
kill -KILL "$pid"
{ wait "$pid"; } 2>/dev/null
ok "$(wait_for 40 gone "903.$tag"; echo $?)" "SIGKILL of the monitor kills the sandboxed app"

"$JAIL" --as-pid-1 -- sleep "905.$tag" &
pid=$!
wait_for 100 running "905.$tag"
kill -KILL "$pid"
{ wait "$pid"; } 2>/dev/null
ok "$(wait_for 40 gone "905.$tag"; echo $?)" "the same when the app is PID 1 (--as-pid-1)"

# --die-with-parent: kill jail's parent, the sandbox dies.
bash -c "\"$JAIL\" --die-with-parent -- sleep 904.$tag; :" &
parent=$!
wait_for 100 running "904.$tag"
kill -KILL "$parent"
{ wait "$parent"; } 2>/dev/null
ok "$(wait_for 40 gone "904.$tag"; echo $?)" "--die-with-parent: the sandbox dies with jail's parent"

done_testing
