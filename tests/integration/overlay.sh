#!/bin/bash
# Overlay filesystem operations (bubblewrap's --overlay-src, --overlay,
# --tmp-overlay, --ro-overlay), through both mount APIs.
. "$(dirname "$0")/../lib/tap.sh"
plan 17

d=$tap_tmp
mkdir -p "$d/l1" "$d/l2" "$d/up" "$d/wk"
echo a >"$d/l1/a"
echo b1 >"$d/l1/b"
echo b2 >"$d/l2/b"

jail --overlay-src "$d/l1" --overlay-src "$d/l2" --ro-overlay /mnt -- \
  sh -c 'cat /mnt/a /mnt/b'
is "$out" "a
b2" "--ro-overlay: union of the layers, the last --overlay-src on top"

jail --overlay-src "$d/l1" --overlay-src "$d/l2" --ro-overlay /mnt -- \
  sh -c 'touch /mnt/x 2>/dev/null && echo wrote; grep " /mnt " /proc/self/mountinfo'
like "$out" "^[0-9]+ [0-9]+ [0-9:]+ / /mnt ro,.* - overlay " "--ro-overlay is a read-only overlay mount; writing fails"

jail --overlay-src "$d/l1" --tmp-overlay /mnt -- sh -c 'echo new >/mnt/x && cat /mnt/x /mnt/a'
is "$out" "new
a" "--tmp-overlay: writable, lower files visible"
ok "$([ ! -e "$d/l1/x" ]; echo $?)" "--tmp-overlay: writes do not reach the lower layer"

jail --overlay-src "$d/l1" --overlay "$d/up" "$d/wk" /mnt -- sh -c 'echo kept >/mnt/y && rm /mnt/b'
is "$rc" 0 "--overlay: write and delete succeed"
is "$(cat "$d/up/y" 2>&1)" kept "--overlay: writes land in RWSRC on the host"
is "$(cat "$d/l1/b")" b1 "--overlay: the lower layer is untouched by a delete"

JAIL_TEST_LEGACY_MOUNT=1 jail --overlay-src "$d/l1" --overlay-src "$d/l2" --tmp-overlay /mnt -- \
  sh -c 'echo z >/mnt/z && cat /mnt/b /mnt/z'
is "$out" "b2
z" "mount(2) fallback: same union and writes"

jail --overlay-src "$d/l1" --ro-overlay /mnt -- true
is "$rc" 125 "--ro-overlay with one layer is refused"
like "$out" "requires at least two --overlay-src" "... saying why"

jail --overlay-src "$d/l1" -- true
like "$rc:$out" "^125:.*--overlay-src must be followed" "a dangling --overlay-src is refused"

jail --tmp-overlay /mnt -- true
like "$rc:$out" "^125:.*requires at least one --overlay-src" "--tmp-overlay without layers is refused"

jail --overlay-src "$d/missing" --tmp-overlay /mnt -- true
like "$rc:$out" "^125:jail: overlay source $d/missing: No such file" "a missing layer names the path"

many=()
for i in $(seq 1 12); do
  mkdir -p "$d/m$i"
  echo "$i" >"$d/m$i/f$i"
  echo "$i" >"$d/m$i/top"
  many+=(--overlay-src "$d/m$i")
done
jail "${many[@]}" --ro-overlay /mnt -- sh -c 'cat /mnt/top; ls /mnt | wc -l'
is "$out" "12
13" "12 layers (past fsconfig's 256-byte lowerdir): all visible, the last on top"
JAIL_TEST_LEGACY_MOUNT=1 jail "${many[@]}" --ro-overlay /mnt -- sh -c 'cat /mnt/top; ls /mnt | wc -l'
is "$out" "12
13" "12 layers through mount(2)"

mkdir -p "$d/rootfs/etc"
echo from-rootfs >"$d/rootfs/etc/marker"
jail --overlay-src "$d/rootfs" --tmp-overlay / --ro-bind /usr /usr --symlink usr/bin /bin \
  --symlink usr/lib /lib --symlink usr/lib64 /lib64 -- sh -c 'cat /etc/marker && touch /new && ls -d /usr/bin'
is "$out" "from-rootfs
/usr/bin" "an overlay as / : later operations land on top of it"

ln -s "$d/l2" "$d/link"
jail_print --overlay-src "$d/l1" --overlay-src "$d/link" --tmp-overlay /o -- true
json_is "$out" '[(e["dest"], e["layers"]) for e in j["filesystem"] if e["op"] == "tmp-overlay"]' \
  "[[\"/o\", [\"$d/l1\", \"$d/link\"]]]" "--print lists the layers bottom first"

# overlayfs leaves work/work with mode 000: let the cleanup remove it.
chmod -R u+rwx "$d/wk" 2>/dev/null
done_testing
