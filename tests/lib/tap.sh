# TAP helpers for jail's integration tests (sourced by bash scripts).
#
# Sandbox tests run as an unprivileged user: started as root (as CI does),
# a script re-executes itself as $JAIL_TEST_USER (default "jail-test"),
# unless it sets JAIL_TEST_ALLOW_ROOT=1 before sourcing this file.
#
# SPDX-License-Identifier: LGPL-2.1-or-later

: "${JAIL_TEST_USER:=jail-test}"

if [ "$(id -u)" = 0 ] && [ "${JAIL_TEST_ALLOW_ROOT:-0}" != 1 ]; then
  if ! id "$JAIL_TEST_USER" >/dev/null 2>&1; then
    echo "1..0 # SKIP test user $JAIL_TEST_USER does not exist (tests/run-all creates it)"
    exit 0
  fi
  home=$(getent passwd "$JAIL_TEST_USER" | cut -d: -f6)
  exec setpriv --reuid="$JAIL_TEST_USER" --regid="$JAIL_TEST_USER" --init-groups \
    env HOME="$home" USER="$JAIL_TEST_USER" LOGNAME="$JAIL_TEST_USER" \
    XDG_RUNTIME_DIR="/run/user/$(id -u "$JAIL_TEST_USER")" \
    bash "$0" "$@"
fi

: "${JAIL:?JAIL must name the jail binary under test}"
TESTS_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

tap_n=0
tap_failed=0
tap_tmp=$(mktemp -d "${TMPDIR:-/tmp}/jail-test.XXXXXX")
trap 'rm -rf "$tap_tmp"' EXIT

plan() { echo "1..$1"; }
diag() { printf '# %s\n' "$@" | sed 's/^/# /;s/^# # /# /'; }

ok() { # ok CONDITION-EXIT-STATUS DESCRIPTION
  tap_n=$((tap_n + 1))
  if [ "$1" = 0 ]; then
    echo "ok $tap_n - $2"
  else
    echo "not ok $tap_n - $2"
    tap_failed=$((tap_failed + 1))
  fi
}

skip() { # skip REASON DESCRIPTION
  tap_n=$((tap_n + 1))
  echo "ok $tap_n - $2 # SKIP $1"
}

# is ACTUAL EXPECTED DESCRIPTION
is() {
  if [ "$1" = "$2" ]; then ok 0 "$3"; else
    ok 1 "$3"
    diag "expected: $(printf %q "$2")" "     got: $(printf %q "$1")"
  fi
}

# like ACTUAL REGEX DESCRIPTION
like() {
  if printf '%s' "$1" | grep -Eq -- "$2"; then ok 0 "$3"; else
    ok 1 "$3"
    diag "expected to match: $2" "got: $1"
  fi
}

unlike() {
  if printf '%s' "$1" | grep -Eq -- "$2"; then
    ok 1 "$3"
    diag "expected not to match: $2" "got: $1"
  else ok 0 "$3"; fi
}

# json_value JSON EXPR: the value of EXPR (Python over the parsed
# document, named j) on one line, or why it has none.
json_value() {
  printf '%s' "$1" | python3 "$TESTS_DIR/lib/json-value.py" "$2" 2>&1 | tail -n 1
}

# json_is JSON EXPR EXPECTED DESCRIPTION: EXPR's value equals the JSON text
# EXPECTED, both parsed (whitespace and key order never matter).
json_is() {
  is "$(json_value "$1" "$2")" "$(json_value "$3" j)" "$4"
}

# run CMD...: sets $out (stdout+stderr) and $rc, never fails the script.
run() {
  out=$("$@" 2>&1)
  rc=$?
}

# host_int80_works [TRY-SYSCALL]: can this kernel run i386 syscalls at all?
# int 0x80 faults (SIGSEGV) where IA32 emulation is off, and in virtual
# machines that do not pass it through; the i386 rows then have nothing
# to filter.
host_int80_works() {
  "${1:-$TRY_SYSCALL}" i386-getpid >/dev/null 2>&1
}

# jail ARGS...: run the jail under test, capturing like run().
jail() { run "$JAIL" "$@"; }

# A random port for a test's servers, with room for a few more after it:
# below the kernel's ephemeral range, where a parallel test's thousands of
# outgoing connections (net-engine) would otherwise take it first.
random_port() {
  local low
  low=$(cut -f1 /proc/sys/net/ipv4/ip_local_port_range 2>/dev/null) || low=32768
  [ "${low:-0}" -gt 11000 ] || low=32768
  echo $((10000 + RANDOM % (low - 10000 - 100)))
}

# jail_print ARGS...: `jail --print ARGS`: $out is the JSON (stdout alone),
# $err its warnings, $rc its status.
jail_print() {
  out=$("$JAIL" --print "$@" 2>"$tap_tmp/print-stderr")
  rc=$?
  err=$(cat "$tap_tmp/print-stderr")
}

done_testing() {
  [ "$tap_failed" = 0 ]
}
