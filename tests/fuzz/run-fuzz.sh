#!/bin/sh
# Run one libFuzzer target for a fixed time over its seed corpus.
#   run-fuzz.sh TARGET SEED-CORPUS-DIR [SECONDS]
# New inputs go to a scratch directory, never into the source tree.  A
# longer run, keeping what it finds:
#   CC=clang meson setup build-fuzz -Dfuzz=true && ninja -C build-fuzz
#   build-fuzz/tests/fuzz/fuzz-cli -max_total_time=3600 tests/fuzz/corpus/cli
# SPDX-License-Identifier: LGPL-2.1-or-later
set -eu
target=$1 seeds=$2 seconds=${3:-${JAIL_FUZZ_SECONDS:-20}}
work=$(mktemp -d "${TMPDIR:-/tmp}/jail-fuzz.XXXXXX")
trap 'rm -rf "$work"' EXIT
export ASAN_OPTIONS=${ASAN_OPTIONS:-abort_on_error=1:detect_leaks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}
# Crash reproducers land in $work too; print them so CI shows the input.
if ! "$target" -max_total_time="$seconds" -timeout=5 -rss_limit_mb=1024 \
    -artifact_prefix="$work/" -print_final_stats=1 "$work" "$seeds" 2>"$work/log"; then
  tail -n 60 "$work/log"
  for f in "$work"/crash-* "$work"/leak-* "$work"/timeout-*; do
    [ -f "$f" ] && { echo "reproducer $f:"; od -c "$f" | head -n 20; }
  done
  exit 1
fi
grep -E '^(stat::number_of_executed_units|Done)' "$work/log" || true
