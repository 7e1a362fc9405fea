# Device classes against real kernel devices, inside the test VM; sourced
# by limits-vm.sh (one TAP stream).  Root made three HID devices through
# /dev/uhid before this user's manager started (tests/vm/uhid-devices.c,
# run.sh's setup-as-root.sh): a FIDO key, a keyboard, and a key whose one
# interface is also a keyboard, their hidraw nodes mode 0666 as udev's
# uaccess would make them for the seat's user, so that permissions hide
# nothing and only jail decides what the app sees.

# The hidraw node of the HID device named $1 (its uevent's HID_NAME).
hidraw_named() {
  local u
  for u in /sys/class/hidraw/*/device/uevent; do
    grep -qx "HID_NAME=$1" "$u" 2>/dev/null && basename "$(dirname "$(dirname "$u")")"
  done
}
# The hidraw node names visible inside a sandbox started with ARGS, then
# "end": tells an empty /dev from a sandbox that did not run.
hidraw_inside() { jail "$@" -- sh -c 'ls /dev | grep hidraw; echo end'; }

key=$(hidraw_named "jail-test FIDO key")
kbd=$(hidraw_named "jail-test keyboard")
combo=$(hidraw_named "jail-test FIDO key with keyboard")
diag "hidraw nodes: FIDO key ${key:-none}, keyboard ${kbd:-none}, key with keyboard ${combo:-none}"

if [ ! -e /mnt/jail/uhid-devices ]; then
  skip "no uhid-devices program (built only where a static C library links, not in sanitizer builds)" \
    "--device=u2f against real hidraw devices"
elif [ -z "$key" ] || [ -z "$kbd" ] || [ -z "$combo" ]; then
  ok 1 "the virtual HID devices exist (modprobe uhid and uhid-devices ran as root at boot)"
else
  # --- the devices as the user sees them outside ---------------------------
  is "$(stat -c %a "/dev/$key" "/dev/$kbd" "/dev/$combo" | tr '\n' ' ')" "666 666 666 " \
    "outside, the three hidraw nodes are the user's to open (mode 0666)"
  run sh -c 'timeout 5 dd bs=64 count=1 status=none if="$1" | od -An -tx1 | tr -d " \n"' sh "/dev/$kbd"
  is "$out" "0000000000000000" \
    "outside, the user reads the keyboard's reports from its hidraw node (an empty one)"
  like "$(udevadm info -q property "/dev/$key")" "ID_SECURITY_TOKEN=1" \
    "udev's fido_id calls the FIDO key a security token"
  unlike "$(udevadm info -q property "/dev/$kbd")" "ID_SECURITY_TOKEN" \
    "... and not the keyboard"
  like "$(udevadm info -q property "/dev/$combo")" "ID_SECURITY_TOKEN=1" \
    "... and the key with a keyboard too (one FIDO usage is enough for it)"

  # --- --device=u2f: the key, nothing else --------------------------------
  hidraw_inside --device=u2f
  is "$rc:$out" "0:$key
end" "--device=u2f: the FIDO key's hidraw node ($key) is the only one inside"
  # A request through the sandbox's node reaches the key, whose answer
  # comes back: report number 0, then 64 bytes.
  jail --device=u2f -- sh -c '{ printf "\000jail-ping"; head -c 55 /dev/zero; } > /tmp/req
    exec 3<>"/dev/$1" || exit 3
    dd bs=65 count=1 status=none < /tmp/req >&3 || exit 4
    timeout 5 dd bs=64 count=1 status=none <&3 | tr -d "\000"' sh "$key"
  is "$rc:$out" "0:jail-ping" "--device=u2f: the key's node opens read-write inside and the key answers"

  hidraw_inside
  is "$rc:$out" "0:end" "without --device=u2f: no hidraw node inside"
  hidraw_inside --device=webcam
  is "$rc:$out" "0:end" "--device=webcam alone: no hidraw node inside"

  # --- the profiles that grant security keys --------------------------------
  hidraw_inside --profile keepassxc
  is "$rc:$out" "0:$key
end" "--profile keepassxc (Devices=u2f): the FIDO key's node only"
  hidraw_inside --profile firefox
  is "$rc:$out" "0:$key
end" "--profile firefox (browser-common: Devices=u2f;webcam): the FIDO key's node only"
  hidraw_inside --profile torbrowser-launcher
  is "$rc:$out" "0:end" "--profile torbrowser-launcher (browser-common with !u2f): no hidraw node"

  # --- from inside, other routes to the keyboard ----------------------------
  kbd_dev=$(cat "/sys/class/hidraw/$kbd/dev")
  jail --device=u2f -- sh -c 'cat "/dev/$1"; echo "cat $?"' sh "$kbd"
  is "$rc:$out" "0:cat: /dev/$kbd: No such file or directory
cat 1" "--device=u2f: the keyboard's /dev/$kbd is not there inside"
  jail --device=u2f -- sh -c 'ls /sys/class/hidraw | grep -x "$1"; cat "/sys/class/hidraw/$1/dev"' sh "$kbd"
  is "$rc:$out" "0:$kbd
$kbd_dev" "inside, sysfs still names the keyboard's node and its number ($kbd_dev) ..."
  jail --device=u2f -- sh -c 'mknod /tmp/kbd c "${1%:*}" "${1#*:}"; echo "mknod $?"' sh "$kbd_dev"
  is "$rc:$out" "0:mknod: /tmp/kbd: Operation not permitted
mknod 1" "... but a node made with that number is refused (mknod: EPERM)"
  jail --device=u2f -- sh -c 'grep DEVNAME "/sys/dev/char/$1/uevent"; cat "/sys/dev/char/$1"; echo "cat $?"' \
    sh "$kbd_dev"
  is "$rc:$out" "0:DEVNAME=$kbd
cat: '/sys/dev/char/$kbd_dev': Is a directory
cat 1" "... and /sys/dev/char/$kbd_dev is the device's sysfs directory, no device node"
  # Every character device reachable inside, whatever its path (sysfs and
  # proc hold none): the key's number is there, the keyboard's nowhere.
  key_hex=$(stat -c '%t:%T' "/dev/$key")
  kbd_hex=$(stat -c '%t:%T' "/dev/$kbd")
  # (find -type would trust readdir, which gives a bind mount's mount
  # point's type: stat each file.)
  jail --device=u2f -- sh -c 'find / \( -path /proc -o -path /sys \) -prune -o -print0 2>/dev/null |
    xargs -0 stat -c "%F|%t:%T %n" | sed -n "s/^character special file|//p"; echo end'
  is "$rc:$(printf '%s\n' "$out" | grep -c "^$key_hex /dev/$key$"):$(printf '%s' "$out" | tail -n 1)" "0:1:end" \
    "inside, the key's device number ($key_hex) is reachable, at /dev/$key"
  is "$(printf '%s\n' "$out" | grep "^$kbd_hex ")" "" "... and no path inside leads to the keyboard's ($kbd_hex)"

  # A key whose one interface also types: its hidraw node carries the
  # keystrokes too, so it is no security key to hand over.
  hidraw_inside --device=u2f
  unlike "$out" "$combo" "--device=u2f: a FIDO key whose interface is also a keyboard ($combo) is not granted"
fi

# --- webcam ---------------------------------------------------------------------
if ls /dev/video* >/dev/null 2>&1; then
  jail --device=webcam -- sh -c 'ls /dev | grep video; echo end'
  like "$rc:$out" "^0:video[0-9]+" "--device=webcam binds the capture nodes"
elif [ ! -d /sys/class/video4linux ]; then
  skip "the VM's kernel (linux-image-cloud-amd64) is built without video4linux (CONFIG_MEDIA_SUPPORT is not set)" \
    "--device=webcam against a real capture device"
else
  skip "no video4linux device in the VM" "--device=webcam against a real capture device"
fi
