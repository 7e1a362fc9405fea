# Device classes against real kernel devices, inside the test VM; sourced
# by limits-vm.sh (one TAP stream).  Root made three HID devices through
# /dev/uhid before this user's manager started (tests/vm/uhid-devices.c,
# run.sh's setup-as-root.sh): a FIDO key, a keyboard, and a key whose one
# interface is also a keyboard, their hidraw nodes mode 0666 as udev's
# uaccess would make them for the seat's user, so that permissions hide
# nothing and only jail decides what the app sees.  It also loaded the
# kernel's video4linux test driver, vivid (the webcam tests, below).

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

# no_route_to CLASS NODE NUMBER WHAT: from inside `jail --device=CLASS`,
# the host's /dev/NODE (WHAT, device number NUMBER as major:minor) is not
# there, a node made with its number is refused, and /sys/dev/char gives
# its sysfs directory, no device node.
no_route_to() {
  local class=$1 node=$2 num=$3 what=$4
  jail --device="$class" -- sh -c 'cat "/dev/$1"; echo "cat $?"' sh "$node"
  is "$rc:$out" "0:cat: /dev/$node: No such file or directory
cat 1" "--device=$class: $what /dev/$node is not there inside"
  jail --device="$class" -- sh -c 'mknod /tmp/node c "${1%:*}" "${1#*:}"; echo "mknod $?"' sh "$num"
  is "$rc:$out" "0:mknod: /tmp/node: Operation not permitted
mknod 1" "... and a node made with its number ($num) is refused (mknod: EPERM)"
  jail --device="$class" -- sh -c 'grep DEVNAME "/sys/dev/char/$1/uevent"; cat "/sys/dev/char/$1"; echo "cat $?"' \
    sh "$num"
  is "$rc:$out" "0:DEVNAME=$node
cat: '/sys/dev/char/$num': Is a directory
cat 1" "... and /sys/dev/char/$num is the device's sysfs directory, no device node"
}

# char_devices_inside CLASS: "MAJOR:MINOR PATH" (numbers in hex) of every
# character device reachable inside `jail --device=CLASS`, whatever its
# path (sysfs and proc hold none), then "end".  find -type would trust
# readdir, which gives a bind mount's mount point's type: each file is
# stat'ed.
char_devices_inside() {
  jail --device="$1" -- sh -c 'find / \( -path /proc -o -path /sys \) -prune -o -print0 2>/dev/null |
    xargs -0 stat -c "%F|%t:%T %n" | sed -n "s/^character special file|//p"; echo end'
}

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
  jail --device=u2f -- sh -c 'ls /sys/class/hidraw | grep -x "$1"; cat "/sys/class/hidraw/$1/dev"' sh "$kbd"
  is "$rc:$out" "0:$kbd
$kbd_dev" "inside, sysfs still names the keyboard's node and its number ($kbd_dev), but:"
  no_route_to u2f "$kbd" "$kbd_dev" "the keyboard's"
  # The key's number is reachable, the keyboard's nowhere.
  key_hex=$(stat -c '%t:%T' "/dev/$key")
  kbd_hex=$(stat -c '%t:%T' "/dev/$kbd")
  char_devices_inside u2f
  is "$rc:$(printf '%s\n' "$out" | grep -c "^$key_hex /dev/$key$"):$(printf '%s' "$out" | tail -n 1)" "0:1:end" \
    "inside, the key's device number ($key_hex) is reachable, at /dev/$key"
  is "$(printf '%s\n' "$out" | grep "^$kbd_hex ")" "" "... and no path inside leads to the keyboard's ($kbd_hex)"

  # A key whose one interface also types: its hidraw node carries the
  # keystrokes too, so it is no security key to hand over.
  hidraw_inside --device=u2f
  unlike "$out" "$combo" "--device=u2f: a FIDO key whose interface is also a keyboard ($combo) is not granted"
fi

# --- webcam: video4linux devices --------------------------------------------
# Root loaded vivid (one video capture node beside an output, a metadata
# capture, VBI, radio, SDR and touch nodes) and a second vivid whose only
# node captures multiplanar, every node 0666 (run.sh's setup-as-root.sh).

# The video4linux node whose driver-given name (sysfs "name") is $1.
v4l_named() {
  local n
  for n in /sys/class/video4linux/*; do
    [ "$(cat "$n/name" 2>/dev/null)" = "$1" ] && basename "$n"
  done
}
# The video4linux node names visible inside a sandbox started with ARGS,
# then "end".
v4l_inside() { jail "$@" -- sh -c 'ls /dev | grep -E "^(video|vbi|radio|swradio|v4l-)"; echo end'; }
# The capabilities of node $1 alone (QUERYCAP's device_caps), one a line.
device_caps() {
  awk '/Device Caps/ { on = 1; next } on && /^\t\t/ { sub(/^\t\t/, ""); print; next } { on = 0 }'
}

cap=$(v4l_named vivid-000-vid-cap)
cap_mp=$(v4l_named vivid-001-vid-cap)
vout=$(v4l_named vivid-000-vid-out)
meta=$(v4l_named vivid-000-meta-cap)
for n in /sys/class/video4linux/*; do diag "${n##*/}: $(cat "$n/name" 2>/dev/null)"; done
if [ -z "$cap" ] || [ -z "$cap_mp" ] || [ -z "$vout" ] || [ -z "$meta" ]; then
  ok 1 "vivid's nodes exist (modprobe vivid ran as root at boot)"
else
  # --- the devices as the user sees them outside ---------------------------
  all=$(cd /sys/class/video4linux && ls)
  is "$(cd /dev && stat -c %a $all | sort -u)" "666" \
    "outside, every video4linux node ($(echo $all)) is the user's to open (mode 0666)"
  run v4l2-ctl -d "/dev/$cap" -D
  like "$rc:$out" "^0:Driver Info:" "outside, the capture node /dev/$cap answers QUERYCAP"
  like "$(printf '%s\n' "$out" | device_caps)" "^Video Capture$" "... as a video capture device"
  run v4l2-ctl -d "/dev/$cap_mp" -D
  is "$rc:$(printf '%s\n' "$out" | device_caps | grep '^Video Capture')" "0:Video Capture Multiplanar" \
    "outside, /dev/$cap_mp (the second vivid) is a multiplanar video capture device"
  run v4l2-ctl -d "/dev/$vout" -D
  is "$rc:$(printf '%s\n' "$out" | device_caps | grep -E '^Video (Capture|Output)')" "0:Video Output" \
    "outside, /dev/$vout is a video output, not a capture device"
  like "$(printf '%s\n' "$out" | sed -n '/Capabilities *:/,/Device Caps/p')" "Video Capture" \
    "... though its driver's capabilities, all nodes together, include Video Capture"
  run v4l2-ctl -d "/dev/$meta" -D
  is "$rc:$(printf '%s\n' "$out" | device_caps | grep -E '^(Video Capture|Metadata Capture)')" \
    "0:Metadata Capture" "outside, /dev/$meta (a \"video\" node too) captures metadata, not video"

  # --- --device=webcam: the capture node, nothing else -----------------------
  # (ls's order: the names sorted)
  caps=$(printf '%s\n' "$cap" "$cap_mp" | sort)
  v4l_inside --device=webcam
  is "$rc:$out" "0:$caps
end" "--device=webcam: the capture nodes ($(echo $caps)) are the only video4linux nodes inside"
  jail --device=webcam -- v4l2-ctl -d "/dev/$cap" -D
  is "$rc:$(printf '%s\n' "$out" | sed -n 's/^\tDriver name *: //p'):$(printf '%s\n' "$out" | device_caps | grep -x 'Video Capture')" \
    "0:vivid:Video Capture" "--device=webcam: inside, /dev/$cap opens and answers QUERYCAP as vivid's capture device"
  # One frame of vivid's test pattern, as many bytes as the format says.
  jail --device=webcam -- sh -c 'v4l2-ctl -d "/dev/$1" --stream-mmap --stream-count=1 --stream-to=/tmp/frame \
      >/dev/null 2>&1 || exit 3
    v4l2-ctl -d "/dev/$1" --get-fmt-video | sed -n "s/^.*Size Image *: *//p"
    stat -c %s /tmp/frame; tr -d "\000" < /tmp/frame 2>/dev/null | head -c 1 | wc -c' sh "$cap"
  size=$(printf '%s\n' "$out" | head -n 1)
  is "$rc:$(printf '%s' "$out" | tr '\n' ' ')" "0:$size $size 1" \
    "--device=webcam: inside, a frame is read from /dev/$cap (${size:-no} bytes, not all zero)"

  v4l_inside
  is "$rc:$out" "0:end" "without --device=webcam: no video4linux node inside"
  v4l_inside --device=u2f
  is "$rc:$out" "0:end" "--device=u2f alone: no video4linux node inside"

  # --- the profiles that grant the camera ------------------------------------
  v4l_inside --profile firefox
  is "$rc:$out" "0:$caps
end" "--profile firefox (browser-common: Devices=u2f;webcam): the capture nodes only"
  v4l_inside --profile zoom
  is "$rc:$out" "0:$caps
end" "--profile zoom (conferencing-common: Devices=webcam): the capture nodes only"
  v4l_inside --profile torbrowser-launcher
  is "$rc:$out" "0:end" "--profile torbrowser-launcher (browser-common with !webcam): no video4linux node"

  # --- from inside, other routes to the nodes that are not cameras -----------
  vout_dev=$(cat "/sys/class/video4linux/$vout/dev")
  no_route_to webcam "$vout" "$vout_dev" "the output node"
  # The capture nodes' numbers are reachable, the other video4linux
  # nodes' nowhere.
  cap_hex=$(stat -c '%t:%T' "/dev/$cap")
  cap_mp_hex=$(stat -c '%t:%T' "/dev/$cap_mp")
  char_devices_inside webcam
  is "$rc:$(printf '%s\n' "$out" | grep -c -e "^$cap_hex /dev/$cap$" -e "^$cap_mp_hex /dev/$cap_mp$"):$(printf '%s' "$out" | tail -n 1)" \
    "0:2:end" "inside, the capture nodes' device numbers (hex $cap_hex $cap_mp_hex) are reachable, at /dev/$cap and /dev/$cap_mp"
  others=
  for n in $all; do
    [ "$n" = "$cap" ] || [ "$n" = "$cap_mp" ] || others="$others $(stat -c '%t:%T' "/dev/$n")"
  done
  found=
  for h in $others; do found="$found$(printf '%s\n' "$out" | grep "^$h ")"; done
  is "$found" "" "... and no path inside leads to another video4linux node's (hex$others)"
fi
