"""The file exceeds a safety limit: alias expansion, nesting depth, size or included files.

Org files are read from pull requests anyone can open, so csorg bounds what a file may cost to
read. A "billion laughs" file (aliases of aliases that expand to billions of nodes), a recursive
alias, nesting deeper than 100 levels, a file above the size limit (50 MB, ``--max-file-size``), a
file of more than 5,000,000 YAML nodes (``--max-nodes``: reading stops at the node that crosses it)
or more than 1,000 included files is refused with this diagnostic instead of exhausting memory.

Bad::

    a: &a [x, x, x, x, x, x, x, x, x]
    b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]
    c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]
    d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]
    e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]
    f: [*e, *e, *e, *e, *e, *e, *e, *e, *e]   # each level multiplies by nine: 531,441 nodes

Good: write the data out; an org file has no need for deep aliases.
"""

from __future__ import annotations

from csorg_cli.diagnostics import Severity

NAME = "yaml-limits"
SUMMARY = "The file exceeds a safety limit (aliases, nesting, size, includes)."
CATEGORY = "integrity"
DEFAULT_SEVERITY = Severity.ERROR
