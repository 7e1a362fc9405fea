#!/usr/bin/python3
# Load for tests/integration/net-load.sh.
#   server ADDR PORT          each connection: 8-byte length, data; answers sha256
#   sink ADDR PORT            read and discard forever
#   client HOST PORT N BYTES  N concurrent connections of BYTES each; prints
#                             "ok K" where K connections' checksums matched
#   stream HOST PORT          send forever (to be killed)
# SPDX-License-Identifier: LGPL-2.1-or-later
import hashlib, os, socket, struct, sys, threading

cmd, addr, port = sys.argv[1], sys.argv[2], int(sys.argv[3])

def serve(handler):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind((addr, port)); s.listen(512)
    while True:
        c, _ = s.accept()
        threading.Thread(target=handler, args=(c,), daemon=True).start()

def checksum(c):
    try:
        n = struct.unpack("!Q", c.recv(8, socket.MSG_WAITALL))[0]
        h = hashlib.sha256()
        while n > 0:
            b = c.recv(min(n, 1 << 20))
            if not b:
                break
            h.update(b); n -= len(b)
        c.sendall(h.hexdigest().encode())
    finally:
        c.close()

def sink(c):
    while c.recv(1 << 20):
        pass
    c.close()

if cmd == "server":
    serve(checksum)
elif cmd == "sink":
    serve(sink)
elif cmd == "client":
    n, size = int(sys.argv[4]), int(sys.argv[5])
    good = []
    def one(i):
        block = hashlib.sha256(str(i).encode()).digest() * 8192  # 256 KiB, per connection
        try:
            s = socket.create_connection((addr, port), timeout=60)
            s.sendall(struct.pack("!Q", size))
            h = hashlib.sha256(); left = size
            while left > 0:
                b = block[:min(left, len(block))]
                s.sendall(b); h.update(b); left -= len(b)
            if s.recv(64).decode() == h.hexdigest():
                good.append(i)
        except OSError as e:
            print("conn", i, e, file=sys.stderr)
    ts = [threading.Thread(target=one, args=(i,)) for i in range(n)]
    for t in ts: t.start()
    for t in ts: t.join()
    print("ok", len(good))
elif cmd == "stream":
    s = socket.create_connection((addr, port))
    b = b"x" * (1 << 20)
    while True:
        s.sendall(b)
