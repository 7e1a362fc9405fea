#!/bin/bash
# Profiles: every shipped profile loads and runs, the command line after the
# profile, the search path, and no profile directory writable from inside.
. "$(dirname "$0")/../lib/tap.sh"

shipped="$TESTS_DIR/../profiles"
cfg="$tap_tmp/config"
mkdir -p "$cfg/jail/profiles" "$tap_tmp/xdg/jail" "$tap_tmp/data"
cp -r "$shipped" "$tap_tmp/xdg/jail/profiles"
export XDG_CONFIG_HOME="$cfg" XDG_CONFIG_DIRS="$tap_tmp/xdg"
mine="$cfg/jail/profiles"

# --- every shipped profile ---
for f in "$shipped"/*.profile; do
  p=$(basename "$f" .profile)
  jail --check-profile "$p"
  if [ "$rc" = 0 ]; then
    like "$out" "^$p: ok" "shipped profile $p passes --check-profile"
    jail --profile "$p" -- true
    is "$rc" 0 "jail --profile $p -- true runs"
  elif printf '%s' "$out" | grep -q 'not supported by this build'; then
    reason=$(printf '%s' "$out" | sed -n 's/.*option \(--[a-z-]*\) not supported by this build.*/\1/p')
    skip "needs $reason from another branch" "shipped profile $p passes --check-profile"
    skip "needs $reason from another branch" "jail --profile $p -- true runs"
  else
    ok 1 "shipped profile $p passes --check-profile"
    diag "$out"
    skip "profile does not load" "jail --profile $p -- true runs"
  fi
done

jail --list-profiles
like "$out" "firefox +Firefox web browser" "--list-profiles lists names and descriptions"
n=$(printf '%s\n' "$out" | wc -l)
is "$n" "$(ls "$shipped"/*.profile | wc -l)" "--list-profiles lists every shipped profile once"

# --- the command line after the profile ---
cat > "$mine/t.profile" <<EOT
[Profile]
Version=1
Description=test
[Filesystem]
Filesystems=$tap_tmp/data:ro
[Environment]
FOO=profile
EOT
echo hello > "$tap_tmp/data/f"
jail --profile t -- sh -c 'echo $FOO; cat '"$tap_tmp/data/f"'; (echo x > '"$tap_tmp/data/g"') 2>/dev/null || echo denied'
is "$out" "profile
hello
denied" "the profile's environment and read-only grant apply"
jail --setenv FOO cli --profile t -- sh -c 'echo $FOO'
is "$out" "cli" "an option before --profile on the command line still wins over the profile"
jail --profile t --filesystem="$tap_tmp/data" -- sh -c 'echo x > '"$tap_tmp/data/g"' && echo written'
is "$out" "written" "--filesystem on the command line overrides the profile's :ro"
jail --profile t --nofilesystem="$tap_tmp/data" -- sh -c 'ls '"$tap_tmp/data"' 2>/dev/null || echo hidden'
is "$out" "hidden" "--nofilesystem drops the profile's grant"
jail_print --profile t -- true
json_is "$out" 'j["profiles"]' '["t"]' "--print names the profile used"
json_is "$out" 'j["profile_files"]' "[\"$mine/t.profile\"]" "--print names every profile file read"
json_is "$out" "[[e[k] for k in ('op', 'source', 'dest', 'access')] for e in j['filesystem'] if e.get('source') == '$tap_tmp/data']" \
  "[[\"ro-bind\", \"$tap_tmp/data\", \"$tap_tmp/data\", \"ro\"]]" \
  "--print shows the profile's mounts"

# .local on top
printf '[Profile]\nVersion=1\n[Environment]\nFOO=local\n' > "$mine/t.local"
jail --profile t -- sh -c 'echo $FOO'
is "$out" "local" "NAME.local on the search path applies on top of NAME.profile"
rm "$mine/t.local"

# errors carry FILE:LINE and exit 125
printf '[Profile]\nVersion=1\n[Filesystem]\nFilesytem=home\n' > "$mine/typo.profile"
jail --profile typo -- true
is "$rc" 125 "a typo in a profile: exit 125"
is "$out" "jail: $mine/typo.profile:4: unknown key 'Filesytem' in [Filesystem] (did you mean 'Filesystems'?)" \
  "the error names file and line and suggests the closest key"

# --- no --profile: nothing is loaded implicitly ---
printf '[Profile]\nVersion=1\n[Environment]\nMARK=by-name\n' > "$mine/env.profile"
printf '[Profile]\nVersion=1\n[Environment]\nMARK=default\n' > "$mine/default.profile"
jail -- env
unlike "$out" "MARK=" "without --profile, neither the profile named after the command nor default applies"
jail --profile env -- env
like "$out" "MARK=by-name" "with --profile, it does"
rm "$mine/env.profile" "$mine/default.profile"

# --- --filesystem tokens ---
jail --filesystem="$tap_tmp/new/dir:create" -- sh -c 'echo y > '"$tap_tmp/new/dir/z"
is "$(cat "$tap_tmp/new/dir/z" 2>/dev/null)" "y" ":create makes the directory on the host and grants it"
(cd "$tap_tmp/data" && "$JAIL" --filesystem=cwd:ro -- sh -c 'cat f; touch h 2>/dev/null || echo ro') >"$tap_tmp/o" 2>&1
is "$(cat "$tap_tmp/o")" "hello
ro" "cwd:ro grants the current directory read-only"
host_net=$(readlink /proc/self/ns/net)
jail --share=network -- readlink /proc/self/ns/net
is "$out" "$host_net" "--share=network keeps the host's network namespace"
jail --share=network --unshare=network -- readlink /proc/self/ns/net
unlike "$out" "^$host_net\$" "--unshare=network undoes it"

# --- profile directories are never writable inside (firejail #7132) ---
jail --filesystem="$cfg" -- sh -c "echo x > $mine/planted.profile"
ok "$([ "$rc" != 0 ] && [ ! -e "$mine/planted.profile" ] && echo 0 || echo 1)" \
  "a grant covering the profile directory leaves it read-only inside"
jail --filesystem="$cfg" -- sh -c "echo x > $cfg/other && echo ok"
is "$out" "ok" "the rest of that grant stays writable"
jail --filesystem="$tap_tmp" -- sh -c "echo x > $tap_tmp/xdg/jail/profiles/planted.profile"
ok "$([ "$rc" != 0 ] && [ ! -e "$tap_tmp/xdg/jail/profiles/planted.profile" ] && echo 0 || echo 1)" \
  "an XDG_CONFIG_DIRS profile directory is not writable either"
jail --filesystem="$tap_tmp" -- sh -c "mv $cfg/jail $cfg/jail.old || mv $cfg $cfg.old
  mkdir -p $mine && echo x > $mine/planted.profile"
ok "$([ ! -e "$mine/planted.profile" ] && [ -d "$cfg/jail" ] && echo 0 || echo 1)" \
  "the protected directory cannot be moved aside and replaced (its parents are mount points)"
mkdir -p "$tap_tmp/real/jail/profiles"
ln -s "$tap_tmp/real" "$tap_tmp/link"
XDG_CONFIG_HOME="$tap_tmp/link" jail --filesystem="$tap_tmp" -- true
is "$rc" 125 "a writable grant holding a symlink on the way to a profile directory is refused"
like "$out" "symbolic link on the way to the profile directory" "with a clear message"
jail --filesystem="$mine" -- true
is "$rc" 125 "a read-write grant of a profile directory is refused"
like "$out" "write access to the profile directory" "with a clear message"
jail --bind "$mine" /mnt -- true
is "$rc" 125 "a low-level --bind of a profile directory is refused too"
jail --filesystem="$mine:ro" -- ls "$mine"
is "$rc" 0 "read-only access to a profile directory is fine"
rm -rf "$mine"
jail --filesystem="$cfg" -- sh -c "mkdir -p $mine; echo x > $mine/planted.profile"
ok "$([ ! -e "$mine/planted.profile" ] && echo 0 || echo 1)" \
  "a missing profile directory cannot be created with a profile inside"
jail --filesystem="$cfg" -- sh -c "echo x > $mine/t.local"
ok "$([ ! -e "$mine/t.local" ] && echo 0 || echo 1)" "nor can a .local file be planted"
(unset XDG_CONFIG_HOME; "$JAIL" --filesystem=home -- sh -c 'mkdir -p ~/.config/jail/profiles 2>/dev/null; echo x > ~/.config/jail/profiles/planted.profile') >/dev/null 2>&1
ok "$([ ! -e "$HOME/.config/jail/profiles/planted.profile" ] && echo 0 || echo 1)" \
  "--filesystem=home: ~/.config/jail/profiles stays read-only"

plan "$tap_n"
done_testing
