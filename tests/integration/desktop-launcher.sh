#!/bin/bash
# jail desktop install/remove/list on Debian's real desktop entries (and
# crafted ones): the profile is found from the entry, the written file keeps
# only an allowlist of keys with every Exec wrapped, refusals write nothing,
# and the launcher starts the app under Xvfb.
. "$(dirname "$0")/../lib/tap.sh"
. "$TESTS_DIR/lib/desktop.sh"
apps=/usr/share/applications
[ -f $apps/debian-xterm.desktop ] || { echo "1..0 # SKIP xterm's desktop entry is missing (tests/install-deps)"; exit 0; }
plan 38

# The shipped profiles, found as installed ones would be.
mkdir -p "$tap_tmp/xdg/jail"
cp -r "$TESTS_DIR/../profiles" "$tap_tmp/xdg/jail/profiles"
export XDG_CONFIG_HOME=$tap_tmp/config XDG_CONFIG_DIRS=$tap_tmp/xdg
export XDG_DATA_DIRS=$tap_tmp/sys:/usr/share XDG_DATA_HOME=$tap_tmp/home/.local/share
mine=$XDG_DATA_HOME/applications
sys=$tap_tmp/sys/applications
mkdir -p "$sys"

# Every Exec of FILE, one per line.
execs() { grep '^Exec' "$1"; }

# ---- Debian's real desktop ids ----
declare -A expect=([org.gnome.Evince]=evince [org.gnome.gedit]=gedit [mpv]=mpv)
for id in org.gnome.Evince org.gnome.gedit mpv; do
  prof=${expect[$id]}
  if [ ! -f "$apps/$id.desktop" ]; then
    skip "$prof is not installed" "$id: launcher written with profile $prof"
    skip "$prof is not installed" "$id: its profile passes --check-profile"
    continue
  fi
  jail desktop install "$id"
  n_src=$(grep -c '^Exec=' "$apps/$id.desktop")
  n_ok=$(grep -c "^Exec=[^ ]*jail --profile $prof -- " "$mine/$id.desktop" 2>/dev/null)
  is "$rc:$n_ok:$(execs "$mine/$id.desktop" | wc -l)" "0:$n_src:$n_src" \
    "$id: launcher written, each of its $n_src Exec lines runs jail --profile $prof --"
  p=$(sed -n 's/^Exec=[^ ]* --profile \([^ ]*\) .*/\1/p' "$mine/$id.desktop" | sort -u)
  jail --check-profile "$p"
  like "$rc:$out" "^0:$prof: ok" "$id: its profile ($p) passes --check-profile"
done

if [ -f $apps/org.gnome.gedit.desktop ]; then
  is "$(grep -c '^DBusActivatable' "$mine/org.gnome.gedit.desktop")" 0 \
    "gedit: DBusActivatable dropped (D-Bus activation would bypass Exec)"
  is "$(grep '^Actions=' "$mine/org.gnome.gedit.desktop")" "Actions=new-window;new-document;" \
    "gedit: its actions are kept, each wrapped (counted above)"
else
  skip "gedit is not installed" "gedit: DBusActivatable dropped"
  skip "gedit is not installed" "gedit: actions kept"
fi

jail desktop install evince
if [ -f $apps/org.gnome.Evince.desktop ]; then
  like "$rc:$out" "^125:jail: desktop install evince: no evince.desktop .*desktop ids that run it: org.gnome.Evince" \
    "a program name instead of the desktop id: 125, naming the id that runs it"
else
  like "$rc:$out" "^125:jail: desktop install evince: no evince.desktop" "an unknown id: 125"
fi

# xterm has no profile of its own: refused without --profile, nothing written.
jail desktop install debian-xterm
is "$rc:$(test -e "$mine/debian-xterm.desktop"; echo $?)" "125:1" \
  "debian-xterm without a profile: refused (125), nothing written"
like "$out" "runs 'xterm' and no profile claims .*--profile NAME; nothing written" \
  "the refusal says why and what to do"
jail desktop install --profile no-such-profile debian-xterm
is "$rc:$(test -e "$mine/debian-xterm.desktop"; echo $?)" "125:1" \
  "--profile naming no profile: refused (125), nothing written"
like "$out" "no profile 'no-such-profile'" "the refusal names the missing profile"
jail desktop install --profile gui debian-xterm
like "$rc:$(execs "$mine/debian-xterm.desktop")" "^0:Exec=[^ ]*jail --profile gui -- xterm$" \
  "--profile gui debian-xterm: written with that profile"

# A profile that claims the desktop id wins over the Exec program's name.
mkdir -p "$XDG_CONFIG_HOME/jail/profiles"
printf '[Profile]\nVersion=1\nInclude=gui\nDesktopIds=debian-xterm;\n' \
  > "$XDG_CONFIG_HOME/jail/profiles/claims-xterm.profile"
if run "$JAIL" --check-profile claims-xterm && [ "$rc" = 0 ]; then
  jail desktop install debian-xterm
  like "$rc:$(execs "$mine/debian-xterm.desktop")" "^0:Exec=[^ ]*jail --profile claims-xterm -- xterm$" \
    "a profile whose DesktopIds= names the id is chosen"
else
  skip "this build's profiles have no DesktopIds= key" "a profile whose DesktopIds= names the id is chosen"
fi
rm "$XDG_CONFIG_HOME/jail/profiles/claims-xterm.profile"

# ---- jail on PATH is written as plain "jail" ----
mkdir -p "$tap_tmp/bin"
ln -s "$JAIL" "$tap_tmp/bin/jail"
PATH=$tap_tmp/bin:$PATH run "$JAIL" desktop install --profile gui debian-xterm
is "$rc:$(execs "$mine/debian-xterm.desktop")" "0:Exec=jail --profile gui -- xterm" \
  "the jail found on PATH is this one: Exec names plain 'jail', not the build path"
jail desktop install --profile gui debian-xterm
like "$(execs "$mine/debian-xterm.desktop")" "^Exec=/[^ ]*jail --profile" \
  "not on PATH: the absolute path of this jail"

# ---- crafted entries: duplicates, localized Exec, unknown groups ----
write() { printf '%s\n' "$@" > "$sys/$name.desktop"; }
name=dup-exec
write '[Desktop Entry]' 'Type=Application' 'Name=Dup' 'Exec=true' 'Exec=sh -c evil'
jail desktop install --profile gui $name
is "$rc:$(test -e "$mine/$name.desktop"; echo $?)" "125:1" "a duplicate Exec key: refused, nothing written"
like "$out" "$name.desktop:5: key Exec given twice in \[Desktop Entry\]" "the refusal names the line and the key"
name=dup-space
write '[Desktop Entry]' 'Type=Application' 'Name=Dup' 'Exec=true' 'Exec =sh -c evil'
jail desktop install --profile gui $name
is "$rc:$(test -e "$mine/$name.desktop"; echo $?)" "125:1" "'Exec =' counts as a second Exec: refused"
name=dup-group
write '[Desktop Entry]' 'Type=Application' 'Name=Dup' 'Exec=true' '[Desktop Entry]' 'Exec=evil'
jail desktop install --profile gui $name
like "$rc:$out" "^125:.*group \[Desktop Entry\] given twice" "a group given twice: refused"
name=dup-action
write '[Desktop Entry]' 'Type=Application' 'Name=D' 'Exec=true' 'Actions=a;' \
  '[Desktop Action a]' 'Name=A' 'Exec=true' 'Exec=evil'
jail desktop install --profile gui $name
is "$rc:$(test -e "$mine/$name.desktop"; echo $?)" "125:1" "a duplicate Exec in an action: refused"

name=localized
write '[Desktop Entry]' 'Type=Application' 'Name=Loc' 'Name[de]=Lok' 'Comment[fr]=c' \
  'Exec=true %F' 'Exec[de]=evil-de' 'TryExec=true' 'TryExec[de]=x' 'Path=/tmp' \
  'X-GNOME-Autostart-Phase=x' 'Implements=org.example' 'DBusActivatable=true' \
  'Actions=a;gone;noexec;' '[Desktop Action a]' 'Name=A' 'Name[de]=Ä' 'Exec=true --a' \
  'Exec[de]=evil-a' '[Desktop Action noexec]' 'Name=N' \
  '[X-Shortcut Group]' 'Exec=evil-unity' '[Desktop Action unlisted]' 'Exec=evil-unlisted'
jail desktop install --profile gui $name
f=$mine/$name.desktop
is "$rc:$(grep -c 'evil' "$f")" "0:0" \
  "Exec[de], unknown groups and unlisted actions: none copied (all would run outside jail)"
is "$(execs "$f" | sed 's/^Exec=[^ ]*jail /jail /' | tr '\n' '|')" \
  "jail --profile gui -- true %F|jail --profile gui -- true --a|" \
  "the main Exec and the action's: both wrapped"
is "$(sed '/^$/q' "$f" | grep -E '^(Name|Comment|TryExec|Actions|Path|DBus|Implements|X-GNOME)' | sort | tr '\n' '|')" \
  "Actions=a;|Comment[fr]=c|Name=Loc|Name[de]=Lok|TryExec=true|" \
  "kept: names and comments with translations, TryExec; dropped: Path, DBusActivatable, Implements, X- keys, actions without Exec"
is "$(grep -c '^\[' "$f")" 2 "two groups written: the entry and its one runnable action"

name=dbus-only
write '[Desktop Entry]' 'Type=Application' 'Name=D' 'DBusActivatable=true'
jail desktop install --profile gui $name
like "$rc:$out" "^125:.*no Exec line \(started by D-Bus activation only\)" \
  "an entry started only by D-Bus activation: refused"
name=link
write '[Desktop Entry]' 'Type=Link' 'Name=L' 'URL=https://example.org'
jail desktop install --profile gui $name
like "$rc:$out" "^125:.*Type=Link, not an application" "a Link entry: refused"

# Field codes with hostile file names all land after "--" (parsed as GLib does).
check='import sys
from gi.repository import GLib
kf = GLib.KeyFile(); kf.load_from_file(sys.argv[1], GLib.KeyFileFlags.NONE)
bad = 0
for g in kf.get_groups()[0]:
    try: line = kf.get_string(g, "Exec")
    except GLib.Error: continue
    argv = GLib.shell_parse_argv(line)[1]
    files = ["--bind=/ /x", "-rf", "--profile=evil"]
    out = []
    for a in argv:
        if a in ("%f", "%u"): out.append(files[0])
        elif a in ("%F", "%U"): out.extend(files)
        else: out.append(a)
    dd = out.index("--")
    if any(x in out[:dd] for x in files) or out[1] != "--profile" or dd != 3: bad += 1
print(bad)'
run python3 -c "$check" "$f"
is "$out" 0 "file names starting with - (as %f/%u/%F/%U) land after --, never as jail options"

jail desktop install --help
like "$rc:$out" "^0:Usage: jail desktop install \[--profile NAME\] ID" "install --help: the usage, exit 0"

# ---- list, remove, a user's own file ----
jail desktop list
like "$out" "^debian-xterm$" "list shows an installed launcher"
jail desktop remove debian-xterm
ok $(( rc != 0 || $(test -e "$mine/debian-xterm.desktop"; echo $?) == 0 )) "remove deletes jail's file"
printf '[Desktop Entry]\nName=Mine\nExec=true\nType=Application\n' > "$mine/debian-xterm.desktop"
jail desktop remove debian-xterm
ok $(( rc == 0 || $(test -e "$mine/debian-xterm.desktop"; echo $?) != 0 )) "remove leaves a user's own (non-jail) file alone: $out"
jail desktop install --profile gui debian-xterm
is "$rc $(grep -c '^Name=Mine' "$mine/debian-xterm.desktop")" "125 1" "install does not overwrite a user's own file"
rm "$mine/debian-xterm.desktop"
jail desktop install --profile gui debian-xterm

# ---- the launchers start their apps (a window appears on Xvfb) ----
# The Exec line as a launcher runs it (a real window, not GTK's 10x10 leader), with no file (field codes dropped).
launch_argv='import sys
from gi.repository import GLib
kf = GLib.KeyFile(); kf.load_from_file(sys.argv[1], GLib.KeyFileFlags.NONE)
argv = GLib.shell_parse_argv(kf.get_string("Desktop Entry", "Exec"))[1]
print("\0".join(a for a in argv if not (len(a) == 2 and a[0] == "%")), end="")'
if ! command -v Xvfb >/dev/null || ! command -v xwininfo >/dev/null; then
  for id in org.gnome.Evince org.gnome.gedit mpv debian-xterm; do
    skip "Xvfb or xwininfo missing (tests/install-deps)" "$id: the launcher opens a window"
  done
else
  desktop_xvfb $(( ($$ % 40) * 20 + 2000 ))
  declare -A class=([org.gnome.Evince]=Evince [org.gnome.gedit]=Gedit [mpv]=mpv [debian-xterm]=XTerm)
  for id in org.gnome.Evince org.gnome.gedit mpv debian-xterm; do
    if [ -z "$xvfb" ]; then
      skip "no Xvfb display would start ($(tail -1 "$tap_tmp/xvfb.log"))" "$id: the launcher opens a window"
      continue
    fi
    if [ ! -f "$mine/$id.desktop" ]; then
      skip "$id is not installed" "$id: the launcher opens a window"
      continue
    fi
    mapfile -d '' argv < <(python3 -c "$launch_argv" "$mine/$id.desktop")
    "${argv[@]}" >"$tap_tmp/$id.log" 2>&1 &
    app=$!
    seen=""
    for _ in $(seq 150); do
      seen=$(xwininfo -root -tree 2>/dev/null | grep -v ' 10x10+' | grep -m1 "(\"[^\"]*\" \"${class[$id]}\")")
      [ -n "$seen" ] && break
      kill -0 $app 2>/dev/null || break
      sleep 0.2
    done
    ok $([ -n "$seen" ]; echo $?) "$id: the launcher (${argv[*]:0:4}…) opens a window: ${seen:-none}"
    [ -n "$seen" ] || diag "$(tail -5 "$tap_tmp/$id.log")"
    kill $app 2>/dev/null
    wait $app 2>/dev/null
  done
fi

done_testing
