#!/bin/bash
# --rootfs on a Debian minbase tree (tests/lib/build-rootfs.sh, cached by
# tests/run-all), with --rootfs-overlay and --persist.  The tree belongs to
# the test user (see build-rootfs.sh for why).
. "$(dirname "$0")/../lib/tap.sh"
plan 14
root=${JAIL_TEST_ROOTFS:-/var/tmp/jail-test-rootfs-bookworm}

jail --persist /nonexistent -- true
is "$rc" 125 "--persist without --rootfs is refused (125)"
jail --rootfs "$tap_tmp/none" -- true
is "$rc:$out" "125:jail: --rootfs $tap_tmp/none: No such file or directory" \
  "a missing --rootfs tree is one clear error (125)"

if [ ! -f "$root/etc/debian_version" ] || [ ! -x "$root/usr/bin/apt" ]; then
  for _ in $(seq 12); do
    skip "no cached minbase tree at $root (run tests/lib/build-rootfs.sh as root)" "rootfs"
  done
  exit 0
fi

jail_print --rootfs "$root" -- true
json_is "$out" '[j["rootfs"]["dir"], j["rootfs"]["mode"]]' "[\"$root\", \"read-only\"]" \
  "--print shows the root tree"
jail --rootfs "$root" -- cat /etc/debian_version
like "$out" '^12\.' "cat /etc/debian_version in the tree says bookworm"
jail --rootfs "$root" -- apt --version
like "$out" '^apt 2\.' "apt --version runs inside the tree"
jail --rootfs "$root" -- sh -c 'test -e /usr/bin/meson || test -e /usr/bin/scdoc || echo absent'
is "$out" absent "the host's /usr is not there (the tree replaces the host binds)"
jail --rootfs "$root" -- sh -c 'touch /var/tmp/jail-test 2>&1; echo $?'
like "$out" 'Read-only file system' "the tree is read-only by default"
jail --rootfs "$root" -- sh -c 'echo $$; ls -A /tmp | wc -l; touch /tmp/w && echo tmp-ok'
is "$(echo $out)" "2 0 tmp-ok" "fresh /proc (pid namespace) and an empty writable /tmp"

jail --rootfs "$root" --rootfs-overlay -- sh -c 'echo overlay > /var/tmp/jail-test && cat /var/tmp/jail-test'
is "$rc:$out" "0:overlay" "--rootfs-overlay makes the tree writable"
ok "$([ ! -e "$root/var/tmp/jail-test" ] && echo 0 || echo 1)" "the overlay's writes do not reach the tree"
jail --rootfs "$root" --rootfs-overlay -- sh -c 'test -e /var/tmp/jail-test && echo there || echo gone'
is "$out" gone "the overlay's writes vanish at exit"

keep="$tap_tmp/persist"
jail --rootfs "$root" --persist "$keep" -- sh -c 'echo kept > /var/tmp/jail-test'
is "$rc" 0 "--persist: writing into the tree works"
jail --rootfs "$root" --persist "$keep" -- cat /var/tmp/jail-test
is "$out" kept "--persist: the writes remain for the next run"
ok "$([ -f "$keep/upper/var/tmp/jail-test" ] && [ ! -e "$root/var/tmp/jail-test" ] && echo 0 || echo 1)" \
  "--persist: they live in DIR/upper, the tree is unchanged"
done_testing
