"""``reports_to`` names a role with more than one seat.

A role with ``headcount: N`` is N identical seats; people cannot report to "one of the eight
CSMs". Only single-seat roles can be managers. Split the manager out as a role of its own.

Bad::

    roles:
      csm-na: {title: Customer Success Manager, headcount: 8}
      onboarding-na:
        title: Onboarding Specialist
        reports_to: csm-na

Good::

    roles:
      lead-na: {title: CS Team Lead}
      csm-na: {title: Customer Success Manager, headcount: 8, reports_to: lead-na}
      onboarding-na: {title: Onboarding Specialist, reports_to: lead-na}
"""

from __future__ import annotations

from collections.abc import Iterator

from csorg_cli.diagnostics import Severity
from csorg_cli.rules.base import NoOptions, Problem, RuleContext

NAME = "multi-seat-manager"
SUMMARY = "reports_to names a role with more than one seat."
CATEGORY = "integrity"
DEFAULT_SEVERITY = Severity.ERROR
Options = NoOptions


def check(ctx: RuleContext, options: NoOptions) -> Iterator[Problem]:
    """Yield a problem at each ``reports_to`` that names a multi-seat role."""
    roles = ctx.org.roles
    for role_id, role in roles.items():
        manager = role.reports_to
        if manager is None or manager == role_id or manager not in roles:
            continue
        seats = roles[manager].headcount
        if seats > 1:
            yield Problem(
                path=("roles", role_id, "reports_to"),
                message=f"role {role_id!r} reports to {manager!r}, which has {seats} seats; "
                f"only a single-seat role can be a manager",
                hint=f"add a manager role (a team lead) for {manager!r} and report to it",
            )
