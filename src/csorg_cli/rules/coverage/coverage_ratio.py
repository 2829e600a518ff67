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

A segment with accounts and no coverage seats is ``segment-uncovered``'s finding, and a segment
with no accounts is not checked.

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

from csorg_cli.analysis.metrics import SegmentCoverage
from csorg_cli.diagnostics import Severity
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

    model_config = ConfigDict(extra="forbid")

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
    return (
        f"segment {cover.segment_id!r} has {number(cover.accounts)} accounts on "
        f"{cover.seats} coverage {seats}: {per_seat:,.1f} accounts per seat"
    )


def check(ctx: RuleContext, options: Options) -> Iterator[Problem]:
    """Yield a problem for each covered segment outside its target or its motion's range."""
    for segment_id, cover in ctx.metrics.coverage.items():
        if cover.accounts == 0 or cover.seats == 0:
            continue
        per_seat = cover.accounts / cover.seats
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
        if band.max is not None and per_seat > band.max:
            direction, seats = "above", -(-cover.accounts // max(int(band.max), 1))
            fix = f"at least {seats} coverage seats bring it into the range"
        elif band.min is not None and per_seat < band.min:
            direction, seats = "below", max(1, int(cover.accounts // band.min))
            fit = "seat fits" if seats == 1 else "seats fit"
            fix = (
                f"at most {seats} coverage {fit} the range, or a more personal motion "
                f"suits this segment better"
            )
        else:
            continue
        range_text = (
            f"{number(band.min)}-{number(band.max)}"
            if band.min is not None and band.max is not None
            else f"{number(band.min)} or more"
            if band.min is not None
            else f"up to {number(band.max or 0)}"
        )
        yield Problem(
            path=("segments", segment_id),
            message=f"{_per_seat(cover)}, {direction} the {cover.motion} range {range_text} "
            f"({short_source(band)})",
            hint=f"{fix}; set `ratio:` on the segment to check against your own target",
            at_key=True,
        )
