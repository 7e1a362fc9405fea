#!/bin/bash
# The quick start's example (ps in a fresh pid namespace) and the default
# sandbox's shape.
. "$(dirname "$0")/../lib/tap.sh"
plan 16

jail -- sh -c 'ps -eo pid,comm --no-headers'
is "$rc" 0 "ps runs inside the default sandbox"
is "$(echo "$out" | awk '{print $1}' | tr '\n' ' ')" "1 2 3 " \
  "ps lists only the sandbox's own processes: init, the shell, ps"

jail --as-pid-1 -- sh -c 'echo $$'
is "$out" 1 "with --as-pid-1 the command itself is PID 1"

jail -- sh -c 'echo $$'
is "$out" 2 "under jail's init the command is PID 2"

jail -- id -u
is "$out" "$(id -u)" "the caller's uid maps to itself by default"

jail --uid 0 --gid 0 -- sh -c 'id -u; id -g; cat /proc/self/uid_map'
like "$out" "^0
0
 +0 +$(id -u) +1$" "--uid 0 --gid 0: root inside, mapped to the caller only"

jail -- sh -c 'ls -d /usr /etc /proc /dev /tmp "$HOME" && ls /bin/sh'
is "$rc" 0 "default sandbox has /usr, /etc, /proc, /dev, /tmp, \$HOME and /bin/sh"

jail -- sh -c 'ls -A "$HOME" | wc -l'
is "$out" 0 "\$HOME inside is empty"

# /var/tmp: a private tmpfs like /tmp (programs keep scratch files there),
# nothing of the host's and nothing written reaches it.
jail -- sh -c "ls -A /var/tmp | wc -l; echo x > /var/tmp/jail-core-$$ && stat -f -c %T /var/tmp"
is "$rc:$out" "0:0
tmpfs" "/var/tmp inside is an empty, writable tmpfs"
ok "$([ ! -e "/var/tmp/jail-core-$$" ] && echo 0 || echo 1)" "a file written to /var/tmp inside is not on the host"

# --args FD in jail mode, in both spellings: the arguments read from FD
# come right after the option (--args=FD is one argument, --args FD two).
printf '%s\0' --setenv FROM_ARGS yes >"$tap_tmp/args"
run "$JAIL" --args=5 -- sh -c 'echo "$FROM_ARGS"' 5<"$tap_tmp/args"
is "$rc:$out" "0:yes" "--args=FD: its arguments apply"
run "$JAIL" --args 5 -- sh -c 'echo "$FROM_ARGS"' 5<"$tap_tmp/args"
is "$rc:$out" "0:yes" "--args FD: its arguments apply"

# The working directory and PWD: the caller's where it is visible inside,
# else the home; PWD names it whether or not the caller had one set.
out=$(cd /usr && "$JAIL" -- sh -c 'echo "$PWD:$(pwd)"' 2>&1)
is "$?:$out" "0:/usr:/usr" "the caller's directory, visible inside, is the working directory and PWD"
out=$(cd "$tap_tmp" && env -u PWD "$JAIL" -- sh -c 'echo "$PWD:$(pwd)"' 2>&1)
is "$?:$out" "0:$HOME:$HOME" "a directory not visible inside gives way to the home, PWD set even when the caller had none"
out=$(cd / && env -i PATH=/usr/bin:/bin "$JAIL" --chdir /etc -- /usr/bin/env 2>&1)
rc=$?
ok "$([ "$rc" = 0 ] && printf '%s\n' "$out" | grep -qx 'PWD=/etc'; echo $?)" \
  "--chdir in an environment without PWD: PWD is added ($rc)"

# The sandbox's child runs in jail's memory until its exec, and the app
# makes that memory non-dumpable (monitor/spawn.c): once both have exec'd,
# jail is the user's again, to inspect (its /proc/PID/fd, environ) or
# debug, as any process of theirs.
"$JAIL" -- sh -c 'echo started; exec sleep 30' > "$tap_tmp/started" 2>&1 &
monitor=$!
for _ in $(seq 100); do grep -q started "$tap_tmp/started" && break; sleep 0.05; done
owner=$(stat -c %U "/proc/$monitor/fd" 2>&1)
environ=$(tr '\0' '\n' < "/proc/$monitor/environ" 2>/dev/null | grep -c '^HOME=')
kill "$monitor"
wait "$monitor" 2>/dev/null
is "$owner:$environ" "$(id -un):1" "jail is dumpable again once the sandbox has started: its /proc/PID is the user's"

done_testing
