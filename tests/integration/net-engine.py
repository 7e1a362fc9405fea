#!/usr/bin/python3
# Servers on the host and clients inside for tests/integration/net-engine.sh.
#   hold ADDR PORT               accept every connection, keep it, echo what comes
#   flood HOST PORT N            open N connections at once; print how many
#                                connected and how many were refused, whether
#                                an established one still echoes, and whether a
#                                new one works once they are closed
#   stream ADDR PORT             send to every connection as fast as it takes
#   stall HOST PORT N SECONDS    open N connections, read nothing, sit
#   drip ADDR PORT               send 1 KB every 0.5 s to every connection;
#                                print "peer-gone ERRNO" for each that ends
#   drip-client HOST PORT N FILE open N connections, wait for FILE, close
#                                them with a reset (SO_LINGER 0), sit 6 s
#   udp-flood HOST PORT N        one datagram from each of N source ports;
#                                print how many were answered (in 3 s)
# SPDX-License-Identifier: LGPL-2.1-or-later
import errno, os, selectors, socket, struct, sys, time

cmd, addr, port = sys.argv[1], sys.argv[2], int(sys.argv[3])


def listener():
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind((addr, port))
    s.listen(4096)
    s.setblocking(False)
    return s


def serve(on_accept, on_ready, events, tick=None):
    sel = selectors.DefaultSelector()
    lis = listener()
    sel.register(lis, selectors.EVENT_READ)
    conns = set()
    while True:
        for key, ev in sel.select(0.5):
            if key.fileobj is lis:
                try:
                    c, _ = lis.accept()
                except OSError:
                    continue
                c.setblocking(False)
                conns.add(c)
                sel.register(c, events)
                on_accept(c)
            else:
                if not on_ready(key.fileobj, ev):
                    sel.unregister(key.fileobj)
                    conns.discard(key.fileobj)
                    key.fileobj.close()
        if tick:
            for c in list(conns):
                if not tick(c):
                    sel.unregister(c)
                    conns.discard(c)
                    c.close()


def echo(c, ev):
    try:
        data = c.recv(65536)
        if not data:
            return False
        c.send(data)
    except BlockingIOError:
        pass
    except OSError:
        return False
    return True


chunk = b"x" * 65536


def push(c, ev):
    try:
        c.send(chunk)
    except BlockingIOError:
        pass
    except OSError:
        return False
    return True


def connect_many(n):
    socks, pending = [], {}
    sel = selectors.DefaultSelector()
    for _ in range(n):
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        s.setblocking(False)
        try:
            s.connect((addr, port))
        except BlockingIOError:
            pass
        except OSError:
            s.close()
            continue
        pending[s.fileno()] = s
        sel.register(s, selectors.EVENT_WRITE)
    ok = refused = other = 0
    end = time.time() + 20
    while pending and time.time() < end:
        for key, _ in sel.select(1):
            s = key.fileobj
            sel.unregister(s)
            del pending[s.fileno()]
            e = s.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR)
            if e == 0:
                ok += 1
                socks.append(s)
            else:
                refused += e == errno.ECONNREFUSED
                other += e != errno.ECONNREFUSED
                s.close()
    other += len(pending)
    return socks, ok, refused, other


def echoes(s):
    s.setblocking(True)
    s.settimeout(5)
    try:
        s.sendall(b"ping")
        return s.recv(4) == b"ping"
    except OSError:
        return False


def any_echoes(socks):
    """Whether one of the connections echoes within 5 s.  Which ones the
    engine accepted before running out of descriptors is not the order in
    which the handshakes completed here (the kernel's backlog holds the
    rest): ask them all at once."""
    sel = selectors.DefaultSelector()
    for s in socks:
        try:
            s.send(b"ping")
            sel.register(s, selectors.EVENT_READ)
        except OSError:
            pass
    end = time.time() + 5
    while time.time() < end:
        for key, _ in sel.select(max(0.0, end - time.time())):
            try:
                if key.fileobj.recv(4) == b"ping":
                    return True
            except OSError:
                pass
            sel.unregister(key.fileobj)
    return False


if cmd == "hold":
    serve(lambda c: None, echo, selectors.EVENT_READ)
elif cmd == "stream":
    serve(lambda c: None, push, selectors.EVENT_WRITE)
elif cmd == "drip":
    last = {}

    def tick(c):
        now = time.time()
        if now - last.get(c, 0) < 0.5:
            return True
        last[c] = now
        try:
            c.send(b"d" * 1024)
        except OSError as e:
            print("peer-gone", errno.errorcode.get(e.errno, e.errno), flush=True)
            return False
        return True

    def gone(c, ev):
        try:
            if c.recv(4096):
                return True
            print("peer-gone EOF", flush=True)
        except BlockingIOError:
            return True
        except OSError as e:
            print("peer-gone", errno.errorcode.get(e.errno, e.errno), flush=True)
        return False

    serve(lambda c: None, gone, selectors.EVENT_READ, tick)
elif cmd == "flood":
    socks, ok, refused, other = connect_many(int(sys.argv[4]))
    alive = "echo-ok" if any_echoes(socks) else "echo-bad"
    for s in socks:
        s.close()
    time.sleep(1)
    fresh, n, _, _ = connect_many(1)
    after = "after-ok" if n == 1 and echoes(fresh[0]) else "after-bad"
    print(f"connected {ok} refused {refused} other {other} {alive} {after}")
elif cmd == "stall":
    socks, ok, _, _ = connect_many(int(sys.argv[4]))
    time.sleep(float(sys.argv[5]))
    print(f"stalled {ok}")
elif cmd == "drip-client":
    socks, ok, _, _ = connect_many(int(sys.argv[4]))
    while not os.path.exists(sys.argv[5]):
        time.sleep(0.1)
    for s in socks:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        s.close()
    print(f"closed {ok}", flush=True)
    time.sleep(6)
elif cmd == "udp-flood":
    sel = selectors.DefaultSelector()
    socks = []
    for _ in range(int(sys.argv[4])):
        u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        u.setblocking(False)
        try:
            u.sendto(b"ping", (addr, port))
        except OSError:
            pass
        socks.append(u)
        sel.register(u, selectors.EVENT_READ)
    answered = 0
    end = time.time() + 3
    while time.time() < end:
        for key, _ in sel.select(0.2):
            try:
                key.fileobj.recv(100)
                answered += 1
            except OSError:
                pass
            sel.unregister(key.fileobj)
    print(f"answered {answered}")
