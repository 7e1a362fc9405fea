#!/bin/bash
# Grants mean exactly what they say: a user dir that resolves to the home
# grants nothing, a symlink another user planted is never followed (source
# or destination), launchers and autostart entries stay read-only, and a
# channel's variables are set only with the channel.
#
# Started as root (as CI does), a setup step makes a shared directory where
# the second test user ($JAIL_TEST_USER2) plants its links, then the tests
# run as the unprivileged $JAIL_TEST_USER; started as a user, the
# cross-user cases are skipped.
#
# SPDX-License-Identifier: LGPL-2.1-or-later

: "${JAIL_TEST_USER:=jail-test}" "${JAIL_TEST_USER2:=jail-test2}"

# As root: the shared directories of a multi-user host, with the other
# user's links in them, then this script again as the test user.
if [ "$(id -u)" = 0 ] && [ -z "${JAIL_GRANTS_SHARED:-}" ]; then
  if ! id "$JAIL_TEST_USER" >/dev/null 2>&1; then
    echo "1..0 # SKIP test user $JAIL_TEST_USER does not exist (tests/run-all creates it)"
    exit 0
  fi
  shared=$(mktemp -d /tmp/jail-grants.XXXXXX)
  chmod 0755 "$shared"
  # The victim's own private data, which the other user cannot read.
  mkdir -m 0700 "$shared/victim"
  echo SECRET-KEY > "$shared/victim/id_rsa"
  chown -R "$JAIL_TEST_USER:" "$shared/victim"
  # A project directory anyone may write, and a sticky one (as /tmp).
  mkdir -m 0777 "$shared/proj"
  mkdir -m 1777 "$shared/sticky"
  if id "$JAIL_TEST_USER2" >/dev/null 2>&1; then
    setpriv --reuid="$JAIL_TEST_USER2" --regid="$JAIL_TEST_USER2" --init-groups sh -c "
      ln -s '$shared/victim' '$shared/proj/data2' &&
      ln -s '$shared/victim' '$shared/sticky/data' &&
      ln -s /usr/share '$shared/proj/hideme'" || exit 1
  fi
  home=$(getent passwd "$JAIL_TEST_USER" | cut -d: -f6)
  setpriv --reuid="$JAIL_TEST_USER" --regid="$JAIL_TEST_USER" --init-groups \
    env HOME="$home" USER="$JAIL_TEST_USER" LOGNAME="$JAIL_TEST_USER" \
    XDG_RUNTIME_DIR="/run/user/$(id -u "$JAIL_TEST_USER")" JAIL_GRANTS_SHARED="$shared" \
    bash "$0" "$@"
  rc=$?
  rm -rf "$shared"
  exit "$rc"
fi

. "$(dirname "$0")/../lib/tap.sh"
plan 59

shared=${JAIL_GRANTS_SHARED:-}
profiles="$tap_tmp/xdg"
mkdir -p "$profiles/jail"
cp -r "$TESTS_DIR/../profiles" "$profiles/jail/profiles"

# A fresh home whose user-dirs.dirs sets the desktop to $1 (as written in
# the file), with an existing ~/Desktop and a link to the home itself.
fresh_home() {
  h=$(mktemp -d "$tap_tmp/home.XXXXXX")
  mkdir -p "$h/.config" "$h/Desktop" "$h/Documents"
  ln -s "$h" "$h/tohome"
  printf 'XDG_DESKTOP_DIR="%s"\nXDG_DOCUMENTS_DIR="$HOME/Documents"\n' "$1" \
    > "$h/.config/user-dirs.dirs"
}

# jail_home HOME ARGS...: jail with that home and the shipped profiles.
jail_home() {
  local home=$1
  shift
  run env HOME="$home" XDG_CONFIG_HOME= XDG_DATA_HOME= XDG_CONFIG_DIRS="$profiles" "$JAIL" "$@"
}

# --- user dirs that resolve to the home (or beyond) grant nothing ---
write_bashrc='echo PWNED >> ~/.bashrc'
for value in '$HOME/' '$HOME' '$HOME/..' '$HOME/tohome' '/home' 'PARENT'; do
  fresh_home "$value"
  [ "$value" = PARENT ] && printf 'XDG_DESKTOP_DIR="%s"\n' "$(dirname "$h")" > "$h/.config/user-dirs.dirs"
  shown=${value/PARENT/a parent of the home}
  jail_home "$h" --profile gedit -- sh -c '
    for f in ~/.bashrc ~/tohome/.bashrc; do echo PWNED >> "$f"; done 2>/dev/null
    echo "others=$(ls /home 2>/dev/null | wc -l)"'
  is "$rc:$(cat "$h/.bashrc" 2>/dev/null)" "0:" "gedit with XDG_DESKTOP_DIR=\"$shown\": runs, the home's .bashrc stays untouched"
  like "$out" "others=0" "… and no other home is visible"
  like "$out" "warning: --filesystem xdg-desktop: XDG_DESKTOP_DIR=.* (is the home directory|contains the home directory|is outside the home directory); not granted" \
    "XDG_DESKTOP_DIR=\"$shown\": one warning names the key and the value"
done

fresh_home '$HOME/'
jail_home "$h" --filesystem xdg-desktop -- sh -c "$write_bashrc"
is "$(cat "$h/.bashrc" 2>/dev/null):$(printf '%s' "$out" | grep -c warning)" ":1" \
  "--filesystem xdg-desktop with XDG_DESKTOP_DIR=\"\$HOME/\": not granted, warned once"

fresh_home '$HOME/'
jail_home "$h" --filesystem xdg-desktop/sub -- true
like "$out" "XDG_DESKTOP_DIR=.* is the home directory; not granted" \
  "xdg-desktop/SUB: the desktop directory itself decides"

# Other variables: the XDG base directories and ~/ spellings.
fresh_home '$HOME/Desktop'
run env HOME="$h" XDG_CONFIG_HOME="$h" "$JAIL" --filesystem xdg-config -- sh -c "$write_bashrc"
is "$(cat "$h/.bashrc" 2>/dev/null)" "" "--filesystem xdg-config with XDG_CONFIG_HOME=\$HOME: the home stays read-only"
like "$out" "XDG_CONFIG_HOME=$h is the home directory; not granted" "… and the warning says so"

jail_home "$h" --filesystem '~/tohome' -- sh -c "$write_bashrc"
is "$(cat "$h/.bashrc" 2>/dev/null)" "" "--filesystem ~/LINK-TO-HOME: not granted"

printf '[Profile]\nVersion=1\n[Filesystem]\nFilesystems=${XDG_DESKTOP_DIR}/.config\n' > "$tap_tmp/desk.profile"
fresh_home '$HOME/'
jail_home "$h" --profile "$tap_tmp/desk.profile" -- sh -c 'echo x > ~/.config/user-dirs.dirs'
is "$(cat "$h/.config/user-dirs.dirs")" 'XDG_DESKTOP_DIR="$HOME/"
XDG_DOCUMENTS_DIR="$HOME/Documents"' "a profile's \${XDG_DESKTOP_DIR}/SUB: the same rule as xdg-desktop/SUB"
fresh_home '$HOME/Desktop'
printf '[Profile]\nVersion=1\n[Filesystem]\nFilesystems=${HOME}/tohome\n' > "$tap_tmp/widen.profile"
jail_home "$h" --profile "$tap_tmp/widen.profile" -- sh -c "$write_bashrc"
is "$(cat "$h/.bashrc" 2>/dev/null)" "" "a profile's \${HOME}/LINK-TO-HOME: not granted"

# What still works: a real ~/Desktop, the home on purpose, ~ written out.
fresh_home '$HOME/Desktop'
jail_home "$h" --profile gedit -- sh -c 'echo ok > ~/Desktop/note; echo ok > ~/Documents/note; echo PWNED >> ~/.bashrc'
is "$(cat "$h/Desktop/note" "$h/Documents/note" 2>&1 | tr '\n' ' ')$(cat "$h/.bashrc" 2>/dev/null)" "ok ok " \
  "gedit with Debian's layout (~/Desktop exists): desktop and documents writable, the home is not"
unlike "$out" "warning" "… without any warning"

fresh_home '$HOME/'
jail_home "$h" --filesystem home -- sh -c 'echo on-purpose > ~/granted'
is "$(cat "$h/granted" 2>/dev/null)" "on-purpose" "--filesystem home grants the home on purpose"

jail_home "$h" --filesystem '~' -- sh -c 'echo tilde > ~/granted'
is "$(cat "$h/granted" 2>/dev/null)" "tilde" "--filesystem ~ (the home written out) grants it too"

mkdir -p "$h/data"
ln -s "$h/data" "$h/mydata"
jail_home "$h" --filesystem '~/mydata' -- sh -c 'echo mine > ~/mydata/f'
is "$(cat "$h/data/f" 2>/dev/null)" "mine" "~/LINK to the user's own data in the home is granted"

# --- channel variables only with their channel ---
channels='DISPLAY=:97 XAUTHORITY=/nonexistent/xa WAYLAND_DISPLAY=wayland-97 PULSE_SERVER=unix:/x
  PIPEWIRE_REMOTE=pw-97 DBUS_SESSION_BUS_ADDRESS=unix:path=/nonexistent/bus
  DBUS_SYSTEM_BUS_ADDRESS=unix:path=/nonexistent/sbus SSH_AUTH_SOCK=/nonexistent/agent CUPS_SERVER=/x'
channel_names='^(DISPLAY|XAUTHORITY|WAYLAND_DISPLAY|PULSE_SERVER|PIPEWIRE_REMOTE|DBUS_SESSION_BUS_ADDRESS|DBUS_SYSTEM_BUS_ADDRESS|SSH_AUTH_SOCK|CUPS_SERVER)='
# shellcheck disable=SC2086 # one word per variable
run env $channels UNRELATED=kept "$JAIL" -- env
is "$(printf '%s\n' "$out" | grep -cE "$channel_names")" 0 "no channel granted: no channel variable inside"
like "$out" "UNRELATED=kept" "… the other variables pass"

# shellcheck disable=SC2086
run env $channels "$JAIL" --socket x11,wayland,pulseaudio,ssh-auth,session-bus -- env
is "$(printf '%s\n' "$out" | grep -cE "$channel_names")" 0 \
  "channels granted but missing on the host: no channel variable inside"

# shellcheck disable=SC2086
run env $channels "$JAIL" --setenv DISPLAY :5 --setenv SSH_AUTH_SOCK /mine -- env
like "$out" "DISPLAY=:5" "--setenv DISPLAY still wins"
like "$out" "SSH_AUTH_SOCK=/mine" "--setenv SSH_AUTH_SOCK still wins"

sock="$tap_tmp/agent.sock"
python3 -c 'import socket,sys; s=socket.socket(socket.AF_UNIX); s.bind(sys.argv[1])' "$sock"
run env SSH_AUTH_SOCK="$sock" "$JAIL" --socket ssh-auth -- sh -c 'echo "$SSH_AUTH_SOCK"; test -S "$SSH_AUTH_SOCK" && echo socket'
like "$out" "ssh-auth
socket" "ssh-auth granted and present: SSH_AUTH_SOCK names the socket inside"

# --- launchers and autostart entries stay read-only whatever is granted ---
fresh_home '$HOME/Desktop'
mkdir -p "$h/.local/share" "$h/.config"
jail_home "$h" --filesystem xdg-data --filesystem xdg-config -- sh -c '
  echo "[Desktop Entry]" > ~/.local/share/applications/evil.desktop
  mkdir -p ~/.config/autostart; echo "[Desktop Entry]" > ~/.config/autostart/evil.desktop
  mv ~/.local/share/applications ~/.local/share/moved
  echo fine > ~/.local/share/other'
like "$out" "applications/evil.desktop: Read-only file system" \
  "xdg-data granted: writing a launcher fails with EROFS"
like "$out" "autostart/evil.desktop: Read-only file system" \
  "xdg-config granted: writing an autostart entry fails with EROFS"
like "$out" "cannot move .*applications.*: Device or resource busy" \
  "the launcher directory cannot be moved aside"
is "$(cat "$h/.local/share/other" 2>/dev/null):$(ls -A "$h/.local/share/applications" "$h/.config/autostart" | grep -c desktop)" "fine:0" \
  "… the rest of xdg-data stays writable, no launcher or autostart entry was written"

run env HOME="$h" XDG_DATA_HOME="$h/data" XDG_CONFIG_HOME="$h/cfg" sh -c \
  'mkdir -p "$XDG_DATA_HOME" "$XDG_CONFIG_HOME" && "$0" --filesystem xdg-data --filesystem xdg-config -- sh -c "echo x > \$XDG_DATA_HOME/applications/e.desktop; mkdir -p \$XDG_CONFIG_HOME/autostart && echo x > \$XDG_CONFIG_HOME/autostart/e.desktop"' "$JAIL"
is "$(printf '%s\n' "$out" | grep -c 'Read-only file system')" 2 \
  "\$XDG_DATA_HOME/applications and \$XDG_CONFIG_HOME/autostart are read-only too"

jail_home "$h" --filesystem xdg-data/applications -- true
is "$rc" 125 "a read-write grant of the launcher directory itself is refused (125)"
like "$out" "write access to the launcher directory .*applications is refused" "… saying why"

jail_home "$h" --filesystem xdg-data/applications:ro -- ls -d "$h/.local/share/applications"
is "$rc" 0 "… read-only it is fine"

run env HOME="$h" XDG_CONFIG_HOME="$h/cfg" sh -c 'mkdir -p "$XDG_CONFIG_HOME/jail/profiles" &&
  "$0" --filesystem "$HOME" -- sh -c "echo x > \$XDG_CONFIG_HOME/jail/profiles/p.profile; echo x > \$XDG_CONFIG_HOME/autostart/e.desktop"' "$JAIL"
is "$(printf '%s\n' "$out" | grep -c 'Read-only file system')" 2 \
  "a grant covering profile and autostart directories: neither protection hides the other"

# --- symbolic links another user planted are never followed ---
if [ -z "$shared" ] || [ ! -L "$shared/proj/data2" ]; then
  for t in 1 2 3 4 5 6 7 8; do
    skip "needs root to set up ${JAIL_TEST_USER2}'s links (run as root, as CI does)" "cross-user symlink case $t"
  done
else
  jail --ro-bind "$shared/proj/data2" /data -- cat /data/id_rsa
  is "$rc" 125 "--ro-bind of another user's link in a 0777 directory is refused (125)"
  like "$out" "ro-bind source $shared/proj/data2: $shared/proj/data2 is a symbolic link owned by another user \(owner uid $(id -u "$JAIL_TEST_USER2")" \
    "… naming the path and the reason"
  unlike "$out" "SECRET-KEY" "… and the victim's key is not read"

  jail --filesystem "$shared/sticky/data" -- cat "$shared/sticky/data/id_rsa"
  is "$rc:$(printf '%s' "$out" | grep -c SECRET-KEY)" "125:0" \
    "--filesystem of another user's link in a sticky directory is refused"

  jail --filesystem "$shared/proj" --tmpfs "$shared/proj/hideme" -- sh -c 'grep -c " /usr/share " /proc/self/mountinfo'
  is "$rc" 125 "a destination through another user's link in a granted directory is refused (125)"
  like "$out" "$shared/proj/hideme: Too many levels of symbolic links" "… with ELOOP naming the destination"

  jail --overlay-src "$shared/proj/data2" --tmp-overlay /data -- cat /data/id_rsa
  like "$rc:$out" "^125:.*overlay source $shared/proj/data2: .* is a symbolic link owned by another user" \
    "an overlay layer through another user's link is refused (125)"

  # The same link through the caller's own: still another user's.
  ln -s "$shared/proj" "$tap_tmp/myproj"
  jail --ro-bind "$tap_tmp/myproj/data2" /data -- true
  is "$rc" 125 "another user's link behind the caller's own link is refused too"
fi

# What still works: the caller's own link in a directory only they (or a
# sticky /tmp) can write, and root's links (/etc, /lib64…).
mkdir -p "$tap_tmp/own/data" && echo mine > "$tap_tmp/own/data/f"
ln -s "$tap_tmp/own/data" "$tap_tmp/own/link"
jail --ro-bind "$tap_tmp/own/link" /data -- cat /data/f
is "$out" "mine" "the caller's own link in a private directory is followed"
tmplink=$(mktemp -u /tmp/jail-grants-link.XXXXXX)
ln -s "$tap_tmp/own/data" "$tmplink"
jail --ro-bind "$tmplink" /data -- cat /data/f
is "$out" "mine" "the caller's own link in sticky /tmp is followed"
rm -f "$tmplink"
jail --ro-bind /etc/alternatives/awk /tmp/awk -- /tmp/awk 'BEGIN { print "root-link" }'
is "$out" "root-link" "root's links (/etc/alternatives) are followed"
jail --ro-bind /var /var --tmpfs /var/run/jail-x -- sh -c 'grep -c " /run/jail-x " /proc/self/mountinfo'
is "$rc:$out" "0:1" "a destination through root's link (/var/run) is followed, asked of the monitor"

# After a mount on / the new top is the destination root: the caller's own
# link in it (the app's, on an earlier run) moves no mount.
mkdir -p "$tap_tmp/newtop/target"
ln -s /target "$tap_tmp/newtop/evil"
jail --bind "$tap_tmp/newtop" / --tmpfs /evil/x -- /bin/true
is "$rc" 125 "after a bind on /, a destination through the caller's own link is refused (125)"
like "$out" "create mount point /evil/x: Too many levels of symbolic links" "… with ELOOP"
