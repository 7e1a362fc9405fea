#!/bin/bash
# --socket=pulseaudio: a private PulseAudio with a null sink; paplay inside
# plays to it only when the socket is granted.
. "$(dirname "$0")/../lib/tap.sh"
for p in pulseaudio paplay pactl python3; do
  command -v $p >/dev/null || { echo "1..0 # SKIP $p is not installed (tests/install-deps)"; exit 0; }
done
plan 5

export XDG_RUNTIME_DIR=$tap_tmp/run HOME=$tap_tmp/home XDG_CONFIG_HOME=$tap_tmp/home/.config
mkdir -m 700 "$XDG_RUNTIME_DIR" "$HOME"
unset PULSE_SERVER
pulseaudio --daemonize=no -n --exit-idle-time=-1 --use-pid-file=no --disallow-exit \
  --load=module-native-protocol-unix --load="module-null-sink sink_name=jailnull" \
  >"$tap_tmp/pa.log" 2>&1 &
pa=$!
trap 'kill $pa $app 2>/dev/null; wait 2>/dev/null; rm -rf "$tap_tmp"' EXIT
for _ in $(seq 100); do pactl info >/dev/null 2>&1 && break; sleep 0.1; done
python3 -c '
import math, struct, wave
w = wave.open("'"$tap_tmp"'/tone.wav", "wb"); w.setnchannels(1); w.setsampwidth(2); w.setframerate(8000)
w.writeframes(b"".join(struct.pack("<h", int(8000 * math.sin(i * 0.3))) for i in range(8000 * 4)))'

run pactl list short sinks
like "$out" "jailnull" "control: the private server has the null sink"

# sink_inputs_during ARGS…: how many streams play while `jail ARGS paplay` runs.
sink_inputs_during() {
  "$JAIL" --ro-bind "$tap_tmp/tone.wav" "$tap_tmp/tone.wav" "$@" -- paplay --device=jailnull "$tap_tmp/tone.wav" >"$tap_tmp/app.log" 2>&1 &
  app=$!
  count=0
  for _ in $(seq 20); do
    sleep 0.2
    count=$(pactl list short sink-inputs | wc -l)
    [ "$count" -gt 0 ] && break
  done
  kill $app 2>/dev/null; wait $app 2>/dev/null
}

sink_inputs_during --socket=pulseaudio
is "$count" 1 "with --socket=pulseaudio paplay inside plays to the null sink (a sink-input appears)"

jail --socket=pulseaudio -- sh -c 'echo "$PULSE_SERVER"; test -r "$PULSE_COOKIE" && echo cookie'
is "$out" "unix:/run/user/$(id -u)/pulse/native
cookie" "inside: PULSE_SERVER names the bound socket, the cookie is readable"

sink_inputs_during
is "$count" 0 "without the socket no stream reaches the server"
like "$(cat "$tap_tmp/app.log")" "[Cc]onnection|refused|failed" "and paplay says it cannot connect"

done_testing
