# shellcheck shell=bash
# A desktop session of the test's own for the tests that run real programs
# (sourced after tap.sh): an X display (Xvfb), a private D-Bus session bus,
# an unlocked keyring, a user with the shipped profiles.  When the test
# ends, every process started here, the test's $app and what it adds to
# desktop_pids are killed, and the paths it adds to cleanup_paths removed
# with $tap_tmp.
#
# SPDX-License-Identifier: LGPL-2.1-or-later

desktop_pids=()
cleanup_paths=()
app=
trap 'kill $app "${desktop_pids[@]}" 2>/dev/null; wait 2>/dev/null; rm -rf "$tap_tmp" "${cleanup_paths[@]}"' EXIT

# desktop_user DIR...: a home of the test's own ($tap_tmp/home, with
# DIR... below it), a private $XDG_RUNTIME_DIR, and the shipped profiles
# found through $XDG_CONFIG_DIRS (the user's own config dirs left unset).
desktop_user() {
  export HOME="$tap_tmp/home" XDG_RUNTIME_DIR="$tap_tmp/run" XDG_CONFIG_DIRS="$tap_tmp/xdg"
  unset XDG_CONFIG_HOME XDG_DATA_HOME XDG_CACHE_HOME WAYLAND_DISPLAY
  mkdir -p "$HOME" "$tap_tmp/xdg/jail" && mkdir -m 0700 "$XDG_RUNTIME_DIR"
  local d
  for d in "$@"; do mkdir -p "$HOME/$d"; done
  cp -r "$TESTS_DIR/../profiles" "$tap_tmp/xdg/jail/profiles"
}

# desktop_xvfb FIRST: an Xvfb display with a cookie of its own, on the first
# free number from FIRST (Xvfb refuses a number in use: its lock file).
# Exports DISPLAY and XAUTHORITY and sets xvfb to its pid; xvfb is empty
# when no display would start ($tap_tmp/xvfb.log says why).
desktop_xvfb() {
  local n
  xvfb=""
  export XAUTHORITY=$tap_tmp/xauth
  for n in $(seq "$1" $(($1 + 20))); do
    [ -e "/tmp/.X$n-lock" ] && continue
    xauth -q add ":$n" MIT-MAGIC-COOKIE-1 "$(od -An -tx1 -N16 /dev/urandom | tr -d ' \n')" 2>/dev/null
    Xvfb ":$n" -auth "$XAUTHORITY" -nolisten tcp -screen 0 1024x768x24 >"$tap_tmp/xvfb.log" 2>&1 &
    xvfb=$!
    for _ in $(seq 300); do
      [ -S "/tmp/.X11-unix/X$n" ] && break
      kill -0 "$xvfb" 2>/dev/null || break
      sleep 0.1
    done
    # Two tests may start a server on the same free number at once: the
    # socket may be the other's, whose cookie is not ours, while ours is
    # still on its way to exiting.  Only a server that takes our cookie is.
    if kill -0 "$xvfb" 2>/dev/null && [ -S "/tmp/.X11-unix/X$n" ] \
      && { ! command -v xwininfo >/dev/null || DISPLAY=:$n xwininfo -root >/dev/null 2>&1; }; then
      desktop_pids+=("$xvfb")
      export DISPLAY=:$n
      return 0
    fi
    kill "$xvfb" 2>/dev/null
    xvfb=""
  done
  return 1
}

# desktop_bus [SOCKET [VARIABLE]]: a session bus of the test's own listening
# on SOCKET ($XDG_RUNTIME_DIR/bus by default, where a desktop has it), with
# the system's activatable services; exports its address as VARIABLE
# (DBUS_SESSION_BUS_ADDRESS; DBUS_SYSTEM_BUS_ADDRESS for a second bus
# standing in for the system bus).
desktop_bus() {
  local socket=${1:-$XDG_RUNTIME_DIR/bus} variable=${2:-DBUS_SESSION_BUS_ADDRESS}
  dbus-daemon --session --address="unix:path=$socket" --nofork --nopidfile \
    >"$tap_tmp/dbus-${socket##*/}.log" 2>&1 &
  desktop_pids+=($!)
  for _ in $(seq 100); do [ -S "$socket" ] && break; sleep 0.1; done
  export "$variable=unix:path=$socket"
}

# desktop_ping_service BUS: tests/lib/dbus-ping-service.py's names
# (org.jailtest.Allowed, org.jailtest.Denied) on the session or system bus
# (desktop_bus's), once they answer.
desktop_ping_service() {
  local out=$tap_tmp/ping-service-$1.out
  python3 "$TESTS_DIR/lib/dbus-ping-service.py" "$1" >"$out" 2>&1 &
  desktop_pids+=($!)
  for _ in $(seq 50); do grep -q ready "$out" && break; sleep 0.1; done
}

# desktop_keyring: the Secret Service unlocked, as a login does it.  Without
# it the bus activates a locked gnome-keyring whose password prompt holds
# up the apps that ask for their saved passwords (Chromium) before their
# first window.  Nothing to do where gnome-keyring is not installed.
desktop_keyring() {
  command -v gnome-keyring-daemon >/dev/null || return 0
  printf 'jail-test' | gnome-keyring-daemon --unlock --foreground --components=secrets \
    >"$tap_tmp/keyring.log" 2>&1 &
  desktop_pids+=($!)
  for _ in $(seq 50); do [ -f "$HOME/.local/share/keyrings/login.keyring" ] && break; sleep 0.1; done
}

# window_with TEXT SECONDS: a top-level window whose name holds TEXT appears.
window_with() {
  for _ in $(seq $(($2 * 5))); do
    xwininfo -root -tree 2>/dev/null | grep -F -- "$1" >/dev/null && return 0
    sleep 0.2
  done
  return 1
}
