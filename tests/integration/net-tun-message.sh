#!/bin/bash
# --net=slirp on a host whose /dev/net/tun the user cannot open: the error
# names the cause and the ways out.  Root makes such a host in a private
# mount namespace (the real device is untouched); jail runs as the test user.
JAIL_TEST_ALLOW_ROOT=1
. "$(dirname "$0")/../lib/tap.sh"
plan 4
if [ "$(id -u)" != 0 ] || ! id "$JAIL_TEST_USER" >/dev/null 2>&1; then
  for i in 1 2 3 4; do skip "needs root to fake the device, and the user $JAIL_TEST_USER" "tun message ($i)"; done
  exit 0
fi
chmod 755 "$tap_tmp"
mknod -m 0600 "$tap_tmp/tun" c 10 200
as_user="setpriv --reuid=$JAIL_TEST_USER --regid=$JAIL_TEST_USER --init-groups env HOME=/ XDG_RUNTIME_DIR=/tmp"

run unshare -m sh -c "mount --bind '$tap_tmp/tun' /dev/net/tun && exec $as_user '$JAIL' --net=slirp -- true"
is "$rc" 125 "a tun device of mode 0600: jail fails (125) before the sandbox starts"
like "$out" "^jail: --net=slirp: cannot open /dev/net/tun \(Permission denied\): it is mode 0600 owned by uid 0; make it 0666 as root \(chmod 0666 /dev/net/tun, kept across boots by a udev rule: KERNEL==\"tun\", MODE=\"0666\"\), or run with --net=host" \
  "the message names the mode, the fix and --net=host, in one line"

run unshare -m sh -c "mount -t tmpfs none /dev/net && exec $as_user '$JAIL' --net=slirp -- true"
like "$rc:$out" "^125:jail: --net=slirp: no usable /dev/net/tun on this host \(No such file or directory\): load the tun module \(modprobe tun\).*--net=host" \
  "no device: the message says so, and the ways out"

run unshare -m sh -c "mount --bind '$tap_tmp/tun' /dev/net/tun && exec $as_user '$JAIL' --net=host -- true"
is "$rc:$out" "0:" "--net=host, the way out named, works on that host"

done_testing
