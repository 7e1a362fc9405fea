#!/bin/bash
# The pre-5.12 mount path (no open_tree/move_mount/mount_setattr), forced
# with JAIL_TEST_LEGACY_MOUNT=1: the read-only-recursive guarantees must hold
# exactly as with the new mount API.  Each check runs in both modes.
. "$(dirname "$0")/../lib/tap.sh"
plan 17

tag="jaillegacy$$"
# A source tree with a space in its name (mountinfo escapes it as \040) and
# a submount of its own, made in a private user+mount namespace of the test
# (an unprivileged user cannot mount on the host).
src="$tap_tmp/sp ace"
mkdir -p "$src/sub" "$tap_tmp/rw"
echo base > "$src/file"
nested_ok=0
unshare -Urm true 2>/dev/null || nested_ok=1

cat > "$tap_tmp/umount.py" <<'EOF'
import ctypes, errno, sys
libc = ctypes.CDLL(None, use_errno=True)
if libc.unshare(0x10000000 | 0x00020000) != 0:
    print("unshare", errno.errorcode.get(ctypes.get_errno(), "?")); sys.exit(0)
for p in sys.argv[1:]:
    r = libc.umount2(p.encode(), 2)
    print("umount", p, "ok" if r == 0 else errno.errorcode.get(ctypes.get_errno(), "?"))
EOF

for mode in legacy new; do
  if [ $mode = legacy ]; then export JAIL_TEST_LEGACY_MOUNT=1; else unset JAIL_TEST_LEGACY_MOUNT; fi

  jail -- sh -c 'touch /usr/x /etc/x 2>/dev/null || echo ro'
  is "$rc:$out" "0:ro" "$mode: the default sandbox runs, /usr and /etc read-only"

  # A submount of the ro-bound source tree is read-only too.
  if [ $nested_ok = 0 ]; then
    run unshare -Urm sh -c '
      mount -t tmpfs none "$1/sub" && echo in-submount > "$1/sub/f" || exit 99
      "$JAIL" --ro-bind "$1" /data -- sh -c "cat /data/sub/f; echo x > /data/sub/g || echo sub-ro; echo x > /data/file || echo top-ro"
    ' _ "$src"
    like "$(echo $out)" "in-submount .*sub-ro .*top-ro" "$mode: a submount inside a --ro-bind source (path with a space) is read-only"
  else
    skip "unprivileged user namespaces unavailable to the test" "$mode: a submount inside a --ro-bind source is read-only"
  fi

  # Host trees with submounts of their own: /dev has /dev/shm (world-writable
  # on the host) and /dev/pts.
  if [ -d /dev/shm ] && [ -w /dev/shm ] && mountpoint -q /dev/shm; then
    jail --ro-bind /dev /hostdev -- sh -c "touch /hostdev/shm/$tag 2>/dev/null && echo WROTE; echo done"
    is "$out" done "$mode: /dev/shm under an ro-bound /dev is read-only"
    rm -f "/dev/shm/$tag"
  else
    skip "/dev/shm is not a writable mount here" "$mode: /dev/shm under an ro-bound /dev is read-only"
  fi
  # Every mount visible under /hostdev (the topmost at each mount point;
  # mountinfo lists a mount after the one it covers) is read-only.
  # (With the legacy path a mount covered by another at the same mount point
  # cannot be reached by path and keeps its flags: harmless only because the
  # app can never uncover it, which the umount test below checks.)
  jail --ro-bind /dev /hostdev -- awk '$5 ~ "^/hostdev" {o[$5] = $6} END {for (m in o) print m, o[m]}' /proc/self/mountinfo
  like "$out" "^/hostdev " "$mode: mountinfo lists the /hostdev tree"
  unlike "$out" " rw(,|$)" "$mode: every visible mount under an ro-bound /dev is read-only"

  # Mounts made by the sandbox's own plan: --remount-ro is recursive.
  jail --bind "$tap_tmp/rw" /data --tmpfs /data/t --remount-ro /data -- \
    sh -c 'echo x 2>/dev/null > /data/t/f && echo WROTE; echo x 2>/dev/null > /data/f && echo WROTE; echo done'
  is "$out" done "$mode: --remount-ro makes the tree and a --tmpfs submount read-only"
  # ... while a bind made after an ro-bind on top of it stays writable.
  jail --ro-bind "$src" /data --bind "$tap_tmp/rw" /data/sub -- sh -c "echo x > /data/sub/$mode && echo ok"
  is "$out:$(ls "$tap_tmp/rw" | grep -c "^$mode$")" "ok:1" "$mode: a --bind over a read-only tree stays writable"

  # The app cannot uncover or detach the read-only mounts, not even from a
  # nested user namespace where it holds CAP_SYS_ADMIN.
  # --allow-userns: this checks the mount layer itself, under seccomp nested
  # user namespaces are refused earlier (tests/escape covers that).
  jail --allow-userns --ro-bind /dev /hostdev --ro-bind "$tap_tmp/umount.py" /u.py -- \
    sh -c 'python3 /u.py /hostdev/shm /hostdev/pts /hostdev; touch /hostdev/shm/x 2>/dev/null && echo WROTE; echo done'
  unlike "$out" " ok$|WROTE|unshare" "$mode: umount of ro-bound (sub)mounts fails from a nested user namespace"
done

# The switch really selects the legacy code: no new mount API call is made.
if command -v strace >/dev/null && strace -f -o /dev/null true 2>/dev/null; then
  # LeakSanitizer cannot run under ptrace: leaks are checked everywhere else.
  run env JAIL_TEST_LEGACY_MOUNT=1 ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" strace -f -qq -e trace=open_tree,move_mount,mount_setattr -o "$tap_tmp/st" \
    "$JAIL" --ro-bind /dev /hostdev -- true
  is "$rc:$(grep -cE 'open_tree|move_mount|mount_setattr' "$tap_tmp/st")" "0:0" \
    "JAIL_TEST_LEGACY_MOUNT=1: no open_tree/move_mount/mount_setattr call"
else
  skip "strace missing or ptrace not permitted" "JAIL_TEST_LEGACY_MOUNT=1: no new mount API call"
fi

done_testing
