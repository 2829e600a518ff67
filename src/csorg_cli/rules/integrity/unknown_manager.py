"""``reports_to`` names a role that does not exist.

Every solid reporting line must end at a role of the org (in this file or an included one).
A typo here silently detaches a whole team from the tree, so csorg suggests the closest id.

Bad::

    roles:
      dir-enterprise: {title: "Director, Enterprise CS"}
      csm-enterprise:
        title: Customer Success Manager
        reports_to: dir-enterprize

Good::

    roles:
      dir-enterprise: {title: "Director, Enterprise CS"}
      csm-enterprise:
        title: Customer Success Manager
        reports_to: dir-enterprise
"""

from __future__ import annotations

from collections.abc import Iterator

from csorg_cli.diagnostics import Severity
from csorg_cli.rules.base import NoOptions, Problem, RuleContext
from csorg_cli.suggest import CloseMatches

NAME = "unknown-manager"
SUMMARY = "reports_to names a role that does not exist."
CATEGORY = "integrity"
DEFAULT_SEVERITY = Severity.ERROR
Options = NoOptions


def check(ctx: RuleContext, options: NoOptions) -> Iterator[Problem]:
    """Yield a problem at each ``reports_to`` value that names no role."""
    role_ids = ctx.org.roles.keys()
    # Built at the first unknown id: the role ids grouped by length, each unknown id matched once.
    matches: CloseMatches | None = None
    for role_id, role in ctx.org.roles.items():
        manager = role.reports_to
        if manager is None or ctx.role_exists(manager):
            continue
        matches = matches or CloseMatches(role_ids)
        yield Problem(
            path=("roles", role_id, "reports_to"),
            message=f"role {role_id!r} reports to {manager!r}, which is not a role in this org",
            hint=matches.did_you_mean(manager) or "add that role, or fix the id",
        )
