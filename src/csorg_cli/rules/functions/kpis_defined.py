"""A leader of the CS org declares no KPIs.

A CS leader answers for numbers: net and gross revenue retention, logo retention, time to value,
adoption, CSAT. Writing them down next to the role makes the design reviewable (does every
retention number have exactly one owner?) and lets reports show who answers for what. csorg
expects ``kpis`` on the CS org's leaders: the CS leader, and every role of the CS org whose title
reads as executive or director level (chief, VP, head, director; a manager of managers counts as
a director). Team leads and individual contributors are not asked (set ``levels`` to include
managers), nor are a CEO or CRO above the CS org or central teams beside it: their KPIs are not
the CS org's design.

The diagnostic is at the leader's key.

Bad::

    roles:
      vp-cs: {title: VP Customer Success}
      dir-ent: {title: "Director, Enterprise CS", reports_to: vp-cs}

Good::

    roles:
      vp-cs:
        title: VP Customer Success
        kpis: [net-revenue-retention, gross-retention]
      dir-ent:
        title: Director, Enterprise CS
        reports_to: vp-cs
        kpis: [gross-retention, expansion-arr]
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from csorg_cli.diagnostics import Severity
from csorg_cli.rules.base import Problem, RuleContext

NAME = "kpis-defined"
SUMMARY = "A leader of the CS org (its leader, an executive or a director) declares no KPIs."
CATEGORY = "functions"
DEFAULT_SEVERITY = Severity.INFO

Level = Literal["executive", "director", "manager"]
_LEADER_LEVELS: tuple[Level, ...] = ("executive", "director")


class Options(BaseModel):
    """Which roles count as leaders who must declare KPIs."""

    model_config = ConfigDict(extra="forbid", defer_build=True)

    levels: list[Level] = Field(
        default_factory=lambda: list(_LEADER_LEVELS),
        description="Archetype levels whose roles must declare kpis.",
    )
    roots: bool = Field(True, description="Whether the CS leader must declare kpis.")


def check(ctx: RuleContext, options: Options) -> Iterator[Problem]:
    """Yield a problem at each leader without ``kpis``."""
    tree = ctx.tree
    levels = set(options.levels)
    leader = tree.cs_leader if options.roots else None
    for role_id, role in ctx.org.roles.items():
        if role.kpis or not tree.in_cs(role_id):
            continue
        level = tree.level(role_id) if tree.archetype(role_id) else None
        if role_id == leader:
            why = "the leader of the CS org"
        elif level in levels:
            why = f"a{'n' if level == 'executive' else ''} {level}-level role"
        else:
            continue
        yield Problem(
            path=("roles", role_id),
            message=f"{role_id!r} is {why} and declares no kpis",
            hint="add `kpis:` with the metrics it answers for, e.g. [net-revenue-retention, "
            "gross-retention]",
            at_key=True,
        )
