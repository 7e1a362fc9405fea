#!/usr/bin/python3
# Tiny servers and clients for tests/integration/net.sh.
#   serve-tcp ADDR PORT TEXT   answer every connection with TEXT, forever
#   serve-udp ADDR PORT TEXT   answer every datagram with TEXT, forever
#   tcp HOST PORT              connect, print the answer or "ERR <errno name>"
#   udp HOST PORT              send, print the answer or "ERR <errno name>"
#   wait-tcp HOST PORT         until a connection is answered (5 s)
#   serve-sum ADDR PORT        read each connection to its end, answer the
#                              SHA-256 of what came, close
#   serve-reset ADDR PORT      reset every connection (close with linger 0)
#   sum HOST PORT BYTES [IDLE] send BYTES random bytes, shut down writing,
#                              print "sum-ok" if the answer is their SHA-256;
#                              with IDLE, first sit IDLE seconds with TCP
#                              keepalive probing every second (2 unanswered
#                              probes end the connection)
#   dns-tcp HOST PORT NAME     ask for NAME's A record over TCP, print the
#                              first address or "ERR ..."
# SPDX-License-Identifier: LGPL-2.1-or-later
import errno, hashlib, os, socket, struct, sys, time

def family(addr):
    return socket.AF_INET6 if ":" in addr else socket.AF_INET

def err(e):
    name = errno.errorcode.get(e.errno, "") if getattr(e, "errno", None) else ""
    return "ERR " + (name or type(e).__name__)

cmd, addr, port = sys.argv[1], sys.argv[2], int(sys.argv[3])
if cmd == "serve-tcp":
    s = socket.socket(family(addr), socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind((addr, port)); s.listen(64)
    while True:
        c, _ = s.accept()
        c.sendall(sys.argv[4].encode()); c.close()
elif cmd in ("serve-sum", "serve-reset"):
    s = socket.socket(family(addr), socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind((addr, port)); s.listen(64)
    while True:
        c, _ = s.accept()
        if cmd == "serve-reset":
            c.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            c.close(); continue
        h = hashlib.sha256()
        try:
            while True:
                data = c.recv(1 << 16)
                if not data:
                    break
                h.update(data)
            c.sendall(h.hexdigest().encode())
        except OSError:
            pass  # a client that went away: serve the next one
        c.close()
elif cmd == "sum":
    try:
        s = socket.create_connection((addr, port), timeout=10)
        if len(sys.argv) > 5:
            s.setsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE, 1)
            s.setsockopt(socket.IPPROTO_TCP, socket.TCP_KEEPIDLE, 1)
            s.setsockopt(socket.IPPROTO_TCP, socket.TCP_KEEPINTVL, 1)
            s.setsockopt(socket.IPPROTO_TCP, socket.TCP_KEEPCNT, 2)
            time.sleep(float(sys.argv[5]))
        data = os.urandom(int(sys.argv[4]))
        s.sendall(data); s.shutdown(socket.SHUT_WR)
        answer = b""
        while True:
            part = s.recv(100)
            if not part:
                break
            answer += part
        print("sum-ok" if answer.decode() == hashlib.sha256(data).hexdigest() else "sum-bad")
    except OSError as e:
        print(err(e))
elif cmd == "serve-udp":
    s = socket.socket(family(addr), socket.SOCK_DGRAM)
    s.bind((addr, port))
    while True:
        data, peer = s.recvfrom(2048)
        s.sendto(sys.argv[4].encode(), peer)
elif cmd == "tcp":
    try:
        s = socket.create_connection((addr, port), timeout=4)
        print(s.recv(100).decode() or "ERR empty")
    except OSError as e:
        print(err(e))
elif cmd == "udp":
    s = socket.socket(family(addr), socket.SOCK_DGRAM)
    s.settimeout(2)
    try:
        s.connect((addr, port))
        for _ in range(3):
            s.send(b"ping")
            try:
                print(s.recv(100).decode()); break
            except socket.timeout:
                continue
        else:
            print("ERR timeout")
    except OSError as e:
        print(err(e))
elif cmd == "wait-tcp":
    end = time.time() + 8
    while time.time() < end:
        try:
            s = socket.create_connection((addr, port), timeout=1)
            if s.recv(100):
                sys.exit(0)
        except OSError:
            pass
        time.sleep(0.1)
    sys.exit(1)
elif cmd == "dns-tcp":
    name = sys.argv[4].encode()
    q = struct.pack(">HHHHHH", 0x1234, 0x0100, 1, 0, 0, 0)
    q += b"".join(bytes([len(p)]) + p for p in name.split(b".")) + b"\0" + struct.pack(">HH", 1, 1)
    try:
        s = socket.create_connection((addr, port), timeout=4)
        s.sendall(struct.pack(">H", len(q)) + q)
        data = b""
        while len(data) < 2 or len(data) < 2 + struct.unpack(">H", data[:2])[0]:
            part = s.recv(4096)
            if not part:
                break
            data += part
        # The answer's last 4 bytes are the first A record's address when
        # there is exactly one answer, as here.
        print(socket.inet_ntoa(data[-4:]) if struct.unpack(">H", data[8:10])[0] >= 1 else "ERR no answer")
    except OSError as e:
        print(err(e))
