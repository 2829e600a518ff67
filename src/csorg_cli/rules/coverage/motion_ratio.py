"""A segment's own ratio is outside the published range of its motion.

A segment's ``motion`` says how its accounts are served and its ``ratio`` how many each seat
carries; the two must agree. A "named" segment at 1:40 is pooled in practice: nobody knows forty
accounts one-to-one. A "pooled" segment at 1:10 is named coverage paid for as such, and a
"digital" segment at 1:200 is a pooled team without the programmes. The ranges are the published
accounts per seat of each motion (benchmarks ``coverage.<motion>.accounts_per_seat``: named 5-25,
pooled 30-200, digital 500 and more, with their sources).

This is about the target itself; whether the seats meet it is ``coverage-ratio``'s question. The
diagnostic is at the segment's ``ratio`` and names the motion the ratio fits.

Bad::

    segments:
      enterprise: {accounts: 400, motion: named, ratio: "1:40"}

Good::

    segments:
      enterprise: {accounts: 400, motion: pooled, ratio: "1:40"}
"""

from __future__ import annotations

from collections.abc import Iterator

from csorg_cli.diagnostics import Severity
from csorg_cli.model.org import MOTIONS
from csorg_cli.rules.base import NoOptions, Problem, RuleContext
from csorg_cli.rules.thresholds import number, short_source

NAME = "motion-ratio"
SUMMARY = "A segment's own ratio is outside the published range of its motion."
CATEGORY = "coverage"
DEFAULT_SEVERITY = Severity.WARNING
Options = NoOptions
BENCHMARKS = tuple(f"coverage.{motion}.accounts_per_seat" for motion in MOTIONS)


def _range(low: float | None, high: float | None) -> str:
    if low is not None and high is not None:
        return f"{number(low)}-{number(high)}"
    if low is not None:
        return f"{number(low)} or more"
    return f"up to {number(high or 0)}"


def check(ctx: RuleContext, options: NoOptions) -> Iterator[Problem]:
    """Yield a problem at the ``ratio`` of each segment whose target does not fit its motion."""
    bands = {
        motion: ctx.benchmarks.get(f"coverage.{motion}.accounts_per_seat") for motion in MOTIONS
    }
    for segment_id, segment in ctx.org.segments.items():
        target = segment.target_accounts_per_seat
        if target is None:
            continue
        band = bands[segment.motion]
        if band.contains(target):
            continue
        fits = [motion for motion, other in bands.items() if other.contains(target)]
        direction = "above" if band.max is not None and target > band.max else "below"
        if fits:
            fix = f"at 1:{number(target)} it is {fits[0]} coverage: set `motion: {fits[0]}`"
        else:
            fix = "between the published ranges of two motions: pick one"
        yield Problem(
            path=("segments", segment_id, "ratio"),
            message=f"segment {segment_id!r} is {segment.motion} at 1:{number(target)}, "
            f"{direction} the {segment.motion} range "
            f"{_range(band.min, band.max)} accounts per seat ({short_source(band)})",
            hint=f"{fix}, or a ratio within {_range(band.min, band.max)} if it stays "
            f"{segment.motion}",
        )
