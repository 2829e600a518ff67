"""A manager leads a single seat.

A manager of one is a layer with no team: the pair usually does one job, the manager's time is
not management, and the report has a boss who is also a peer. It often hides a promotion given a
title, or a team that never grew. One open seat counts too: the design still has a manager of one.
Only the CS org is judged (a CEO or CRO whose one report is the CS leader is outside it), and the
leader of a CS org of a handful of people (no more seats than the ``span.front_line`` maximum) is
not asked to grow or give up their first hire. The diagnostic is at the manager's key.

Bad::

    roles:
      head-ops: {title: Head of CS Operations, reports_to: vp-cs}
      analyst: {title: CS Analyst, reports_to: head-ops}

Good::

    roles:
      head-ops: {title: Head of CS Operations, reports_to: vp-cs}
      analyst: {title: CS Analyst, reports_to: vp-cs, dotted_to: [head-ops]}
"""

from __future__ import annotations

from collections.abc import Iterator

from csorg_cli.diagnostics import Severity
from csorg_cli.rules.base import NoOptions, Problem, RuleContext

BENCHMARKS = ("span.front_line",)

NAME = "manager-of-one"
SUMMARY = "A manager leads a single seat."
CATEGORY = "structure"
DEFAULT_SEVERITY = Severity.WARNING
Options = NoOptions


def check(ctx: RuleContext, options: NoOptions) -> Iterator[Problem]:
    """Yield a problem at each manager whose span is exactly one seat."""
    tree = ctx.tree
    small = ctx.benchmarks.get("span.front_line").max
    for role_id, span in ctx.metrics.spans.spans.items():
        if span != 1 or role_id not in tree.layer:  # on a cycle: reporting-cycle's error
            continue
        if not tree.in_cs(role_id):
            continue
        parent = tree.parent.get(role_id)
        if parent is None or not tree.in_cs(parent):
            if small is not None and tree.cs_seats <= small:
                continue  # a startup's CS leader and a first hire
            parent = None
        report = tree.children[role_id][0]
        vacant = " (the seat is open)" if ctx.org.roles[report].open else ""
        yield Problem(
            path=("roles", role_id),
            message=f"{role_id!r} manages a single seat, {report!r}{vacant}",
            hint=(
                f"have {report!r} report to {parent!r} (keep a dotted line if useful), "
                f"or grow the team"
                if parent
                else f"the CS leader {role_id!r} has a single report: grow the team, or have "
                f"{report!r} lead the CS org"
            ),
            at_key=True,
        )
