#!/usr/bin/env python3
"""Count TAP test points across meson test logs and print the CI line.

Every `ok`/`not ok` line is one test; `# SKIP` marks a skip.  A test program
that produced no TAP line is counted once, by its meson result.  Prints the
failures by name, then exactly: "N passed, N failed, N skipped".
Exits 1 if anything failed.
"""
import json
import re
import sys

TAP = re.compile(r"^(not ok|ok)\b[^#]*(#\s*(SKIP|TODO)\b.*)?", re.IGNORECASE)


def count(path, totals, failures):
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            entry = json.loads(line)
            name, result = entry.get("name", "?"), entry.get("result", "")
            points = 0
            for out in (entry.get("stdout") or "").splitlines():
                m = TAP.match(out)
                if not m:
                    continue
                points += 1
                directive = (m.group(3) or "").upper()
                if directive == "SKIP":
                    totals["skipped"] += 1
                elif m.group(1) == "ok" or directive == "TODO":
                    totals["passed"] += 1
                else:
                    totals["failed"] += 1
                    failures.append(f"{name}: {out}")
            if result in ("FAIL", "ERROR", "TIMEOUT", "UNEXPECTEDPASS"):
                # A crash or a bad plan after the last point is a failure too.
                totals["failed"] += 1
                failures.append(f"{name}: meson result {result}")
            elif points == 0:
                key = "skipped" if result == "SKIP" else "passed"
                totals[key] += 1


def main():
    totals = {"passed": 0, "failed": 0, "skipped": 0}
    failures = []
    for path in sys.argv[1:]:
        try:
            count(path, totals, failures)
        except OSError as e:
            totals["failed"] += 1
            failures.append(f"{path}: {e}")
    for f in failures:
        print(f"FAILED {f}")
    print(f"{totals['passed']} passed, {totals['failed']} failed, {totals['skipped']} skipped")
    return 1 if totals["failed"] else 0


if __name__ == "__main__":
    sys.exit(main())
