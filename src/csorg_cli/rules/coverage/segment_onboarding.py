"""A named segment has nobody who onboards its accounts.

Named accounts are the largest and are onboarded by people: an onboarding or implementation team,
professional services, or a CSM or lead who lists onboarding in ``owns:``. Digital success
managers "own" onboarding too, but through automated programmes for the volume segment, so an org
whose only onboarding is digital leaves its named accounts to find their own way to first value.

For each named segment with accounts, someone must onboard it: a role whose archetype onboards
(onboarding specialist or leader, implementation manager, training specialist, professional
services) or that lists ``onboarding`` or ``implementation`` in ``owns:``, serving that segment
(``segment:`` is the segment) or every segment (no ``segment:``), and not a digital role. When
nobody in the org onboards anyone, that is ``missing-function``'s finding, not this rule's. The
diagnostic is at the segment's key.

Bad::

    segments:
      enterprise: {accounts: 60, motion: named, ratio: "1:10"}
      long-tail: {accounts: 4000, motion: digital}
    roles:
      vp-cs: {title: VP Customer Success}
      csm: {title: CSM, reports_to: vp-cs, segment: enterprise, headcount: 6}
      dsm: {title: Digital Success Manager, reports_to: vp-cs, segment: long-tail, headcount: 4}

Good::

    segments:
      enterprise: {accounts: 60, motion: named, ratio: "1:10"}
      long-tail: {accounts: 4000, motion: digital}
    roles:
      vp-cs: {title: VP Customer Success}
      csm: {title: CSM, reports_to: vp-cs, segment: enterprise, headcount: 6}
      dsm: {title: Digital Success Manager, reports_to: vp-cs, segment: long-tail, headcount: 4}
      onboarding: {title: Onboarding Specialist, reports_to: vp-cs, segment: enterprise}
"""

from __future__ import annotations

from collections.abc import Iterator

from csorg_cli.diagnostics import Severity
from csorg_cli.rules.base import NoOptions, Problem, RuleContext
from csorg_cli.rules.functions.missing_function import function_owners

NAME = "segment-onboarding"
SUMMARY = "A named segment has nobody who onboards its accounts (digital programmes aside)."
CATEGORY = "coverage"
DEFAULT_SEVERITY = Severity.WARNING
Options = NoOptions


def check(ctx: RuleContext, options: NoOptions) -> Iterator[Problem]:
    """Yield a problem at each named segment no human onboarding role serves."""
    owners = function_owners(ctx, "onboarding")
    if not owners:
        return  # missing-function reports that nobody onboards at all
    tree = ctx.tree
    roles = ctx.org.roles
    human = [role_id for role_id in owners if tree.function(role_id) != "digital"]
    served: set[str | None] = set()
    for role_id in human:
        served.update(roles[role_id].segments or (None,))
    for segment_id, segment in ctx.org.segments.items():
        if segment.motion != "named" or segment.accounts == 0:
            continue
        if segment_id in served or None in served:
            continue
        digital = [role_id for role_id in owners if role_id not in human]
        through = f" (only {digital[0]!r}, a digital role, onboards)" if digital else ""
        yield Problem(
            path=("segments", segment_id),
            message=f"named segment {segment_id!r} ({segment.accounts} accounts) has nobody who "
            f"onboards it{through}",
            hint=f"add an Onboarding Specialist with `segment: {segment_id}`, or list "
            f"`owns: [onboarding]` on the role that onboards these accounts",
            at_key=True,
        )
