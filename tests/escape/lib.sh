# Shared by the escape tests: run the try-syscall helper inside a sandbox.
# SPDX-License-Identifier: LGPL-2.1-or-later
. "$(dirname "${BASH_SOURCE[0]}")/../lib/tap.sh"

: "${TRY_SYSCALL:?TRY_SYSCALL must name the try-syscall helper}"
helper_dir=$(dirname "$TRY_SYSCALL")
# The helper is bound read-only at /t inside the sandbox.
T="--ro-bind $helper_dir /t"
TS=/t/$(basename "$TRY_SYSCALL")

# attacks [JAIL-OPTION...] -- ATTACK-LINE...: run every attack in one
# sandbox; sets $results to the helper's "name: RESULT" lines.
attacks() {
  local opts=()
  while [ "$1" != -- ]; do opts+=("$1"); shift; done
  shift
  local script=""
  for a in "$@"; do script+="$TS $a; "; done
  # shellcheck disable=SC2086
  jail $T "${opts[@]}" -- sh -c "$script"
  results=$out
}

# result NAME[=ARG]: what the helper answered to that attack
result() {
  printf '%s\n' "$results" | grep -F "$1: " | grep "^$1: " | head -n1 | sed "s/^.*: //"
}

# profile_firefox: the shipped firefox profile's path, when this build can
# load it (it includes gui and network, whose options other features add).
profile_firefox() {
  local f="$TESTS_DIR/../profiles/firefox.profile"
  [ -f "$f" ] && "$JAIL" --check-profile "$f" >/dev/null 2>&1 && echo "$f"
}
