#!/bin/bash
# Isolation: what the sandboxed process can see of the host and what it can
# change there.  Each attack is tried from inside; the check is made from the
# host (or from a second, independent sandbox).
. "$(dirname "$0")/../lib/tap.sh"
plan 29

uid=$(id -u)
tag="jail-iso-$$-$RANDOM"

# --- processes ------------------------------------------------------------
# A host process with a recognisable command line must not show up inside.
bash -c 'exec -a "sleep-$1" sleep 3600' _ "$tag" &
host_pid=$!
sleep 0.1
like "$(ps -o args= -p "$host_pid")" "$tag" "the host process carries the tag (sanity check of the next test)"
jail -- sh -c 'ps -eo pid,args --no-headers; ls -d /proc/[0-9]* | wc -l'
unlike "$out" "$tag" "a host process is not listed by ps inside"
jail -- sh -c "test -e /proc/$host_pid && echo visible || echo gone"
is "$out" gone "the host process's pid is not in /proc inside"
kill "$host_pid" 2>/dev/null; wait "$host_pid" 2>/dev/null

# --- hostname -------------------------------------------------------------
host_name=$(hostname)
jail --hostname "box-$$" -- hostname
is "$out" "box-$$" "--hostname sets the name inside"
# Try to change it from inside, as root of the user namespace, with the raw
# syscall (hostname(1) may refuse before trying).
jail --uid 0 --gid 0 -- python3 -c '
import ctypes, errno, os
libc = ctypes.CDLL(None, use_errno=True)
n = b"owned-by-sandbox"
r = libc.sethostname(n, len(n))
print("ret", r, errno.errorcode.get(ctypes.get_errno(), "-"), os.uname().nodename)'
is "$rc|$out|$(hostname)" "0|ret -1 EPERM $host_name|$host_name" \
  "sethostname inside fails (EPERM: no capability left) and the host's hostname is unchanged"

# --- SysV IPC ---------------------------------------------------------------
if command -v ipcmk >/dev/null && command -v ipcs >/dev/null; then
  qid=$(ipcmk -Q 2>/dev/null | grep -Eo '[0-9]+$')
  if [ -n "$qid" ]; then
    key=$(ipcs -q | awk -v id="$qid" '$2 == id {print $1}')
    jail -- sh -c 'ipcs -q | grep -c "^0x"'
    is "$out" 0 "a message queue made on the host ($key) is invisible inside"
    ipcrm -q "$qid"
  else
    skip "ipcmk -Q failed on the host" "a message queue made on the host is invisible inside"
  fi
  jail -- sh -c 'ipcmk -Q >/dev/null && ipcmk -M 4096 >/dev/null && ipcs -q -m | grep "^0x" | grep -v "^0x00000000" | cut -d" " -f1'
  keys=$(echo "$out" | grep -E '^0x[0-9a-f]{8}$')
  is "$(echo "$keys" | grep -c .)" 2 "the sandbox can create SysV IPC objects of its own"
  hostipc=$(ipcs -q -m)
  unlike "$hostipc" "$(echo $keys | tr ' ' '|')" "SysV IPC objects made inside never appear on the host"
else
  skip "ipcmk/ipcs missing" "a message queue made on the host is invisible inside"
  skip "ipcmk/ipcs missing" "the sandbox can create SysV IPC objects of its own"
  skip "ipcmk/ipcs missing" "SysV IPC objects made inside never appear on the host"
fi

# --- network ----------------------------------------------------------------
# The network namespace is made after the clone, while the sandbox builds
# its mounts (src/monitor/netns.c): it must be the sandbox's own all the
# same, the one --info-fd and `jail enter` name, and it must cut the
# sandbox off from the host's loopback and abstract unix sockets (X11's
# @/tmp/.X11-unix is one).  JAIL_TEST_NETNS=fail makes the monitor's
# attempt fail, as a host that refuses it would: the sandbox is started
# again, its clone making the namespace.
host_net=$(readlink /proc/self/ns/net)
cat > "$tap_tmp/listen.py" <<'EOF'
import socket, sys, time
t = socket.socket(); t.bind(("127.0.0.1", 0)); t.listen()
u = socket.socket(socket.AF_UNIX); u.bind("\0" + sys.argv[1]); u.listen()
print(t.getsockname()[1], flush=True)
time.sleep(60)
EOF
cat > "$tap_tmp/reach.py" <<'EOF'
import socket, sys
l = socket.socket(); l.bind(("127.0.0.1", 0)); l.listen()
c = socket.create_connection(l.getsockname(), timeout=2); print("lo-up")
for fam, addr in ((socket.AF_INET, ("127.0.0.1", int(sys.argv[1]))),
                  (socket.AF_UNIX, "\0" + sys.argv[2])):
    s = socket.socket(fam)
    try:
        s.connect(addr); print("reached")
    except OSError as e:
        print(type(e).__name__)
EOF
python3 "$tap_tmp/listen.py" "$tag" > "$tap_tmp/listen.out" &
listener=$!
for _ in $(seq 50); do [ -s "$tap_tmp/listen.out" ] && break; sleep 0.1; done
port=$(head -1 "$tap_tmp/listen.out")
is "$(python3 "$tap_tmp/reach.py" "$port" "$tag" | tr '\n' ' ')" "lo-up reached reached " \
  "(sanity) the host's loopback listener and abstract socket answer on the host"
for how in monitor clone; do
  hook=""
  [ "$how" = clone ] && hook="JAIL_TEST_NETNS=fail"
  run env $hook "$JAIL" --info-fd 3 --ro-bind "$tap_tmp" "$tap_tmp" -- sh -c \
    'readlink /proc/self/ns/net; grep ":" /proc/net/dev | cut -d: -f1 | tr -d " "; python3 "$0" "$1" "$2"' \
    "$tap_tmp/reach.py" "$port" "$tag" 3>"$tap_tmp/info"
  inside_net=$(echo "$out" | head -1)
  info_net="net:[$(sed -n 's/.*"net-namespace": \([0-9]*\).*/\1/p' "$tap_tmp/info")]"
  is "$rc|$(echo "$out" | sed 1d | tr '\n' ' ')" "0|lo lo-up ConnectionRefusedError ConnectionRefusedError " \
    "namespace made by the $how: only lo inside, up; the host's loopback port and abstract socket are refused"
  ok "$([ "$inside_net" != "$host_net" ] && [ "$info_net" = "$inside_net" ]; echo $?)" \
    "namespace made by the $how: not the host's, and --info-fd names it ($inside_net, info $info_net)"
done
kill "$listener" 2>/dev/null; wait "$listener" 2>/dev/null
name="iso-$$"
"$JAIL" --name "$name" -- sh -c 'readlink /proc/self/ns/net > "$HOME/net"; sleep 30' &
sandbox=$!
for _ in $(seq 50); do "$JAIL" enter "$name" -- true 2>/dev/null && break; sleep 0.1; done
jail enter "$name" -- sh -c 'readlink /proc/self/ns/net; cat "$HOME/net"'
is "$(echo "$out" | sort -u | wc -l)|$(echo "$out" | head -1)" "1|$(echo "$out" | tail -1)" \
  "jail enter joins the sandbox's own network namespace"
kill "$sandbox" 2>/dev/null; wait "$sandbox" 2>/dev/null

# --- the host's cgroup2 tree ------------------------------------------------
# A bind that brings one of the host's cgroup2 mounts in gets it covered by
# the sandbox's own (src/sandbox/cgroupfs.c).  The host's side decides
# before the clone whether any bind can (so that a sandbox without one
# skips reading the mount table): a bind above the mount, of the mount
# itself, and of / must each be seen to.
cg2=$(awk '$0 ~ / - cgroup2 / {print $5; exit}' /proc/self/mountinfo)
if [ -n "$cg2" ]; then
  got=""
  for b in "/ /host" "$(dirname "$cg2") /above" "$cg2 /at"; do
    set -- $b
    case "$2" in
      /host) inside="/host$cg2" ;; /above) inside="/above/$(basename "$cg2")" ;; *) inside=/at ;;
    esac
    jail --ro-bind "$1" "$2" -- sh -c "grep -c ' $inside .* - cgroup2 ' /proc/self/mountinfo"
    got="$got$2=$out "
  done
  is "$got" "/host=2 /above=2 /at=2 " \
    "the host's cgroup2 ($cg2) brought in by a bind of /, above it or of itself is covered by the sandbox's own"
else
  skip "no cgroup2 mount on this host" "the host's cgroup2 brought in by a bind is covered by the sandbox's own"
fi

# --- file descriptors and the old root --------------------------------------
# A directory fd of the host leaking in would be an escape (fchdir + ..).
exec 7</ 8<"$tap_tmp"
jail -- sh -c 'ls /proc/self/fd | sort -n | tr "\n" " "'
is "$out" "0 1 2 3 " "fds of the caller other than 0-2 are not inherited (3 is ls's own)"
exec 7<&- 8<&-
jail -- sh -c 'ls /proc/1/fd 2>/dev/null | wc -l; ls -d /oldroot /newroot 2>/dev/null; grep -c -e " /oldroot" -e " /newroot" /proc/self/mountinfo'
is "$(echo $out)" "0 0" "init's fds are unreadable and no /oldroot or /newroot is left"

# --- homes ------------------------------------------------------------------
marker=""
if [ -d "$HOME" ] && [ -w "$HOME" ]; then
  marker="$HOME/.$tag"
  echo secret > "$marker"
fi
jail -- sh -c 'ls -A /home; test -e /root && echo root-visible; ls -A "$HOME"'
is "$out" "$(basename "$HOME")" "/home holds only the empty sandbox \$HOME, /root is absent"
if [ -n "$marker" ]; then
  jail -- sh -c "cat '$marker' 2>/dev/null; ls -A '$(dirname "$HOME")'/*/ 2>/dev/null"
  unlike "$out" "secret|$tag|\.bashrc|\.profile" "nothing of the caller's real home is visible inside"
  rm -f "$marker"
else
  skip "\$HOME not writable" "nothing of the caller's real home is visible inside"
fi

# --- read-only binds --------------------------------------------------------
ro="$tap_tmp/ro"
mkdir -p "$ro/sub"
echo original > "$ro/file"
# attack.py tries every way to make /data writable: direct write, remount
# rw (plain, bind, mount_setattr), umount, mounting over it; as root of the
# sandbox's user namespace and again from a nested user namespace (where
# the process does hold CAP_SYS_ADMIN over its own mount namespace).
cat > "$tap_tmp/attack.py" <<'EOF'
import ctypes, errno, os, sys
libc = ctypes.CDLL(None, use_errno=True)
MS_RDONLY, MS_REMOUNT, MS_BIND = 1, 32, 4096
MNT_DETACH = 2
def call(name, *args):
    r = getattr(libc, name)(*args)
    e = ctypes.get_errno()
    print(name, args[0] if args else "", "ok" if r == 0 else errno.errorcode.get(e, e))
def write(path):
    try:
        with open(path, "w") as f:
            f.write("owned\n")
        print("WRITE-SUCCEEDED", path)
    except OSError as e:
        print("write", path, errno.errorcode.get(e.errno, e.errno))
def attacks(d):
    write(d + "/file")
    b = d.encode()
    call("mount", None, b, None, MS_REMOUNT, None)
    call("mount", None, b, None, MS_REMOUNT | MS_BIND, None)
    call("mount", b, b, None, MS_BIND, None)
    call("mount", b"none", b, b"tmpfs", 0, None)
    # mount_setattr(AT_FDCWD, d, AT_RECURSIVE, {clr: MOUNT_ATTR_RDONLY})
    class Attr(ctypes.Structure):
        _fields_ = [("set", ctypes.c_uint64), ("clr", ctypes.c_uint64),
                    ("prop", ctypes.c_uint64), ("userns", ctypes.c_uint64)]
    a = Attr(0, 1, 0, 0)
    r = libc.syscall(442, -100, b, 0x8000, ctypes.byref(a), ctypes.sizeof(a))
    print("mount_setattr", "ok" if r == 0 else errno.errorcode.get(ctypes.get_errno(), "?"))
    call("umount2", b, MNT_DETACH)
    write(d + "/file")
    write(d + "/sub/new")
os.chdir("/")
attacks("/data")
CLONE_NEWUSER, CLONE_NEWNS = 0x10000000, 0x00020000
if libc.unshare(CLONE_NEWUSER | CLONE_NEWNS) == 0:
    print("nested userns")
    attacks("/data")
else:
    print("unshare", errno.errorcode.get(ctypes.get_errno(), "?"))
print("attacks done")
EOF
jail --ro-bind "$ro" /data --ro-bind "$tap_tmp/attack.py" /attack.py -- sh -c 'touch /data/file; echo x > /data/sub/y; echo rc=$?'
like "$out" "rc=[1-9]" "writing into a read-only bind fails"
# --allow-userns: the nested-namespace half checks the mount layer itself.
jail --allow-userns --uid 0 --gid 0 --ro-bind "$ro" /data --ro-bind "$tap_tmp/attack.py" /attack.py -- python3 /attack.py
diag "$out"
ok "$([ "$rc" = 0 ] && grep -qx 'attacks done' <<<"$out" && ! grep -q WRITE-SUCCEEDED <<<"$out"; echo $?)" \
  "after remount rw, umount and mount-over attempts /data stays unwritable (uid 0 inside, and nested user ns)"
unlike "$(echo "$out" | sed -n '1,/nested/p')" " ok$" "every remount/umount/mount-over of a read-only bind fails as uid 0 of the sandbox"
is "$(cat "$ro/file"; ls "$ro/sub")" original "the host files behind the read-only bind are unchanged"
jail -- sh -c 'for d in /usr /etc; do touch $d/.jail-probe 2>/dev/null && echo "$d writable"; done; echo done'
is "$out" done "/usr and /etc of the default sandbox are read-only"

# --- writes outside granted binds -------------------------------------------
jail -- sh -c "echo x > /tmp/$tag; echo x > \"\$HOME/$tag\"; echo x > /run/user/$uid/$tag; mkdir /$tag 2>/dev/null; echo ok"
is "$out" ok "the sandbox can write to its own /tmp, \$HOME and /run/user/UID"
leaked=$(ls -d "/tmp/$tag" "$HOME/$tag" "/run/user/$uid/$tag" "/$tag" 2>/dev/null)
is "$leaked" "" "what the app writes outside granted binds never appears on the host"
jail -- sh -c "cat /tmp/$tag 2>/dev/null || echo absent"
is "$out" absent "a second sandbox does not see the first one's /tmp"

# --- a read-write bind ------------------------------------------------------
rw="$tap_tmp/rw"
mkdir -p "$rw"
jail --bind "$rw" /work -- sh -c "echo hello > /work/$tag"
is "$(cat "$rw/$tag" 2>/dev/null)" hello "a file written to a --bind directory appears on the host"
jail --ro-bind "$ro" /data --bind "$rw" /data/sub -- sh -c "echo x > /data/sub/ok && echo x > /data/bad"
like "$rc:$(ls "$rw" | tr '\n' ' ')" "^[1-9][0-9]*:.*ok" "a --bind on top of a read-only bind is writable, its parent is not"

done_testing
