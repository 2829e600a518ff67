"""A manager leads fewer seats than the span band of what they lead.

A narrow span is a cost, not a risk: a layer of management for a small team. It is information for
the next re-organisation, so the finding is info, and it is left out where a small team is
normal:

- specialist teams (CS operations, analytics, education, enablement, onboarding, services) are
  judged against their own band, ``span.specialist`` (from 2 seats): at one ops seat per 12 CSMs
  a CS org of 30 CSMs has an ops team of two or three;
- an org of a handful of people (a CS org no bigger than one front-line team, at most the
  ``span.front_line`` maximum of seats): its managers cannot be merged into anything;
- a team still being hired (an open seat among its reports): it is growing into its band.

The bands are those of ``span-of-control`` (``csorg rules explain narrow-span`` lists their
sources); a span of exactly one is ``manager-of-one``'s finding. The hint names what to merge with:
a neighbouring team under the same leader, or the manager's own manager. The diagnostic is at the
manager's key.

Bad::

    roles:
      vp-cs: {title: VP Customer Success}
      lead-a: {title: CS Team Lead, reports_to: vp-cs}
      csm-a: {title: CSM, reports_to: lead-a, headcount: 3}   # 3 seats (front line 4-10)
      lead-b: {title: CS Team Lead, reports_to: vp-cs}
      csm-b: {title: CSM, reports_to: lead-b, headcount: 8}

Good::

    roles:
      vp-cs: {title: VP Customer Success}
      lead-a: {title: CS Team Lead, reports_to: vp-cs}
      csm-a: {title: CSM, reports_to: lead-a, headcount: 5}
      lead-b: {title: CS Team Lead, reports_to: vp-cs}
      csm-b: {title: CSM, reports_to: lead-b, headcount: 6}
      ops: {title: CS Operations Manager, reports_to: vp-cs}
"""

from __future__ import annotations

from collections.abc import Iterator

from csorg_cli.diagnostics import Severity
from csorg_cli.rules.base import Problem, RuleContext
from csorg_cli.rules.structure.spans import (
    LEVEL_WORDS,
    SpanBands,
    judged_spans,
    level_of,
    resolve_bands,
)

NAME = "narrow-span"
SUMMARY = "A manager leads fewer seats than the span band of what they lead (info)."
CATEGORY = "structure"
DEFAULT_SEVERITY = Severity.INFO


class Options(SpanBands):
    """Span bands per function family and level; each defaults to its benchmark."""


def check(ctx: RuleContext, options: Options) -> Iterator[Problem]:
    """Yield a problem at each manager of a grown CS org whose settled team is below its band."""
    bands = resolve_bands(ctx, options)
    tree = ctx.tree
    roles = ctx.org.roles
    small_org = bands["front_line"].max
    if small_org is not None and tree.cs_seats <= small_org:
        return
    # A span at or above every band's floor passes whatever the manager leads.
    low = max((band.min for band in bands.values() if band.min is not None), default=None)
    for role_id, span in judged_spans(ctx).items():
        if span <= 1 or (low is not None and span >= low):
            continue
        children = tree.children[role_id]
        if any(roles[child].open for child in children):
            continue  # still being hired
        level = level_of(ctx, role_id)
        band = bands[level]
        if band.min is None or span >= band.min:
            continue
        parent = tree.parent.get(role_id)
        if parent is not None and tree.in_cs(parent):
            neighbours = [
                sibling
                for sibling in tree.children[parent]
                if sibling != role_id
                and tree.is_manager(sibling)
                and level_of(ctx, sibling) == level
            ]
            if neighbours:
                fix = f"merge it with a neighbouring team (under {neighbours[0]!r})"
            else:
                fix = f"have its seats report to {parent!r}"
        elif any(tree.is_manager(child) for child in children):
            fix = (
                f"a layer may be one too many: the teams under {children[0]!r} could report to "
                f"{role_id!r} directly"
            )
        else:
            fix = "the top of the CS org leads a small team"
        yield Problem(
            path=("roles", role_id),
            message=f"{role_id!r} leads {span} seats, fewer than the {LEVEL_WORDS[level]} band "
            f"{band.describe()} ({band.origin})",
            hint=f"{fix}, or grow the team; `csorg rules explain {NAME}` shows the sources",
            at_key=True,
        )
