#!/bin/bash
# Shell completion (completions/): bash, fish and zsh complete option values
# in both spellings (--net=VALUE and --net VALUE), profile names from `jail
# --list-profiles`, sandbox names from `jail list`, and only values jail
# accepts.
. "$(dirname "$0")/../lib/tap.sh"

comp="$TESTS_DIR/../completions"
# The completions run `jail` from PATH, as a user's shell does.
mkdir -p "$tap_tmp/bin"
ln -s "$JAIL" "$tap_tmp/bin/jail"
export PATH="$tap_tmp/bin:$PATH"
export JAIL_PROFILE_PATH="$TESTS_DIR/../profiles"
export HOME="$tap_tmp/home" XDG_CONFIG_HOME="$tap_tmp/home/.config"
# A registry of our own: other tests' sandboxes do not show up in it.
export XDG_RUNTIME_DIR="$tap_tmp/run"
mkdir -p "$HOME" && mkdir -m 0700 "$XDG_RUNTIME_DIR"

# A running sandbox to complete the name of.
name=comp-$$
"$JAIL" --name "$name" -- sleep 60 >/dev/null 2>&1 &
sandbox=$!
trap 'kill $sandbox 2>/dev/null; wait $sandbox 2>/dev/null; rm -rf "$tap_tmp"' EXIT
for _ in $(seq 50); do
  "$JAIL" list 2>/dev/null | grep -q "^$name " && break
  sleep 0.1
done

# bash: the completion function, called as bash's programmable completion
# calls it.  Words as bash splits them (COMP_WORDBREAKS holds '='):
# "jail --net=s" is jail, --net, =, s.
bash_complete() {
  bash -c '
    source "$1"; shift
    COMP_WORDS=("$@"); COMP_CWORD=$((${#COMP_WORDS[@]} - 1)); COMP_LINE="$*"
    # bash sets COMP_WORDBREAKS with "=" in it, as in an interactive shell.
    _jail
    printf "%s\n" "${COMPREPLY[@]}" | sort -u' _ "$comp/bash/jail" "$@"
}
# fish: its own completion engine, asked for the matches of a line.
fish_complete() {
  fish --no-config -c "source '$comp/fish/jail.fish'; complete -C '$1'" | cut -f1 | sort -u
}
zsh_complete() {
  timeout 30 zsh -f "$TESTS_DIR/lib/zsh-complete.zsh" "$comp/zsh" "$tap_tmp/zsh.out" "$1" \
    && cat "$tap_tmp/zsh.out"
}
lines() { printf '%s\n' "$@"; }

# --- bash ---
is "$(bash_complete jail --net = '')" "$(lines host none slirp)" "bash: jail --net=<TAB> offers none|slirp|host"
is "$(bash_complete jail --net s)" "slirp" "bash: jail --net s<TAB> completes slirp"
is "$(bash_complete jail --profile = fire)" "$(lines firefox firefox-esr)" \
  "bash: jail --profile=fire<TAB> offers profiles from jail --list-profiles"
is "$(bash_complete jail --socket = wayland,pu)" "wayland,pulseaudio" \
  "bash: jail --socket=wayland,pu<TAB> completes the last name of the list"
like "$(bash_complete jail --socket = '')" "^fallback-x11$" "bash: jail --socket=<TAB> offers the socket names"
is "$(bash_complete jail stop '')" "$name" "bash: jail stop <TAB> offers the running sandbox"
is "$(bash_complete jail enter "${name:0:6}")" "$name" "bash: jail enter PREFIX<TAB> completes its name"
like "$(bash_complete jail st)" "^stats$" "bash: subcommands at the first word"
like "$(bash_complete jail --bind /tmp /tmp --net = host pyth)" "^python3$" \
  "bash: after the options (one with two arguments, one with '='), the command"
like "$(bash_complete jail --uid 0 -- pyth)" "^python3$" "bash: after --, the command"
# Without '=' among the word breaks, the whole word is replaced.
is "$(COMP_WORDBREAKS=' ' bash -c 'source "$1"; COMP_WORDS=(jail --net=sl); COMP_CWORD=1; COMP_WORDBREAKS=" "; _jail; echo "${COMPREPLY[*]}"' _ "$comp/bash/jail")" \
  "--net=slirp" "bash: --net=sl<TAB> as one word completes to --net=slirp"

# --- fish ---
if command -v fish >/dev/null; then
  is "$(fish_complete 'jail --net=')" "$(lines --net=host --net=none --net=slirp)" \
    "fish: jail --net=<TAB> offers none|slirp|host"
  is "$(fish_complete 'jail --net ')" "$(lines host none slirp)" "fish: jail --net <TAB> too"
  is "$(fish_complete 'jail --profile=fire')" "$(lines --profile=firefox --profile=firefox-esr)" \
    "fish: jail --profile=fire<TAB> offers profiles from jail --list-profiles"
  like "$(fish_complete 'jail --socket=wayland,pu')" "^--socket=wayland,pulseaudio$" \
    "fish: jail --socket=wayland,pu<TAB> completes the last name of the list"
  is "$(fish_complete "jail stop ")" "$name" "fish: jail stop <TAB> offers the running sandbox"
  like "$(fish_complete 'jail --filesystem=xdg-do')" "^--filesystem=xdg-download$" \
    "fish: jail --filesystem=xdg-do<TAB>"
else
  for i in 1 2 3 4 5 6; do skip "fish is not installed (tests/install-deps)" "fish completion $i"; done
fi

# --- zsh ---
if command -v zsh >/dev/null && zsh -fc 'zmodload zsh/zpty' 2>/dev/null; then
  is "$(zsh_complete 'jail --net=')" "$(lines host none slirp)" "zsh: jail --net=<TAB> offers none|slirp|host"
  is "$(zsh_complete 'jail --net ')" "$(lines host none slirp)" "zsh: jail --net <TAB> too"
  is "$(zsh_complete 'jail --profile=fire')" "$(lines firefox firefox-esr)" \
    "zsh: jail --profile=fire<TAB> offers profiles from jail --list-profiles"
  like "$(zsh_complete 'jail --socket=wayland,pu')" "^pulseaudio$" \
    "zsh: jail --socket=wayland,pu<TAB> completes the last name of the list"
  like "$(zsh_complete 'jail stop ')" "^$name$" "zsh: jail stop <TAB> offers the running sandbox"
else
  for i in 1 2 3 4 5; do skip "zsh (with zsh/zpty) is not installed (tests/install-deps)" "zsh completion $i"; done
fi

# --- every value offered is one jail accepts ---
for opt in socket device filesystem; do
  bad=""
  for v in $(bash_complete jail --$opt = ''); do
    "$JAIL" --print --$opt="$v" -- true >/dev/null 2>&1 || bad="$bad $v"
  done
  is "$bad" "" "bash: every --$opt value offered is accepted by jail"
done
if command -v fish >/dev/null; then
  is "$(fish_complete 'jail --socket=' | sed 's/^--socket=//')" "$(bash_complete jail --socket = '')" \
    "fish offers the same socket names as bash"
else
  skip "fish is not installed (tests/install-deps)" "fish offers the same socket names as bash"
fi

done_testing
