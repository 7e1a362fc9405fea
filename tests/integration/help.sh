#!/bin/bash
# What a newcomer reads first: --help of jail and of each command, the
# answer to a mistyped option, where profiles are looked for, and the
# README's own shape.
. "$(dirname "$0")/../lib/tap.sh"

src="$TESTS_DIR/.."

# --- jail --help ---
jail --help
is "$rc" 0 "jail --help exits 0"
like "$(printf '%s\n' "$out" | head -1)" '^Usage: jail \[OPTION…\] \[--\] COMMAND' \
  "--help starts with the usage"
for c in list enter stop kill stats desktop; do
  like "$out" "^  $c " "--help lists the command $c"
done
like "$out" "man jail" "--help points to man jail"
like "$out" "jail --profile firefox firefox" "--help has examples"
groups=$(printf '%s\n' "$out" | sed -n 's/^\([A-Z][A-Za-z -]*\):$/\1/p' | tr '\n' '|')
is "$groups" "Commands|Examples|General|Profiles and permissions|Home|Desktop|Network|Resource limits|Lifecycle|Report|Filesystem and process|Hardening|Bubblewrap-compatible|" \
  "option groups in a newcomer's order, bubblewrap's last"
# Every option row starts its description in column 33, or has the option
# alone on its line when it is too long for that; continuation lines too.
bad=$(printf '%s\n' "$out" | sed -n '/^General:$/,/^Exit status/p' | grep -E '^  ' | sed 's/…/./g' \
       | awk '{ aligned = substr($0, 32, 1) == " " && substr($0, 33, 1) != " " }
              prev != "" && !aligned && !/^ {32}[^ ]/ { print prev }
              { prev = (!aligned && length($0) > 31) ? $0 : "" }
              END { if (prev != "") print prev }' | head -3)
is "$bad" "" "option descriptions are aligned in one column"
long=$(printf '%s\n' "$out" | awk 'length > 79' | head -3)
is "$long" "" "no --help line is wider than 79 columns"

# --- each command's --help ---
for c in list enter stop kill stats desktop; do
  run "$JAIL" "$c" --help
  is "$rc" 0 "jail $c --help exits 0"
  like "$(printf '%s\n' "$out" | head -1)" "^Usage: jail $c " "jail $c --help starts with its usage"
done
run "$JAIL" stop web --help
is "$rc" 0 "--help after a command's arguments is still help (stop NAME --help)"
run "$JAIL" list --bogus
is "$rc" 125 "a command's bad arguments exit 125"
like "$out" "^jail: list: usage: jail list \[--json\]" "and print its usage on stderr"

# --- a mistyped option ---
jail --nte=slirp -- true
is "$rc:$out" "125:jail: unknown option '--nte' (did you mean '--net'? see jail --help)" \
  "a typo of --net gets 'did you mean --net' and exit 125"
jail --profle python -- true
like "$rc:$out" "^125:.*did you mean '--profile'" "a typo of --profile gets 'did you mean --profile'"
jail --filesytem=home -- true
like "$rc:$out" "^125:.*did you mean '--filesystem'" "a typo of --filesystem gets a suggestion"
jail --zzzzzzzz -- true
is "$rc:$out" "125:jail: unknown option '--zzzzzzzz' (see jail --help)" \
  "an option like no other gets no suggestion"

# --- where profiles are looked for ---
empty="$tap_tmp/empty"
mkdir -p "$empty"
run env -u JAIL_PROFILE_PATH HOME="$empty" XDG_CONFIG_HOME="$empty/c" XDG_CONFIG_DIRS="$empty/x" \
  "$JAIL" --list-profiles
# The build's own data directory may hold an installed jail's profiles.
if printf '%s' "$out" | grep -q '^firefox'; then
  skip "this build's datadir holds installed profiles" "--list-profiles with none found says where it looked"
  skip "this build's datadir holds installed profiles" "--list-profiles with none found exits 125"
else
  like "$out" "^jail: --list-profiles: no profiles found \(searched $empty/c/jail/profiles, $empty/x/jail/profiles, /etc/jail/profiles, .*meson devenv" \
    "--list-profiles with none found says where it looked"
  is "$rc" 125 "--list-profiles with none found exits 125"
fi
run env JAIL_PROFILE_PATH="$src/profiles" HOME="$empty" XDG_CONFIG_HOME="$empty/c" \
  "$JAIL" --list-profiles
like "$out" "^firefox +" "JAIL_PROFILE_PATH points jail at a profile directory"
run env JAIL_PROFILE_PATH="$src/profiles" HOME="$empty" XDG_CONFIG_HOME="$empty/c" \
  "$JAIL" --profile cli -- sh -c 'echo ran'
is "$rc:$out" "0:ran" "a profile found through JAIL_PROFILE_PATH runs"
if [ -n "${JAIL_BUILD_DIR:-}" ] && command -v meson >/dev/null; then
  run env -u JAIL_PROFILE_PATH HOME="$empty" XDG_CONFIG_HOME="$empty/c" \
    meson devenv -C "$JAIL_BUILD_DIR" jail --list-profiles
  like "$out" "^firefox +" "meson devenv runs the build's jail with the source tree's profiles"
else
  skip "no build directory or meson" "meson devenv runs the build's jail with the source tree's profiles"
fi

# --- the README ---
readme="$src/README.md"
fences=$(grep -c '^```' "$readme")
is "$((fences % 2))" 0 "README's code fences are balanced ($fences)"
heads=$(grep -E '^## ' "$readme" | sed 's/^## //; s/ (.*//' | tr '\n' '|')
is "$heads" "Quick start|Running the tests|Using it|Profiles|Desktop applications|As bubblewrap|As a library|How it works|Layout|License|" \
  "README's sections in a newcomer's order"
missing=""
for d in "$src"/src/*/ "$src"/tests/*/; do
  rel=${d#"$src"/}
  grep -q "^| \`$rel\`" "$readme" || missing="$missing $rel"
done
is "$missing" "" "README's layout table lists every directory of src/ and tests/"

done_testing
