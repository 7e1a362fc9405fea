#!/bin/bash
# libjail as a packaging tool uses it: install jail into a temporary
# prefix, build the example of include/jail/jail.h (cut out of the header,
# so the two cannot drift) with `pkg-config --cflags --libs libjail`
# against the installed libjail.pc and libjail.so, and run it as the
# unprivileged user: the sandbox answers from inside.
#
# Installing writes into the build directory (meson's install log), which
# belongs to whoever built it: so this script stays the user that started
# it, and only the example runs as the test user.
JAIL_TEST_ALLOW_ROOT=1
. "$(dirname "$0")/../lib/tap.sh"
: "${JAIL_BUILD_DIR:?JAIL_BUILD_DIR must name the build directory}"
for p in meson pkg-config cc; do
  command -v $p >/dev/null || { echo "1..0 # SKIP $p is not installed (tests/install-deps)"; exit 0; }
done
plan 10

# As the unprivileged user, with the environment tap.sh gives it.
as_user() {
  if [ "$(id -u)" != 0 ]; then "$@"; return; fi
  local home
  home=$(getent passwd "$JAIL_TEST_USER" | cut -d: -f6)
  setpriv --reuid="$JAIL_TEST_USER" --regid="$JAIL_TEST_USER" --init-groups \
    env HOME="$home" USER="$JAIL_TEST_USER" LOGNAME="$JAIL_TEST_USER" \
    XDG_RUNTIME_DIR="/run/user/$(id -u "$JAIL_TEST_USER")" "$@"
}
if [ "$(id -u)" = 0 ] && ! id "$JAIL_TEST_USER" >/dev/null 2>&1; then
  echo "1..0 # SKIP test user $JAIL_TEST_USER does not exist (tests/run-all creates it)"
  exit 0
fi

dest=$tap_tmp/dest
run meson install -C "$JAIL_BUILD_DIR" --no-rebuild --quiet --destdir "$dest"
is "$rc" 0 "meson install --destdir puts jail into a temporary prefix"
[ "$rc" = 0 ] || diag "$out"

# Unreadable, so that the sandbox's PID 1 may exec it as it is and be
# non-dumpable from its first instruction (src/sandbox/exec.c;
# escape/installed-init.sh tries the command against it).
init=$(find "$dest" -name jail-init -type f | head -n 1)
is "$(stat -c %a "$init" 2>/dev/null)" 711 "jail-init is installed executable and unreadable (0711)"

pc=$(find "$dest" -name libjail.pc | head -n 1)
lib=$(find "$dest" -name 'libjail.so.*' -type f | head -n 1)
header=$(find "$dest" -path '*/include/jail/jail.h' | head -n 1)
ok "$([ -n "$pc" ] && [ -n "$lib" ] && [ -n "$header" ]; echo $?)" \
  "the prefix holds libjail.pc, libjail.so and jail/jail.h (${lib#"$dest"})"
[ -n "$pc" ] && [ -n "$lib" ] && [ -n "$header" ] || { done_testing; exit 1; }
# Between the markers, without the comment's leading " * " or " *".
sed -n '/^ \* BEGIN EXAMPLE$/,/^ \* END EXAMPLE$/p' "$header" | sed '1d;$d; s/^ \* \{0,1\}//' \
  >"$tap_tmp/example.c"
ok "$(grep -q 'jail_run' "$tap_tmp/example.c"; echo $?)" \
  "the installed header holds the example between its markers"

# Against a sanitized build (tests/run-all's second build), the program
# needs the sanitizer's runtime first, as the build's own programs have it.
san=()
[ "${JAIL_SANITIZE:-none}" = none ] || san=(-fsanitize="$JAIL_SANITIZE")

# The .pc names the configured prefix: a copy of it points into DESTDIR
# (a sysroot or --define-variable=prefix would move glib's paths too).
mkdir "$tap_tmp/pc"
prefix=$(PKG_CONFIG_PATH=$(dirname "$pc") pkg-config --variable=prefix libjail)
sed "s|^prefix=.*|prefix=$dest$prefix|" "$pc" >"$tap_tmp/pc/libjail.pc"
export PKG_CONFIG_PATH=$tap_tmp/pc
flags=$(pkg-config --cflags --libs libjail)
# shellcheck disable=SC2086
run cc -Wall -Werror "${san[@]}" -o "$tap_tmp/example" "$tap_tmp/example.c" $flags
is "$rc" 0 "the example compiles and links with \`pkg-config --cflags --libs libjail\` ($flags)"
[ "$rc" = 0 ] || diag "$out"

# It must find the installed library, not the build tree's.
run env LD_LIBRARY_PATH="$(dirname "$lib")" ldd "$tap_tmp/example"
like "$out" "libjail\.so\.0 => $dest/" "the program loads libjail.so.0 from the prefix"

chmod -R a+rX "$tap_tmp" && chmod a+x "$(dirname "$tap_tmp")" 2>/dev/null
out=$(cd / && as_user env LD_LIBRARY_PATH="$(dirname "$lib")" "$tap_tmp/example" 2>&1)
rc=$?
is "$rc:$out" "0:hello from sandbox" \
  "run as $(as_user id -un), the example's sandbox prints from inside (hostname 'sandbox')"

# A library caller gets the desktop channels it grants: jail_run finds the
# session's socket itself, and leaves the spec as the caller built it.
cat >"$tap_tmp/desktop.c" <<'EOF'
#include <errno.h>
#include <jail/jail.h>
#include <string.h>
#include <sys/wait.h>

int
main (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (JailSpec) spec = jail_spec_new ();
  const char *argv[] = { "sh", "-c", "test -S \"$SSH_AUTH_SOCK\" && echo granted", NULL };
  int status;
  if (!jail_spec_add_default_filesystem (spec, &error) || !jail_spec_set_command (spec, argv, &error))
    return g_printerr ("%s\n", error->message), 1;
  jail_spec_set_sockets (spec, JAIL_SOCKET_SSH_AUTH);
  g_autofree char *before = jail_spec_to_json (spec);
  if (!jail_run (spec, &status, &error))
    return g_printerr ("%s\n", error->message), jail_error_exit_status (error);
  g_autofree char *after = jail_spec_to_json (spec);
  g_print ("%s\n", waitpid (-1, NULL, WNOHANG) < 0 && errno == ECHILD ? "no child left" : "a child left");
  g_print ("spec %s\n", strcmp (before, after) == 0 ? "unchanged" : "changed");
  return status;
}
EOF
# shellcheck disable=SC2086
run cc -Wall -Werror "${san[@]}" -o "$tap_tmp/desktop" "$tap_tmp/desktop.c" $flags
[ "$rc" = 0 ] || diag "$out"
python3 -c 'import socket, sys; socket.socket(socket.AF_UNIX).bind(sys.argv[1])' "$tap_tmp/agent"
chmod -R a+rX "$tap_tmp"
out=$(cd / && as_user env LD_LIBRARY_PATH="$(dirname "$lib")" SSH_AUTH_SOCK="$tap_tmp/agent" \
  "$tap_tmp/desktop" 2>&1)
rc=$?
like "$rc:$out" "^0:granted" "a library caller granting ssh-auth finds the socket inside (jail_run resolves it)"
like "$out" "spec unchanged$" "jail_run leaves the spec as the caller built it"
like "$out" "no child left" "jail_run has reaped the sandbox's PID 1 when it returns (no zombie in the caller)"

done_testing
