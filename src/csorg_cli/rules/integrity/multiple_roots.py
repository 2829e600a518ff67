"""More than one role has no manager.

An org file describes one tree with one leader at the top. A second role without ``reports_to``
usually means a forgotten reporting line; a diagnostic is reported at every root after the first
(in file order). Separate orgs belong in separate files.

Bad::

    roles:
      vp-cs: {title: VP Customer Success}
      dir-support: {title: Director of Support}      # no reports_to

Good::

    roles:
      vp-cs: {title: VP Customer Success}
      dir-support: {title: Director of Support, reports_to: vp-cs}
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


def check(ctx: RuleContext, options: NoOptions) -> Iterator[Problem]:
    """Yield a problem at the key of every root role after the first."""
    roots = ctx.tree.roots
    if len(roots) < 2:
        return
    top = roots[0]
    for role_id in roots[1:]:
        yield Problem(
            path=("roles", role_id),
            message=f"role {role_id!r} has no reports_to, like {top!r}: the org has "
            f"{len(roots)} roots",
            hint=f"add reports_to (perhaps `reports_to: {top}`), or keep separate orgs in "
            f"separate files",
            at_key=True,
        )
