"""Print one value of the JSON document read on stdin, canonically (one
line, sorted keys), so that shell tests compare values, never layout.

    json-value.py EXPR     EXPR is Python over the document, named j:
                           j["network"]["mode"]

SPDX-License-Identifier: LGPL-2.1-or-later
"""
import json
import sys

j = json.load(sys.stdin)
print(json.dumps(eval(sys.argv[1], {"j": j}), sort_keys=True))
