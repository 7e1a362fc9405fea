#!/bin/bash
# What the shipped profiles grant, seen from outside: no profile hands out
# the home or the root, only the directories of the everyday-tasks table
# (profiles/README.md); cwd is refused at the home; build keeps .git
# read-only; sound and PipeWire only where granted; a persistent home per
# app that is never the real one; the CUPS socket only with the grant.
. "$(dirname "$0")/../lib/tap.sh"

shipped="$TESTS_DIR/../profiles"
# A home and runtime directory of the test's own: the audit below must not
# depend on what the test user's real home holds.
export HOME="$tap_tmp/home" XDG_RUNTIME_DIR="$tap_tmp/run"
unset XDG_CONFIG_HOME XDG_DATA_HOME XDG_CACHE_HOME
mkdir -p "$HOME" "$tap_tmp/xdg/jail" && mkdir -m 0700 "$XDG_RUNTIME_DIR"
cp -r "$shipped" "$tap_tmp/xdg/jail/profiles"
export XDG_CONFIG_DIRS="$tap_tmp/xdg"
mkdir -p "$HOME"/{Documents,Downloads,Desktop,Music,Pictures,Videos,Templates,Secret}

profiles=()
for f in "$shipped"/*.profile; do profiles+=("$(basename "$f" .profile)"); done

# --- the audit: every bind of every profile is in the table's list ---
# audit < JSON: prints the binds that are not allowed (or why it could not
# tell: an empty answer must mean "nothing wrong").
audit() {
  python3 "$tap_tmp/audit.py" "$HOME" "$XDG_RUNTIME_DIR" || echo "audit failed"
}
cat > "$tap_tmp/audit.py" <<'EOF'
import json, re, sys
home, run = sys.argv[1:3]
spec = json.load(sys.stdin)
h = re.escape(home)
allowed_home = [
    # (the cli profiles run from ~/Documents below: cwd and build's cwd/.git)
    h + r"/(Desktop|Documents|Downloads|Music|Pictures|Videos|Templates)",
    h + r"/Documents/\.git",
    h + r"/\.local/share/jail/homes/[A-Za-z0-9_.-]+",
    # an app's own settings, data and cache (never the jail directories)
    h + r"/\.config/(?!jail$)[^/]+", h + r"/\.local/share/(?!jail$)[^/]+",
    h + r"/\.cache/[^/]+",
    h + r"/\.(mozilla|thunderbird|pki|gnupg|fonts|icons|themes|zoom|vscode)",
    h + r"/Calibre Library",
]
allowed_host = [
    r"/usr", r"/etc", r"/media", r"/run/media", r"/sys/(dev|devices|bus|class)",
    r"/run/udev/data", r"/dev/(dri|input|kvm|shm|hidraw[0-9]+|video[0-9]+)",
    r"/var/cache/fontconfig", r"/var/lib/dbus/machine-id",
    re.escape(run) + r"/(dconf|gnupg|pipewire-0|pulse/native|wayland-[0-9]+|\.jail-dbus-.*)",
    r"/tmp/\.X11-unix/X[0-9]+",
]
# Never writable: what the host runs or trusts at the next login or launch.
never_rw = [h + r"/\.config/(autostart|systemd|environment\.d|dconf|jail)(/.*)?",
            h + r"/\.local/share/(applications|dbus-1|systemd|flatpak)(/.*)?"]
bad = []
for op in spec["filesystem"]:
    src = op.get("source")
    if src is None or op["op"] not in ("bind", "ro-bind", "dev-bind"):
        continue
    if src in (home, "/"):
        bad.append("grants " + src)
        continue
    rules = allowed_home if src.startswith(home + "/") else allowed_host
    if not any(re.fullmatch(r, src) for r in rules):
        bad.append(src)
    elif op["op"] != "ro-bind" and any(re.fullmatch(r, src) for r in never_rw):
        bad.append(src + " (writable)")
print("\n".join(bad))
EOF

mkdir -p "$tap_tmp/print"
for p in "${profiles[@]}"; do
  out=$(cd "$HOME/Documents" && "$JAIL" --print --profile "$p" -- "$p" 2>&1)
  if [ $? != 0 ]; then
    ok 1 "--print --profile $p"
    diag "$out"
    continue
  fi
  printf '%s' "$out" > "$tap_tmp/print/$p.json"
  bad=$(printf '%s' "$out" | audit)
  is "$bad" "" "--profile $p grants neither the home nor / nor a path outside the table"
done
# The audit itself: it does see a bad grant.
mkdir -p "$HOME/.config/autostart"
out=$(cd "$HOME/Documents" && "$JAIL" --print --filesystem=home --filesystem=xdg-config/autostart \
  --filesystem=/opt -- true 2>&1)
is "$(printf '%s' "$out" | audit | head -3)" "grants $HOME
$HOME/.config/autostart (writable)
/opt" "the audit flags the home, a writable autostart directory and a path outside the list"

# --- desktop ids: those of the installed apps are real ---
checked=0
for p in "${profiles[@]}"; do
  ids=$(sed -n 's/^DesktopIds=//p' "$shipped/$p.profile" | tr ';' ' ')
  # the Debian package of the same name (a command could be a wrapper)
  [ -n "$ids" ] && dpkg-query -W -f '${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || continue
  found=""
  for id in $ids; do [ -f "/usr/share/applications/$id.desktop" ] && found=$id; done
  ok "$([ -n "$found" ] && echo 0 || echo 1)" "$p is installed: its DesktopIds ($ids) name its launcher"
  checked=$((checked + 1))
done
[ "$checked" -gt 0 ] || skip "none of the apps is installed" "DesktopIds name the launchers of installed apps"
for p in "${profiles[@]}"; do
  case $p in *-common|default|gui|dconf|network|cli|curl|wget|python|build) continue ;; esac
  grep -q '^DesktopIds=.' "$shipped/$p.profile" || { ok 1 "app profile $p lists its DesktopIds"; continue; }
done
ok 0 "every app profile lists DesktopIds"

# --- cwd: a project directory, never the home ---
for p in cli curl wget build python; do
  (cd "$HOME" && "$JAIL" --profile "$p" -- true) >"$tap_tmp/o" 2>&1
  is "$?" 125 "--profile $p run from the home: refused (exit 125)"
  like "$(cat "$tap_tmp/o")" "the current directory $HOME is the home directory; run from a project directory" \
    "--profile $p from the home: the message says why"
done
(cd / && "$JAIL" --profile cli -- true) >"$tap_tmp/o" 2>&1
is "$?" 125 "--profile cli run from /: refused"
mkdir -p "$HOME/proj/.git/hooks"
(cd "$HOME/proj" && "$JAIL" --print --profile cli -- true) >"$tap_tmp/o" 2>&1
binds=$(python3 -c '
import json, sys
home = sys.argv[1]
for op in json.load(sys.stdin)["filesystem"]:
    s = op.get("source") or ""
    if op["op"] == "bind" and (s == home or s.startswith(home + "/")): print(s)' "$HOME" <"$tap_tmp/o")
is "$binds" "$HOME/proj" "--profile cli from a project directory binds only that directory"
(cd "$HOME/proj" && "$JAIL" --profile cli -- sh -c "echo x > made; cat $HOME/Secret/x 2>&1; ls $HOME") \
  >"$tap_tmp/o" 2>&1
is "$(cat "$HOME/proj/made" 2>/dev/null)" "x" "--profile cli writes the project directory"
like "$(cat "$tap_tmp/o")" "No such file or directory" "--profile cli does not see a sibling folder of the home"
(cd "$HOME/proj" && "$JAIL" --profile build -- sh -c '
  echo y > built; (echo "#!/bin/sh" > .git/hooks/pre-commit) 2>/dev/null && echo planted
  rm -rf .git 2>/dev/null; mv .git git.old 2>/dev/null; test -d .git && echo kept') >"$tap_tmp/o" 2>&1
is "$(cat "$tap_tmp/o")" "kept" "build: .git stays read-only (no hook planted, not removed or moved)"
ok "$([ -f "$HOME/proj/built" ] && [ ! -e "$HOME/proj/.git/hooks/pre-commit" ] && echo 0 || echo 1)" \
  "build: the project is written, .git/hooks is not"

# --- sound and PipeWire only where granted ---
# Fake servers that accept and hang up (a full backlog would block connect).
serve() { # serve PATH...
  python3 - "$@" <<'EOF' &
import os, select, socket, sys
socks = []
for path in sys.argv[1:]:
    os.makedirs(os.path.dirname(path), exist_ok=True)
    s = socket.socket(socket.AF_UNIX); s.bind(path); s.listen(64); socks.append(s)
parent = os.getppid()
while os.getppid() == parent:  # the test ended (or died): stop too
    for s in select.select(socks, [], [], 1)[0]:
        s.accept()[0].close()
EOF
}
serve "$XDG_RUNTIME_DIR/pulse/native" "$XDG_RUNTIME_DIR/pipewire-0"
fake_audio=$!
for _ in $(seq 50); do [ -S "$XDG_RUNTIME_DIR/pipewire-0" ] && break; sleep 0.1; done
reach='for s in $XDG_RUNTIME_DIR/pulse/native $XDG_RUNTIME_DIR/pipewire-0; do
  python3 -c "import socket,sys; socket.socket(socket.AF_UNIX).connect(sys.argv[1]); print(sys.argv[1].split(\"/\")[-1])" $s 2>/dev/null
done'
mkdir -p "$HOME/Documents"
for p in "${profiles[@]}"; do
  granted=$(python3 -c 'import json,sys; s=json.load(sys.stdin)["desktop"]["sockets"]
print(" ".join(x for x in ("native","pipewire-0") if {"native":"pulseaudio","pipewire-0":"pipewire"}[x] in s))' \
    <"$tap_tmp/print/$p.json")
  seen=$(cd "$HOME/Documents" && "$JAIL" --profile "$p" -- sh -c "$reach" 2>/dev/null | tr '\n' ' ' | sed 's/ $//')
  is "$seen" "$granted" "--profile $p reaches exactly the audio sockets it grants (${granted:-none})"
done
for p in gui evince gedit gimp inkscape libreoffice eog; do
  seen=$(cd "$HOME/Documents" && "$JAIL" --profile "$p" -- sh -c "$reach" 2>/dev/null)
  is "$seen" "" "--profile $p: no sound, no PipeWire"
done
for p in firefox chromium mpv vlc; do
  seen=$(cd "$HOME/Documents" && "$JAIL" --profile "$p" -- sh -c "$reach" 2>/dev/null | head -1)
  is "$seen" "native" "--profile $p: sound"
done
kill "$fake_audio" 2>/dev/null

# --- a home of the app's own ---
mkdir -p "$tap_tmp/xdg/jail/profiles"
printf '[Profile]\nVersion=1\nInclude=gui\n[Context]\nHome=persist\n' > "$tap_tmp/xdg/jail/profiles/keeper.profile"
homes="$HOME/.local/share/jail/homes"
"$JAIL" --profile keeper -- sh -c 'mkdir -p ~/.config/keeper && echo dark > ~/.config/keeper/theme' >/dev/null 2>&1
out=$("$JAIL" --profile keeper -- cat "$HOME/.config/keeper/theme" 2>&1)
is "$out" "dark" "Home=persist: a preference written in one run is there in the next"
is "$(cat "$homes/keeper/.config/keeper/theme" 2>/dev/null)" "dark" \
  "it is kept in ~/.local/share/jail/homes/NAME (the profile's name)"
ok "$([ ! -e "$HOME/.config/keeper" ] && echo 0 || echo 1)" "the real home is untouched"
out=$("$JAIL" --profile keeper -- sh -c "ls $HOME/Secret 2>&1; ls -d $homes 2>&1" 2>&1)
like "$out" "home/Secret': No such file or directory" "the persistent home shows nothing of the real one"
"$JAIL" --profile gui -- sh -c 'echo a > ~/mark' >/dev/null 2>&1
is "$(cat "$homes/sh/mark" 2>/dev/null)" "a" "the gui profile keeps a home per command (homes/COMMAND)"
"$JAIL" --profile mpv -- sh -c 'echo b > ~/mark' >/dev/null 2>&1
is "$(cat "$homes/mpv/mark" 2>/dev/null)" "b" "an app profile keeps a home named after it, whatever the command"
"$JAIL" --home=tmpfs --profile keeper -- sh -c 'cat ~/.config/keeper/theme 2>/dev/null || echo empty' >"$tap_tmp/o" 2>&1
is "$(cat "$tap_tmp/o")" "empty" "--home=tmpfs on the command line overrides the profile"
mkdir -p "$tap_tmp/apphome"
"$JAIL" --home="$tap_tmp/apphome" -- sh -c 'echo c > ~/f' >/dev/null 2>&1
is "$(cat "$tap_tmp/apphome/f" 2>/dev/null)" "c" "--home=DIR binds DIR at \$HOME"
for d in "$HOME" "$(dirname "$HOME")" /; do
  jail --home="$d" -- true
  is "$rc" 125 "--home=$d (the home or above it) is refused"
  like "$out" "is the home directory or holds it" "--home=$d: the message says why"
done
# The attack from inside: a sandbox that may write ~/.local/share plants a
# link for another app's home, pointing at the real home.
mkdir -p "$homes"
"$JAIL" --filesystem=xdg-data -- ln -s "$HOME" "$homes/planted" >/dev/null 2>&1
ok "$([ -L "$homes/planted" ] && echo 0 || echo 1)" "(a sandbox granted xdg-data planted homes/planted -> the home)"
printf '[Profile]\nVersion=1\n[Context]\nHome=persist\n' > "$tap_tmp/xdg/jail/profiles/planted.profile"
jail --profile planted -- true
is "$rc" 125 "a symbolic link planted as homes/NAME is refused"
like "$out" "$homes/planted is a symbolic link, refused" "with a message naming it"
rm "$homes/planted"
mv "$homes" "$homes.old"
"$JAIL" --filesystem=xdg-data -- ln -s "$HOME" "$homes" >/dev/null 2>&1
mkdir -p "$HOME/code"
jail --profile gui -- code
is "$rc" 125 "a symbolic link planted as the homes directory is refused (homes/code would be ~/code)"
like "$out" "$homes is a symbolic link, refused" "with a message naming it"
rm "$homes" && mv "$homes.old" "$homes"
jail --home=sometimes -- true
is "$out" "jail: --home: 'sometimes' is not tmpfs, persist, persist-command or a directory (/PATH, ~/PATH)" \
  "a bad --home value: one clear line"
printf '[Profile]\nVersion=1\n[Context]\nHome=persisted\n' > "$tap_tmp/xdg/jail/profiles/badhome.profile"
jail --profile badhome -- true
like "$out" "badhome.profile:4: --home: 'persisted' is not" "a bad Home= names file and line"
is "$rc" 125 "and exits 125"

# --- the CUPS socket: only with the grant ---
serve "$tap_tmp/cups.sock"
fake_cups=$!
for _ in $(seq 50); do [ -S "$tap_tmp/cups.sock" ] && break; sleep 0.1; done
connect='python3 -c "import socket; socket.socket(socket.AF_UNIX).connect(\"/run/cups/cups.sock\"); print(\"reached\")" 2>/dev/null || echo none; echo ${CUPS_SERVER:-unset}'
export CUPS_SERVER="$tap_tmp/cups.sock"
out=$(cd "$HOME/Documents" && "$JAIL" --socket=cups -- sh -c "$connect" 2>&1)
is "$out" "reached
/run/cups/cups.sock" "--socket=cups: the user's CUPS socket (CUPS_SERVER) is at /run/cups/cups.sock inside"
out=$(cd "$HOME/Documents" && "$JAIL" --socket=wayland -- sh -c "$connect" 2>&1)
is "$out" "none
unset" "without the grant: no socket, CUPS_SERVER unset"
out=$(cd "$HOME/Documents" && "$JAIL" --profile evince -- sh -c "$connect" 2>&1)
like "$out" "^reached" "evince (viewer-common) can print"
out=$(cd "$HOME/Documents" && "$JAIL" --profile mpv -- sh -c "$connect" 2>&1)
like "$out" "^none" "mpv (a player) cannot"
unset CUPS_SERVER
kill "$fake_cups" 2>/dev/null

# --- device classes ---
jail_print --device=u2f,webcam -- true
json_is "$out" 'j["desktop"]["devices"]' '["u2f", "webcam"]' "--device=u2f,webcam parses"
jail --device=u2f,webcam -- true
is "$rc" 0 "--device=u2f,webcam runs on a host with or without such devices"
jail --device=fido -- true
is "$out" "jail: --device: unknown device 'fido'" "an unknown device class is refused"
fido=""
for d in /sys/class/hidraw/*/device/report_descriptor; do
  [ -r "$d" ] && od -An -tx1 -v "$d" | tr -d ' \n' | grep -q '06d0f1' && fido=$(basename "$(dirname "$(dirname "$d")")")
done
if [ -n "$fido" ]; then
  jail --device=u2f -- sh -c "ls /dev | grep hidraw"
  is "$out" "$fido" "--device=u2f: only the FIDO key's hidraw node inside"
else
  skip "no FIDO security key on this host (parser: unit test devices)" "--device=u2f binds the key's hidraw node"
fi
if ls /dev/video* >/dev/null 2>&1; then
  jail --device=webcam -- sh -c 'ls /dev | grep -c video'
  like "$out" "^[0-9]+$" "--device=webcam binds the capture nodes"
else
  skip "no video4linux device on this host" "--device=webcam binds the capture nodes"
fi

plan "$tap_n"
done_testing
