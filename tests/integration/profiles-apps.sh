#!/bin/bash
# The shipped app profiles with the real programs, under Xvfb and a session
# bus of the test's own: each does its everyday task (a document from
# ~/Documents in a window, a song from ~/Music played, history kept in the
# app's own home) and cannot read a folder it was not granted.
#
#   profiles-apps.sh light   evince, eog, gedit, gnome-text-editor, file-roller,
#                            transmission-gtk, mpv (the default suite)
#   profiles-apps.sh heavy   libreoffice, gimp, inkscape, thunderbird,
#                            chromium, vlc, totem, celluloid, rhythmbox,
#                            okular, atril, shotwell, keepassxc, qbittorrent,
#                            epiphany, kate, krita, calibre, simple-scan,
#                            audacity, evolution, obs, kdenlive,
#                            telegram-desktop (meson test --suite apps);
#                            then the tasks driven further: printing from
#                            evince's own dialog (evince-print); LibreOffice
#                            printing (soffice --pt) and converting, Inkscape
#                            exporting, in the user dirs, with their settings
#                            kept; Thunderbird's folders
#   profiles-apps.sh heavy NAME...   only those profiles of the heavy set
#                            (evince-print for the print dialog)
# An app that is not installed is skipped, counted, with the reason.
. "$(dirname "$0")/../lib/tap.sh"
set_=${1:-light}
only=" ${*:2} "
for p in Xvfb xwininfo dbus-daemon xdg-dbus-proxy python3; do
  command -v $p >/dev/null || { echo "1..0 # SKIP $p is not installed (tests/install-deps)"; exit 0; }
done

. "$TESTS_DIR/lib/desktop.sh"
desktop_user Documents Downloads Pictures Music Secret
echo secret > "$HOME/Secret/x"
desktop_xvfb $(( ($$ % 400) + 500 )) || { echo "1..0 # SKIP no Xvfb display would start: $(tail -1 "$tap_tmp/xvfb.log")"; exit 0; }
desktop_bus
desktop_keyring
cupsd=

# open_in_window PROFILE FILE TITLE-TEXT CMD...: the app shows FILE.
open_in_window() {
  local profile=$1 title=$3
  shift 3
  "$JAIL" --profile "$profile" -- "$@" >"$tap_tmp/$profile.log" 2>&1 &
  app=$!
  if window_with "$title" 60; then ok 0 "$profile: opens $title in a window"; else
    ok 1 "$profile: opens $title in a window"
    diag "$(tail -5 "$tap_tmp/$profile.log")"
  fi
}

close_app() { # ask politely, as closing the window would; then make sure
  kill "$app" 2>/dev/null
  for _ in $(seq 50); do kill -0 "$app" 2>/dev/null || break; sleep 0.1; done
  kill -9 "$app" 2>/dev/null
  wait "$app" 2>/dev/null
  app=
}

# cannot_read PROFILE: a folder beside the granted ones stays out.  The path
# is not an argument of its own (the viewers' and editors' FileArgs=ro would
# make a file named so reachable, by design).
cannot_read() {
  jail --profile "$1" -- sh -c "cat '$HOME/Secret/x'"
  # cat's own error and status 1: not jail failing to start (125, 127).
  ok "$([ "$rc" = 1 ] && [[ $out == *"cat: $HOME/Secret/x: No such file or directory"* ]] && echo 0 || echo 1)" \
    "$1: cannot read ~/Secret (not granted)"
  [ "$rc" = 1 ] || diag "rc=$rc: $out"
}

# wanted NAME: the heavy set runs NAME (all of it when no names are given).
wanted() { [ "$only" = "  " ] || [[ $only == *" $1 "* ]]; }

# have CMD DESCRIPTION...: CMD is installed, else each point is skipped.
have() {
  command -v "$1" >/dev/null && return 0
  local d
  for d in "${@:2}"; do skip "$1 is not installed" "$d"; done
  return 1
}

installed() { # installed CMD PROFILE: skip the app's points when missing
  command -v "$1" >/dev/null && return 0
  skip "$1 is not installed" "$2: everyday task"
  skip "$1 is not installed" "$2: cannot read ~/Secret (not granted)"
  return 1
}

write_pdf() { # a one-page PDF with the xref offsets right
  python3 - "$1" <<'EOF'
import sys
objs = [b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Contents 4 0 R >>",
        b"<< /Length 0 >>\nstream\n\nendstream"]
out = b"%PDF-1.4\n"; offs = []
for i, o in enumerate(objs, 1):
    offs.append(len(out)); out += b"%d 0 obj\n" % i + o + b"\nendobj\n"
x = len(out)
out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
out += b"".join(b"%010d 00000 n \n" % o for o in offs)
out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, x)
open(sys.argv[1], "wb").write(out)
EOF
}

write_png() {
  python3 - "$1" <<'EOF'
import struct, sys, zlib
def chunk(t, d): return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d))
raw = b"".join(b"\0" + b"\xff\x00\x00" * 16 for _ in range(16))
png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 16, 16, 8, 2, 0, 0, 0))
png += chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")
open(sys.argv[1], "wb").write(png)
EOF
}

write_wav() {
  python3 - "$1" <<'EOF'
import math, struct, sys, wave
w = wave.open(sys.argv[1], "wb"); w.setnchannels(1); w.setsampwidth(2); w.setframerate(8000)
w.writeframes(b"".join(struct.pack("<h", int(8000 * math.sin(i / 10))) for i in range(4000)))
EOF
}

# A CUPS server of the test's own (cupsd as the test user, one raw queue),
# on a socket the cups rule binds at /run/cups/cups.sock inside.
start_cupsd() {
  local d=$tap_tmp/cups
  mkdir -p "$d"/{conf,spool/tmp,cache,state,log}
  printf 'Listen %s/cups.sock\nLogLevel warn\nBrowsing Off\nDefaultAuthType None\n<Location />\n  Order allow,deny\n  Allow all\n</Location>\n' \
    "$d" > "$d/conf/cupsd.conf"
  cat > "$d/conf/cups-files.conf" <<EOF
ServerRoot $d/conf
RequestRoot $d/spool
TempDir $d/spool/tmp
CacheDir $d/cache
StateDir $d/state
ErrorLog $d/log/error_log
AccessLog $d/log/access_log
PageLog $d/log/page_log
Printcap $d/printcap
User $(id -un)
Group $(id -gn)
SystemGroup $(id -gn)
EOF
  printf '<DefaultPrinter test>\nDeviceURI file:///dev/null\nState Idle\nAccepting Yes\n</DefaultPrinter>\n' \
    > "$d/conf/printers.conf"
  /usr/sbin/cupsd -f -c "$d/conf/cupsd.conf" -s "$d/conf/cups-files.conf" &
  cupsd=$!
  desktop_pids+=("$cupsd")
  for _ in $(seq 50); do [ -S "$d/cups.sock" ] && break; sleep 0.1; done
}
printed() { # how many documents holding MARK reached the spool
  grep -l "$1" "$tap_tmp"/cups/spool/d* 2>/dev/null | wc -l
}

cups_jobs() { # how many jobs the test's CUPS server has taken
  find "$tap_tmp/cups/spool" -maxdepth 1 -name 'c*' 2>/dev/null | wc -l
}

# print_from_dialog CMD...: CMD opens ~/Documents/report.pdf, Ctrl+P opens
# its print dialog, Return prints to the selected (default) printer.  Sets
# dialog (yes when the dialog appeared) and new_jobs (jobs that reached the
# server).  Keys go through XTEST to the focused window: GTK ignores
# synthetic key events.
print_from_dialog() {
  local before wid
  before=$(cups_jobs)
  dialog=no
  "$@" "$HOME/Documents/report.pdf" >"$tap_tmp/print-dialog.log" 2>&1 &
  app=$!
  if window_with report.pdf 60; then
    sleep 2 # the document is drawn: the window takes keys
    wid=$(xdotool search --name 'report\.pdf' | head -1)
    xdotool windowfocus --sync "$wid" key ctrl+p
    if window_with '"Print"' 30; then
      dialog=yes
      # GTK's CUPS backend lists the server's printers a moment after
      # the dialog appears; Return prints to the default one.
      sleep 5
      wid=$(xdotool search --name '^Print$' | head -1)
      xdotool windowfocus --sync "$wid" key Return
      for _ in $(seq 100); do [ "$(cups_jobs)" -gt "$before" ] && break; sleep 0.2; done
    fi
  fi
  new_jobs=$(( $(cups_jobs) - before ))
  close_app
}

# Printing from evince's own dialog through the cups socket rule: with
# the grant the job reaches the test's CUPS server, without it (--nosocket)
# evince starts and opens its dialog but nothing arrives.  A control run
# outside the sandbox first.  Where the host's libcups freezes GTK's dialog
# before it lists a printer (Debian 12's libcups2 2.4.2-3+deb12u10, real
# desktops alike: cups-update-read.c says how), the control run is made
# again with $CUPS_UPDATE_READ preloaded, and where that prints, the
# sandbox runs get it too, bound read-only at its own path: the cups
# socket rule they show is the same.  Where GTK's dialog cannot print to
# the test's server even so, the sandbox points are skipped, not failed.
evince_print_tasks() {
  local d opens="evince: Ctrl+P opens its print dialog in the sandbox" \
    granted="evince: printing from its dialog reaches the user's CUPS server (cups granted)" \
    refused="evince --nosocket=cups: starts, opens its dialog, nothing reaches the server"
  have evince "$opens" "$granted" "$refused" || return 0
  have xdotool "$opens" "$granted" "$refused" || return 0
  if [ ! -x /usr/sbin/cupsd ]; then
    for d in "$opens" "$granted" "$refused"; do skip "cupsd is not installed (cups-daemon)" "$d"; done
    return 0
  fi
  write_pdf "$HOME/Documents/report.pdf"
  [ -n "$cupsd" ] || start_cupsd
  export CUPS_SERVER="$tap_tmp/cups/cups.sock"
  print_from_dialog evince
  local control=$new_jobs control_dialog=$dialog preload=() also=
  if [ "$control" -lt 1 ] && [ -f "${CUPS_UPDATE_READ:-}" ]; then
    print_from_dialog env LD_PRELOAD="$CUPS_UPDATE_READ" evince
    control=$new_jobs also="; nor with $CUPS_UPDATE_READ preloaded (dialog opened: $dialog)"
    if [ "$control" -ge 1 ]; then
      diag "the host's libcups froze GTK's print dialog (OpenPrinting/cups issue 1429): evince prints with $CUPS_UPDATE_READ preloaded"
      preload=(--ro-bind "$CUPS_UPDATE_READ" "$CUPS_UPDATE_READ" --setenv LD_PRELOAD "$CUPS_UPDATE_READ")
    fi
  fi
  print_from_dialog "$JAIL" "${preload[@]}" --profile evince -- evince
  is "$dialog" yes "$opens"
  [ "$dialog" = yes ] || diag "$(tail -5 "$tap_tmp/print-dialog.log")"
  if [ "$control" -lt 1 ]; then
    local why="evince outside the sandbox could not print from its dialog to the test's"
    why="$why CUPS server either (dialog opened: $control_dialog, no job arrived$also)"
    skip "$why" "$granted"
    skip "$why" "$refused"
  else
    is "$new_jobs" 1 "$granted"
    print_from_dialog "$JAIL" "${preload[@]}" --profile evince --nosocket=cups -- evince
    is "$dialog:$new_jobs" "yes:0" "$refused"
  fi
  unset CUPS_SERVER
}

# LibreOffice prints a document from ~/Documents itself (its own CUPS
# client, headless --pt) through the cups socket rule; without the grant
# it runs (exit 0, its own status) and nothing arrives.
libreoffice_print_tasks() {
  local granted="libreoffice: prints ~/Documents/letter.txt to the user's CUPS server (cups granted)" \
    refused="libreoffice --nosocket=cups: runs, nothing reaches the server" before d
  have soffice "$granted" "$refused" || return 0
  if [ ! -x /usr/sbin/cupsd ]; then
    for d in "$granted" "$refused"; do skip "cupsd is not installed (cups-daemon)" "$d"; done
    return 0
  fi
  [ -n "$cupsd" ] || start_cupsd
  export CUPS_SERVER="$tap_tmp/cups/cups.sock"
  echo "Dear reader" > "$HOME/Documents/letter.txt"
  before=$(cups_jobs)
  jail --profile libreoffice -- soffice --headless --pt test "$HOME/Documents/letter.txt"
  for _ in $(seq 50); do [ "$(cups_jobs)" -gt "$before" ] && break; sleep 0.2; done
  # The job carries the document's name (the control file holds its
  # attributes) and LibreOffice's rendering of it, a PDF.
  local doc
  doc=$(find "$tap_tmp/cups/spool" -maxdepth 1 -name "d*" | sort | tail -1)
  is "$rc:$(( $(cups_jobs) - before )):$(grep -la letter.txt "$tap_tmp"/cups/spool/c* 2>/dev/null | wc -l):$(head -c 5 "$doc" 2>/dev/null)" \
    "0:1:1:%PDF-" "$granted"
  before=$(cups_jobs)
  jail --profile libreoffice --nosocket=cups -- soffice --headless --pt test "$HOME/Documents/letter.txt"
  sleep 2
  is "$rc:$(( $(cups_jobs) - before ))" "0:0" "$refused"
  unset CUPS_SERVER
}

homes="$HOME/.local/share/jail/homes"

# not_started: the last jail run was the app refusing, not jail failing to
# start it (125) or the command missing (127).
not_started() { [ "$rc" = 125 ] || [ "$rc" = 127 ]; }

# LibreOffice converts a document in ~/Documents to PDF there, headless;
# its user profile is kept in its own home, the real ~/.config untouched.
libreoffice_tasks() {
  local conv="libreoffice: converts ~/Documents/letter.txt to a PDF in the host's ~/Documents" \
    secret="libreoffice: cannot convert from ~/Secret (not granted)" \
    kept="libreoffice: its user profile is kept in ~/.local/share/jail/homes/libreoffice" \
    real="libreoffice: the real ~/.config is untouched" \
    next="libreoffice: the next run sees its settings"
  have soffice "$conv" "$secret" "$kept" "$real" "$next" || return 0
  echo "Dear reader" > "$HOME/Documents/letter.txt"
  jail --profile libreoffice -- soffice --headless --convert-to pdf \
    --outdir "$HOME/Documents" "$HOME/Documents/letter.txt"
  is "$rc:$(head -c 5 "$HOME/Documents/letter.pdf" 2>/dev/null)" "0:%PDF-" "$conv"
  [ "$rc" = 0 ] || diag "$(tail -3 <<<"$out")"
  echo "private" > "$HOME/Secret/private.txt"
  # Not an argument of its own: FileArgs=ro would grant a file named so.
  jail --profile libreoffice -- sh -c \
    "soffice --headless --convert-to pdf --outdir '$HOME/Documents' '$HOME/Secret/private.txt'"
  # soffice's own message (it exits 0 all the same), no PDF written.
  ok "$(! not_started && [[ $out == *"Error: source file could not be loaded"* ]] &&
    [ ! -e "$HOME/Documents/private.pdf" ] && echo 0 || echo 1)" "$secret"
  not_started && diag "rc=$rc: $out"
  local xcu=.config/libreoffice/4/user/registrymodifications.xcu
  # LibreOffice records at the end of its first run that it has run.
  ok "$(grep -q 'name="FirstRun".*<value>false</value>' "$homes/libreoffice/$xcu" 2>/dev/null &&
    echo 0 || echo 1)" "$kept"
  ok "$([ ! -e "$HOME/.config/libreoffice" ] && echo 0 || echo 1)" "$real"
  jail --profile libreoffice -- sh -c "grep -c 'name=\"FirstRun\"' ~/$xcu"
  is "$out" 1 "$next"
}

# Inkscape exports an SVG from ~/Pictures to a PNG beside it; its
# preferences are kept in its own home.
inkscape_tasks() {
  local export="inkscape: exports ~/Pictures/shape.svg to a PNG in the host's ~/Pictures" \
    secret="inkscape: cannot export from ~/Secret (not granted)" \
    kept="inkscape: its preferences are kept in ~/.local/share/jail/homes/inkscape" \
    real="inkscape: the real ~/.config is untouched" \
    next="inkscape: the next run sees its preferences"
  have inkscape "$export" "$secret" "$kept" "$real" "$next" || return 0
  local svg='<svg xmlns="http://www.w3.org/2000/svg" width="16" height="16"><rect width="16" height="16" fill="red"/></svg>'
  echo "$svg" > "$HOME/Pictures/shape.svg"
  jail --profile inkscape -- inkscape --export-type=png "$HOME/Pictures/shape.svg"
  is "$rc:$(head -c 4 "$HOME/Pictures/shape.png" 2>/dev/null | tail -c 3)" "0:PNG" "$export"
  [ "$rc" = 0 ] || diag "$(tail -3 <<<"$out")"
  echo "$svg" > "$HOME/Secret/shape.svg"
  jail --profile inkscape -- sh -c "inkscape --export-type=png '$HOME/Secret/shape.svg'"
  ok "$(! not_started && [[ $out == *"Can't open file: $HOME/Secret/shape.svg (doesn't exist)"* ]] &&
    [ ! -e "$HOME/Secret/shape.png" ] && echo 0 || echo 1)" "$secret"
  not_started && diag "rc=$rc: $out"
  ok "$(grep -q '<inkscape' "$homes/inkscape/.config/inkscape/preferences.xml" 2>/dev/null && echo 0 || echo 1)" "$kept"
  ok "$([ ! -e "$HOME/.config/inkscape" ] && echo 0 || echo 1)" "$real"
  jail --profile inkscape -- sh -c 'grep -c "<inkscape" ~/.config/inkscape/preferences.xml'
  is "$out" 1 "$next"
}

# Thunderbird's sandbox, seen with a shell in it: attachments from
# ~/Documents (read-only), saved to ~/Downloads, the user's GnuPG keys.
# Attaching through its own dialog is not driven here.  Runs whether or
# not Thunderbird is installed: it checks the profile.
thunderbird_tasks() {
  mkdir -m 0700 "$HOME/.gnupg"
  echo "keybox" > "$HOME/.gnupg/pubring.kbx"
  echo "attach me" > "$HOME/Documents/attach.txt"
  jail --profile thunderbird -- cat "$HOME/Documents/attach.txt"
  is "$rc:$out" "0:attach me" "thunderbird: reads ~/Documents (attachments)"
  jail --profile thunderbird -- sh -c "echo x > '$HOME/Documents/attach.txt'"
  like "$rc:$out" "^[12]:.*Read-only file system" "thunderbird: ~/Documents is read-only"
  jail --profile thunderbird -- sh -c "echo saved > '$HOME/Downloads/saved.txt'"
  is "$rc:$(cat "$HOME/Downloads/saved.txt" 2>/dev/null)" "0:saved" "thunderbird: saves attachments to the host's ~/Downloads"
  jail --profile thunderbird -- cat "$HOME/.gnupg/pubring.kbx"
  is "$rc:$out" "0:keybox" "thunderbird: sees ~/.gnupg (OpenPGP keys)"
  # ~/Secret stays out: cannot_read in the loop above.
}

if [ "$set_" = light ]; then
  if [ -x /usr/sbin/cupsd ] && command -v lp >/dev/null; then
    start_cupsd
    export CUPS_SERVER="$tap_tmp/cups/cups.sock"
    printf '%%PDF-1.4 print-me\n' > "$HOME/Documents/print.pdf"
    jail --profile evince -- lp -d test "$HOME/Documents/print.pdf"
    like "$out" "^request id is test-[0-9]+" "evince's sandbox prints through the cups socket"
    is "$(printed print-me)" 1 "the document reached the user's CUPS server"
    printf '%%PDF-1.4 not-me\n' > "$HOME/Music/print.pdf"
    jail --profile mpv -- lp -d test "$HOME/Music/print.pdf"
    ok "$([ "$rc" != 0 ] && [ "$rc" != 125 ] && echo 0 || echo 1)" "mpv's sandbox (no cups grant): lp fails"
    is "$(printed not-me)" 0 "and nothing reaches the server"
    unset CUPS_SERVER
    kill "$cupsd"
  else
    skip "cupsd or lp not installed (cups-daemon, cups-client)" "evince's sandbox prints through the cups socket"
    skip "cupsd or lp not installed" "mpv's sandbox (no cups grant) cannot print"
  fi
  if installed evince evince; then
    write_pdf "$HOME/Documents/report.pdf"
    open_in_window evince report.pdf report.pdf evince "$HOME/Documents/report.pdf"
    close_app
    cannot_read evince
  fi
  if installed eog eog; then
    write_png "$HOME/Pictures/red.png"
    open_in_window eog red.png red.png eog "$HOME/Pictures/red.png"
    close_app
    cannot_read eog
  fi
  if installed gedit gedit; then
    echo "remember me" > "$HOME/Documents/notes.txt"
    open_in_window gedit notes.txt notes.txt gedit "$HOME/Documents/notes.txt"
    # GTK records opened files in ~/.local/share/recently-used.xbel, a
    # moment after opening: it must land in gedit's own home.
    for _ in $(seq 50); do grep -q notes.txt "$homes/gedit/.local/share/recently-used.xbel" 2>/dev/null && break; sleep 0.2; done
    close_app
    ok "$(grep -q notes.txt "$homes/gedit/.local/share/recently-used.xbel" 2>/dev/null && echo 0 || echo 1)" \
      "gedit: its history is kept in ~/.local/share/jail/homes/gedit"
    ok "$([ ! -e "$HOME/.local/share/recently-used.xbel" ] && echo 0 || echo 1)" "gedit: not in the real home"
    jail --profile gedit -- grep -c notes.txt "$HOME/.local/share/recently-used.xbel"
    is "$out" 1 "gedit: the next run sees it"
    # Preferences: GSettings writes through the dconf service (outside),
    # reads the user's database (read-only inside).
    jail --profile gedit -- gsettings set org.gnome.gedit.preferences.editor tabs-size 3
    jail --profile gedit -- gsettings get org.gnome.gedit.preferences.editor tabs-size
    is "$out" "uint32 3" "gedit: a preference set in one run (gsettings) is there in the next"
    jail --profile mpv -- ls "$HOME/.config/dconf"
    like "$out" "No such file or directory" "a profile without dconf does not see the settings database"
    cannot_read gedit
  fi
  if installed gnome-text-editor gnome-text-editor; then
    echo "draft" > "$HOME/Documents/draft.txt"
    open_in_window gnome-text-editor draft.txt "draft.txt (~/Documents)" \
      gnome-text-editor "$HOME/Documents/draft.txt"
    close_app
    cannot_read gnome-text-editor
  fi
  if installed file-roller file-roller; then
    python3 -c 'import sys, zipfile
with zipfile.ZipFile(sys.argv[1], "w") as z: z.writestr("inside.txt", "zipped\n")' \
      "$HOME/Downloads/a.zip"
    jail --profile file-roller -- file-roller --extract-to="$HOME/Downloads/a" --force "$HOME/Downloads/a.zip"
    is "$(cat "$HOME/Downloads/a/inside.txt" 2>/dev/null)" "zipped" \
      "file-roller: extracts an archive from ~/Downloads into ~/Downloads"
    cannot_read file-roller
  fi
  if installed transmission-gtk transmission-gtk; then
    open_in_window transmission-gtk "" '"Transmission"' transmission-gtk
    close_app
    ok "$([ -d "$homes/transmission-gtk/.config/transmission" ] && echo 0 || echo 1)" \
      "transmission-gtk: its settings are kept in its own home"
    cannot_read transmission-gtk
  fi
  if installed mpv mpv; then
    write_wav "$HOME/Music/tone.wav"
    jail --profile mpv -- mpv --no-config --vo=null --ao=null "$HOME/Music/tone.wav"
    like "$out" "Exiting\.\.\. \(End of file\)" "mpv: plays a song from ~/Music"
    cp "$HOME/Music/tone.wav" "$HOME/Secret/tone.wav"
    # Not an argument of its own: FileArgs=ro would grant a file named so.
    jail --profile mpv -- sh -c "mpv --no-config --vo=null --ao=null '$HOME/Secret/tone.wav'"
    like "$out" "No such file or directory|Failed to open" "mpv: cannot play from ~/Secret (not granted)"
  fi
else
  mkdir -p "$HOME/Videos"
  echo "notes" > "$HOME/Documents/notes.txt"
  write_png "$HOME/Pictures/red.png"
  write_pdf "$HOME/Documents/report.pdf"
  write_wav "$HOME/Music/tone.wav"
  cp "$HOME/Music/tone.wav" "$HOME/Videos/clip.wav"
  echo '<svg xmlns="http://www.w3.org/2000/svg" width="16" height="16"/>' > "$HOME/Pictures/drawing.svg"
  echo '<html><head><title>saved-page</title></head></html>' > "$HOME/Downloads/page.html"
  # qBittorrent asks to accept its legal notice on the first run, in its
  # own (persistent) home: accepted beforehand, as a user would once.
  mkdir -p "$homes/qbittorrent/.config/qBittorrent"
  printf '[LegalNotice]\nAccepted=true\n' > "$homes/qbittorrent/.config/qBittorrent/qBittorrent.conf"
  # profile:command and options:file-to-open:text in the window title.  The file is
  # opened from the folder the profile's role grants (profiles/README.md).
  for entry in "libreoffice:libreoffice:Documents/notes.txt:notes.txt" \
               "gimp:gimp:Pictures/red.png:[red]" "inkscape:inkscape:Pictures/drawing.svg:drawing.svg" \
               "thunderbird:thunderbird::Thunderbird" "chromium:chromium:Documents/report.pdf:report.pdf" \
               "vlc:vlc --play-and-pause:Videos/clip.wav:clip.wav" "totem:totem:Videos/clip.wav:clip" \
               "celluloid:celluloid:Music/tone.wav:tone" "rhythmbox:rhythmbox::Rhythmbox" \
               "okular:okular:Documents/report.pdf:report.pdf" "atril:atril:Documents/report.pdf:report.pdf" \
               "shotwell:shotwell:Pictures/red.png:red.png" "keepassxc:keepassxc::KeePassXC" \
               "qbittorrent:qbittorrent::qBittorrent" "epiphany:epiphany-browser:Downloads/page.html:saved-page" \
               "kate:kate:Documents/notes.txt:notes.txt" "krita:krita:Pictures/red.png:red.png" \
               "calibre:calibre::calibre" "simple-scan:simple-scan::Scan" \
               "audacity:audacity:Music/tone.wav:tone" "evolution:evolution::Evolution" \
               "obs:obs::OBS" "kdenlive:kdenlive::Kdenlive" "telegram-desktop:telegram-desktop::Telegram"; do
    IFS=: read -r profile cmd file title <<<"$entry"
    wanted "$profile" || continue
    installed "${cmd%% *}" "$profile" || continue
    # shellcheck disable=SC2086 # cmd is the program and its options
    if [ -n "$file" ]; then
      open_in_window "$profile" "$file" "$title" $cmd "$HOME/$file"
    else
      open_in_window "$profile" "" "$title" $cmd
    fi
    close_app
    cannot_read "$profile"
  done
  wanted evince-print && evince_print_tasks
  wanted libreoffice && libreoffice_tasks
  wanted libreoffice && libreoffice_print_tasks
  wanted inkscape && inkscape_tasks
  wanted thunderbird && thunderbird_tasks
fi

plan "$tap_n"
done_testing
