"""``segment`` names a segment that does not exist.

A role that serves an unknown segment counts toward no segment's coverage, so coverage figures
and rules silently go wrong. Segments are the keys under ``segments:``.

Bad::

    segments:
      enterprise: {accounts: 140, motion: named}
    roles:
      csm-ent:
        title: Customer Success Manager
        segment: enterprse

Good::

    segments:
      enterprise: {accounts: 140, motion: named}
    roles:
      csm-ent:
        title: Customer Success Manager
        segment: enterprise

The ids in a segment's ``overlaps`` are checked the same way.
"""

from __future__ import annotations

from collections.abc import Iterator

from csorg_cli.diagnostics import Severity
from csorg_cli.rules.base import NoOptions, Problem, RuleContext
from csorg_cli.suggest import did_you_mean

NAME = "unknown-segment"
SUMMARY = "segment names a segment that does not exist."
CATEGORY = "integrity"
DEFAULT_SEVERITY = Severity.ERROR
Options = NoOptions


def check(ctx: RuleContext, options: NoOptions) -> Iterator[Problem]:
    """Yield a problem at each ``segment`` value (or ``overlaps`` key) that names no segment."""
    segment_ids = ctx.org.segments.keys()
    known = ", ".join(sorted(segment_ids)) or "none are defined"
    for role_id, role in ctx.org.roles.items():
        if role.segment is None:
            continue
        listed = isinstance(role.segment, list)
        for index, segment in enumerate(role.segments if listed else (role.segment,)):
            if ctx.segment_exists(str(segment)):
                continue
            path: tuple[str | int, ...] = ("roles", role_id, "segment")
            yield Problem(
                path=(*path, index) if listed else path,
                message=f"role {role_id!r} serves segment {segment!r}, which is not defined",
                hint=did_you_mean(str(segment), segment_ids) or f"segments: {known}",
            )
    for segment_id, segment_model in ctx.org.segments.items():
        for other in segment_model.overlaps:
            if ctx.segment_exists(other) and other != segment_id:
                continue
            if other == segment_id:
                message = f"segment {segment_id!r} lists itself in overlaps"
                hint = "overlaps names the other segments that share accounts with this one"
            else:
                message = f"segment {segment_id!r} overlaps {other!r}, which is not defined"
                hint = did_you_mean(other, segment_ids) or f"segments: {known}"
            yield Problem(
                path=("segments", segment_id, "overlaps", other),
                message=message,
                hint=hint,
                at_key=True,
            )
