#!/bin/bash
# Boot the Debian 12 test VM (tests/vm/build-image.sh) and run the cgroup
# and device tests inside it as an unprivileged user; their TAP comes back
# over the second serial port and is this script's output.
#
# Usage: run.sh JAIL_BINARY [UHID_DEVICES_BINARY]
# SPDX-License-Identifier: LGPL-2.1-or-later
set -uo pipefail

jail_bin=${1:-${JAIL:?}}
uhid_bin=${2:-}
here=$(cd "$(dirname "$0")" && pwd)
timeout_s=${JAIL_VM_TIMEOUT:-420}

skip_all() { echo "1..0 # SKIP $*"; echo "VM SKIPPED: $*" >&2; exit 0; }

qemu=$(command -v qemu-system-x86_64) || skip_all "qemu-system-x86_64 not installed (tests/install-deps)"

if [ "$(id -u)" = 0 ]; then
  img=$("$here/build-image.sh" 2> >(tail -20 >&2)) || { echo "Bail out! building the VM image failed"; exit 1; }
else
  # Without root the image cannot be built; use a cached one if any.
  img=$(JAIL_VM_CACHE=${JAIL_VM_CACHE:-/var/cache/jail-test-vm} "$here/build-image.sh" 2>/dev/null) \
    || skip_all "no cached VM image and not root to build one"
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/jail-vm.XXXXXX")
qemu_pid=
cleanup() {
  [ -n "$qemu_pid" ] && kill "$qemu_pid" 2>/dev/null && wait "$qemu_pid" 2>/dev/null
  rm -rf "$tmp"
}
trap cleanup EXIT

# The second disk: jail and the tests, as an ext4 image (no loop mount).
mkdir -p "$tmp/data"
cp "$jail_bin" "$tmp/data/jail"
# PID 1 of the sandboxes: found beside jail (src/init/).
[ -x "$(dirname "$jail_bin")/jail-init" ] && cp "$(dirname "$jail_bin")/jail-init" "$tmp/data/jail-init"
# The report's supervisor, exec'd at the first refusal: found the same way.
[ -x "$(dirname "$jail_bin")/jail-supervisor" ] && cp "$(dirname "$jail_bin")/jail-supervisor" "$tmp/data/jail-supervisor"
# The systemd scope's D-Bus call: the same.
[ -x "$(dirname "$jail_bin")/jail-scope" ] && cp "$(dirname "$jail_bin")/jail-scope" "$tmp/data/jail-scope"
cp "${JAIL_VM_TESTS:-$here/limits-vm.sh}" "$tmp/data/limits-vm.sh"
cp "$here/devices-vm.sh" "$here/../lib/tap.sh" "$tmp/data/"
mkdir "$tmp/data/profiles" && cp "$here/../../profiles/"*.profile "$tmp/data/profiles/"
# What root makes for the device tests, before tester's manager starts (the
# image's jail-vm-setup.service runs setup-as-root.sh).
cat > "$tmp/data/setup-as-root.sh" <<'ROOT'
#!/bin/bash
exec > /dev/ttyS0 2>&1
ROOT
# The virtual HID devices (tests/vm/uhid-devices.c).
if [ -n "$uhid_bin" ]; then
  cp "$uhid_bin" "$tmp/data/uhid-devices"
  cat >> "$tmp/data/setup-as-root.sh" <<'ROOT'
modprobe uhid || exit 1
/mnt/jail/uhid-devices &
nodes() { grep -l '^HID_NAME=jail-test' /sys/class/hidraw/*/device/uevent 2>/dev/null; }
i=0
while [ "$(nodes | wc -l)" -lt 3 ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
ROOT
fi
# video4linux devices from the kernel's test driver vivid: one video
# capture node (what a webcam is) beside nodes that are not one: a video
# output, a metadata capture (a "video" node too, as a UVC camera's second
# node is), raw VBI capture, radio and SDR receivers, a touch sensor
# (node_types bits 0, 2, 4, 5, 8, 17, 19); a second instance, a capture
# node only, multiplanar (the other capture capability).
cat >> "$tmp/data/setup-as-root.sh" <<'ROOT'
modprobe vivid n_devs=2 node_types=0xa0135,0x1 multiplanar=1,2
# udev sets the nodes' mode when it handles them: after that, 0666, what
# its uaccess rule gives the seat's user (permissions then hide nothing).
udevadm settle --timeout=10
for u in $(grep -l '^HID_NAME=jail-test' /sys/class/hidraw/*/device/uevent 2>/dev/null); do
  chmod 0666 "/dev/$(basename "$(dirname "$(dirname "$u")")")"
done
for v in /sys/class/video4linux/*; do chmod 0666 "/dev/${v##*/}"; done
ROOT
cat > "$tmp/data/run-in-vm.sh" <<'INNER'
#!/bin/bash
# Runs as the user unit jail-vm-tests.service, inside tester's manager.
exec > /dev/ttyS1 2>&1
JAIL=/mnt/jail/jail JAIL_PROFILE_PATH=/mnt/jail/profiles bash /mnt/jail/limits-vm.sh
echo "# jail-vm-done"
INNER
chmod -R a+rX "$tmp/data"
truncate -s 64M "$tmp/data.img"
mkfs.ext4 -q -F -d "$tmp/data" "$tmp/data.img" || { echo "Bail out! mkfs.ext4 -d failed"; exit 1; }
: > "$tmp/tap.out"

accel="-accel tcg,thread=multi"
# KVM only where it really runs a guest (a paravirtual /dev/kvm may not).
if [ "${JAIL_VM_KVM:-0}" = 1 ] && [ -w /dev/kvm ]; then accel="-accel kvm"; fi
# shellcheck disable=SC2086
"$qemu" $accel -cpu max -m 1G -smp 2 -display none -monitor none -no-reboot \
  -kernel "$img/vmlinuz" -initrd "$img/initrd.img" \
  -append "console=ttyS0 systemd.unified_cgroup_hierarchy=1 panic=-1 quiet" \
  -drive "file=$img/root.img,format=raw,if=virtio,snapshot=on" \
  -drive "file=$tmp/data.img,format=raw,if=virtio,readonly=on" \
  -serial "file:$tmp/console.log" -serial "file:$tmp/tap.out" &
qemu_pid=$!

start=$SECONDS
while ! grep -q '^# jail-vm-done' "$tmp/tap.out" 2>/dev/null; do
  if ! kill -0 "$qemu_pid" 2>/dev/null; then break; fi
  if [ $((SECONDS - start)) -gt "$timeout_s" ]; then
    echo "# VM timed out after ${timeout_s}s" >> "$tmp/tap.out"
    break
  fi
  sleep 1
done
echo "# VM ran for $((SECONDS - start)) s" >&2
tr -d '\r' < "$tmp/tap.out" | grep -v '^# jail-vm-done'
if ! grep -q '^1\.\.' "$tmp/tap.out"; then
  echo "Bail out! no TAP from the VM; console:"
  tail -40 "$tmp/console.log" | tr -d '\r' | sed 's/^/# /'
  exit 1
fi
grep -q '^# jail-vm-done' "$tmp/tap.out" || { echo "Bail out! the VM tests did not finish"; exit 1; }
exit 0
