"""More than one role has no manager.

An org file describes one tree with one leader at the top. A second role without ``reports_to``
usually means a forgotten reporting line; a diagnostic is reported at every root after the first
(in file order). Separate orgs belong in separate files.

Teams outside the CS org are not extra roots of it: a role with ``central: true`` (central RevOps,
enablement, support under the CTO) may have no manager in the file, and when
``organization.leader`` names the CS leader, roots outside the leader's tree sit outside the CS
org too, except customer success roles, which belong under the CS leader.

Bad::

    roles:
      vp-cs: {title: VP Customer Success}
      dir-support: {title: Director of Support}      # no reports_to

Good::

    roles:
      vp-cs: {title: VP Customer Success}
      dir-support: {title: Director of Support, reports_to: vp-cs}

Good (a central team that serves the CS org)::

    organization: {name: Acme, leader: vp-cs}
    roles:
      vp-cs: {title: VP Customer Success}
      revops: {title: Director of Revenue Operations, central: true, owns: [operations]}
"""

from __future__ import annotations

from collections.abc import Iterator

from csorg_cli.diagnostics import Severity
from csorg_cli.rules.base import NoOptions, Problem, RuleContext

NAME = "multiple-roots"
SUMMARY = "More than one role has no manager."
CATEGORY = "integrity"
DEFAULT_SEVERITY = Severity.ERROR
Options = NoOptions


def _cs_root(ctx: RuleContext) -> str | None:
    """The root of the CS org's tree: the top of ``organization.leader``'s chain, if named."""
    organization = ctx.org.organization
    leader = organization.leader if organization is not None else None
    if leader is None or leader not in ctx.org.roles:
        return None
    return ctx.tree.chain(leader)[-1]


def check(ctx: RuleContext, options: NoOptions) -> Iterator[Problem]:
    """Yield a problem at the key of every root role after the first that is part of the org."""
    tree = ctx.tree
    roles = ctx.org.roles
    cs_root = _cs_root(ctx)
    roots = [role_id for role_id in tree.roots if not roles[role_id].central]
    if cs_root is not None:
        # The CS org names its leader: other roots sit outside it (a central team), unless they
        # are customer success roles, which belong under the CS leader.
        roots = [cs_root] + [
            role_id
            for role_id in roots
            if role_id != cs_root and tree.function(role_id) == "customer-success"
        ]
    if len(roots) < 2:
        return
    top = roots[0]
    for role_id in roots[1:]:
        outside = (
            f"; it is a customer success role outside the CS org led by "
            f"{ctx.org.organization.leader!r}"
            if cs_root is not None
            else ""
        )
        yield Problem(
            path=("roles", role_id),
            message=f"role {role_id!r} has no reports_to, like {top!r}: the org has "
            f"{len(roots)} roots{outside}",
            hint=f"add reports_to (perhaps `reports_to: {top}`), or keep separate orgs in "
            f"separate files",
            at_key=True,
        )
