#!/usr/bin/python3
# Runs jail-scope as the monitor does (its channel at descriptor 3, one
# SOCK_SEQPACKET datagram of request) and prints its answer and exit
# status: "answer=TEXT status=N".
#
# Usage: scope-request.py JAIL-SCOPE BUS REQUEST   (REQUEST "-": none, the
# channel is closed instead; "\n" in REQUEST stands for a newline)
#
# SPDX-License-Identifier: LGPL-2.1-or-later
import os
import socket
import sys

program, bus, request = sys.argv[1:4]
mine, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
pid = os.fork()
if pid == 0:
    os.dup2(theirs.fileno(), 3)
    os.execv(program, [program, bus])
theirs.close()
try:
    if request == "-":
        mine.shutdown(socket.SHUT_WR)
    else:
        mine.send(request.replace("\\n", "\n").encode())
except BrokenPipeError:
    pass  # it ended before the request: its answer is read all the same
try:
    answer = mine.recv(2000)
except ConnectionResetError:  # reported once, before the answer it left
    answer = mine.recv(2000)
_, status = os.waitpid(pid, 0)
print("answer=%s status=%d" % (answer.decode(), os.waitstatus_to_exitcode(status)))
