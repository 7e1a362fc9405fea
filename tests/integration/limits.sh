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

jail --memory 100M --cpu 150% --pids max --swap 0 --limits=best-effort --stats --print -- true
like "$out" '"limits": \{ "mode": "best-effort", "stats": true, "memory": 104857600, "swap": 0, "pids": "max", "cpu_percent": 150 \}' \
  "--print shows the limits"

# This host has no delegated cgroup v2 controllers (and no user manager):
# limits must fail loudly with the reason, not be silently dropped.
jail --memory 100M -- echo ran
is "$rc" 125 "--memory without a usable cgroup: exit 125"
like "$out" "^jail: resource limits: .*(cgroup v1|no systemd user manager|not delegated).*--limits=best-effort" \
  "the error names the reason and the way out"

jail --memory 100M --limits=best-effort -- echo ran
like "$rc:$out" "^0:jail: warning: running without resource limits: .+
ran$" "--limits=best-effort warns and runs"

done_testing
