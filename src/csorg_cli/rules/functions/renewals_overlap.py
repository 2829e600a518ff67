"""CSMs and renewals managers both carry the renewals of the same accounts, and nobody says who
owns them.

A CSM's archetype carries renewals; so does a renewals manager's. When a segment has both, two
people believe they own the renewal: the customer gets two conversations, the forecast two
numbers, and a lost renewal no owner. The fix is a decision, written down: the renewals team owns
the renewal (``owns: [renewals]`` on it) and CSMs keep adoption and the relationship, or the
other way round.

A segment's renewals are shared when coverage seats serve it and a renewals role (renewals
manager, renewal and expansion manager) serves it or every segment. The overlap is settled when
exactly one side lists ``renewals`` in ``owns:``. The diagnostic is at the first renewals role
serving the segment, once per segment.

Bad::

    roles:
      vp-cs: {title: VP Customer Success}
      csm-ent: {title: CSM, reports_to: vp-cs, segment: enterprise, headcount: 6}
      renewals: {title: Renewals Manager, reports_to: vp-cs, headcount: 2}

Good::

    roles:
      vp-cs: {title: VP Customer Success}
      csm-ent:
        title: CSM
        reports_to: vp-cs
        segment: enterprise
        headcount: 6
        owns: [adoption, expansion]
      renewals: {title: Renewals Manager, reports_to: vp-cs, headcount: 2, owns: [renewals]}
"""

from __future__ import annotations

from collections.abc import Iterator

from csorg_cli.diagnostics import Severity
from csorg_cli.rules.base import NoOptions, Problem, RuleContext
from csorg_cli.rules.functions.missing_function import normalise_owned

NAME = "renewals-overlap"
SUMMARY = (
    "CSMs and renewals managers both carry a segment's renewals and nobody says who owns them."
)
CATEGORY = "functions"
DEFAULT_SEVERITY = Severity.INFO
Options = NoOptions

_RENEWAL_WORDS = frozenset({"renewals", "renewal"})


def _claims(ctx: RuleContext, role_id: str) -> bool:
    return any(
        normalise_owned(item) in _RENEWAL_WORDS for item in ctx.org.roles[role_id].owned_words
    )


def check(ctx: RuleContext, options: NoOptions) -> Iterator[Problem]:
    """Yield a problem per segment whose CSMs and renewals managers both carry renewals."""
    tree = ctx.tree
    roles = ctx.org.roles
    renewals = [
        role_id
        for role_id in roles
        if tree.function(role_id) == "renewals" and tree.level(role_id) == "individual"
    ]
    if not renewals:
        return
    for segment_id, cover in ctx.metrics.coverage.items():
        csms = [
            role_id
            for role_id in cover.roles
            if "renewals" in (getattr(tree.archetype(role_id), "responsibilities", ()) or ())
        ]
        reps = [r for r in renewals if not roles[r].segments or segment_id in roles[r].segments]
        if not csms or not reps:
            continue
        csm_side = any(_claims(ctx, r) for r in csms)
        rep_side = any(_claims(ctx, r) for r in reps)
        if csm_side != rep_side:
            continue
        both = " and both list renewals in owns" if csm_side else ""
        yield Problem(
            path=("roles", reps[0]),
            message=f"segment {segment_id!r}: CSMs ({csms[0]!r}) and renewals managers "
            f"({reps[0]!r}) both carry its renewals{both}",
            hint="say who owns the renewal: `owns: [renewals]` on one side (the other keeps "
            "adoption and the relationship)",
            at_key=True,
            subject=segment_id,
        )
