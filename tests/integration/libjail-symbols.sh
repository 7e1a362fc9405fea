#!/bin/bash
# The public ABI is exactly the header's: the functions include/jail/jail.h
# declares with JAIL_API, the names src/libjail.map exports, and what
# `nm -D` finds defined in the built libjail.so are one and the same list.
# Reads files only: no sandbox, so it runs as whoever starts it.
JAIL_TEST_ALLOW_ROOT=1
. "$(dirname "$0")/../lib/tap.sh"
: "${JAIL_BUILD_DIR:?JAIL_BUILD_DIR must name the build directory}"
command -v nm >/dev/null || { echo "1..0 # SKIP nm is not installed (binutils)"; exit 0; }
plan 4

src=$(cd "$TESTS_DIR/.." && pwd)
lib=$JAIL_BUILD_DIR/src/libjail.so

# Declarations start a line: "JAIL_API TYPE [*]NAME (…".
grep '^JAIL_API ' "$src/include/jail/jail.h" | sed 's/ *(.*//; s/.*[ *]//' | sort \
  >"$tap_tmp/header"
sed -n '/global:/,/local:/p' "$src/src/libjail.map" | sed -n 's/^ *\([a-z_0-9]*\);$/\1/p' | sort \
  >"$tap_tmp/map"
# Defined, dynamic symbols; the version node itself (type A) is not a symbol.
nm -D --defined-only "$lib" | awk '$2 != "A" { sub(/@.*/, "", $3); print $3 }' | sort \
  >"$tap_tmp/library"

ok "$([ "$(wc -l <"$tap_tmp/header")" -gt 40 ]; echo $?)" \
  "the header declares the public functions with JAIL_API ($(wc -l <"$tap_tmp/header") found)"
run diff -u "$tap_tmp/header" "$tap_tmp/map"
is "$rc" 0 "src/libjail.map exports exactly the header's functions"
[ "$rc" = 0 ] && true || diag "$out"
run diff -u "$tap_tmp/header" "$tap_tmp/library"
is "$rc" 0 "nm -D libjail.so: exactly the header's functions are defined, nothing else"
[ "$rc" = 0 ] || diag "$out"
# Every exported symbol carries the version node, so a later ABI can
# version its changes.
run sh -c "nm -D --defined-only '$lib' | awk '\$2 != \"A\"' | grep -vc '@@LIBJAIL_0\$'"
is "$out" 0 "every exported function is versioned LIBJAIL_0"

done_testing
