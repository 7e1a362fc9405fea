#!/bin/sh
# Build (once) the Debian minbase tree the --rootfs tests use, and cache it.
# Needs root and debootstrap (tests/install-deps); run by tests/run-all
# before it switches to the test user.  Usage: build-rootfs.sh [DIR [OWNER]]
#
# The tree is given to OWNER (default: the test user): in a rootless
# sandbox host root has no uid, and overlayfs cannot copy up a directory
# whose owner is unmapped (EOVERFLOW).  A user's own tree (as mmdebstrap
# --mode=unshare makes one) has no such problem.
set -eu
dir=${1:-${JAIL_TEST_ROOTFS:-/var/tmp/jail-test-rootfs-bookworm}}
owner=${2:-${JAIL_TEST_USER:-jail-test}}
mirror=${JAIL_TEST_MIRROR:-http://deb.debian.org/debian}
if [ -f "$dir/etc/debian_version" ] && [ -x "$dir/usr/bin/apt" ]; then
  [ "$(stat -c %U "$dir/etc")" = "$owner" ] || chown -R "$owner:" "$dir"
  exit 0
fi
[ "$(id -u)" = 0 ] || { echo "build-rootfs: needs root" >&2; exit 1; }
command -v debootstrap >/dev/null || { echo "build-rootfs: needs debootstrap" >&2; exit 1; }
tmp="$dir.tmp.$$"
rm -rf "$tmp"
debootstrap --variant=minbase bookworm "$tmp" "$mirror" >"$tmp.log" 2>&1 \
  || { tail -20 "$tmp.log" >&2; rm -rf "$tmp"; exit 1; }
rm -f "$tmp.log"
chown -R "$owner:" "$tmp"
rm -rf "$dir" && mv "$tmp" "$dir"
