#!/bin/bash
# A symlink swapped under a bind destination while jail sets up (bubblewrap
# #390, flatpak CVE-2024-42472): a directory the app can write (bound
# read-write) holds the mount point of a later bind.  The app, from an
# earlier run or from another sandbox, swaps that mount point for a symlink
# to /etc; the later bind must then land where it was asked or fail with a
# clear error, never over the sandbox's /etc (or anywhere else).
. "$(dirname "$0")/lib.sh"
plan 6

d=$tap_tmp
mkdir -p "$d/data/sub" "$d/secret"
echo marker >"$d/secret/marker"

# Static cases first: the symlink is already there when jail starts.
ln -sfn /etc "$d/data/link"
jail --bind "$d/data" /data --ro-bind "$d/secret" /data/link -- sh -c 'cat /etc/hostname >/dev/null && echo etc-intact'
is "$rc" 125 "an app-made symlink as a bind destination is refused"
like "$out" "^jail: .*/data/link.*(symbolic links|symlink)" "... with one clear message naming the path"
ln -sfn ../../etc "$d/data/link"
jail --bind "$d/data" /data --ro-bind "$d/secret" /data/link/x -- true
is "$rc" 125 "a relative app-made symlink in the middle of the path is refused too"

# A symlink the host made (root-owned, as under /etc, /lib) is followed:
# /bin -> usr/bin on merged-/usr systems.
jail --ro-bind "$d/secret/marker" /bin/true -- cat /usr/bin/true
is "$out" marker "a trusted symlink of the plan (/bin -> usr/bin) is still followed"

# The race: a host loop swaps the destination while jail starts many times.
rm -f "$d/data/link"
(
  while :; do
    rm -rf "$d/data/sub" 2>/dev/null; mkdir "$d/data/sub" 2>/dev/null
    rm -rf "$d/data/sub" 2>/dev/null; ln -s /etc "$d/data/sub" 2>/dev/null
  done
) &
swapper=$!
trap 'kill $swapper 2>/dev/null; wait $swapper 2>/dev/null; rm -rf "$tap_tmp"' EXIT
landed_outside=0 mounted=0 refused=0 other=0
for _ in $(seq 40); do
  jail --bind "$d/data" /data --ro-bind "$d/secret" /data/sub -- \
    sh -c 'test -e /etc/marker && echo LANDED; test -e /etc/passwd || echo ETC-COVERED; echo done'
  # (The swapper may also remove the mount point after setup: on Linux an
  # rmdir on the host detaches the sandbox's mount there; that is fine.)
  case "$rc:$out" in
    *LANDED*|*ETC-COVERED*) landed_outside=$((landed_outside + 1)) ;;
    0:done) mounted=$((mounted + 1)) ;;
    125:jail:*) refused=$((refused + 1)) ;;
    *) other=$((other + 1)); diag "unexpected: rc=$rc $out" ;;
  esac
done
kill $swapper; wait $swapper 2>/dev/null
diag "40 races: $mounted set up with /etc intact, $refused refused cleanly, $other other"
is "$landed_outside" 0 "the bind never landed over /etc while the path was being swapped"
is "$other" 0 "every run either mounted at the right place or failed with one clear message"

done_testing
