#!/bin/bash
# Drives a bwrap the way flatpak does (flatpak-run.c / flatpak-bwrap.c):
# the sandbox's arguments go through --args in a NUL-separated file, the
# caller learns the child's pid from --info-fd before the app may run
# (--block-fd), then releases it and collects its exit code from
# --json-status-fd.  Prints "pid-alive exit-code" and exits with bwrap's
# status.
#
# usage: flatpak-style-caller.sh BWRAP WORKDIR EXIT-CODE
#
# SPDX-License-Identifier: LGPL-2.1-or-later
set -u
bwrap=$1 work=$2 code=$3
mkdir -p "$work"
rm -f "$work/block" "$work/info" "$work/status"
mkfifo "$work/block"

uid=$(id -u)
printf '%s\0' \
  --ro-bind /usr /usr --symlink usr/bin /bin --symlink usr/lib /lib \
  --symlink usr/lib64 /lib64 --proc /proc --dev /dev \
  --unshare-pid --unshare-ipc --unshare-net --die-with-parent \
  --dir /tmp --dir /var/tmp --dir "/run/user/$uid" \
  --setenv XDG_RUNTIME_DIR "/run/user/$uid" --setenv FLATPAK_ID org.example.App \
  --info-fd 6 --json-status-fd 7 --block-fd 8 >"$work/args"

# The block fifo is opened read-write here so that neither side blocks on
# open; the sandbox waits for the byte we write after checking the pid.
exec 9<>"$work/block"
# As flatpak, the command follows --args on the command line.
"$bwrap" --args 5 -- sh -c "test \"\$FLATPAK_ID\" = org.example.App && exit $code" \
  5<"$work/args" 6>"$work/info" 7>"$work/status" 8<&9 &
bw=$!

pid=
for _ in $(seq 100); do
  pid=$(sed -n 's/^ *"child-pid": \([0-9]*\),\{0,1\}$/\1/p' "$work/info" 2>/dev/null)
  [ -n "$pid" ] && break
  sleep 0.05
done
alive=no
[ -n "$pid" ] && [ -d "/proc/$pid" ] && alive=yes
echo go >&9
wait "$bw"
rc=$?
exec 9>&-
exit_code=$(sed -n 's/^{ "exit-code": \([0-9]*\) }$/\1/p' "$work/status")
echo "$alive ${exit_code:-none}"
exit "$rc"
