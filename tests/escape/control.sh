#!/bin/bash
# No sandbox controls another: the registry of running sandboxes is hidden
# in every sandbox whatever it is granted, a control socket reached by
# another route refuses a caller from inside a sandbox, and `jail enter`'s
# command is locked down before any process inside can see it.
. "$(dirname "$0")/lib.sh"
plan 36

export XDG_RUNTIME_DIR="$tap_tmp/run"
mkdir -m 700 "$XDG_RUNTIME_DIR"
reg="$XDG_RUNTIME_DIR/jail"
# Without a runtime dir: /dev/shm/jail-UID where /dev/shm is the usual
# sticky tmpfs, else /tmp/jail-UID (src/instance/registry.c).
if [ "$(stat -f -c %T /dev/shm 2>/dev/null)" = tmpfs ] && [ -k /dev/shm ]; then
  fallback="/dev/shm/jail-$(id -u)"
else
  fallback="/tmp/jail-$(id -u)"
fi
build=$(cd "$(dirname "$JAIL")/.." && pwd)
# The jail under test, visible inside at the same path.
SEE_JAIL=(--ro-bind "$build" "$build")
pids=()
cleanup() { for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null; done; rm -rf "$tap_tmp"; }
trap cleanup EXIT

wait_listed() { # NAME: wait until `jail list` shows it running (5 s at most)
  for _ in $(seq 50); do
    "$JAIL" list 2>/dev/null | grep -q "^$1 .*running" && return 0
    sleep 0.1
  done
  return 1
}

# The victim: its home is writable, so an `enter` that got through would
# leave a file there.
# A name of its own: other tests run sandboxes at the same time.
victim=victim-$$
mkdir -p "$tap_tmp/victim-home"
"$JAIL" --name "$victim" --bind "$tap_tmp/victim-home" /data -- sleep 120 &
pids+=($!)
wait_listed $victim

# attack_from_inside JAIL-OPTIONS...: from a sandbox given those grants,
# look for the registry and try every command against the victim.
attack_from_inside() {
  # Inside, XDG_RUNTIME_DIR is the sandbox's own /run/user/UID; the host's
  # runtime dir, where granted, is at its host path: the attacker looks in
  # both and points jail at the host's.
  jail "$@" "${SEE_JAIL[@]}" -- sh -c '
    host_run="'"${XDG_RUNTIME_DIR:-}"'"
    for d in "${XDG_RUNTIME_DIR:-/nonexistent}/jail" "${host_run:-/nonexistent}/jail" "'"$fallback"'"; do
      [ -d "$d" ] && echo "registry $d: [$(ls -A "$d")]"
    done
    [ -n "$host_run" ] && export XDG_RUNTIME_DIR="$host_run"
    find "${XDG_RUNTIME_DIR:-/run}" /tmp /run /home -type s -path "*/'"$victim"'/control" 2>/dev/null | sed "s/^/socket: /"
    "'"$JAIL"'" list | tail -n +2 | sed "s/^/listed: /"
    "'"$JAIL"'" enter '"$victim"' -- touch /data/pwned; echo "enter: $?"
    "'"$JAIL"'" kill '"$victim"' CONT; echo "kill: $?"
    "'"$JAIL"'" stop '"$victim"' --timeout 1; echo "stop: $?"'
}

check_attack() { # WHAT REGISTRY-DIR-INSIDE
  like "$out" "registry $2: \[\]" "$1: the registry is there, empty"
  unlike "$out" "socket: " "$1: the victim's control socket is nowhere in the sandbox"
  unlike "$out" "listed: " "$1: jail list shows no sandbox"
  like "$out" "enter $victim: no running sandbox of yours has that name
enter: 125" "$1: jail enter victim is refused (125, no such sandbox)"
  like "$out" "kill $victim: no running sandbox of yours has that name
kill: 125" "$1: jail kill victim is refused (125)"
  like "$out" "stop $victim: no running sandbox of yours has that name
stop: 125" "$1: jail stop victim is refused (125)"
}

attack_from_inside --filesystem=xdg-run
check_attack "--filesystem=xdg-run" "$reg"

attack_from_inside --bind /tmp /tmp --bind "$XDG_RUNTIME_DIR" "$XDG_RUNTIME_DIR"
check_attack "--bind /tmp and \$XDG_RUNTIME_DIR" "$reg"

# Elsewhere inside, the same directories are hidden where they appear.
jail --ro-bind "$XDG_RUNTIME_DIR" /elsewhere -- ls -A /elsewhere/jail
is "$rc:$out" "0:" "--ro-bind \$XDG_RUNTIME_DIR /elsewhere: /elsewhere/jail is empty"

# Without XDG_RUNTIME_DIR, the registry is the fallback (shared by every
# jail of this user: the names here are unique).
fb="fb-$$"
mkdir -p "$tap_tmp/fb-home"
env -u XDG_RUNTIME_DIR "$JAIL" --name "$fb" --bind "$tap_tmp/fb-home" /data -- sleep 120 &
pids+=($!)
for _ in $(seq 50); do env -u XDG_RUNTIME_DIR "$JAIL" list 2>/dev/null | grep -q "^$fb .*running" && break; sleep 0.1; done
ok "$([ -S "$fallback/$fb/control" ] && echo 0 || echo 1)" "without a runtime dir the record is in $fallback"
run env -u XDG_RUNTIME_DIR "$JAIL" --bind /tmp /tmp --bind /dev/shm /dev/shm "${SEE_JAIL[@]}" -- sh -c '
  echo "registry: [$(ls -A "'"$fallback"'")]"
  "'"$JAIL"'" enter '"$fb"' -- touch /data/pwned; echo "enter: $?"
  "'"$JAIL"'" kill '"$fb"' CONT; echo "kill: $?"'
like "$out" "registry: \[\]" "fallback registry ($fallback) with /tmp and /dev/shm granted: empty inside"
like "$out" "enter $fb: no running sandbox of yours has that name
enter: 125" "fallback registry: jail enter is refused (125)"
like "$out" "kill $fb: no running sandbox of yours has that name
kill: 125" "fallback registry: jail kill is refused (125)"
ok "$([ ! -e "$tap_tmp/fb-home/pwned" ] && echo 0 || echo 1)" "fallback registry: the enter wrote nothing"

# The second line: the socket reached by another route (the victim's record
# bound into a registry of the sandbox's own).  The monitor answers, and
# refuses: the caller is not in the host's user namespace.
refused="refused: the caller runs inside a sandbox \(not in the host's user namespace\)"
jail --tmpfs /fake --perms 0700 --dir /fake/jail --bind "$reg/$victim" /fake/jail/$victim \
  "${SEE_JAIL[@]}" -- sh -c '
    test -S /fake/jail/'"$victim"'/control && echo "socket: yes"
    export XDG_RUNTIME_DIR=/fake
    "'"$JAIL"'" enter '"$victim"' -- touch /data/pwned; echo "enter: $?"
    "'"$JAIL"'" kill '"$victim"' CONT; echo "kill: $?"
    "'"$JAIL"'" stop '"$victim"' --timeout 1; echo "stop: $?"'
like "$out" "socket: yes" "the victim's socket is reachable by a bind of its record"
like "$out" "$refused.*
enter: 125" "... jail enter through it: the monitor refuses, the client says why (125)"
like "$out" "kill $victim: $refused.*
kill: 125" "... jail kill through it: refused (125)"
like "$out" "stop $victim: $refused.*
stop: 125" "... jail stop through it: refused (125)"

# The socket file alone, spoken to directly: a SIGKILL request.
jail --ro-bind "$reg/$victim/control" /ctl -- python3 -c '
import socket, struct
s = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET)
s.connect("/ctl")
try:
    s.send(struct.pack("=IiI", 1, 9, 0))
except OSError:
    pass
for _ in range(2):
    try:
        d = s.recv(65536)
        break
    except ConnectionResetError:
        continue
t, v, n = struct.unpack("=IiI", d[:12])
print("answer", t, v, d[12:12 + n].decode())'
like "$out" "^answer 4 125 $refused" "a bind of the socket file itself: SIGKILL request answered with the refusal"

ok "$([ ! -e "$tap_tmp/victim-home/pwned" ] && echo 0 || echo 1)" "no enter from inside wrote into the victim"
jail list
like "$out" "
$victim .* running" "the victim still runs after every attempt"
jail kill $victim CONT
is "$rc" 0 "the host's own jail kill still works (the refusal is for sandboxes only)"
jail enter $victim -- sh -c 'echo in > /data/host-entered; echo done'
is "$rc:$out" "0:done" "the host's own jail enter still works"

# Finding: with --allow-ptrace and Landlock off, a process inside could
# attach to an entered command before its lockdown.  A watcher inside looks
# at each new process the moment it appears in /proc and attaches to it.
mkdir -p "$tap_tmp/race-ctl"
"$JAIL" --name racebox --allow-ptrace --landlock=off --ro-bind "$(dirname "$TRY_SYSCALL")" /t \
  --ro-bind "$tap_tmp/race-ctl" /r -- "/t/$(basename "$TRY_SYSCALL")" ptrace-race /r/stop \
  > "$tap_tmp/race" 2>&1 &
race=$!; pids+=("$race")
wait_listed racebox
sleep 0.5 # the watcher's first look at /proc
# Each entered command stays a moment, so that the watcher sees them all.
for _ in $(seq 20); do timeout 10 "$JAIL" enter racebox -- sleep 0.1 >/dev/null 2>&1; done
touch "$tap_tmp/race-ctl/stop"
wait "$race"
summary=$(grep "^ptrace-race:" "$tap_tmp/race")
diag "$summary"
new=$(echo "$summary" | sed -n 's/.*new=\([0-9]*\).*/\1/p')
ok "$([ "${new:-0}" -ge 15 ] && echo 0 || echo 1)" "the watcher saw the entered processes appear ($new of 20)"
like "$summary" "unlocked=0 " "each was locked down (Seccomp 2, NoNewPrivs 1, CapEff 0) at first sight"
like "$summary" "attached-unlocked=0$" "no attach reached one before its lockdown"

# The enter's command itself: locked like the sandbox's, and holding only
# its standard streams.
jail enter $victim -- sh -c 'grep -E "^(Seccomp|NoNewPrivs|CapEff):" /proc/self/status | tr -s "\t" " "; ls /proc/self/fd | sort -n | tr "\n" " "'
like "$out" "NoNewPrivs: 1" "enter's command: no_new_privs"
like "$out" "Seccomp: 2" "enter's command: the seccomp filter"
like "$out" "CapEff: 0000000000000000" "enter's command: no capabilities"
like "$out" "^0 1 2 3 $" "enter's command: only stdin/out/err (and ls's own directory fd)"

jail stop $victim --timeout 2
is "$rc" 0 "stop victim from the host"
env -u XDG_RUNTIME_DIR "$JAIL" stop "$fb" --timeout 2 >/dev/null 2>&1
ok $? "stop the fallback-registry sandbox from the host"
done_testing
