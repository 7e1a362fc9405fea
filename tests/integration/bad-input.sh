#!/bin/bash
# Bad input: one clear line "jail: ...", exit 125, and nothing left behind
# (no process of ours still running, no mount on the host).
. "$(dirname "$0")/../lib/tap.sh"
plan 37

# Every jail run here carries $tag in its argv (via --setenv), so leftovers
# can be found with pgrep even while other suites run jail in parallel.
tag="jailbad$$x$RANDOM"
long=/$(head -c 10000 /dev/zero | tr '\0' a)

# bad DESCRIPTION REGEX ARGS...: expect exit 125 and exactly one line on
# stderr matching "^jail: " and REGEX.
bad() {
  local desc=$1 re=$2; shift 2
  local err
  err=$("$JAIL" --setenv JAIL_TEST_TAG "$tag" "$@" 2>&1 >/dev/null)
  rc=$?
  is "$rc" 125 "$desc: exit 125"
  if [ "$(printf '%s\n' "$err" | grep -c .)" = 1 ] && printf '%s' "$err" | grep -Eq -- "^jail: .*($re)"; then
    ok 0 "$desc: one line naming it"
  else
    ok 1 "$desc: one line naming it"
    diag "expected one line matching ^jail: .*($re)" "got: $(printf '%s' "$err" | cut -c1-300)"
  fi
}

bad "unknown option" "--frobnicate" --frobnicate -- true
bad "missing argument" "--bind" --bind /tmp
bad "missing argument at the end" "--uid" --uid
bad "no command" "no command" --tmpfs /x
bad "nonexistent bind source" "/nonexistent-$tag" --bind "/nonexistent-$tag" /x -- true
bad "relative destination" "rel/dest.*absolute" --bind /tmp rel/dest -- true
bad "'..' in a destination" "/a/\.\./b.*\.\." --ro-bind /tmp /a/../b -- true
bad "'..' at the end of a destination" "\.\." --tmpfs /tmp/.. -- true
bad "10,000-character bind source" "longer than|too long" --ro-bind "$long" /x -- true
bad "10,000-character destination" "longer than|too long" --tmpfs "$long" -- true
bad "10,000-character --chdir" "chdir" --chdir "$long" -- true
bad "huge --uid" "--uid.*99999999999999999999" --uid 99999999999999999999 -- true
bad "--uid 2^32-1 (the invalid id)" "--uid.*4294967295" --uid 4294967295 -- true
bad "negative --gid" "--gid.*-1" --gid -1 -- true
bad "setup failure inside the sandbox (mount point in read-only /usr)" "/usr/jail-$tag" \
  --bind /tmp "/usr/jail-$tag" -- true
bad "setup failure at the last step (chdir)" "chdir /nonexistent-$tag" --chdir "/nonexistent-$tag" -- true

# A command named like an option runs as a command after "--": it is looked
# up (and not found: 127), never taken as jail's own option.
jail -- --help
is "$rc:$out" "127:jail: --help: command not found" "'jail -- --help' looks for a command named --help"
mkdir -p "$tap_tmp/bin"
printf '#!/bin/sh\necho "I am $0"\n' > "$tap_tmp/bin/--bind"
chmod 0755 "$tap_tmp/bin/--bind"
jail --ro-bind "$tap_tmp/bin" /opt/bin --setenv PATH /opt/bin:/usr/bin -- --bind
is "$rc:$out" "0:I am /opt/bin/--bind" "a command named --bind after -- runs"

# A 10,000-character command name: not found/too long, one line, no crash.
err=$("$JAIL" --setenv JAIL_TEST_TAG "$tag" -- "${long#/}" 2>&1 >/dev/null)
rc=$?
like "$rc:$(printf '%s\n' "$err" | grep -c .)" "^12[67]:1$" "a 10,000-character command name: 126/127 and one line"

# Nothing left behind.
sleep 0.2
is "$(pgrep -u "$(id -u)" -f "$tag" | grep -vx $$ | tr '\n' ' ')" "" \
  "no jail process of these runs is left running"
is "$(grep -c "$tag" /proc/self/mountinfo)" 0 "no mount of these runs appears on the host"

done_testing
