"""A key appears twice in one mapping.

YAML loaders silently keep only one of the two values, so half of what was written is lost without
a word: a role defined twice under ``roles:`` keeps only its last definition. csorg reports the
second occurrence.

Bad::

    roles:
      csm-na:
        title: Customer Success Manager
        headcount: 4
        headcount: 6

Good::

    roles:
      csm-na:
        title: Customer Success Manager
        headcount: 6
"""

from __future__ import annotations

from csorg_cli.diagnostics import Severity

NAME = "duplicate-key"
SUMMARY = "A key appears twice in one mapping."
CATEGORY = "integrity"
DEFAULT_SEVERITY = Severity.ERROR
