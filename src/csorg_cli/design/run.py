"""``csorg design``: read the input, solve, write the org and the summary; returns the exit code."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from csorg_cli.design.model import DesignInput
from csorg_cli.design.solve import Design, Outcome, design_summary, solve
from csorg_cli.design.write import describe_difference, write_design
from csorg_cli.markdown import escape
from csorg_cli.model.benchmarks import Benchmarks
from csorg_cli.outputs import write_output
from csorg_cli.plan.assumptions import read_model_file
from csorg_cli.rules.engine import RuleConfig

FORMATS = ("text", "markdown", "json")
EXIT_DESIGNED, EXIT_INFEASIBLE = 0, 1


@dataclass
class DesignOptions:
    input: str
    benchmarks: Benchmarks
    config: RuleConfig | None = None
    output_format: str = "text"
    output: str | None = None
    write: str | None = None
    write_alternatives: str | None = None
    protected: tuple[str, ...] = ()


def read_design(path: str) -> DesignInput:
    spec, _, _ = read_model_file(path, DesignInput, "a design input")
    return spec  # type: ignore[no-any-return]


def findings_of(
    spec: DesignInput, design: Design, outcome: Outcome, source: str, config: RuleConfig | None
) -> list[str]:
    """What `csorg validate` would warn about in the written design (info notes are fine)."""
    from csorg_cli.checking import CheckSettings, load_checked
    from csorg_cli.diagnostics import Severity

    text = write_design(spec, design, outcome.limits, source)
    result = load_checked("designed.yaml", CheckSettings(config or RuleConfig()), text=text)
    return [f"{d.rule}: {d.message}" for d in result.diagnostics if d.severity is not Severity.INFO]


def checked(
    spec: DesignInput, outcome: Outcome, source: str, config: RuleConfig | None = None
) -> Outcome:
    """The outcome whose design validates clean under csorg's own rules.

    The cheapest structure that raises a warning gives way to the next alternative that does not;
    when none is clean, the warnings are what binds, and the cheapest is the nearest design.
    """
    if outcome.design is None:
        return outcome
    candidates = [outcome.design, *outcome.alternatives]
    for index, candidate in enumerate(candidates):
        if not findings_of(spec, candidate, outcome, source, config):
            rest = [c for i, c in enumerate(candidates) if i != index]
            return Outcome(candidate, rest, outcome.limits)
    problems = findings_of(spec, outcome.design, outcome, source, config)
    return Outcome(
        None,
        [],
        outcome.limits,
        [f"csorg validate would warn: {p}" for p in problems],
        outcome.design,
        "the cheapest structure, which still raises the warnings above",
    )


def run_design(options: DesignOptions) -> int:
    """Design, write what was asked, print the summary; 0 designed, 1 constraints do not hold."""
    spec = read_design(options.input)
    outcome = checked(spec, solve(spec, options.benchmarks), options.input, options.config)
    protected = [options.input, *options.protected]
    chosen = outcome.design or outcome.nearest
    if options.write is not None and chosen is not None:
        note = (
            ""
            if outcome.design
            else (
                "The constraints cannot all hold; this is the nearest design: "
                + outcome.nearest_note
            )
        )
        write_output(
            write_design(spec, chosen, outcome.limits, options.input, outcome.alternatives, note),
            options.write,
            protected,
        )
        protected.append(options.write)
    if options.write_alternatives is not None and outcome.design is not None:
        from pathlib import Path

        folder = Path(options.write_alternatives)
        folder.mkdir(parents=True, exist_ok=True)
        for number, alternative in enumerate(outcome.alternatives, start=1):
            target = folder / f"alternative-{number}.yaml"
            note = "Alternative: " + describe_difference(outcome.design, alternative)
            write_output(
                write_design(spec, alternative, outcome.limits, options.input, None, note),
                str(target),
                protected,
            )
            protected.append(str(target))
    write_output(render(spec, outcome, options.output_format), options.output, protected)
    return EXIT_DESIGNED if outcome.design is not None else EXIT_INFEASIBLE


def summary(outcome: Outcome) -> dict[str, Any]:
    return {
        "version": 1,
        "feasible": outcome.design is not None,
        "design": design_summary(outcome.design) if outcome.design else None,
        "alternatives": [
            {**design_summary(a), "difference": describe_difference(outcome.design, a)}
            for a in outcome.alternatives
            if outcome.design is not None
        ],
        "binding": outcome.binding,
        "nearest": design_summary(outcome.nearest) if outcome.nearest else None,
        "nearest_note": outcome.nearest_note or None,
        "limits": {
            "ratios": outcome.limits.ratios,
            "span": [outcome.limits.span_min, outcome.limits.span_max],
            "leader_span_max": outcome.limits.leader_span_max,
            "max_layers": outcome.limits.max_layers,
            "budget": outcome.limits.budget,
        },
    }


def _lines(spec: DesignInput, outcome: Outcome, md: bool) -> list[str]:
    def e(text: str) -> str:
        return escape(text) if md else text

    out = []
    name = spec.organization.name
    design: Design | None = outcome.design
    if design is not None:
        out.append(
            f"{'## ' if md else ''}Design for {e(name)}: {design.seats} seats, "
            f"{design.layers} layers, annual loaded cost {design.cost:,.0f}"
        )
        for option in design.options:
            out.append(
                f"- {e(option.segment_id)}: {option.motion}, {option.coverage_seats} "
                f"coverage seats ({option.layout}) - {e(option.why_motion)}"
            )
        for role in design.functions:
            if role.why:
                out.append(f"- {e(role.id)}: {role.headcount} seat(s) - {e(role.why)}")
        out.append(f"- CS leader span: {design.leader_span} (max {outcome.limits.leader_span_max})")
        if outcome.limits.budget is not None:
            out.append(
                f"- budget {outcome.limits.budget:,.0f}: "
                f"{outcome.limits.budget - design.cost:,.0f} left"
            )
        for number, alternative in enumerate(outcome.alternatives, start=1):
            out.append(f"Alternative {number}: {e(describe_difference(design, alternative))}")
    else:
        out.append(f"{'## ' if md else ''}No design for {e(name)} meets every constraint")
        out += [f"- binds: {e(b)}" for b in outcome.binding]
        if outcome.nearest is not None:
            out.append(
                f"Nearest: {e(outcome.nearest_note)}: {outcome.nearest.seats} seats, cost "
                f"{outcome.nearest.cost:,.0f}"
            )
    return out


def render(spec: DesignInput, outcome: Outcome, output_format: str) -> str:
    if output_format == "json":
        return json.dumps(summary(outcome), indent=2) + "\n"
    return "\n".join(_lines(spec, outcome, output_format == "markdown")) + "\n"
