"""Reporting lines loop back on themselves.

A role that reports (through its chain) to itself has no place in a tree: layers, spans and charts
have no top for it. The message names the whole cycle. A role whose ``reports_to`` is its own id is
a cycle of one. One diagnostic is reported per cycle, at the ``reports_to`` of the member whose id
sorts first.

Bad::

    roles:
      dir-a: {title: "Director, Customer Success", reports_to: dir-b}
      dir-b: {title: "Director, Customer Success", reports_to: dir-a}

Good::

    roles:
      vp-cs: {title: VP Customer Success}
      dir-a: {title: "Director, Customer Success", reports_to: vp-cs}
      dir-b: {title: "Director, Customer Success", reports_to: vp-cs}
"""

from __future__ import annotations

from collections.abc import Iterator

from csorg_cli.diagnostics import Severity
from csorg_cli.rules.base import NoOptions, Problem, RuleContext

NAME = "reporting-cycle"
SUMMARY = "Reporting lines loop back on themselves."
CATEGORY = "integrity"
DEFAULT_SEVERITY = Severity.ERROR
Options = NoOptions


def check(ctx: RuleContext, options: NoOptions) -> Iterator[Problem]:
    """Yield one problem per cycle found by the shared reporting tree."""
    for cycle in ctx.tree.cycles:
        first = cycle[0]
        if len(cycle) == 1:
            message = f"role {first!r} reports to itself"
            hint = "set reports_to to its manager, or remove it if the role is the top of the org"
        else:
            loop = " -> ".join([*cycle, first])
            message = f"reporting cycle: {loop}"
            hint = "one of these roles must report to someone outside the cycle"
        yield Problem(path=("roles", first, "reports_to"), message=message, hint=hint)
