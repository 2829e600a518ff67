"""A segment has accounts and no coverage seats.

Every segment with customers needs someone who covers them: named CSMs, a pool of scaled CSMs, or
digital success managers for one-to-many coverage. A segment with ``accounts`` above zero and no
seat of a coverage archetype whose ``segment`` is that segment has no one accountable for those
customers' outcomes (a director or a support team tagged with the segment does not cover it). The
diagnostic is at the segment key.

Overlay seats (in a pod, beside the account owner) and scaled CSMs who own a stage or a product
do not own accounts: a segment served only by them is reported too. A segment is covered when a
leader carries all its accounts herself (``carries: {accounts: N}``). When the accounts are split
by region (``accounts_by_region``), a region with accounts and no seat that serves it (a coverage
role with that ``region:``, or one with no region at all) is reported at the region.

Bad::

    segments:
      smb: {accounts: 900, motion: pooled}
    roles:
      vp-cs: {title: VP Customer Success}
      dir-smb: {title: "Director, SMB CS", reports_to: vp-cs, segment: smb}

Good::

    segments:
      smb: {accounts: 900, motion: pooled}
    roles:
      vp-cs: {title: VP Customer Success}
      dir-smb: {title: "Director, SMB CS", reports_to: vp-cs, segment: smb}
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
    """Yield a problem at the key of each segment (or region) with accounts and no coverage."""
    serving: dict[str, list[str]] = {}
    for role_id, role in ctx.org.roles.items():
        for segment_id in role.segments:
            serving.setdefault(segment_id, []).append(role_id)
    for segment_id, cover in ctx.metrics.coverage.items():
        if cover.accounts == 0:
            continue
        if cover.covered:
            for region in cover.regions:
                if region.accounts > region.carried_accounts and region.seats == 0:
                    yield Problem(
                        path=("segments", segment_id, "accounts_by_region", region.region),
                        message=f"region {region.region!r} of segment {segment_id!r} has "
                        f"{number(region.accounts)} accounts and no coverage seats",
                        hint=f"add `region: {region.region}` to the coverage role that serves "
                        f"it, or a coverage role without a region (shared by every region)",
                        at_key=True,
                    )
            continue
        archetype = _COVERAGE_BY_MOTION.get(cover.motion, "csm")
        beside = cover.overlay_roles + cover.owner_roles
        if beside:
            names = ", ".join(repr(role_id) for role_id in beside[:3])
            more = f" and {len(beside) - 3} more" if len(beside) > 3 else ""
            yield Problem(
                path=("segments", segment_id),
                message=f"segment {segment_id!r} has {number(cover.accounts)} accounts and no "
                f"primary coverage seats: {names}{more} work beside an account owner "
                f"(overlay, or owner of a stage or product) and do not own the accounts",
                hint=f"add the role that owns the accounts (type {archetype}), or say "
                f"`coverage: primary` on the role that does",
                at_key=True,
            )
            continue
        others = serving.get(segment_id, [])
        tagged = ""
        if others:
            names = ", ".join(repr(role_id) for role_id in others[:3])
            more = f" and {len(others) - 3} more" if len(others) > 3 else ""
            tagged = f" (serving it, but not as coverage: {names}{more})"
        yield Problem(
            path=("segments", segment_id),
            message=f"segment {segment_id!r} has {number(cover.accounts)} accounts and no "
            f"coverage seats{tagged}",
            hint=f"add a coverage role with `segment: {segment_id}` (for a {cover.motion} "
            f"segment, type {archetype}), or tag the roles that cover it",
            at_key=True,
        )
