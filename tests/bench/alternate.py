#!/usr/bin/env python3
"""Run commands in turn, round after round, and print each one's median.

hyperfine runs all of one command's runs, then all of the next: on a shared
or throttled machine the load drifts between the two blocks and the ratio
moves by 10-20 % from run to run.  Taking the commands in turn puts the same
drift on each.  Commands are exec'd directly (no shell); a last word `9<FILE`
opens FILE as fd 9 in the child, as bwrap's --seccomp 9 wants.

Each round also times this harness alone: a fork whose child exits at
once, and the wait for it.  Subtracted from every median, it gives what
hyperfine's shell correction gives: the command's own start, run and end,
without the cost of forking this Python process, which is no launcher's.

Usage: alternate.py ROUNDS NAME=COMMAND...   (the first NAME is the base of
the ratios).  Not a test: it is not registered in meson test.

SPDX-License-Identifier: LGPL-2.1-or-later
"""
import os
import shlex
import shutil
import statistics
import sys
import time

WARMUP = 3


def parse(spec):
    name, command = spec.split("=", 1)
    argv = shlex.split(command)
    fd9 = None
    if argv and argv[-1].startswith("9<"):
        fd9 = argv.pop()[2:]
    # Looked up once, here: execvp's search in the forked child (a failed
    # exec per directory of PATH before the command's, each with the
    # copy-on-write faults of this Python process) took 2.2 ms a run on one
    # machine, counted to every command not given by its full path.
    found = shutil.which(argv[0]) if argv else None
    if found is None:
        sys.exit(f"alternate.py: {argv[0] if argv else name}: not found")
    argv[0] = found
    return name, argv, fd9


def run_once(argv, fd9):
    start = time.perf_counter()
    pid = os.fork()
    if pid == 0:
        try:
            if fd9 is not None:
                os.dup2(os.open(fd9, os.O_RDONLY), 9)
            os.execv(argv[0], argv)
        finally:
            os._exit(127)
    _, status = os.waitpid(pid, 0)
    elapsed = (time.perf_counter() - start) * 1000
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"alternate.py: {shlex.join(argv)} failed ({os.waitstatus_to_exitcode(status)})")
    return elapsed


def harness_once():
    """The harness's own share of run_once: fork, the child's end, wait."""
    start = time.perf_counter()
    pid = os.fork()
    if pid == 0:
        os._exit(0)
    os.waitpid(pid, 0)
    return (time.perf_counter() - start) * 1000


def main():
    rounds = int(sys.argv[1])
    commands = [parse(a) for a in sys.argv[2:]]
    times = {name: [] for name, _, _ in commands}
    harness = []
    for r in range(WARMUP + rounds):
        for name, argv, fd9 in commands:
            t = run_once(argv, fd9)
            if r >= WARMUP:
                times[name].append(t)
        if r >= WARMUP:
            harness.append(harness_once())
    base = statistics.median(times[commands[0][0]])
    own = statistics.median(harness)
    print(f"in turn, {rounds} rounds (median, mean, ratio of medians to {commands[0][0]};"
          f" then the same less this harness's fork and wait, {own:.2f} ms):")
    for name, _, _ in commands:
        med = statistics.median(times[name])
        print(f"  {name:9s} {med:7.2f} ms  {statistics.mean(times[name]):7.2f} ms  {med / base:.2f}"
              f"   {med - own:7.2f} ms  {(med - own) / (base - own):.2f}")


if __name__ == "__main__":
    main()
