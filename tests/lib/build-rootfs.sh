#!/bin/sh
# Build (once) the Debian minbase tree the --rootfs tests use, and cache it.
# Needs root and debootstrap (tests/install-deps); run by tests/run-all
# before it switches to the test user.  Usage: build-rootfs.sh [DIR]
set -eu
dir=${1:-${JAIL_TEST_ROOTFS:-/var/tmp/jail-test-rootfs-bookworm}}
mirror=${JAIL_TEST_MIRROR:-http://deb.debian.org/debian}
[ -f "$dir/etc/debian_version" ] && [ -x "$dir/usr/bin/apt" ] && exit 0
[ "$(id -u)" = 0 ] || { echo "build-rootfs: needs root" >&2; exit 1; }
command -v debootstrap >/dev/null || { echo "build-rootfs: needs debootstrap" >&2; exit 1; }
tmp="$dir.tmp.$$"
rm -rf "$tmp"
debootstrap --variant=minbase bookworm "$tmp" "$mirror" >"$tmp.log" 2>&1 \
  || { tail -20 "$tmp.log" >&2; rm -rf "$tmp"; exit 1; }
rm -f "$tmp.log"
# Readable by the unprivileged test user, who binds it read-only.
chmod a+rX "$tmp"
rm -rf "$dir" && mv "$tmp" "$dir"
