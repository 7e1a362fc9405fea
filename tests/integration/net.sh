#!/bin/bash
# Networking: --net=none|slirp|host, the host-loopback policy, published
# ports, egress allow/deny rules and the DNS forwarder.  Every server runs
# on the host's loopback (nothing leaves the machine) and is killed at the end.
. "$(dirname "$0")/../lib/tap.sh"
if ! "$JAIL" --net=slirp true 2>"$tap_tmp/err"; then
  echo "1..0 # SKIP --net=slirp does not work here: $(cat "$tap_tmp/err")"; exit 0
fi
plan 38

helper="$TESTS_DIR/integration/net-helper.py"
H=(--ro-bind "$helper" /net-helper)
in_sandbox() { jail "${H[@]}" "$@"; }
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done; wait 2>/dev/null; rm -rf "$tap_tmp"; }
trap cleanup EXIT
base=$(random_port)
tcp=$base udp=$((base + 1)) tcp6=$((base + 2)) pub=$((base + 3)) pubu=$((base + 4)) dnsport=$((base + 5))
sum=$((base + 6)) reset=$((base + 7)) closed=$((base + 8))

python3 "$helper" serve-tcp 127.0.0.1 "$tcp" host-tcp & pids+=($!)
python3 "$helper" serve-udp 127.0.0.1 "$udp" host-udp & pids+=($!)
have_v6=0
if python3 -c 'import socket; socket.socket(socket.AF_INET6).bind(("::1", 0))' 2>/dev/null; then
  have_v6=1
  python3 "$helper" serve-tcp ::1 "$tcp6" host-tcp6 & pids+=($!)
fi
python3 "$helper" serve-sum 127.0.0.1 "$sum" & pids+=($!)
python3 "$helper" serve-reset 127.0.0.1 "$reset" & pids+=($!)
python3 "$helper" wait-tcp 127.0.0.1 "$tcp" || diag "host TCP server did not start"

# --- --net=none (the default) ---------------------------------------------
jail -- cat /proc/net/dev
like "$out" '^ *lo:|[[:space:]]lo:' "--net=none: lo is there"
unlike "$out" 'tap0' "--net=none: no tap device"
in_sandbox -- python3 /net-helper tcp 10.0.2.2 "$tcp"
like "$out" '^ERR' "--net=none: the host's loopback is unreachable"
jail_print --net=none true
json_is "$out" 'j["network"]["mode"]' '"none"' "--print shows --net=none"

# --- --net=host -------------------------------------------------------------
jail_print --net=host true
json_is "$out" '[j["network"]["mode"], "WARNING" in j["network"]]' '["host", true]' \
  "--print says loudly that --net=host shares the host's network"
jail_print --share-net true
json_is "$out" 'j["network"]["mode"]' '"host"' "--share-net is --net=host"

# --- --net=slirp: the interface ---------------------------------------------
jail --net=slirp -- sh -c 'cat /proc/net/dev /proc/net/route /proc/net/if_inet6'
like "$out" 'tap0:' "--net=slirp: tap0 exists"
like "$out" 'tap0[[:space:]]+00000000[[:space:]]+0202000A' "--net=slirp: default route via 10.0.2.2"
if [ "$have_v6" = 1 ]; then
  like "$out" 'fd000000000000000000000000000100 .* tap0' "--net=slirp: tap0 has fd00::100"
else skip "no IPv6 on this host" "tap0 has fd00::100"; fi
jail --net=slirp -- cat /etc/resolv.conf
like "$out" '^nameserver 10\.0\.2\.3' "--net=slirp: resolv.conf names 10.0.2.3"

# --- host loopback ------------------------------------------------------------
in_sandbox --net=slirp -- python3 /net-helper tcp 10.0.2.2 "$tcp"
like "$out" '^ERR' "host 127.0.0.1 is not reachable through 10.0.2.2 by default"
in_sandbox --net=slirp -- python3 /net-helper tcp 127.0.0.1 "$tcp"
like "$out" '^ERR' "127.0.0.1 inside is the sandbox's own loopback"
in_sandbox --net=slirp -- python3 /net-helper tcp 10.0.2.77 "$tcp"
like "$out" '^ERR' "other addresses of 10.0.2.0/24 do not lead to the host's loopback either"
in_sandbox --net=slirp --net-allow-host-loopback -- python3 /net-helper tcp 10.0.2.2 "$tcp"
is "$out" host-tcp "--net-allow-host-loopback: 10.0.2.2 reaches the host's 127.0.0.1 (TCP)"
in_sandbox --net=slirp --net-allow-host-loopback -- python3 /net-helper udp 10.0.2.2 "$udp"
is "$out" host-udp "--net-allow-host-loopback: UDP too"
if [ "$have_v6" = 1 ]; then
  in_sandbox --net=slirp -- python3 /net-helper tcp fd00::2 "$tcp6"
  like "$out" '^ERR' "host ::1 is not reachable through fd00::2 by default"
  in_sandbox --net=slirp --net-allow-host-loopback -- python3 /net-helper tcp fd00::2 "$tcp6"
  is "$out" host-tcp6 "--net-allow-host-loopback: fd00::2 reaches the host's ::1"
else
  skip "no IPv6 on this host" "host ::1 not reachable by default"
  skip "no IPv6 on this host" "fd00::2 reaches ::1 when allowed"
fi

# --- TCP carried by jail's own stack (src/net/tcp.c) -----------------------
in_sandbox --net=slirp --net-allow-host-loopback -- python3 /net-helper tcp 10.0.2.2 "$closed"
is "$out" "ERR ECONNREFUSED" "a closed port on the host is refused at once (RST), not a timeout"
in_sandbox --net=slirp --net-allow-host-loopback -- python3 /net-helper sum 10.0.2.2 "$sum" 3000000
is "$out" sum-ok "3 MB up, half-closed, and the server's answer back after the sandbox's FIN"
in_sandbox --net=slirp --net-allow-host-loopback -- python3 /net-helper sum 10.0.2.2 "$sum" 1000 5
is "$out" sum-ok "an idle connection answers the sandbox's TCP keepalive probes (5 s idle, 2 missed probes would end it)"
in_sandbox --net=slirp --net-allow-host-loopback -- python3 /net-helper tcp 10.0.2.2 "$reset"
like "$out" '^ERR (ECONNRESET|ECONNREFUSED)$' "a reset from the host reaches the sandbox as a reset (not an orderly end)"

# --- egress rules ---------------------------------------------------------------
L=(--net=slirp --net-allow-host-loopback)
in_sandbox "${L[@]}" --net-deny "10.0.2.2:$tcp" -- python3 /net-helper tcp 10.0.2.2 "$tcp"
is "$out" "ERR ECONNREFUSED" "--net-deny ADDR:PORT refuses a TCP connection (RST)"
in_sandbox "${L[@]}" --net-deny 10.0.2.0/24 -- python3 /net-helper udp 10.0.2.2 "$udp"
like "$out" '^ERR E(HOSTUNREACH|CONNREFUSED|ACCES)' "--net-deny CIDR refuses UDP (ICMP unreachable, not a timeout)"
in_sandbox "${L[@]}" --net-allow 192.0.2.0/24 -- python3 /net-helper tcp 10.0.2.2 "$tcp"
is "$out" "ERR ECONNREFUSED" "with an allow-list, a destination not on it is refused"
in_sandbox "${L[@]}" --net-allow "10.0.2.2/32:$((tcp - 1))-$tcp" -- python3 /net-helper tcp 10.0.2.2 "$tcp"
is "$out" host-tcp "--net-allow CIDR:PORT-PORT lets that range through"
in_sandbox "${L[@]}" --net-allow "10.0.2.2:$tcp" -- python3 /net-helper udp 10.0.2.2 "$udp"
like "$out" '^ERR' "an allow rule for one port does not open other ports (UDP)"
in_sandbox "${L[@]}" --net-allow "10.0.2.2:$tcp" --net-deny 10.0.2.2 -- python3 /net-helper tcp 10.0.2.2 "$tcp"
is "$out" "ERR ECONNREFUSED" "deny wins over allow"

# --- published ports ---------------------------------------------------------------
# The server inside answers; the host connects to the published port.
(in_sandbox --net=slirp --publish "$pub:8080" --publish "127.0.0.1:$pubu:8081/udp" -- sh -c \
  'python3 /net-helper serve-tcp 0.0.0.0 8080 inside-tcp & python3 /net-helper serve-udp 0.0.0.0 8081 inside-udp & sleep 15' ) &
pids+=($!)
python3 "$helper" wait-tcp 127.0.0.1 "$pub"
run python3 "$helper" tcp 127.0.0.1 "$pub"
is "$out" inside-tcp "--publish HOSTPORT:PORT reaches a TCP server inside from the host"
run python3 "$helper" udp 127.0.0.1 "$pubu"
is "$out" inside-udp "--publish ADDR:HOSTPORT:PORT/udp reaches a UDP server inside"
jail --net=slirp --publish "$pub:8080" true
like "$out" "^jail: .*publish 127.0.0.1:$pub:8080/tcp: .*" "publishing a port already taken fails with one clear line"
is "$rc" 125 "… and exit status 125"

# --- DNS -------------------------------------------------------------------------------
if command -v dnsmasq >/dev/null; then
  dnsmasq --keep-in-foreground --no-resolv --no-hosts --port="$dnsport" --listen-address=127.0.0.77 \
    --bind-interfaces --address=/jail-test.example/192.0.2.55 --pid-file= --log-facility=/dev/null &
  pids+=($!)
  sleep 0.3
  jail --net=slirp --net-dns-server="127.0.0.77:$dnsport" -- getent hosts jail-test.example
  like "$out" '^192\.0\.2\.55 +jail-test\.example' "a name resolves through 10.0.2.3 to the chosen server"
  in_sandbox --net=slirp --net-dns-server="127.0.0.77:$dnsport" -- python3 /net-helper dns-tcp 10.0.2.3 53 jail-test.example
  is "$out" 192.0.2.55 "DNS over TCP to 10.0.2.3 reaches the same server"
  jail --net=slirp --net-dns-server="127.0.0.77:$dnsport" --net-no-dns -- getent hosts jail-test.example
  is "$rc:$out" "2:" "--net-no-dns: no answer from 10.0.2.3 (getent ran: not found, exit 2)"
else
  skip "dnsmasq not installed" "a name resolves through 10.0.2.3"
  skip "dnsmasq not installed" "DNS over TCP to 10.0.2.3"
  skip "dnsmasq not installed" "--net-no-dns"
fi
# 10.0.2.3 carries DNS only: libslirp would send any port to the host's
# resolver address, which may be on the host's loopback.
in_sandbox --net=slirp --net-dns-server="127.0.0.1:$dnsport" -- python3 /net-helper tcp 10.0.2.3 "$tcp"
like "$out" '^ERR' "10.0.2.3 does not reach other ports of the host (TCP)"
in_sandbox --net=slirp --net-dns-server="127.0.0.1:$dnsport" -- python3 /net-helper udp 10.0.2.3 "$udp"
like "$out" '^ERR' "10.0.2.3 does not reach other ports of the host (UDP)"

# --- bad input ---------------------------------------------------------------------------
jail --publish 8080 true
like "$out" "^jail: --publish: '8080': " "a malformed --publish is one clear line"
jail --publish 8080:80 true
like "$out" "^jail: .*--publish needs --net=slirp" "--publish without --net=slirp is refused"
