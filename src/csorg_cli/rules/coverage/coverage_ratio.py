"""Accounts per coverage seat are far from the segment's target or its motion's range.

Coverage is the first number a CS leader is asked about: how many accounts does each CSM carry?
Too many and accounts go untouched until they churn; too few and the segment costs more than it
returns. csorg divides a segment's ``accounts`` by its coverage seats (the seats of coverage
archetypes, such as csm, scaled-csm and digital-success-manager, whose ``segment`` is that segment;
open seats included, as they are planned coverage) and compares:

- with the segment's own ``ratio``: accounts per seat more than ``tolerance`` (25%) above or below
  the target (the diagnostic is at the ``ratio``);
- without one: the published range of its motion, named 5-25, pooled 30-200, digital 500 and
  more (benchmarks ``coverage.<motion>.accounts_per_seat``; the diagnostic is at the segment key).

What counts: primary coverage seats, in FTE (a half-time CSM is half a seat; a pool serving
several segments is shared between them in proportion to their accounts; a player-coach adds the
share of a seat she ``carries``). Overlay seats (an account development or customer engagement
manager beside the CSM who owns the accounts) and scaled CSMs who own a stage or a product do not
divide the accounts. Accounts a leader carries herself (``carries: {accounts: 40}``) are taken
out before dividing. When the segment splits its accounts by region (``accounts_by_region``),
each region is judged on its own against the seats with that ``region:`` (seats without a region
are shared by the regions in proportion to their accounts); the diagnostic is at the region.

A segment with accounts and no coverage seats is ``segment-uncovered``'s finding, and a segment
with no accounts is not checked. When the org links a book of business (``accounts:``), a
segment's accounts and its split by region are counted from the accounts file
(``segment-accounts-mismatch`` reports typed figures that differ).

Bad::

    segments:
      enterprise: {accounts: 200, motion: named, ratio: "1:12"}
    roles:
      csm-ent:
        title: Customer Success Manager
        segment: enterprise
        headcount: 10            # 20 accounts per seat against a target of 12

Good::

    segments:
      enterprise: {accounts: 200, motion: named, ratio: "1:12"}
    roles:
      csm-ent:
        title: Customer Success Manager
        segment: enterprise
        headcount: 17            # 11.8 accounts per seat
"""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import BaseModel, ConfigDict, Field

from csorg_cli.analysis.metrics import SegmentCoverage, ratio_status
from csorg_cli.diagnostics import Severity
from csorg_cli.model.benchmarks import Benchmark
from csorg_cli.rules.base import Problem, RuleContext
from csorg_cli.rules.thresholds import number, short_source

NAME = "coverage-ratio"
SUMMARY = "Accounts per coverage seat are far from the segment's target or its motion's range."
CATEGORY = "coverage"
DEFAULT_SEVERITY = Severity.WARNING
BENCHMARKS = (
    "coverage.named.accounts_per_seat",
    "coverage.pooled.accounts_per_seat",
    "coverage.digital.accounts_per_seat",
)


class Options(BaseModel):
    """How far from a segment's own target accounts per seat may drift."""

    model_config = ConfigDict(extra="forbid", defer_build=True)

    tolerance: float = Field(
        0.25,
        ge=0,
        le=10,
        description="Relative distance from a segment's own ratio accepted before reporting "
        "(0.25 = 25%). csorg's choice, not a benchmark: segments without a ratio "
        "are checked against the benchmark range of their motion instead.",
    )


def _per_seat(cover: SegmentCoverage) -> str:
    per_seat = cover.accounts_per_seat or 0.0
    seats = "seat" if cover.seats == 1 else "seats"
    carried = ""
    if cover.carried_accounts:
        carried = (
            f" (less {number(cover.carried_accounts)} its player-coaches carry: "
            f"{number(cover.divided_accounts)})"
        )
    return (
        f"segment {cover.segment_id!r} has {number(cover.accounts)} accounts{carried} on "
        f"{number(cover.seats)} coverage {seats}: {per_seat:,.1f} accounts per seat"
    )


def _band_text(band: Benchmark) -> str:
    if band.min is not None and band.max is not None:
        return f"{number(band.min)}-{number(band.max)}"
    if band.min is not None:
        return f"{number(band.min)} or more"
    return f"up to {number(band.max or 0)}"


def _regions(ctx: RuleContext, cover: SegmentCoverage, options: Options) -> Iterator[Problem]:
    """Coverage judged in each region of a segment whose accounts are split by region."""
    segment = ctx.org.segments[cover.segment_id]
    band = ctx.benchmarks.get(f"coverage.{cover.motion}.accounts_per_seat")
    for region in cover.regions:
        per_seat = region.accounts_per_seat
        if region.accounts == 0 or per_seat is None:
            continue  # no accounts, or no seats: segment-uncovered says so
        where = (
            f"region {region.region!r} of segment {cover.segment_id!r} has "
            f"{number(region.accounts - region.carried_accounts)} accounts on "
            f"{number(region.seats)} coverage {'seat' if region.seats == 1 else 'seats'}: "
            f"{per_seat:,.1f} accounts per seat"
        )
        path = ("segments", cover.segment_id, "accounts_by_region", region.region)
        needed = -(-(region.accounts - region.carried_accounts) // max(cover.target_ratio, 1))
        if segment.ratio:
            status = ratio_status(per_seat, cover.target_ratio, options.tolerance)
            if status == "on-target":
                continue
            direction = "above" if status == "stretched" else "below"
            yield Problem(
                path=path,
                message=f"{where}, {direction} the segment's target 1:{cover.target_ratio} by "
                f"more than {options.tolerance * 100:.0f}%",
                hint=f"{needed} coverage seats in {region.region} meet the target; seats "
                f"without a region are shared by the regions in proportion to their accounts",
                at_key=True,
            )
        elif (band.max is not None and per_seat > band.max) or (
            band.min is not None and per_seat < band.min
        ):
            direction = "above" if band.max is not None and per_seat > band.max else "below"
            yield Problem(
                path=path,
                message=f"{where}, {direction} the {cover.motion} range {_band_text(band)} "
                f"({short_source(band)})",
                hint=f"give the roles that serve {region.region} `region: {region.region}` and "
                f"size them to the region; set `ratio:` on the segment to check against your "
                f"own target",
                at_key=True,
            )


def check(ctx: RuleContext, options: Options) -> Iterator[Problem]:
    """Yield a problem for each covered segment (or region) outside its target or range."""
    for segment_id, cover in ctx.metrics.coverage.items():
        if cover.regions:
            yield from _regions(ctx, cover, options)
            continue
        if cover.divided_accounts == 0 or cover.seats == 0:
            continue
        per_seat = cover.divided_accounts / cover.seats
        segment = ctx.org.segments[segment_id]
        if segment.ratio:
            status = cover.status(options.tolerance)
            if status not in ("stretched", "overstaffed"):
                continue
            direction = "above" if status == "stretched" else "below"
            yield Problem(
                path=("segments", segment_id, "ratio"),
                message=f"{_per_seat(cover)}, {direction} its target 1:{cover.target_ratio} by "
                f"more than {options.tolerance * 100:.0f}%",
                hint=f"{cover.seats_needed} coverage seats meet the target; or change the ratio "
                f"if the plan has changed",
            )
            continue
        band = ctx.benchmarks.get(f"coverage.{cover.motion}.accounts_per_seat")
        accounts = cover.divided_accounts
        if band.max is not None and per_seat > band.max:
            direction, seats = "above", -(-accounts // max(int(band.max), 1))
            fix = f"at least {seats} coverage seats bring it into the range"
        elif band.min is not None and per_seat < band.min:
            direction, seats = "below", max(1, int(accounts // band.min))
            fit = "seat fits" if seats == 1 else "seats fit"
            fix = (
                f"at most {seats} coverage {fit} the range, or a more personal motion "
                f"suits this segment better"
            )
        else:
            continue
        yield Problem(
            path=("segments", segment_id),
            message=f"{_per_seat(cover)}, {direction} the {cover.motion} range "
            f"{_band_text(band)} ({short_source(band)})",
            hint=f"{fix}; set `ratio:` on the segment to check against your own target",
            at_key=True,
        )
