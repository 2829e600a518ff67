"""A segment has accounts and no coverage seats.

Every segment with customers needs someone who covers them: named CSMs, a pool of scaled CSMs, or
digital success managers for one-to-many coverage. A segment with ``accounts`` above zero and no
seat of a coverage archetype whose ``segment`` is that segment has no one accountable for those
customers' outcomes (a director or a support team tagged with the segment does not cover it). The
diagnostic is at the segment key.

Bad::

    segments:
      smb: {accounts: 900, motion: pooled}
    roles:
      vp-cs: {title: VP Customer Success}
      dir-smb: {title: Director, SMB CS, reports_to: vp-cs, segment: smb}

Good::

    segments:
      smb: {accounts: 900, motion: pooled}
    roles:
      vp-cs: {title: VP Customer Success}
      dir-smb: {title: Director, SMB CS, reports_to: vp-cs, segment: smb}
      scaled-smb:
        title: Scaled CSM
        reports_to: dir-smb
        segment: smb
        headcount: 6
"""

from __future__ import annotations

from collections.abc import Iterator

from csorg_cli.diagnostics import Severity
from csorg_cli.rules.base import NoOptions, Problem, RuleContext
from csorg_cli.rules.thresholds import number

NAME = "segment-uncovered"
SUMMARY = "A segment has accounts and no coverage seats."
CATEGORY = "coverage"
DEFAULT_SEVERITY = Severity.WARNING
Options = NoOptions

_COVERAGE_BY_MOTION = {"named": "csm", "pooled": "scaled-csm", "digital": "digital-success-manager"}


def check(ctx: RuleContext, options: NoOptions) -> Iterator[Problem]:
    """Yield a problem at the key of each segment with accounts and no coverage seat."""
    serving: dict[str, list[str]] = {}
    for role_id, role in ctx.org.roles.items():
        if role.segment is not None:
            serving.setdefault(role.segment, []).append(role_id)
    for segment_id, cover in ctx.metrics.coverage.items():
        if cover.accounts == 0 or cover.seats > 0:
            continue
        others = serving.get(segment_id, [])
        tagged = ""
        if others:
            names = ", ".join(repr(role_id) for role_id in others[:3])
            more = f" and {len(others) - 3} more" if len(others) > 3 else ""
            tagged = f" (serving it, but not as coverage: {names}{more})"
        archetype = _COVERAGE_BY_MOTION.get(cover.motion, "csm")
        yield Problem(
            path=("segments", segment_id),
            message=f"segment {segment_id!r} has {number(cover.accounts)} accounts and no "
            f"coverage seats{tagged}",
            hint=f"add a coverage role with `segment: {segment_id}` (for a {cover.motion} "
            f"segment, type {archetype}), or tag the roles that cover it",
            at_key=True,
        )
