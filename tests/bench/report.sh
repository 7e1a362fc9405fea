#!/bin/bash
# The denial report's cost: startup (`true`) and a syscall-heavy command
# (`find /usr -type f | wc -l`), with the report off (--report=never: the
# plain filter), on (the default: refusing rows notify a supervisor) and
# learning (--learn: every open and stat notifies too).  hyperfine runs
# the variants interleaved; on a shared machine the ratios are noisy.
#
# Usage: tests/bench/report.sh [JAIL]   (run as the unprivileged user)
set -eu
JAIL=${1:-${JAIL:-build/src/jail}}
command -v hyperfine >/dev/null || { echo "hyperfine is not installed"; exit 77; }
learn=$(mktemp -d)
trap 'rm -rf "$learn"' EXIT
find_cmd="sh -c 'find /usr -type f | wc -l'"
hyperfine -N -w 3 -r "${RUNS:-30}" \
  "$JAIL --report=never -- true" \
  "$JAIL --report=auto -- true" \
  "$JAIL --learn=$learn/d.local -- true"
hyperfine -w 1 -r "${RUNS_FIND:-5}" \
  "$JAIL --report=never -- $find_cmd" \
  "$JAIL --report=auto -- $find_cmd" \
  "$JAIL --learn=$learn/d.local -- $find_cmd"
