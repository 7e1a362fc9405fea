#!/bin/bash
# jail desktop install/remove/list on a copy of a real .desktop file.
. "$(dirname "$0")/../lib/tap.sh"
src=""
for f in /usr/share/applications/firefox-esr.desktop /usr/share/applications/debian-xterm.desktop; do
  [ -f "$f" ] && { src=$f; break; }
done
[ -n "$src" ] || { echo "1..0 # SKIP no real .desktop file to copy (install firefox-esr or xterm)"; exit 0; }
plan 11

app=$(basename "$src" .desktop)
export XDG_DATA_DIRS=$tap_tmp/sys XDG_DATA_HOME=$tap_tmp/home/.local/share
mkdir -p "$XDG_DATA_DIRS/applications"
cp "$src" "$XDG_DATA_DIRS/applications/"
dest=$XDG_DATA_HOME/applications/$app.desktop

jail desktop install "$app"
is "$rc:$out" "0:$dest" "install writes the override in the user's data dir"

n_exec=$(grep -c '^Exec=' "$src")
n_jail=$(grep -c "^Exec=[^ ]*jail --profile $app -- " "$dest")
is "$n_jail" "$n_exec" "every Exec (main and $((n_exec - 1)) actions) runs through jail --profile $app --"

orig_rest=$(grep -v '^Exec=\|^DBusActivatable=' "$src" | grep -v '^$' | sort)
new_rest=$(grep -v '^Exec=\|^X-Jail' "$dest" | grep -v '^$' | sort)
is "$new_rest" "$orig_rest" "every other line (Name, Icon, MimeType, Actions, translations) is kept"

is "$(grep -c '^X-Jail=true' "$dest")" 1 "the file is marked X-Jail=true"

# Expand the field codes as a launcher would, with hostile file names, and
# split the line with GLib's own parser: they must all follow "--".
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
    if any(x in out[:dd] for x in files) or out[1:4] != ["--profile", sys.argv[2], "--"]: bad += 1
print(bad)'
run python3 -c "$check" "$dest" "$app"
is "$out" 0 "file names starting with - (as %f/%u/%F/%U) land after --, never as jail options"

jail desktop list
is "$out" "$app" "list shows the installed launcher"

jail desktop remove "$app"
ok $(( rc != 0 || $(test -e "$dest"; echo $?) == 0 )) "remove deletes jail's file"

jail desktop list
is "$out" "" "list is empty afterwards"

printf '[Desktop Entry]\nName=Mine\nExec=true\nType=Application\n' > "$dest"
jail desktop remove "$app"
ok $(( rc == 0 || $(test -e "$dest"; echo $?) != 0 )) "remove leaves a user's own (non-jail) file alone: $out"

jail desktop install "$app"
is "$rc $(grep -c '^Name=Mine' "$dest")" "125 1" "install does not overwrite a user's own file"

jail desktop install no-such-app-$$
like "$rc:$out" "^125:jail: desktop install no-such-app-$$: no .*desktop in the XDG data dirs" \
  "an unknown app: one clear line and exit 125"

done_testing
