#!/bin/bash
# Resource-limit options on this host: parsing, and the precise error (or
# warning) when limits cannot be set.  The limits themselves are tested in
# a real systemd VM: tests/vm/.
. "$(dirname "$0")/../lib/tap.sh"
plan 14

for bad in "--memory 1.5G" "--memory 100X" "--memory -1" "--memory 99999999999999999999" \
           "--cpu 0%" "--cpu 150%%" "--cpu-weight 10001" "--io-weight 0" "--pids 0" \
           "--limits=sometimes"; do
  # shellcheck disable=SC2086
  jail $bad -- true
  if [ "$rc" = 125 ] && [ "$(printf '%s\n' "$out" | wc -l)" = 1 ] \
     && printf '%s' "$out" | grep -Eq "^jail: ${bad%%[ =]*}:.*'"; then
    ok 0 "$bad: one clear line, exit 125"
  else
    ok 1 "$bad: one clear line, exit 125"
    diag "rc=$rc out=$out"
  fi
done

jail_print --memory 100M --cpu 150% --pids max --swap 0 --limits=best-effort --stats -- true
json_is "$out" 'j["limits"]' \
  '{ "mode": "best-effort", "stats": true, "memory": 104857600, "swap": 0, "pids": "max", "cpu_percent": 150 }' \
  "--print shows the limits"

# What the host offers decides what to expect: with a unified cgroup v2
# tree whose memory controller the user's systemd manager holds, limits
# apply; with anything less they must fail loudly with the reason, never be
# dropped in silence.
uid=$(id -u)
manager=/sys/fs/cgroup/user.slice/user-$uid.slice/user@$uid.service
if [ "$(stat -f -c %T /sys/fs/cgroup 2>/dev/null)" != cgroup2fs ]; then
  host=v1 why="this host uses cgroup v1"
elif [ -S "${XDG_RUNTIME_DIR:-/run/user/$uid}/bus" ] \
     && grep -qw memory "$manager/cgroup.controllers" 2>/dev/null; then
  host=delegated why=""
else
  host=v2 why="(no systemd user manager|not delegated)"
fi
diag "this host: $host"

jail --memory 100M -- echo ran
if [ "$host" = delegated ]; then
  is "$rc:$out" "0:ran" "--memory with a delegated memory controller: the command runs"
  skip "limits can be set here" "the error names the reason and the way out"
else
  is "$rc" 125 "--memory without a usable cgroup ($host): exit 125"
  like "$out" "^jail: resource limits: .*$why.*; to run without them: --limits=best-effort$" \
    "the error names the reason and the way out"
fi

jail --memory 100M --limits=best-effort -- echo ran
if [ "$host" = delegated ]; then
  is "$rc:$out" "0:ran" "--limits=best-effort with usable limits: no warning, the command runs"
else
  like "$rc:$out" "^0:jail: warning: running without resource limits: .*$why.*
ran$" "--limits=best-effort warns with the reason and runs"
fi

done_testing
