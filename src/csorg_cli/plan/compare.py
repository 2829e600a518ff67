"""Side-by-side scenarios: ``csorg plan org.yaml --scenario a.yaml --scenario b.yaml``.

Each scenario is either a change file (``csorg-scenario: 1``, applied to the org as ``plan`` does,
then written with ``plan --write``'s edits) or a whole org file (``csorg: 1``, for instance one
that ``csorg design`` proposed). Every design is loaded and checked exactly as ``csorg validate``
would, so the table shows the findings each would raise beside its seats, cost, coverage, spans
and layers; the org as it is comes first, for reference.
"""

from __future__ import annotations

import html
import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from csorg_cli.checking import CheckSettings, FileResult, load_checked
from csorg_cli.markdown import escape
from csorg_cli.markdown import table as markdown_table
from csorg_cli.numbers import count
from csorg_cli.plan.assumptions import Assumptions, Growth, PlanFileError
from csorg_cli.plan.cost import org_cost
from csorg_cli.plan.quarters import QuarterlyPlan, build_quarterly_plan

FORMATS = ("text", "markdown", "json", "html")


@dataclass
class ScenarioFigures:
    """One design's figures."""

    name: str
    source: str
    seats: int
    open_seats: int
    cost: float | None
    arr: float | None
    coverage: dict[str, tuple[float | None, int, str]]  # segment -> (per seat, target, status)
    span_median: float | None
    span_max: int | None
    layers: int
    findings: Counter[str] = field(default_factory=Counter)  # severity -> count
    finding_rules: Counter[str] = field(default_factory=Counter)
    quarterly: QuarterlyPlan | None = None

    @property
    def cost_share(self) -> float | None:
        return self.cost / self.arr if self.cost is not None and self.arr else None


def figures_of(
    result: FileResult,
    name: str,
    assumptions: Assumptions | None,
    quarters: int | None = None,
    growth: list[Growth] | None = None,
) -> ScenarioFigures:
    """The figures of one checked org (its errors counted among its findings)."""
    from csorg_cli.rules import RULES

    # Findings about today's accounts file are left out of every column: a scenario's segment
    # figures are projections that no book describes, so only the org as it is would have them.
    about_the_org = [
        d for d in result.diagnostics if d.rule not in RULES or RULES[d.rule].category != "book"
    ]
    findings: Counter[str] = Counter(d.severity.value for d in about_the_org)
    rules: Counter[str] = Counter(d.rule for d in about_the_org)
    if result.org is None or result.tree is None or result.metrics is None:
        return ScenarioFigures(
            name, result.file, 0, 0, None, None, {}, None, None, 0, findings, rules
        )
    tree, metrics = result.tree, result.metrics
    cost = None
    quarterly = None
    if assumptions is not None and assumptions.pay:
        computed = org_cost(tree, assumptions)
        cost = None if computed.unpriced else computed.budgeted
        if quarters:
            try:
                quarterly = build_quarterly_plan(
                    tree,
                    result.benchmarks,
                    assumptions,
                    [g for g in growth or [] if g.segment in result.org.segments],
                    quarters,
                )
            except PlanFileError:
                quarterly = None
    arrs = [s.arr for s in result.org.segments.values() if s.arr is not None]
    coverage: dict[str, tuple[float | None, int, str]] = {
        segment_id: (c.accounts_per_seat, c.target_ratio, str(c.status()))
        for segment_id, c in metrics.coverage.items()
    }
    layers = max(tree.layer.values(), default=0)
    return ScenarioFigures(
        name=name,
        source=result.file,
        seats=sum(r.headcount for r in result.org.roles.values()),
        open_seats=sum(r.open for r in result.org.roles.values()),
        cost=cost,
        arr=sum(arrs) if arrs else None,
        coverage=coverage,
        span_median=metrics.spans.median,
        span_max=metrics.spans.maximum,
        layers=layers,
        findings=findings,
        finding_rules=rules,
        quarterly=quarterly,
    )


def load_scenario_org(
    base: FileResult, path: str, settings: CheckSettings
) -> tuple[FileResult, str]:
    """A scenario as a checked org: a whole org file, or a change file applied to ``base``."""
    from csorg_cli.plan import build_plan, load_scenario, write_plan

    head = Path(path).read_text(encoding="utf-8", errors="replace")[:4096]
    if any(line.strip().startswith("csorg:") for line in head.splitlines()):
        return load_checked(path, settings), Path(path).stem
    scenario = load_scenario(path)
    assert base.tree is not None and base.org is not None
    role_files = {rid: source.file for rid, source in base.loaded.role_sources.items()}
    plan = build_plan(
        base.tree,
        scenario.changes,
        base.benchmarks,
        file=base.file,
        role_files=role_files,
        scenario=scenario.name or path,
        metrics=base.metrics,
    )
    # The text the base org was loaded from (one read): the scenario's edits apply to it.
    source = base.loaded.files[0].read
    if source is None or source.text is None:
        raise PlanFileError([f"{base.file}: a scenario of changes needs the org as a file"])
    text = write_plan(source.text, base.file, base.org, plan.planned, plan.edits)
    planned = load_checked(
        base.loaded.files[0].path, settings, display=f"{path} (planned)", text=text
    )
    return planned, scenario.name or Path(path).stem


HEADERS = [
    "",
    "seats (open)",
    "annual cost",
    "cost / ARR",
    "span median / max",
    "layers",
    "findings (err / warn / info)",
]


def _money(value: float | None) -> str:
    return "-" if value is None else f"{value:,.0f}"


def _share(value: float | None) -> str:
    return "-" if value is None else f"{value:.1%}"


def rows(scenarios: list[ScenarioFigures]) -> list[list[str]]:
    out = []
    for s in scenarios:
        f = s.findings
        out.append(
            [
                s.name,
                f"{s.seats:,} ({s.open_seats:,})",
                _money(s.cost),
                _share(s.cost_share),
                f"{count(s.span_median, missing='-')} / {count(s.span_max, missing='-')}",
                str(s.layers),
                f"{f['error']} / {f['warning']} / {f['info']}",
            ]
        )
    return out


def coverage_rows(scenarios: list[ScenarioFigures]) -> tuple[list[str], list[list[str]]]:
    segments = list(dict.fromkeys(seg for s in scenarios for seg in s.coverage))
    headers = ["segment", *(s.name for s in scenarios)]
    body = []
    for segment in segments:
        row = [segment]
        for s in scenarios:
            if segment not in s.coverage:
                row.append("-")
                continue
            per_seat, target, status = s.coverage[segment]
            row.append(f"{count(per_seat, missing='no seats')} vs 1:{target:,} ({status})")
        body.append(row)
    return headers, body


def render_markdown(title: str, scenarios: list[ScenarioFigures]) -> str:
    parts = [f"## Scenarios: {escape(title)}", ""]
    parts += [*markdown_table(HEADERS, rows(scenarios), (1, 2, 3, 5)), ""]
    headers, body = coverage_rows(scenarios)
    parts += ["### Accounts per coverage seat", "", *markdown_table(headers, body), ""]
    parts += ["### Findings by rule", ""]
    for s in scenarios:
        listed = ", ".join(f"`{r}` x{n}" for r, n in sorted(s.finding_rules.items())) or "none"
        parts.append(f"- **{escape(s.name)}**: {listed}")
    return "\n".join(parts) + "\n"


def render_text(title: str, scenarios: list[ScenarioFigures], color: bool) -> str:
    import io

    from rich.console import Console
    from rich.table import Table

    buffer = io.StringIO()
    console = Console(
        file=buffer, force_terminal=color, no_color=not color, width=140, highlight=False
    )
    console.print(f"Scenarios: {title}", style="bold", markup=False)
    table = Table(title="Side by side", title_justify="left")
    for index, header in enumerate(HEADERS):
        table.add_column(header, justify="left" if index == 0 else "right")
    for row in rows(scenarios):
        table.add_row(*row)
    console.print(table)
    headers, body = coverage_rows(scenarios)
    coverage = Table(title="Accounts per coverage seat", title_justify="left")
    for header in headers:
        coverage.add_column(header)
    for row in body:
        coverage.add_row(*row)
    console.print(coverage)
    for s in scenarios:
        listed = ", ".join(f"{r} x{n}" for r, n in sorted(s.finding_rules.items())) or "none"
        console.print(f"{s.name} findings: {listed}", markup=False)
    return buffer.getvalue()


def as_json(title: str, scenarios: list[ScenarioFigures]) -> dict[str, Any]:
    return {
        "version": 1,
        "name": title,
        "scenarios": [
            {
                "name": s.name,
                "source": s.source,
                "seats": s.seats,
                "open_seats": s.open_seats,
                "cost": s.cost,
                "arr": s.arr,
                "cost_share_of_arr": s.cost_share,
                "coverage": {
                    seg: {"accounts_per_seat": p, "target": t, "status": st}
                    for seg, (p, t, st) in s.coverage.items()
                },
                "span_median": s.span_median,
                "span_max": s.span_max,
                "layers": s.layers,
                "findings": dict(s.findings),
                "findings_by_rule": dict(s.finding_rules),
                "quarterly_cost": None
                if s.quarterly is None or s.quarterly.costs is None
                else [round(c.total, 2) for c in s.quarterly.costs],
            }
            for s in scenarios
        ],
    }


def render_html(title: str, scenarios: list[ScenarioFigures]) -> str:
    from csorg_cli.plan.plots import bars_plot, needed_vs_in_place_plot
    from csorg_cli.plan.quarters_output import page, table_html

    names = [s.name for s in scenarios]
    sections = [f"<h1>Scenarios: {html.escape(title)}</h1>", table_html(HEADERS, rows(scenarios))]
    sections.append(
        "<h2>Seats</h2>"
        + bars_plot(
            names,
            {"seats": [s.seats for s in scenarios], "open": [s.open_seats for s in scenarios]},
            "seats",
            "Seats and open seats per scenario",
        )
    )
    if all(s.cost is not None for s in scenarios):
        sections.append(
            "<h2>Annual cost</h2>"
            + bars_plot(
                names,
                {"annual cost": [s.cost or 0.0 for s in scenarios]},
                "annual loaded cost",
                "Annual loaded cost per scenario",
            )
        )
    plans = [(s.name, s.quarterly) for s in scenarios if s.quarterly is not None]
    if plans:
        labels = plans[0][1].labels
        series = {
            name: (
                [
                    float(sum(t.quarters[i].demand for t in plan.segments))
                    for i in range(len(labels))
                ],
                [
                    float(sum(t.quarters[i].supply for t in plan.segments))
                    for i in range(len(labels))
                ],
            )
            for name, plan in plans
        }
        sections.append(
            "<h2>Coverage seats needed and in place, by quarter</h2>"
            + needed_vs_in_place_plot(labels, series)
        )
        costs: dict[str, Sequence[float]] = {
            name: [c.total for c in plan.costs] for name, plan in plans if plan.costs is not None
        }
        if costs:
            sections.append(
                "<h2>Cost by quarter</h2>"
                + bars_plot(labels, costs, "cost per quarter", "Cost per quarter, per scenario")
            )
    headers, body = coverage_rows(scenarios)
    sections.append("<h2>Accounts per coverage seat</h2>" + table_html(headers, body))
    return page(f"Scenarios: {title}", "".join(sections))


def render(title: str, scenarios: list[ScenarioFigures], output_format: str, color: bool) -> str:
    if output_format == "json":
        return json.dumps(as_json(title, scenarios), indent=2) + "\n"
    if output_format == "markdown":
        return render_markdown(title, scenarios)
    if output_format == "html":
        return render_html(title, scenarios)
    return render_text(title, scenarios, color)
