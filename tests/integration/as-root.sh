#!/bin/bash
# jail started by real root: it works, and root inside is uid 0 of a new user
# namespace (mapped to host 0) without any capability over host objects.
# This is the one suite that does not re-run itself as the test user.
JAIL_TEST_ALLOW_ROOT=1
. "$(dirname "$0")/../lib/tap.sh"
plan 17

if [ "$(id -u)" != 0 ]; then
  for i in $(seq 17); do skip "not started as root" "jail run by real root (point $i)"; done
  exit 0
fi

jail -- sh -c 'ps -eo pid= --no-headers'
is "$rc:$(echo $out)" "0:1 2 3" "the default sandbox works for root: init, the shell, ps"

jail -- sh -c 'id -u; id -g; cat /proc/self/uid_map'
like "$out" "^0
0
 +0 +0 +1$" "root inside is uid 0, mapped to host uid 0 only"

jail -- readlink /proc/self/ns/user
host_userns=$(readlink /proc/self/ns/user)
ok "$([ -n "$out" ] && [ "$out" != "$host_userns" ]; echo $?)" \
  "it runs in a new user namespace ($out, host $host_userns)"

jail -- sh -c 'grep -E "^Cap(Inh|Prm|Eff|Bnd|Amb):" /proc/self/status | awk "{print \$2}" | sort -u'
is "$out" 0000000000000000 "CapInh/CapPrm/CapEff/CapBnd/CapAmb are all 0 after exec"

jail -- sh -c 'grep -E "^Cap(Prm|Eff|Bnd):" /proc/1/status | awk "{print \$2}" | sort -u'
is "$out" 0000000000000000 "jail's init holds no capability either"

# Host objects owned by root: a read-only bind stays read-only, even for uid 0.
mkdir -p "$tap_tmp/ro"
echo original > "$tap_tmp/ro/file"
chmod 0644 "$tap_tmp/ro/file"
jail --ro-bind "$tap_tmp/ro" /data -- sh -c '
  echo owned > /data/file; mount -o remount,rw /data; umount /data
  mount -t tmpfs none /data; echo owned > /data/file; chmod 0777 /data/file; echo done'
like "$out" "done" "the attacks ran"
is "$(cat "$tap_tmp/ro/file"):$(stat -c %a "$tap_tmp/ro/file")" "original:644" \
  "a root-owned file bound read-only is unchanged after write/remount/umount/mount-over/chmod as root inside"

# No CAP_DAC_OVERRIDE, CAP_FOWNER, CAP_CHOWN, CAP_MKNOD over a read-write bind.
mkdir -p "$tap_tmp/rw"
echo secret > "$tap_tmp/rw/nobody"
chown nobody:nogroup "$tap_tmp/rw/nobody"
chmod 0600 "$tap_tmp/rw/nobody"
chmod 0755 "$tap_tmp/rw"
jail --bind "$tap_tmp/rw" /rw -- cat /rw/nobody
like "$rc:$out" "^1:.*Permission denied" "root inside cannot read another user's 0600 file (no CAP_DAC_OVERRIDE)"
jail --bind "$tap_tmp/rw" /rw -- chmod 0666 /rw/nobody
is "$rc:$(stat -c %a "$tap_tmp/rw/nobody")" "1:600" "nor chmod it (no CAP_FOWNER)"
jail --bind "$tap_tmp/rw" /rw -- mknod /rw/null c 1 3
ok "$([ "$rc" != 0 ] && [ ! -e "$tap_tmp/rw/null" ]; echo $?)" "nor create a device node (no CAP_MKNOD)"
echo mine > "$tap_tmp/rw/mine"
jail --bind "$tap_tmp/rw" /rw -- sh -c 'echo more >> /rw/mine'
is "$rc:$(cat "$tap_tmp/rw/mine" | tr '\n' ' ')" "0:mine more " "a root-owned file in a read-write bind is writable (ownership, not capabilities)"

# Legacy mount path (pre-5.12 kernels): a submount whose mount point the
# sandbox cannot reach (under a 0700 directory of an unmapped user) must
# not make a recursive read-only bind fail; the reachable rest stays
# read-only.  The submount lives in a private mount namespace of the test.
mkdir -p "$tap_tmp/tree/locked/m" "$tap_tmp/tree/open"
chown nobody:nogroup "$tap_tmp/tree/locked"
chmod 0700 "$tap_tmp/tree/locked"
run unshare -m --propagation private sh -c '
  mount -t tmpfs none "$1/locked/m" && mount -t tmpfs none "$1/open" || exit 99
  JAIL_TEST_LEGACY_MOUNT=1 "$JAIL" --ro-bind "$1" /data -- sh -c "touch /data/open/x || echo open-ro"
' _ "$tap_tmp/tree"
is "$rc" 0 "legacy mount path: an unreachable submount does not fail --ro-bind"
like "$out" "open-ro" "legacy mount path: the reachable submount is still read-only"

# Mount propagation: the host's / is shared on systemd hosts, so binds are
# slaves of it.  A mount made on the host under a read-only-bound tree after
# the sandbox started must not show up read-write inside (both mount paths);
# under a read-write --bind it does show up (the control: propagation works).
# Simulated in a private mount namespace with a shared bind of a test tree.
mkdir -p "$tap_tmp/shared/late"
for mode in new legacy; do
  run unshare -m --propagation private bash -c '
    mount --bind "$1" "$1" && mount --make-shared "$1" || exit 99
    [ "$2" = legacy ] && export JAIL_TEST_LEGACY_MOUNT=1
    "$JAIL" --ro-bind "$1" /ro --bind "$1" /rw -- sh -c "
      while [ ! -e /rw/go ]; do sleep 0.02; done
      echo x 2>/dev/null > /ro/late/f && echo RO-TREE-WRITABLE
      test -e /rw/late/host-mount && echo seen-in-rw" &
    pid=$!
    sleep 0.3
    mount -t tmpfs none "$1/late" && touch "$1/late/host-mount" "$1/go"
    wait $pid
  ' _ "$tap_tmp/shared" "$mode"
  rm -f "$tap_tmp/shared/go"
  is "$rc:$(echo $out)" "0:seen-in-rw" \
    "$mode mount path: a later host mount under an --ro-bind tree is not writable inside (seen under --bind)"
done

# root's home and what the app writes elsewhere stay private.
tag="jailroot$$"
jail -- sh -c "echo \$HOME; ls -A \$HOME | wc -l; echo x > /tmp/$tag; echo x > \$HOME/$tag"
is "$out" "/root
0" "\$HOME (/root) inside is an empty tmpfs"
ok "$([ ! -e "/tmp/$tag" ] && [ ! -e "/root/$tag" ]; echo $?)" "files written by root inside never reach the host's /tmp or /root"

done_testing
