"""Span bands shared by ``span-of-control`` (too wide) and ``narrow-span`` (too narrow).

Not a rule: both rules take the same four bands as options, each defaulting to its benchmark, and
judge each manager of the CS org against the band of what that manager leads.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from csorg_cli.analysis.metrics import SPAN_LEVELS, SpanLevel, span_level
from csorg_cli.rules.base import RuleContext
from csorg_cli.rules.thresholds import Band, Threshold, benchmark_option, resolve_band

LEVEL_WORDS: dict[str, str] = {
    "front_line": "front-line",
    "specialist": "specialist team",
    "director": "leader of managers",
    "executive": "executive",
}


class SpanBands(BaseModel):
    """Span bands per function family and level; each defaults to its benchmark."""

    model_config = ConfigDict(extra="forbid", defer_build=True)

    front_line: Band | None = benchmark_option(
        "span.front_line", "Seats a manager of a coverage, renewals or support team may lead."
    )
    specialist: Band | None = benchmark_option(
        "span.specialist",
        "Seats a manager of a specialist team (ops, analytics, education, enablement, "
        "onboarding, services) may lead.",
    )
    director: Band | None = benchmark_option(
        "span.director", "Seats a leader of managers may lead."
    )
    executive: Band | None = benchmark_option(
        "span.executive", "Seats an executive (VP, chief, head of CS) who leads managers may lead."
    )


def resolve_bands(ctx: RuleContext, options: SpanBands) -> dict[SpanLevel, Threshold]:
    """The band of every level: the option's ends over the benchmark's."""
    return {
        level: resolve_band(ctx.benchmarks, f"span.{level}", getattr(options, level))
        for level in SPAN_LEVELS
    }


def judged_spans(ctx: RuleContext) -> dict[str, int]:
    """Span of every manager of the CS org (from its leader down), outside reporting cycles."""
    return ctx.shared(_judged_spans)


def _judged_spans(ctx: RuleContext) -> dict[str, int]:
    tree = ctx.tree
    return {
        role_id: span
        for role_id, span in ctx.metrics.spans.spans.items()
        if role_id in tree.layer and tree.in_cs(role_id)
    }


def level_of(ctx: RuleContext, role_id: str) -> SpanLevel:
    return span_level(ctx.tree, role_id)
