#!/bin/bash
# flatpak end to end with jail as its bwrap (FLATPAK_BWRAP=$BWRAP), offline:
# a tiny runtime (busybox, libc, ldconfig, try-syscall) and app are built
# here, exported to a local repo and installed per user into a temporary
# HOME; then each `flatpak run` (and ps / enter / kill) runs once with jail
# and once with Debian's /usr/bin/bwrap, and both must show the same thing
# from inside.  What flatpak 1.14 asks of bwrap is in bubblewrap 0.8
# already, so Debian's bwrap is the oracle here (the 0.11-only behaviours
# are in bwrap-0.11.sh).
#
# SPDX-License-Identifier: LGPL-2.1-or-later
. "$(dirname "$0")/../lib/tap.sh"

ORACLE=${BWRAP_ORACLE:-/usr/bin/bwrap}
TRY=${TRY_SYSCALL:-$JAIL_BUILD_DIR/tests/try-syscall}
APP=org.jailtest.Hello
: "${BWRAP:?BWRAP must name the bwrap link to jail}"
for need in flatpak dbus-daemon python3; do
  if ! command -v $need >/dev/null; then
    echo "1..0 # SKIP $need is not installed (tests/install-deps)"
    exit 0
  fi
done
if [ ! -x "$ORACLE" ] || ! "$ORACLE" --ro-bind / / true 2>/dev/null; then
  echo "1..0 # SKIP no working $ORACLE to compare with (apt-get install bubblewrap)"
  exit 0
fi
if [ ! -x "$TRY" ]; then
  echo "1..0 # SKIP no try-syscall helper at $TRY (build the tests)"
  exit 0
fi

# flatpak refuses to export anything below /tmp or /var (its reserved
# paths), so the fake HOME lives below the real one.
if ! W=$(mktemp -d "${HOME:?}/.jail-flatpak-test.XXXXXX"); then
  echo "1..0 # SKIP cannot make a directory in $HOME (flatpak exports nothing below /tmp)"
  exit 0
fi
cleanup() {
  [ -s "$W/dbus.pid" ] && kill "$(cat "$W/dbus.pid")" 2>/dev/null
  chmod -R u+w "$W" 2>/dev/null
  rm -rf "$W" "$tap_tmp"
}
trap cleanup EXIT
export HOME=$W/home XDG_DATA_HOME=$W/home/.local/share XDG_CACHE_HOME=$W/home/.cache
export XDG_CONFIG_HOME=$W/home/.config XDG_RUNTIME_DIR=$W/run
mkdir -p "$HOME/shared" "$XDG_RUNTIME_DIR"
chmod 0700 "$XDG_RUNTIME_DIR"
echo shared-data >"$HOME/shared/file"
unset DBUS_SESSION_BUS_ADDRESS WAYLAND_DISPLAY DISPLAY
# flatpak asks the system bus for parental controls (malcontent) before it
# installs an app: a private bus that has no such service answers "none".
dbus-daemon --session --fork --address="unix:path=$W/sysbus" --print-pid=3 3>"$W/dbus.pid"
export DBUS_SYSTEM_BUS_ADDRESS=unix:path=$W/sysbus

build_runtime() { # a /usr of a few files: the whole build takes about a second
  local r=$W/build/runtime
  mkdir -p "$r/files/bin" "$r/files/lib/x86_64-linux-gnu" "$r/files/lib64" "$r/files/etc"
  printf '[Runtime]\nname=org.jailtest.Platform\nruntime=org.jailtest.Platform/%s/1\nsdk=org.jailtest.Platform/%s/1\n' \
    "$ARCH" "$ARCH" >"$r/metadata"
  cp /bin/busybox "$r/files/bin/"
  for a in sh ls cat echo id env grep sed sleep readlink test printf; do
    ln -s busybox "$r/files/bin/$a"
  done
  # try-syscall is dynamic: the host's libc and loader come along.
  local libc ld
  libc=$(ldd "$TRY" | sed -n 's/.*libc.so.6 => \([^ ]*\).*/\1/p')
  ld=$(ldd "$TRY" | sed -n 's/^[[:space:]]*\(\/[^ ]*ld-linux[^ ]*\) .*/\1/p')
  cp "$libc" "$r/files/lib/x86_64-linux-gnu/libc.so.6"
  mkdir -p "$r/files$(dirname "${ld#/usr}")"
  cp "$ld" "$r/files${ld#/usr}"
  cp "$TRY" "$r/files/bin/try-syscall"
  # flatpak regenerates the app's ld.so.cache with the runtime's ldconfig,
  # in a bwrap sandbox of its own: that path runs under jail too.
  cp /usr/sbin/ldconfig "$r/files/bin/ldconfig"
  echo /lib/x86_64-linux-gnu >"$r/files/etc/ld.so.conf"
  flatpak build-export --runtime --files=files "$W/repo" "$r" 1
}

build_app() {
  local a=$W/build/app
  flatpak build-init "$a" $APP org.jailtest.Platform org.jailtest.Platform 1 &&
    mkdir -p "$a/files/bin" &&
    printf '#!/bin/sh\necho "hello from the app $*"\n' >"$a/files/bin/hello" &&
    chmod 0755 "$a/files/bin/hello" &&
    flatpak build-finish --command=hello --share=ipc "$a" >/dev/null &&
    flatpak build-export "$W/repo" "$a"
}

ARCH=$(flatpak --default-arch)
if [ ! -x /bin/busybox ] || ! ldd "$TRY" >/dev/null 2>&1; then
  echo "1..0 # SKIP needs /bin/busybox (busybox-static) and a dynamic try-syscall"
  exit 0
fi
# The app's build directory needs its runtime installed.
if ! build_runtime >"$W/build.log" 2>&1 ||
  ! flatpak --user remote-add --no-gpg-verify jailtest "$W/repo" >>"$W/build.log" 2>&1 ||
  ! flatpak --user install -y --noninteractive jailtest org.jailtest.Platform//1 >>"$W/build.log" 2>&1 ||
  ! build_app >>"$W/build.log" 2>&1 ||
  ! flatpak --user install -y --noninteractive jailtest $APP >>"$W/build.log" 2>&1; then
  echo "1..1"
  echo "not ok 1 - build and install the test runtime and app"
  sed 's/^/# /' "$W/build.log" | tail -20
  exit 1
fi

# both NAME REGEX FLATPAK-ARGS...: `flatpak ARGS` with jail, then with the
# oracle; same output and exit code, and the output matches REGEX.
both() {
  local name=$1 want=$2 jrc orc
  shift 2
  FLATPAK_BWRAP=$BWRAP timeout 60 flatpak "$@" >"$W/jail.out" 2>&1
  jrc=$?
  FLATPAK_BWRAP=$ORACLE timeout 60 flatpak "$@" >"$W/oracle.out" 2>&1
  orc=$?
  echo "rc=$jrc" >>"$W/jail.out"
  echo "rc=$orc" >>"$W/oracle.out"
  if ! grep -Eq -- "$want" "$W/oracle.out"; then
    # An unprivileged limit of this machine, not a difference to show.
    skip "fails with Debian's bwrap too: $(head -1 "$W/oracle.out")" "$name"
  elif cmp -s "$W/jail.out" "$W/oracle.out" && grep -Eq -- "$want" "$W/jail.out"; then
    ok 0 "$name"
  else
    ok 1 "$name"
    diag "flatpak $*" "jail:" "$(head -20 "$W/jail.out")" "bwrap:" "$(head -20 "$W/oracle.out")"
  fi
}

# sh -c SCRIPT inside the app.
in_app() { # in_app NAME REGEX [RUN-OPTIONS...] -- SCRIPT
  local name=$1 want=$2 opts=()
  shift 2
  while [ "$1" != -- ]; do
    opts+=("$1")
    shift
  done
  both "$name" "$want" run "${opts[@]}" --command=sh $APP -c "$2"
}

plan 27

# The first run generates the app's ld.so.cache: with jail first.
both "flatpak run prints what the app prints" '^hello from the app a b$' run $APP a b
in_app "--command=sh -c runs a shell command" '^sum=42 id=org.jailtest.Hello info=1$' -- \
  'echo "sum=$((6 * 7)) id=$FLATPAK_ID info=$(grep -c "^name=org.jailtest.Hello$" /.flatpak-info)"'
# flatpak binds /proc/self/ns/user (a magic link) on /run/.userns for
# `flatpak enter`.  bwrap 0.8 sets up in an outer user namespace and runs
# the app in a nested one, so its /run/.userns is the outer one; jail has
# one user namespace, so it is the app's own: both are what flatpak enter
# expects ("no intermediate user namespace").  Not compared.
FLATPAK_BWRAP=$BWRAP flatpak run --command=sh $APP -c \
  'echo "uid=$(id -u) userns=$([ "$(stat -L -c %i /run/.userns)" = "$(stat -L -c %i /proc/self/ns/user)" ] && echo same || echo other)"' \
  >"$W/jail.out" 2>&1
is "$(cat "$W/jail.out")" "uid=$(id -u) userns=same" \
  "/proc/self/ns/user bound on /run/.userns: the sandbox's user namespace, the caller's uid"
in_app "the app's tree: /app, /usr from the runtime, /run/host" '^app=hello usr=busybox$' -- \
  'echo "app=$(ls /app/bin) usr=$(ls /usr/bin | grep -x busybox)"'

in_app "no --filesystem: the host home's files are not there" 'shared=no' -- \
  'cat ~/shared/file 2>/dev/null && echo shared=yes || echo shared=no'
in_app "--filesystem=~/shared:ro: seen, read-only" 'Read-only file system' \
  --filesystem='~/shared:ro' -- 'cat ~/shared/file; touch ~/shared/new 2>&1'
in_app "--filesystem=~/shared: writable" '^written$' --filesystem='~/shared' -- \
  'echo x >~/shared/new && echo written; rm -f ~/shared/new'
flatpak --user override --filesystem='~/shared' --env=FROM_OVERRIDE=yes $APP
in_app "flatpak override: its filesystem and env are seen" '^shared-data override=yes$' -- \
  'echo "$(cat ~/shared/file) override=$FROM_OVERRIDE"'
in_app "--nofilesystem= takes the override's filesystem away" '^shared=no$' \
  --nofilesystem='~/shared' -- 'cat ~/shared/file 2>/dev/null && echo shared=yes || echo shared=no'
in_app "run --sandbox drops the overrides' filesystem" '^shared=no$' --sandbox -- \
  'echo "shared=$(cat ~/shared/file 2>/dev/null || echo no)"'
flatpak --user override --reset $APP

in_app "--env= is set inside" '^forty-two$' --env=JAIL_TEST_VAR=forty-two -- 'echo "$JAIL_TEST_VAR"'

HOSTNET=$(readlink /proc/self/ns/net)
NETCHECK='[ "$(readlink /proc/self/ns/net)" = "$HOSTNET" ] && echo net=host || echo net=new'
in_app "no network by default: a new network namespace" '^net=new$' --env=HOSTNET="$HOSTNET" -- "$NETCHECK"
in_app "--share=network: the host's network namespace" '^net=host$' --share=network \
  --env=HOSTNET="$HOSTNET" -- "$NETCHECK"
in_app "--unshare=network after --share=network: a new one" '^net=new$' --share=network \
  --unshare=network --env=HOSTNET="$HOSTNET" -- "$NETCHECK"

python3 -c 'import socket,sys; socket.socket(socket.AF_UNIX).bind(sys.argv[1])' "$XDG_RUNTIME_DIR/wayland-0"
export WAYLAND_DISPLAY=wayland-0
in_app "--socket=wayland: the compositor's socket is bound" '^wayland=yes WAYLAND_DISPLAY=wayland-0$' \
  --socket=wayland -- 'echo "wayland=$([ -S "$XDG_RUNTIME_DIR/wayland-0" ] && echo yes || echo no) WAYLAND_DISPLAY=$WAYLAND_DISPLAY"'
in_app "--nosocket=wayland: it is not" '^wayland=no' --nosocket=wayland -- \
  'echo "wayland=$([ -S "$XDG_RUNTIME_DIR/wayland-0" ] && echo yes || echo no)"'
unset WAYLAND_DISPLAY

DEVICE=
for d in /dev/kvm /dev/net/tun /dev/fuse /dev/loop-control /dev/rtc0; do
  [ -e "$d" ] && DEVICE=$d && break
done
if [ -n "$DEVICE" ]; then
  in_app "--device=all: the host's $DEVICE is there" '^dev=yes$' --device=all -- \
    "[ -e $DEVICE ] && echo dev=yes || echo dev=no"
  in_app "without --device=all it is not" '^dev=no$' -- "[ -e $DEVICE ] && echo dev=yes || echo dev=no"
else
  skip "no device beyond flatpak's minimal /dev on this host" "--device=all"
  skip "no device beyond flatpak's minimal /dev on this host" "without --device=all"
fi

# flatpak's own seccomp rules (passed as --seccomp FD) hold under jail.
both "flatpak's filter: ptrace refused without --devel" '^ptrace-traceme: EPERM' \
  run --command=try-syscall $APP ptrace-traceme
both "--devel: ptrace allowed" '^ptrace-traceme: ok' run --devel --command=try-syscall $APP ptrace-traceme
both "flatpak's filter: personality(PER_BSD) refused" '^personality=6: E' \
  run --command=try-syscall $APP personality 6
both "flatpak's filter: TIOCSTI refused" '^tiocsti: EPERM' run --command=try-syscall $APP tiocsti
both "flatpak's filter: clone3 is ENOSYS (libc falls back to clone)" '^clone3: ENOSYS' \
  run --command=try-syscall $APP clone3

# ps, enter and kill on a running instance, for each bwrap in turn.
instance_verbs() { # instance_verbs BWRAP: prints what the verbs showed
  local inst="" child="" pid i
  FLATPAK_BWRAP=$1 flatpak run --command=sleep $APP 100 >/dev/null 2>&1 &
  pid=$!
  for i in $(seq 100); do
    # flatpak run execs bwrap: $pid is the instance's "pid".  The
    # instance is listed before flatpak has written the sandbox's pid
    # (bwrapinfo.json, from --info-fd), which enter needs: wait for both.
    read -r inst child < <(flatpak ps --columns=instance,pid,child-pid \
      | sed -n "s/^\([0-9]*\)[[:space:]]*$pid[[:space:]]*\([1-9][0-9]*\)$/\1 \2/p")
    [ -n "$inst" ] && break
    sleep 0.1
  done
  echo "ps: $([ -n "$inst" ] && echo listed || echo missing)"
  # flatpak enter joins the namespaces of the pid --info-fd reported.  By
  # that pid: flatpak 1.14 takes a numeric instance ID for a pid first,
  # which, as the IDs are random, fails now and then with either bwrap.
  flatpak enter "$child" sh -c 'echo "entered: $(grep ^name= /.flatpak-info) $(id -u) $(ls /app/bin)"' 2>&1
  echo "enter-rc=$?"
  flatpak kill "$inst" 2>&1
  echo "kill-rc=$?"
  [ -n "$inst" ] || kill "$pid" # never wait for the whole sleep
  wait "$pid"
  echo "run-rc=$?"
}
instance_verbs "$BWRAP" >"$W/jail.verbs"
instance_verbs "$ORACLE" >"$W/oracle.verbs"
verbs_ok="ps: listed.*entered: name=$APP $(id -u) hello.*enter-rc=0.*kill-rc=0"
if ! tr '\n' ' ' <"$W/oracle.verbs" | grep -Eq -- "$verbs_ok"; then
  why="fails with Debian's bwrap too: $(tr '\n' ' ' <"$W/oracle.verbs")"
  skip "$why" "flatpak ps / enter / kill: the same as with bwrap"
  skip "$why" "flatpak ps lists the instance, enter runs inside it, kill ends it"
else
  is "$(cat "$W/jail.verbs")" "$(cat "$W/oracle.verbs")" "flatpak ps / enter / kill: the same as with bwrap"
  like "$(tr '\n' ' ' <"$W/jail.verbs")" "$verbs_ok" \
    "flatpak ps lists the instance, enter runs inside it, kill ends it"
fi

# flatpak-builder (flatpak build under the hood) builds a trivial manifest
# with jail as bwrap; rofiles-fuse would need FUSE, which the user may lack.
cat >"$W/org.jailtest.Built.json" <<'EOF'
{
  "app-id": "org.jailtest.Built",
  "runtime": "org.jailtest.Platform", "runtime-version": "1", "sdk": "org.jailtest.Platform",
  "command": "built",
  "build-options": { "no-debuginfo": true, "strip": false },
  "modules": [ { "name": "built", "buildsystem": "simple", "build-commands": [
    "mkdir -p /app/bin",
    "printf '#!/bin/sh\\necho built by flatpak-builder\\n' >/app/bin/built",
    "chmod 0755 /app/bin/built",
    "echo \"built as uid $(id -u) in $FLATPAK_ID\" >/app/build-info" ] } ]
}
EOF
builder() { # builder BWRAP NAME: build the manifest, run the result in its build dir
  local b=$W/builder-$2
  mkdir -p "$b" && cp "$W/org.jailtest.Built.json" "$b/" && cd "$b" || return
  FLATPAK_BWRAP=$1 timeout 120 flatpak-builder --disable-rofiles-fuse --disable-cache \
    --force-clean build org.jailtest.Built.json >"$b/log" 2>&1
  echo "builder-rc=$?"
  cat build/files/build-info 2>&1
  FLATPAK_BWRAP=$1 timeout 60 flatpak build build built 2>&1
  cd "$W" || return
}
if command -v flatpak-builder >/dev/null; then
  builder "$BWRAP" jail >"$W/jail.builder"
  builder "$ORACLE" oracle >"$W/oracle.builder"
  built_ok="^builder-rc=0 built as uid $(id -u) in org.jailtest.Built built by flatpak-builder $"
  if ! tr '\n' ' ' <"$W/oracle.builder" | grep -Eq -- "$built_ok"; then
    why="fails with Debian's bwrap too: $(tail -1 "$W/builder-oracle/log")"
    skip "$why" "flatpak-builder: the same as with bwrap"
    skip "$why" "flatpak-builder builds a manifest"
  else
    is "$(cat "$W/jail.builder")" "$(cat "$W/oracle.builder")" "flatpak-builder: the same as with bwrap"
    like "$(tr '\n' ' ' <"$W/jail.builder")" "$built_ok" \
      "flatpak-builder --disable-rofiles-fuse builds a manifest, flatpak build runs the result"
  fi
else
  skip "flatpak-builder is not installed (tests/install-deps)" "flatpak-builder: the same as with bwrap"
  skip "flatpak-builder is not installed (tests/install-deps)" "flatpak-builder builds a manifest"
fi

done_testing
