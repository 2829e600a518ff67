"""The renewals team has more renewals a quarter than its reps can handle.

ServiceSource's benchmark puts one renewals representative at about 500 renewals a quarter
(benchmark ``renewals.per_rep_per_quarter``). csorg counts the renewals a quarter of the segments
each renewals role serves (its ``segment:``, or every segment without a renewals role of its own
when it has none) as their accounts divided by the quarters in a contract term (``term_months``,
12 by default: annual contracts), and compares them with the seats of renewals representatives
(renewals managers, renewal and expansion managers; open seats included). Digital segments count
only for reps assigned to them: the long tail renews itself unless someone is given it.

Without a renewals team there is nothing to check: CSMs carry renewals (``missing-function`` and
``renewals-overlap`` say who owns them). The diagnostic is at the renewals role with most seats.

Bad::

    segments:
      smb: {accounts: 6000, motion: pooled, ratio: "1:150"}
    roles:
      renewals: {title: Renewals Manager, headcount: 2}    # 1,500 renewals a quarter for 2 reps

Good::

    roles:
      renewals: {title: Renewals Manager, headcount: 3}    # 500 each
"""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import BaseModel, ConfigDict, Field

from csorg_cli.diagnostics import Severity
from csorg_cli.rules.base import Problem, RuleContext
from csorg_cli.rules.thresholds import BENCHMARK_KEY, number, resolve_number

NAME = "renewals-capacity"
SUMMARY = "The renewals team has more renewals a quarter than its reps can handle."
CATEGORY = "functions"
DEFAULT_SEVERITY = Severity.WARNING


class Options(BaseModel):
    """Renewals a rep handles a quarter, and the contract term."""

    model_config = ConfigDict(extra="forbid", defer_build=True)

    per_rep_per_quarter: float | None = Field(
        None,
        gt=0,
        description="Renewals one renewals representative handles a quarter.",
        json_schema_extra={BENCHMARK_KEY: "renewals.per_rep_per_quarter"},
    )
    term_months: int = Field(
        12,
        ge=1,
        le=60,
        description="Contract term in months: each account renews once per term. Your contracts' "
        "term, not a benchmark (12 = annual contracts).",
    )


def check(ctx: RuleContext, options: Options) -> Iterator[Problem]:
    """Yield one problem per group of renewals roles whose renewals exceed their capacity."""
    capacity, origin = resolve_number(
        ctx.benchmarks, "renewals.per_rep_per_quarter", options.per_rep_per_quarter
    )
    if capacity is None:
        return
    tree = ctx.tree
    roles = ctx.org.roles
    reps = [
        role_id
        for role_id in roles
        if tree.function(role_id) == "renewals" and tree.level(role_id) == "individual"
    ]
    if not reps or not ctx.org.segments:
        return
    segments = ctx.org.segments
    dedicated = {s for r in reps for s in roles[r].segments if s in segments}
    # Reps grouped by the segments they serve; reps without one serve every other segment.
    groups: dict[tuple[str, ...], list[str]] = {}
    for role_id in reps:
        served_by = tuple(s for s in roles[role_id].segments if s in segments)
        groups.setdefault(served_by, []).append(role_id)
    quarters = options.term_months / 3
    for served_by, members in groups.items():
        # Reps without a segment renew the named and pooled segments nobody else renews: a
        # digital segment's renewals are automated unless a rep is assigned to it.
        served = list(served_by) or [
            s for s in segments if s not in dedicated and segments[s].motion != "digital"
        ]
        segment = ", ".join(served_by) if served_by else None
        accounts = sum(segments[s].accounts for s in served)
        per_quarter = accounts / quarters
        seats = sum(roles[r].headcount for r in members)
        if seats == 0 or per_quarter <= capacity * seats:
            continue
        needed = -(-int(per_quarter) // max(int(capacity), 1))
        where = f"segment {segment!r}" if segment else f"{len(served)} segment(s)"
        anchor = max(members, key=lambda r: roles[r].headcount)
        yield Problem(
            path=("roles", anchor),
            message=f"{number(round(per_quarter))} renewals a quarter ({where}, "
            f"{number(accounts)} accounts on {options.term_months}-month terms) for {seats} "
            f"renewals seat{'s' if seats != 1 else ''}: "
            f"{number(round(per_quarter / seats))} each, above {number(capacity)} ({origin})",
            hint=f"{needed} renewals seats carry them at {number(capacity)} each; or let CSMs "
            f"or a digital renewal motion take the smallest accounts",
            at_key=True,
            subject=segment or "",
        )
