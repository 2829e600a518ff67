"""A plan as text (rich tables), Markdown or JSON. Formats only: the figures come from compute."""

from __future__ import annotations

import io
from typing import Any

from csorg_cli.jsontext import dumps
from csorg_cli.markdown import code, escape
from csorg_cli.markdown import table as markdown_table
from csorg_cli.numbers import count
from csorg_cli.plan.compute import Plan

FORMATS = ("text", "markdown", "json")
JSON_VERSION = 1


def _num(value: float | int | None) -> str:
    return count(value, missing="-")


def _arrow(before: Any, after: Any) -> str:
    if before is None:
        return f"new: {_num(after) if not isinstance(after, str) else after}"
    if before == after:
        return _num(after) if not isinstance(after, str) else after
    if isinstance(after, str):
        return f"{before} -> {after}"
    return f"{_num(before)} -> {_num(after)}"


def _signed(delta: float) -> str:
    text = count(abs(delta))
    return f"+{text}" if delta > 0 else f"-{text}" if delta < 0 else "0"


def segment_rows(plan: Plan) -> list[list[str]]:
    """One row per segment: the table both text and Markdown show."""
    rows = []
    for s in plan.segments:
        rows.append(
            [
                s.segment_id,
                _arrow(s.motion_before, s.motion),
                _arrow(s.accounts_before, s.accounts),
                _arrow(f"1:{s.ratio_before}" if s.ratio_before else None, f"1:{s.ratio}"),
                str(s.seats),
                str(s.open_seats),
                _num(s.needed_now),
                str(s.needed),
                _signed(s.needed - s.seats),
                str(s.seats_after),
                _num(s.accounts_per_seat_after),
                s.status_after,
            ]
        )
    return rows


SEGMENT_HEADERS = [
    "segment",
    "motion",
    "accounts",
    "target",
    "seats",
    "open",
    "needed now",
    "needed",
    "gap",
    "seats after",
    "accounts/seat after",
    "status after",
]
LINE_HEADERS = ["segment", "role type", "have", "need", "hire (+) / surplus (-)", "seats go to"]


def line_rows(plan: Plan) -> list[list[str]]:
    return [
        [
            line.segment_id,
            line.archetype + (" (manager)" if line.kind == "manager" else ""),
            str(line.have),
            str(line.need),
            _signed(line.delta),
            ", ".join(line.roles) or "-",
        ]
        for line in plan.lines
    ]


def _summary(plan: Plan) -> str:
    coverage = plan.hires - plan.manager_hires
    parts = [
        f"{coverage} coverage seat{'s' if coverage != 1 else ''} to add",
        f"{plan.manager_hires} team lead{'s' if plan.manager_hires != 1 else ''}",
    ]
    if plan.surplus:
        parts.append(
            f"{plan.surplus} surplus seat{'s' if plan.surplus != 1 else ''} (reported, not removed)"
        )
    return "; ".join(parts)


def text_segment_rows(plan: Plan) -> list[list[str]]:
    """The compact segment table for a terminal: before -> after in one cell each."""
    rows = []
    for s in plan.segments:
        seats = f"{s.seats}" + (f" ({s.open_seats} open)" if s.open_seats else "")
        needed = (
            str(s.needed) if s.needed_now in (None, s.needed) else f"{s.needed_now} -> {s.needed}"
        )
        after = f"{s.seats_after} seats, {_num(s.accounts_per_seat_after)}/seat, {s.status_after}"
        rows.append(
            [
                s.segment_id,
                _arrow(s.motion_before, s.motion),
                _arrow(s.accounts_before, s.accounts),
                _arrow(f"1:{s.ratio_before}" if s.ratio_before else None, f"1:{s.ratio}"),
                seats,
                needed,
                _signed(s.needed - s.seats),
                after,
            ]
        )
    return rows


TEXT_SEGMENT_HEADERS = [
    "segment",
    "motion",
    "accounts",
    "target",
    "seats",
    "needed",
    "gap",
    "after the plan",
]


def render_text(plan: Plan, color: bool = False, width: int | None = None) -> str:
    """Rich tables for a terminal."""
    from rich.console import Console
    from rich.table import Table

    buffer = io.StringIO()
    console = Console(
        file=buffer,
        force_terminal=color,
        no_color=not color,
        width=width or 120,
        highlight=False,
        soft_wrap=False,
    )
    title = f"Capacity plan: {plan.org_name}"
    if plan.scenario:
        title += f" - {plan.scenario}"
    console.print(title, style="bold")
    if plan.changes:
        console.print("Changes: " + ", ".join(plan.changes))
    else:
        console.print("No changes: the seats each segment needs today.")
    table = Table(title="Coverage by segment", title_justify="left")
    for header in TEXT_SEGMENT_HEADERS:
        table.add_column(
            header, justify="right" if header in ("accounts", "target", "needed", "gap") else "left"
        )
    for row in text_segment_rows(plan):
        table.add_row(*row)
    console.print(table)
    lines = Table(title="Hires and surplus by role type", title_justify="left")
    for header in LINE_HEADERS:
        lines.add_column(
            header,
            justify="right" if header in ("have", "need") or header.startswith("hire") else "left",
        )
    for row in line_rows(plan):
        lines.add_row(*row)
    console.print(lines)
    for leader, (before, after) in plan.leader_spans.items():
        console.print(f"New team leads report to {leader}: span {before} -> {after}.")
    console.print(
        f"{_summary(plan)}. Front-line span limit {plan.span_limit} (benchmark span.front_line)."
    )
    return buffer.getvalue()


def _md_table(headers: list[str], rows: list[list[str]]) -> str:
    return "\n".join(markdown_table(headers, rows))


def render_markdown(plan: Plan) -> str:
    """Markdown for a wiki page or a pull-request comment."""
    parts = [
        f"## Capacity plan: {escape(plan.org_name)}"
        + (f" - {escape(plan.scenario)}" if plan.scenario else ""),
        "",
    ]
    if plan.changes:
        parts += ["Changes: " + ", ".join(code(c) for c in plan.changes), ""]
    else:
        parts += ["No changes: the seats each segment needs today.", ""]
    parts += [
        "### Coverage by segment",
        "",
        _md_table(SEGMENT_HEADERS, segment_rows(plan)),
        "",
        "### Hires and surplus by role type",
        "",
        _md_table(LINE_HEADERS, line_rows(plan)),
        "",
    ]
    for leader, (before, after) in plan.leader_spans.items():
        parts.append(f"New team leads report to {code(leader)}: span {before} -> {after}.")
    parts += [
        f"**{_summary(plan)}.** Front-line span limit {plan.span_limit} "
        f"(benchmark `span.front_line`).",
        "",
    ]
    return "\n".join(parts)


def plan_json(plan: Plan) -> dict[str, Any]:
    """The plan as plain data with stable keys (documented in docs/plan.md)."""
    return {
        "version": JSON_VERSION,
        "file": plan.file,
        "organization": plan.org_name,
        "scenario": plan.scenario,
        "changes": plan.changes,
        "span_limit": {"front_line": plan.span_limit, "source": plan.span_source},
        "segments": [
            {
                "id": s.segment_id,
                "name": s.name,
                "new": s.is_new,
                "motion": {"before": s.motion_before, "after": s.motion},
                "accounts": {"before": s.accounts_before, "after": s.accounts},
                "arr": {"before": s.arr_before, "after": s.arr},
                "target_ratio": {
                    "before": s.ratio_before,
                    "after": s.ratio,
                    "source": s.ratio_source,
                },
                "seats": s.seats,
                "open_seats": s.open_seats,
                "seats_needed": {"now": s.needed_now, "after": s.needed},
                "gap": s.needed - s.seats,
                "seats_after_plan": s.seats_after,
                "accounts_per_seat_after_plan": s.accounts_per_seat_after,
                "status_after_plan": s.status_after,
            }
            for s in plan.segments
        ],
        "lines": [
            {
                "segment": line.segment_id,
                "role_type": line.archetype,
                "kind": line.kind,
                "have": line.have,
                "need": line.need,
                "delta": line.delta,
                "roles": line.roles,
            }
            for line in plan.lines
        ],
        "leader_spans": {
            leader: {"before": before, "after": after}
            for leader, (before, after) in plan.leader_spans.items()
        },
        "summary": {
            "coverage_hires": plan.hires - plan.manager_hires,
            "manager_hires": plan.manager_hires,
            "surplus": plan.surplus,
        },
    }


def render(plan: Plan, output_format: str, color: bool = False) -> str:
    """The plan in ``output_format`` (one of FORMATS)."""
    if output_format == "json":
        return dumps(plan_json(plan))
    if output_format == "markdown":
        return render_markdown(plan)
    return render_text(plan, color=color)
