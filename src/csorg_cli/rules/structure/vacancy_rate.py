"""The share of open seats is above the rate you set (off until you set one).

Open seats are normal in a growing team, but a CS org where a large share of seats is vacant has
customers without an owner and managers who spend their time hiring. How large is too large
depends on the company's plan and its hiring speed, and no public benchmark gives a number, so
csorg ships no default: this rule reports nothing until ``max_rate`` is set.

With ``max_rate`` set, the rule compares open seats to all seats across the org (reported at the
``roles`` key), and with ``per_team: true`` also in each manager's team (the seats reporting
directly to a manager, reported at the manager's key). Teams smaller than ``min_team_seats``
are skipped: one vacancy in a team of two is 50% and says little.

Bad (with ``max_rate: 0.2``)::

    roles:
      lead: {title: CS Team Lead}
      csm: {title: Customer Success Manager, reports_to: lead, headcount: 8, open: 3}
      # 3 of 9 seats open: 33%

Good::

    roles:
      lead: {title: CS Team Lead}
      csm: {title: Customer Success Manager, reports_to: lead, headcount: 8, open: 1}

Configuration::

    rules:
      vacancy-rate:
        options: {max_rate: 0.2, per_team: true}
"""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import BaseModel, ConfigDict, Field

from csorg_cli.diagnostics import Severity
from csorg_cli.rules.base import Problem, RuleContext

NAME = "vacancy-rate"
SUMMARY = "The share of open seats is above the configured rate (no default: off until set)."
CATEGORY = "structure"
DEFAULT_SEVERITY = Severity.WARNING


class Options(BaseModel):
    """The highest acceptable share of open seats; no public benchmark, so no default."""

    model_config = ConfigDict(extra="forbid", defer_build=True)

    max_rate: float | None = Field(
        None,
        ge=0,
        le=1,
        description="Highest share of open seats, 0-1 (0.2 = 20%); no default: the rule "
        "reports nothing until it is set.",
    )
    per_team: bool = Field(False, description="Also check each manager's direct team.")
    min_team_seats: int = Field(4, ge=1, description="Smallest team checked with per_team.")


def _percent(rate: float) -> str:
    return f"{rate * 100:.0f}%"


def check(ctx: RuleContext, options: Options) -> Iterator[Problem]:
    """Yield problems where open seats exceed ``max_rate`` (nothing when it is unset)."""
    limit = options.max_rate
    if limit is None:
        return
    tree = ctx.tree
    total, vacant = tree.total_seats, tree.open_seats
    if total and vacant / total > limit:
        yield Problem(
            path=("roles",),
            message=f"{vacant} of {total} seats are open ({_percent(vacant / total)}), above "
            f"the configured {_percent(limit)}",
            hint="prioritise hiring, or plan fewer seats until the open ones are filled",
            at_key=True,
        )
    if not options.per_team:
        return
    roles = ctx.org.roles
    for manager, children in tree.children.items():
        seats = sum(roles[child].headcount for child in children)
        if not children or seats < options.min_team_seats:
            continue
        team_open = sum(roles[child].open for child in children)
        if team_open / seats > limit:
            yield Problem(
                path=("roles", manager),
                message=f"{team_open} of the {seats} seats reporting to {manager!r} are open "
                f"({_percent(team_open / seats)}), above the configured {_percent(limit)}",
                hint="prioritise this team's hiring, or re-plan it",
                at_key=True,
            )
