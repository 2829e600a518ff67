"""The document does not fit the org format, or contradicts itself.

Covers unknown keys (with a did-you-mean), missing required keys, values of the wrong type, invalid
ids and ratios, and contradictions inside one role: more ``open`` seats than ``headcount``, more
``people`` than filled seats, a headcount below one, a ``person`` on a multi-seat role, or a
``type`` that is not in the archetype catalogue.

Bad::

    roles:
      csm-na:
        title: Customer Success Manager
        reprots_to: dir-na       # unknown key: did you mean 'reports_to'?
        headcount: 4
        open: 6                  # more open seats than seats

Good::

    roles:
      csm-na:
        title: Customer Success Manager
        reports_to: dir-na
        headcount: 6
        open: 2
"""

from __future__ import annotations

from csorg_cli.diagnostics import Severity

NAME = "schema"
SUMMARY = "The document does not fit the org format, or contradicts itself."
CATEGORY = "integrity"
DEFAULT_SEVERITY = Severity.ERROR
