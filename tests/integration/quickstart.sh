#!/bin/bash
# The README's quick start, as a new user runs it: a fresh clone of this
# repository, the command between the quickstart markers of README.md run
# as written (so the two cannot drift) with an empty HOME, then the commands
# the README promises work right after it.
. "$(dirname "$0")/../lib/tap.sh"

src="$TESTS_DIR/.."
# The checkout belongs to another user: git refuses it unless told it is safe.
printf '[safe]\n\tdirectory = *\n' > "$tap_tmp/gitconfig"
export GIT_CONFIG_GLOBAL="$tap_tmp/gitconfig"
command -v git >/dev/null || { echo "1..0 # SKIP git is not installed (tests/install-deps)"; exit 0; }
git -C "$src" rev-parse --git-dir >/dev/null 2>&1 \
  || { echo "1..0 # SKIP $src is not a git checkout: nothing to clone"; exit 0; }

plan 9

home="$tap_tmp/home"
clone="$tap_tmp/clone"
mkdir -p "$home"
git clone -q "$src" "$clone" 2>"$tap_tmp/clone.err"
ok $? "git clone of the repository"

cmd=$(sed -n '/<!-- quickstart-begin -->/,/<!-- quickstart-end -->/p' "$clone/README.md" \
        | grep -v -e '^<!--' -e '^```')
like "$cmd" "install-deps --build" "README has a quick start between its markers"

# tests/install-deps installs missing packages with apt, which needs root;
# this test runs as an unprivileged user, so it can only run the command
# when every build dependency is already there (then install-deps does
# nothing).  A machine without them gets them from tests/install-deps.
if ! missing=$("$clone/tests/install-deps" --build --check); then
  for i in 3 4 5 6 7 8 9; do skip "$missing: installing them needs root" "quick start step $i"; done
  exit 0
fi

# The machine's cores are shared with other builds: meson runs the ninja it
# finds on PATH, this one builds two jobs at a time.
mkdir -p "$tap_tmp/bin"
printf '#!/bin/sh\nexec %s -j2 "$@"\n' "$(command -v ninja)" > "$tap_tmp/bin/ninja"
chmod 755 "$tap_tmp/bin/ninja"

# The README's command, then what the README says works after it, in the
# same shell (the command's `export PATH` is part of what is tested).
cat > "$tap_tmp/after.sh" <<'EOF'
echo "jail is $(command -v jail)"
jail --list-profiles > "$OUT/list" 2>&1; echo $? > "$OUT/list.rc"
jail --profile python python3 -c 'print(1)' > "$OUT/python" 2>&1; echo $? > "$OUT/python.rc"
command -v man >/dev/null && man -w jail > "$OUT/man" 2>&1
EOF
start=$(date +%s)
env -i HOME="$home" USER="$USER" LOGNAME="$USER" TERM=dumb LANG=C.UTF-8 \
  PATH="$tap_tmp/bin:/usr/local/bin:/usr/bin:/bin" XDG_RUNTIME_DIR="$XDG_RUNTIME_DIR" \
  OUT="$tap_tmp" bash -c "cd '$clone' && $cmd && . '$tap_tmp/after.sh'" > "$tap_tmp/log" 2>&1
rc=$?
diag "quick start took $(( $(date +%s) - start )) s"
is "$rc" 0 "the README's quick start command succeeds as written"
[ "$rc" = 0 ] || diag "$(tail -20 "$tap_tmp/log")"
like "$(cat "$tap_tmp/log")" "PID 2 sees only /proc/1 /proc/2" \
  "it ends in a sandbox whose shell sees only its own processes"
like "$(cat "$tap_tmp/log")" "jail is $home/.local/bin/jail" \
  "a normal user's jail is installed in ~/.local and is on PATH after it"

is "$(cat "$tap_tmp/list.rc" 2>/dev/null)" 0 "jail --list-profiles succeeds after the quick start"
like "$(cat "$tap_tmp/list" 2>/dev/null)" "^firefox +" "jail --list-profiles lists firefox"
is "$(cat "$tap_tmp/python" 2>/dev/null)/$(cat "$tap_tmp/python.rc" 2>/dev/null)" "1/0" \
  "jail --profile python python3 -c 'print(1)' prints 1"
if command -v man >/dev/null; then
  is "$(cat "$tap_tmp/man" 2>/dev/null)" "$home/.local/share/man/man1/jail.1" \
    "man jail finds the installed page (--help points there)"
else
  skip "man is not installed" "man jail finds the installed page (--help points there)"
fi
done_testing
