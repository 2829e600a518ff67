"""A quarterly plan as text, Markdown, JSON or HTML (with plots). Formats only."""

from __future__ import annotations

import html

from csorg_cli.jsontext import dumps
from csorg_cli.markdown import escape
from csorg_cli.markdown import table as markdown_table
from csorg_cli.numbers import count
from csorg_cli.plan.quarters import QuarterlyPlan, plan_as_dict

FORMATS = ("text", "markdown", "json", "html")


def _money(value: float | None) -> str:
    return "-" if value is None else f"{value:,.0f}"


def segment_tables(plan: QuarterlyPlan) -> list[tuple[str, list[str], list[list[str]]]]:
    """``(title, headers, rows)`` per segment: demand, supply and people by quarter."""
    out = []
    for timeline in plan.segments:
        headers = ["", *plan.labels]
        q = timeline.quarters
        rows = [
            ["accounts", *(count(x.accounts) for x in q)],
            [f"seats needed (1:{timeline.target_ratio:,})", *(count(x.demand) for x in q)],
            ["effective supply (ramp)", *(count(x.supply) for x in q)],
            ["people", *(count(x.people) for x in q)],
            ["starts", *(count(x.starts) for x in q)],
            ["expected leavers", *(count(x.leavers) for x in q)],
            ["front-line managers", *(count(x.managers) for x in q)],
        ]
        title = f"{timeline.name} ({timeline.motion}, {timeline.role_type})"
        if timeline.shortfall_quarters:
            title += " - short in " + ", ".join(
                plan.labels[i - 1] for i in timeline.shortfall_quarters
            )
        out.append((title, headers, rows))
    return out


HIRE_HEADERS = ["role", "segment", "region", "count", "open req", "start", "ready", "why"]


def hire_rows(plan: QuarterlyPlan) -> list[list[str]]:
    data = plan_as_dict(plan)["hiring_plan"]
    return [
        [
            h["role_type"],
            h["segment"],
            h["region"] or "-",
            str(h["count"]),
            h["open"],
            h["start"],
            h["ready"],
            h["reason"],
        ]
        for h in data
    ]


def cost_rows(plan: QuarterlyPlan) -> list[list[str]]:
    if plan.costs is None:
        return []
    rows = [
        [
            plan.labels[c.quarter - 1],
            count(c.people),
            _money(c.pay),
            _money(c.hiring),
            _money(c.total),
        ]
        for c in plan.costs
    ]
    total = sum(c.total for c in plan.costs)
    rows.append(["total", "", "", "", _money(total)])
    return rows


COST_HEADERS = ["quarter", "people", "pay (loaded)", "hiring", "total"]


def _budget_line(plan: QuarterlyPlan) -> str | None:
    if plan.costs is None or plan.budget_annual is None:
        return None
    annualised = sum(c.total for c in plan.costs) * 4 / len(plan.costs)
    delta = annualised - plan.budget_annual
    word = "over" if delta > 0 else "under"
    return (
        f"Annualised cost {_money(annualised)} against a budget of {_money(plan.budget_annual)}: "
        f"{_money(abs(delta))} {word}."
    )


def _unpriced_line(plan: QuarterlyPlan) -> str | None:
    if not plan.unpriced:
        return None
    return (
        "No cost shown: no `pay` entry matches "
        + ", ".join(plan.unpriced)
        + " (add entries under assumptions.pay in the plan file)."
    )


def render_markdown(plan: QuarterlyPlan, title: str) -> str:
    parts = [f"## Quarterly plan: {escape(title)}", ""]
    for name, headers, rows in segment_tables(plan):
        parts += [
            f"### {escape(name)}",
            "",
            *markdown_table(headers, rows, range(1, len(headers))),
            "",
        ]
    parts += ["### Hiring plan", ""]
    rows = hire_rows(plan)
    parts += [*markdown_table(HIRE_HEADERS, rows, (3,)), ""] if rows else ["No hires needed.", ""]
    parts += ["### Cost by quarter", ""]
    if plan.costs is not None:
        parts += [*markdown_table(COST_HEADERS, cost_rows(plan), (1, 2, 3, 4)), ""]
    for line in (_budget_line(plan), _unpriced_line(plan)):
        if line:
            parts += [escape(line), ""]
    parts += ["### Assumptions used", ""]
    parts += [
        f"- **{escape(name)}**: {escape(value)}" for name, value in plan.assumptions.provided()
    ]
    return "\n".join(parts) + "\n"


def render_text(plan: QuarterlyPlan, title: str, color: bool = False) -> str:
    import io

    from rich.console import Console
    from rich.table import Table

    buffer = io.StringIO()
    console = Console(
        file=buffer, force_terminal=color, no_color=not color, width=140, highlight=False
    )
    console.print(f"Quarterly plan: {title}", style="bold", markup=False)
    for name, headers, rows in segment_tables(plan):
        table = Table(title=name, title_justify="left")
        for index, header in enumerate(headers):
            table.add_column(header, justify="left" if index == 0 else "right")
        for row in rows:
            table.add_row(*row)
        console.print(table)
    rows = hire_rows(plan)
    if rows:
        table = Table(title="Hiring plan", title_justify="left")
        for header in HIRE_HEADERS:
            table.add_column(header, justify="right" if header == "count" else "left")
        for row in rows:
            table.add_row(*row)
        console.print(table)
    else:
        console.print("No hires needed.")
    if plan.costs is not None:
        table = Table(title="Cost by quarter", title_justify="left")
        for index, header in enumerate(COST_HEADERS):
            table.add_column(header, justify="left" if index == 0 else "right")
        for row in cost_rows(plan):
            table.add_row(*row)
        console.print(table)
    for line in (_budget_line(plan), _unpriced_line(plan)):
        if line:
            console.print(line, markup=False)
    console.print("Assumptions used:", style="bold")
    for name, value in plan.assumptions.provided():
        console.print(f"  {name}: {value}", markup=False)
    return buffer.getvalue()


def render_html(plan: QuarterlyPlan, title: str) -> str:
    """One self-contained page: tables and the plots (inline SVG, no script, no network)."""
    from csorg_cli.plan.plots import cost_plot, seats_plot

    sections = [f"<h1>Quarterly plan: {html.escape(title)}</h1>"]
    sections.append("<h2>Seats needed and in place</h2>" + seats_plot(plan))
    if plan.costs is not None:
        sections.append("<h2>Cost by quarter</h2>" + cost_plot(plan))
    for name, headers, rows in segment_tables(plan):
        sections.append(f"<h2>{html.escape(name)}</h2>" + table_html(headers, rows))
    sections.append("<h2>Hiring plan</h2>" + table_html(HIRE_HEADERS, hire_rows(plan)))
    if plan.costs is not None:
        sections.append("<h2>Cost</h2>" + table_html(COST_HEADERS, cost_rows(plan)))
    notes = [line for line in (_budget_line(plan), _unpriced_line(plan)) if line]
    sections += [f"<p>{html.escape(line)}</p>" for line in notes]
    items = "".join(
        f"<li><b>{html.escape(n)}</b>: {html.escape(v)}</li>"
        for n, v in plan.assumptions.provided()
    )
    sections.append(f"<h2>Assumptions used</h2><ul>{items}</ul>")
    return page(title, "".join(sections))


def table_html(headers: list[str], rows: list[list[str]]) -> str:
    """An HTML table of display strings, every cell escaped."""
    head = "".join(f"<th>{html.escape(h)}</th>" for h in headers)
    body = "".join(
        "<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in row) + "</tr>" for row in rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def page(title: str, body: str) -> str:
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        f"<title>{html.escape(title)}</title><style>"
        "body{font-family:'DejaVu Sans',Arial,sans-serif;margin:2em;color:#222}"
        "table{border-collapse:collapse;margin:0.5em 0 1.5em}"
        "td,th{border:1px solid #ccc;padding:3px 8px;text-align:right}"
        "td:first-child,th:first-child{text-align:left}"
        "svg{max-width:100%;height:auto}"
        "@media print{body{margin:0}h2{break-after:avoid}table,svg{break-inside:avoid}}"
        f"</style></head><body>{body}</body></html>\n"
    )


def render(plan: QuarterlyPlan, output_format: str, title: str, color: bool = False) -> str:
    if output_format == "json":
        return dumps({"version": 1, "name": title, **plan_as_dict(plan)}, ascii_only=True)
    if output_format == "markdown":
        return render_markdown(plan, title)
    if output_format == "html":
        return render_html(plan, title)
    return render_text(plan, title, color)
