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

    roles:
      csm-ent:
        title: Customer Success Manager
        segment: enterprise
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
    """Yield a problem at each ``segment`` value that names no segment."""
    segment_ids = ctx.org.segments.keys()
    for role_id, role in ctx.org.roles.items():
        segment = role.segment
        if segment is None or ctx.segment_exists(segment):
            continue
        known = ", ".join(sorted(segment_ids)) or "none are defined"
        yield Problem(
            path=("roles", role_id, "segment"),
            message=f"role {role_id!r} serves segment {segment!r}, which is not defined",
            hint=did_you_mean(segment, segment_ids) or f"segments: {known}",
        )
