#!/bin/bash
# Build the Debian 12 test VM for jail's cgroup tests, once, into a cache
# keyed by this recipe's hash: CACHE/HASH/{root.img,vmlinuz,initrd.img}.
# Needs root (debootstrap), no loop mount: the root filesystem is made with
# mkfs.ext4 -d.  Prints the image directory on stdout.
#
# SPDX-License-Identifier: LGPL-2.1-or-later
set -euo pipefail

CACHE=${JAIL_VM_CACHE:-/var/cache/jail-test-vm}
MIRROR=${JAIL_VM_MIRROR:-http://deb.debian.org/debian}
PACKAGES=systemd,systemd-sysv,dbus,dbus-user-session,libpam-systemd,linux-image-amd64,busybox-static,procps,stress,coreutils,libcap2,libseccomp2,libglib2.0-0,libslirp0,xdg-dbus-proxy,e2fsprogs,v4l-utils
hash=$(sha256sum "$0" | cut -c1-16)
out=$CACHE/$hash
if [ -f "$out/root.img" ] && [ -f "$out/vmlinuz" ] && [ -f "$out/initrd.img" ]; then
  echo "$out"
  exit 0
fi
[ "$(id -u)" = 0 ] || { echo "building the VM image needs root" >&2; exit 1; }
mkdir -p "$CACHE"
work=$(mktemp -d "$CACHE/build.XXXXXX")
trap 'rm -rf "$work"' EXIT
root=$work/root

# The kernel's package makes an initramfs the VM never boots (it boots the
# busybox one made below): with every module, that took over 20 s of the
# build; without any (initramfs-tools reads conf.d when it runs), a few.
mkdir -p "$root/etc/initramfs-tools/conf.d"
echo MODULES=list > "$root/etc/initramfs-tools/conf.d/jail-vm.conf"
debootstrap --variant=minbase --include="$PACKAGES" bookworm "$root" "$MIRROR" >&2

# --- the kernel's modules: the virtual machine's, not a laptop's -----------
# The generic kernel (the cloud one has no video4linux) ships drivers for
# every machine: keep what a qemu guest and the tests load, drop the rest.
kver=$(basename "$root"/lib/modules/*)
kmods=$root/lib/modules/$kver/kernel
# drivers: virtio and its disks, hid (uhid: the u2f tests' devices), input,
# char, the virtual network devices (tun, veth), and from media only
# video4linux's core and its test driver (vivid: the webcam tests).
for d in "$kmods"/drivers/*; do
  case ${d##*/} in virtio|block|char|hid|input|media|net) ;; *) rm -rf "$d" ;; esac
done
for d in "$kmods"/drivers/media/*; do
  case ${d##*/} in cec|common|mc|rc|test-drivers|v4l2-core) ;; *) rm -rf "$d" ;; esac
done
find "$kmods/drivers/net" -mindepth 1 -maxdepth 1 -type d -exec rm -rf {} +
rm -rf "$kmods/drivers/block/floppy.ko" "$kmods/sound"
for d in 6lowpan appletalk atm ax25 batman-adv bluetooth can ceph ieee802154 mac80211 mac802154 \
         netrom nfc openvswitch phonet qrtr rds rose rxrpc smc sunrpc tipc wireless; do
  rm -rf "${kmods:?}/net/$d"
done
for d in afs btrfs ceph dlm f2fs gfs2 jffs2 jfs lockd nfs nfs_common nfsd nilfs2 ocfs2 orangefs \
         reiserfs smb ubifs xfs; do
  rm -rf "${kmods:?}/fs/$d"
done
chroot "$root" depmod "$kver"
# What the tests load must still be there, with everything it needs.
chroot "$root" modprobe -S "$kver" --show-depends -a vivid uhid tun >/dev/null

# --- the system -----------------------------------------------------------
echo jail-vm > "$root/etc/hostname"
echo '/dev/vdb /mnt/jail ext4 ro,nofail 0 0' > "$root/etc/fstab"
mkdir -p "$root/mnt/jail"
chroot "$root" passwd -d root >/dev/null
# The unprivileged user, lingering: its manager runs from boot.
chroot "$root" useradd -m -u 1000 -s /bin/bash tester
mkdir -p "$root/var/lib/systemd/linger"
touch "$root/var/lib/systemd/linger/tester"
# Delegate the controllers jail limits (systemd delegates only memory and
# pids to user managers by default).
mkdir -p "$root/etc/systemd/system/user@.service.d"
cat > "$root/etc/systemd/system/user@.service.d/delegate.conf" <<'UNIT'
[Service]
Delegate=cpu cpuset io memory pids
UNIT
# TAP leaves on the second serial port, written by the user's test unit.
cat > "$root/etc/udev/rules.d/99-jail-tap.rules" 2>/dev/null <<'RULE' || true
KERNEL=="ttyS1", MODE="0666"
RULE
mkdir -p "$root/etc/tmpfiles.d"
echo 'z /dev/ttyS1 0666 - - -' > "$root/etc/tmpfiles.d/jail-tap.conf"
# The tests run as a user unit inside tester's manager (a system service
# cannot create user scopes), started when the manager comes up.
mkdir -p "$root/etc/systemd/user/default.target.wants"
cat > "$root/etc/systemd/user/jail-vm-tests.service" <<'UNIT'
[Unit]
Description=jail VM tests
ConditionPathExists=/mnt/jail/run-in-vm.sh
[Service]
Type=oneshot
ExecStart=/bin/bash /mnt/jail/run-in-vm.sh
UNIT
ln -sf ../jail-vm-tests.service "$root/etc/systemd/user/default.target.wants/jail-vm-tests.service"
# What the tests need made by root (the virtual HID devices), done before
# tester's manager, hence its test unit, starts.  RemainAfterExit keeps the
# processes it leaves running (a uhid device lives with its process).
cat > "$root/etc/systemd/system/jail-vm-setup.service" <<'UNIT'
[Unit]
Description=jail VM tests: root's setup
ConditionPathExists=/mnt/jail/setup-as-root.sh
RequiresMountsFor=/mnt/jail
After=systemd-udevd.service systemd-udev-trigger.service
Before=user@1000.service
[Service]
Type=oneshot
RemainAfterExit=yes
ExecStart=/bin/bash /mnt/jail/setup-as-root.sh
UNIT
ln -sf ../jail-vm-setup.service "$root/etc/systemd/system/multi-user.target.wants/jail-vm-setup.service"
# Fast boot: nothing we do not need.
for u in systemd-timesyncd.service apt-daily.timer apt-daily-upgrade.timer e2scrub_all.timer \
         fstrim.timer dpkg-db-backup.timer; do
  chroot "$root" systemctl mask "$u" >/dev/null 2>&1 || true
done
chroot "$root" systemctl mask serial-getty@ttyS1.service >/dev/null 2>&1 || true
rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/lib/apt/lists/*

# --- kernel and a busybox initramfs that loads virtio and ext4 -------------
cp "$root/boot/vmlinuz-$kver" "$work/vmlinuz"
init=$work/initrd
mkdir -p "$init"/{bin,dev,proc,sys,newroot,modules}
cp "$root/bin/busybox" "$init/bin/busybox"
# The disk and its filesystem: modules in the generic kernel, in the order
# modprobe would load them (ext4 checksums with crc32c, which it asks the
# crypto API for by name: loaded first, the initramfs has no modprobe).
chroot "$root" modprobe -S "$kver" --show-depends -a virtio_pci virtio_blk crc32c_generic ext4 \
  | sed -n 's/^insmod \([^ ]*\).*/\1/p' | awk '!seen[$0]++' > "$work/initrd-modules"
: > "$init/modules/order"
while read -r f; do
  m=$(basename "${f%%.ko*}")
  case "$f" in
    *.xz) xz -dc "$root$f" > "$init/modules/$m.ko" ;;
    *.zst) zstd -qdc "$root$f" > "$init/modules/$m.ko" ;;
    *) cp "$root$f" "$init/modules/$m.ko" ;;
  esac
  echo "$m" >> "$init/modules/order"
done < "$work/initrd-modules"
cat > "$init/init" <<'INIT'
#!/bin/busybox sh
/bin/busybox --install -s /bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
for m in $(cat /modules/order); do insmod /modules/$m.ko 2>/dev/null; done
i=0
while [ ! -b /dev/vda ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i+1)); done
mount -t ext4 -o rw /dev/vda /newroot || { echo "initrd: cannot mount /dev/vda"; poweroff -f; }
umount /proc /sys
mount --move /dev /newroot/dev
exec switch_root /newroot /sbin/init
INIT
chmod 755 "$init/init"
(cd "$init" && find . | cpio -o -H newc --quiet | gzip -1) > "$work/initrd.img"

# --- the root filesystem, without a loop mount -------------------------------
rm -rf "$root/boot"/*
truncate -s 2G "$work/root.img"
mkfs.ext4 -q -F -L jailvm -d "$root" "$work/root.img"

mkdir -p "$out"
mv "$work/root.img" "$work/vmlinuz" "$work/initrd.img" "$out/"
echo "$out"
