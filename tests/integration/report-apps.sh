#!/bin/bash
# jail --learn with real apps, from the gui profile, under Xvfb and a
# session bus of the test's own: mpv playing a file in ~/Videos, gedit
# opening ~/notes.txt.  The draft grants those files and nothing else of
# the home; with it loaded the app does its task.
. "$(dirname "$0")/../lib/tap.sh"
for p in Xvfb xwininfo dbus-daemon xdg-dbus-proxy python3; do
  command -v $p >/dev/null || { echo "1..0 # SKIP $p is not installed (tests/install-deps)"; exit 0; }
done
plan 7

. "$TESTS_DIR/lib/desktop.sh"
desktop_user Videos Secret
echo secret > "$HOME/Secret/x"
echo "a note" > "$HOME/notes.txt"
# One second of silence: mpv plays it without a sound card (--ao=null).
python3 -c '
import wave, sys
w = wave.open(sys.argv[1], "wb"); w.setnchannels(1); w.setsampwidth(2); w.setframerate(8000)
w.writeframes(b"\0\0" * 8000); w.close()' "$HOME/Videos/clip.wav"

desktop_xvfb $(( ($$ % 400) + 100 )) || diag "no Xvfb display would start: $(tail -1 "$tap_tmp/xvfb.log")"
desktop_bus

home_grants() { # the draft's grants that name something of the home
  sed -n 's/^Filesystems=//p' "$1" | tr ';' '\n' | grep -v '^$' | sort | tr '\n' ' '
}

# --- mpv -----------------------------------------------------------------------
if ! command -v mpv >/dev/null; then
  for _ in 1 2 3; do skip "mpv is not installed" "mpv"; done
else
  play=(mpv --no-config --ao=null --vo=null --really-quiet "$HOME/Videos/clip.wav")
  jail --learn="$tap_tmp/mpv.local" --profile gui -- "${play[@]}"
  like "$rc $out" "^[1-9]" "mpv from gui: cannot open ~/Videos/clip.wav (not granted)"
  is "$(home_grants "$tap_tmp/mpv.local")" "xdg-videos/clip.wav:ro " \
    "the draft grants that file read-only, nothing else of the home"
  jail --profile gui --profile "$tap_tmp/mpv.local" -- "${play[@]}"
  is "$rc" 0 "with the draft mpv plays it"
fi

# --- gedit ---------------------------------------------------------------------
if ! command -v gedit >/dev/null; then
  for _ in 1 2 3 4; do skip "gedit is not installed" "gedit"; done
else
  "$JAIL" --learn="$tap_tmp/gedit.local" --profile gui -- gedit --standalone "$HOME/notes.txt" \
    >"$tap_tmp/gedit.log" 2>&1 &
  app=$!
  window_with "gedit" 60
  ok $? "gedit from gui starts under --learn"
  # It looks the file up after its window shows, once the document's tab
  # (titled with the file name) exists; on a loaded machine that can be
  # seconds later.
  window_with "notes.txt" 30 || true
  sleep 3
  kill "$app"; wait "$app"; app=
  like "$(cat "$tap_tmp/gedit.log")" "jail: learn: draft $tap_tmp/gedit.local: .*[0-9] paths? added" \
    "the draft is written when it is closed"
  is "$(home_grants "$tap_tmp/gedit.local")" "~/notes.txt:ro " \
    "it grants ~/notes.txt, nothing else of the home"
  "$JAIL" --profile gui --profile "$tap_tmp/gedit.local" -- gedit --standalone "$HOME/notes.txt" \
    >"$tap_tmp/gedit2.log" 2>&1 &
  app=$!
  window_with "notes.txt" 60
  ok $? "with the draft gedit opens ~/notes.txt"
  kill "$app"; wait "$app"; app=
fi

done_testing
