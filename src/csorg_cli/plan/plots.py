"""Plots for plans and scenario comparisons, drawn by matplotlib as inline SVG.

matplotlib is imported here only, when an HTML output asks for a plot: `csorg validate` never pays
for it. The Agg backend needs no display, and SVG text is kept as text (``svg.fonttype: none``) so
the page stays small and searchable. Each plot's ``<title>`` names what it shows, for screen readers.
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from csorg_cli.plan.quarters import QuarterlyPlan


def _pyplot() -> Any:
    import matplotlib

    matplotlib.use("Agg")
    matplotlib.rcParams["svg.fonttype"] = "none"
    matplotlib.rcParams["svg.hashsalt"] = "csorg"  # the same plan gives the same bytes
    matplotlib.rcParams["font.family"] = "DejaVu Sans"
    import matplotlib.pyplot as plt

    return plt


def _svg(figure: Any, description: str) -> str:
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None})
    _pyplot().close(figure)
    text = buffer.getvalue()
    start = text.index("<svg")
    svg = text[start:]
    # The Dublin Core block names the generator and schema URLs: nothing a reader needs.
    meta_start, meta_end = svg.find("<metadata>"), svg.find("</metadata>")
    if meta_start != -1 and meta_end != -1:
        svg = svg[:meta_start] + svg[meta_end + len("</metadata>") :]
    # A title for assistive technology, escaped as text.
    from html import escape

    head_end = svg.index(">") + 1
    return svg[:head_end] + f"<title>{escape(description)}</title>" + svg[head_end:]


def seats_plot(plan: QuarterlyPlan) -> str:
    """Seats needed against effective supply, per segment, by quarter."""
    plt = _pyplot()
    figure, axes = plt.subplots(figsize=(8, 3.6))
    for index, timeline in enumerate(plan.segments):
        colour = f"C{index % 10}"
        demand = [q.demand for q in timeline.quarters]
        supply = [q.supply for q in timeline.quarters]
        axes.plot(
            plan.labels,
            demand,
            color=colour,
            linestyle="--",
            marker="o",
            label=f"{timeline.name}: needed",
        )
        axes.plot(plan.labels, supply, color=colour, marker="s", label=f"{timeline.name}: in place")
    axes.set_ylabel("coverage seats")
    axes.set_ylim(bottom=0)
    axes.grid(alpha=0.3)
    axes.legend(fontsize=8, ncol=2, loc="upper left", bbox_to_anchor=(1.01, 1))
    return _svg(figure, "Coverage seats needed (dashed) and in place, by quarter and segment")


def cost_plot(plan: QuarterlyPlan) -> str:
    """Cost per quarter, pay and hiring stacked."""
    plt = _pyplot()
    assert plan.costs is not None
    figure, axes = plt.subplots(figsize=(8, 3))
    pay = [c.pay for c in plan.costs]
    hiring = [c.hiring for c in plan.costs]
    axes.bar(plan.labels, pay, color="C0", label="pay (loaded)")
    axes.bar(plan.labels, hiring, bottom=pay, color="C1", label="hiring")
    if plan.budget_annual is not None:
        axes.axhline(plan.budget_annual / 4, color="C3", linestyle="--", label="budget / 4")
    axes.set_ylabel("cost per quarter")
    axes.yaxis.set_major_formatter(lambda value, _pos: f"{value:,.0f}")
    axes.grid(axis="y", alpha=0.3)
    axes.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1))
    return _svg(figure, "Cost per quarter: loaded pay and hiring")


def bars_plot(
    labels: Sequence[str], series: dict[str, Sequence[float]], ylabel: str, description: str
) -> str:
    """Grouped bars: one group per label (a scenario), one bar per series."""
    plt = _pyplot()
    figure, axes = plt.subplots(figsize=(8, 3))
    width = 0.8 / max(len(series), 1)
    for index, (name, values) in enumerate(series.items()):
        positions = [i + index * width for i in range(len(labels))]
        axes.bar(positions, values, width=width, label=name, color=f"C{index % 10}")
    axes.set_xticks([i + width * (len(series) - 1) / 2 for i in range(len(labels))], list(labels))
    axes.set_ylabel(ylabel)
    axes.yaxis.set_major_formatter(lambda value, _pos: f"{value:,.0f}")
    axes.grid(axis="y", alpha=0.3)
    if len(series) > 1:
        axes.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1))
    return _svg(figure, description)


def needed_vs_in_place_plot(
    labels: Sequence[str], series: Mapping[str, tuple[Sequence[float], Sequence[float]]]
) -> str:
    """Per scenario, seats needed (dashed) and in place (solid) by quarter, one colour each."""
    plt = _pyplot()
    figure, axes = plt.subplots(figsize=(8, 3.6))
    for index, (name, (needed, in_place)) in enumerate(series.items()):
        colour = f"C{index % 10}"
        axes.plot(labels, needed, color=colour, linestyle="--", marker="o", label=f"{name}: needed")
        axes.plot(labels, in_place, color=colour, marker="s", label=f"{name}: in place")
    axes.set_ylabel("coverage seats")
    axes.set_ylim(bottom=0)
    axes.grid(alpha=0.3)
    axes.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1))
    return _svg(figure, "Coverage seats needed (dashed) and in place, by quarter and scenario")
