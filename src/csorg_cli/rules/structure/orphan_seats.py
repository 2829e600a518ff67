"""Open seats report to a manager whose own seat is open.

A vacancy needs a hiring manager: someone to write the role, interview, onboard and then lead the
new hire. When the manager's seat is vacant too, nobody in the design does that, and both hires
tend to stall. This rule reports every role with open seats (``open`` > 0) whose manager's seat is
open, and names the nearest manager up the chain who is in place (or says that nobody above is).
A vacant manager is a single-seat role with ``open: 1``.

The diagnostic is at the ``open`` of the role whose seats are orphaned.

Bad::

    roles:
      dir-emea: {title: "Director, Customer Success", reports_to: vp-cs}
      lead-emea: {title: CS Team Lead, reports_to: dir-emea, open: 1}
      csm-emea:
        title: Customer Success Manager
        reports_to: lead-emea
        headcount: 6
        open: 3          # three hires with no one in place to make them

Good::

    roles:
      dir-emea: {title: "Director, Customer Success", reports_to: vp-cs}
      lead-emea: {title: CS Team Lead, reports_to: dir-emea, open: 1}
      csm-emea:
        title: Customer Success Manager
        reports_to: dir-emea     # until the team lead is hired
        headcount: 6
        open: 3
"""

from __future__ import annotations

from collections.abc import Iterator

from csorg_cli.analysis.tree import OrgTree
from csorg_cli.diagnostics import Severity
from csorg_cli.rules.base import NoOptions, Problem, RuleContext

NAME = "orphan-seats"
SUMMARY = "Open seats report to a manager whose own seat is open."
CATEGORY = "structure"
DEFAULT_SEVERITY = Severity.WARNING
Options = NoOptions

_NOBODY = ""


def nearest_in_place(tree: OrgTree, role_id: str, memo: dict[str, str]) -> str:
    """The role itself or the closest manager above it with a filled seat ('' for nobody).

    Memoised over the tree, so answering for every role costs time linear in the roles.
    """
    roles = tree.org.roles
    path: list[str] = []
    seen: set[str] = set()
    node: str | None = role_id
    found = _NOBODY
    while node is not None:
        if node in memo:
            found = memo[node]
            break
        if node in seen:  # a reporting cycle: nobody above is in place
            break
        seen.add(node)
        if roles[node].filled > 0:
            found = node
            break
        path.append(node)
        node = tree.parent.get(node)
    for visited in path:
        memo[visited] = found
    if role_id not in memo:
        memo[role_id] = found
    return found


def check(ctx: RuleContext, options: NoOptions) -> Iterator[Problem]:
    """Yield a problem at ``open`` of each role with vacancies under a vacant manager."""
    tree = ctx.tree
    roles = ctx.org.roles
    memo: dict[str, str] = {}
    for role_id, role in roles.items():
        manager = tree.parent.get(role_id)
        if (
            role.open == 0
            or manager is None
            or roles[manager].filled > 0
            or role_id not in tree.layer
        ):  # on a cycle: reporting-cycle's error
            continue
        above = tree.parent.get(manager)
        acting = nearest_in_place(tree, above, memo) if above is not None else _NOBODY
        seats = "seat" if role.open == 1 else "seats"
        verb = "reports" if role.open == 1 else "report"
        if acting:
            hint = (
                f"until {manager!r} is hired, have {role_id!r} report to {acting!r}, the "
                f"nearest manager in place, or hire {manager!r} first"
            )
        else:
            hint = f"no manager above {manager!r} is in place either; fill the chain first"
        yield Problem(
            path=("roles", role_id, "open"),
            message=f"{role.open} open {seats} of {role_id!r} {verb} to {manager!r}, whose seat "
            f"is open too: no one is in place to hire them",
            hint=hint,
        )
