#!/bin/bash
# The spec's structure (src/spec/spec-private.h) is src/spec/'s alone:
# every other layer, and every test, reads a spec through spec-access.h
# and spec-caller.h.  Fails naming each file outside src/spec/ that
# includes the private header.
#
# SPDX-License-Identifier: LGPL-2.1-or-later
set -u
cd "${1:?usage: spec-fence.sh SOURCE_ROOT}" || exit 1

echo "1..2"

if [ -f src/spec/spec-private.h ]; then
  echo "ok 1 - src/spec/spec-private.h exists"
else
  echo "not ok 1 - src/spec/spec-private.h not found under $PWD"
fi

offenders=$(grep -rlE '#[[:space:]]*include[[:space:]]*[<"]([^">]*/)?spec-private\.h[">]' \
              src tests include | grep -v '^src/spec/' | sort)
if [ -z "$offenders" ]; then
  echo "ok 2 - only src/spec/ includes spec-private.h"
else
  echo "not ok 2 - spec-private.h included outside src/spec/:"
  printf '%s\n' "$offenders" | sed 's/^/# /'
fi
