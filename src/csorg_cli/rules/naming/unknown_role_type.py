"""A title the archetype catalogue cannot place, and no ``type``.

csorg reads what a role does from its archetype: whether its seats count as coverage, which
function it belongs to, its level. When a role has no ``type:`` and its title matches no
archetype or synonym, the role counts for nothing: a CSM titled "Client Guardian" covers no
segment and owns no renewals. The diagnostic is at the title and names the closest archetypes;
``csorg archetypes`` lists them all.

Bad::

    roles:
      guardians:
        title: Client Guardian
        segment: enterprise
        headcount: 6

Good::

    roles:
      guardians:
        title: Client Guardian
        type: csm                  # the title stays; the type says what the role is
        segment: enterprise
        headcount: 6
"""

from __future__ import annotations

from collections.abc import Iterator

from csorg_cli.diagnostics import Severity
from csorg_cli.rules.base import NoOptions, Problem, RuleContext

NAME = "unknown-role-type"
SUMMARY = "A title the archetype catalogue cannot place, and no type."
CATEGORY = "naming"
DEFAULT_SEVERITY = Severity.WARNING
Options = NoOptions

MAX_SUGGESTED_TITLES = 500
NO_SUGGESTION = "set `type:` to the archetype it is (`csorg archetypes` lists them)"


def check(ctx: RuleContext, options: NoOptions) -> Iterator[Problem]:
    """Yield a problem at the title of each role without ``type`` whose title is unplaced."""
    tree = ctx.tree
    hints: dict[str, str] = {}  # titles repeat in large orgs; suggest once per title
    for role_id, role in ctx.org.roles.items():
        if role.type is not None or tree.archetype(role_id) is not None:
            continue
        hint = hints.get(role.title)
        if hint is None:
            # Suggestions cost a fuzzy match against every synonym; an HRIS export with tens of
            # thousands of distinct unplaced titles gets them for the first few hundred only.
            closest = (
                tree.catalogue.closest(role.title) if len(hints) < MAX_SUGGESTED_TITLES else []
            )
            if closest:
                names = ", ".join(f"{a.id} ({a.name})" for a in closest)
                hint = f"set `type:` to the archetype it is; closest: {names}"
            else:
                hint = NO_SUGGESTION
            hints[role.title] = hint
        yield Problem(
            path=("roles", role_id, "title"),
            message=f"title {role.title!r} of {role_id!r} matches no role archetype",
            hint=hint,
        )
