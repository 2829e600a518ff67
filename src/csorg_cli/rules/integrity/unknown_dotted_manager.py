"""``dotted_to`` names a role that does not exist.

Dotted (matrix) lines are drawn on charts; one that names no role is dropped from the chart. It is
a warning, not an error: a dotted line often points at a leader outside the CS org (a CRO, say),
who is better added as a role so the chart shows the line.

Bad::

    roles:
      vp-cs:
        title: VP Customer Success
        dotted_to: [cro]        # no role `cro` in the org

Good::

    roles:
      cro: {title: Chief Revenue Officer}
      vp-cs:
        title: VP Customer Success
        reports_to: cro
"""

from __future__ import annotations

from collections.abc import Iterator

from csorg_cli.diagnostics import Severity
from csorg_cli.rules.base import NoOptions, Problem, RuleContext
from csorg_cli.suggest import CloseMatches

NAME = "unknown-dotted-manager"
SUMMARY = "dotted_to names a role that does not exist."
CATEGORY = "integrity"
DEFAULT_SEVERITY = Severity.WARNING
Options = NoOptions


def check(ctx: RuleContext, options: NoOptions) -> Iterator[Problem]:
    """Yield a problem at each ``dotted_to`` item that names no role, or the role itself."""
    role_ids = ctx.org.roles.keys()
    matches: CloseMatches | None = None  # built at the first unknown id
    for role_id, role in ctx.org.roles.items():
        for index, manager in enumerate(role.dotted_to):
            path = ("roles", role_id, "dotted_to", index)
            if manager == role_id:
                yield Problem(
                    path,
                    f"role {role_id!r} has a dotted line to itself",
                    hint="remove it from dotted_to",
                )
            elif not ctx.role_exists(manager):
                matches = matches or CloseMatches(role_ids)
                yield Problem(
                    path,
                    f"role {role_id!r} has a dotted line to {manager!r}, which is not a "
                    f"role in this org",
                    hint=matches.did_you_mean(manager)
                    or "add that role (even from outside CS) so the line can be drawn",
                )
