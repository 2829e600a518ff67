"""The report laid out as sections of plain-text paragraphs and tables, shared by every format.

Text, Markdown and HTML render the same :class:`Section` list, each escaping the plain strings
for its own syntax, so the three always show the same tables with the same figures. (JSON is the
data itself: :meth:`~csorg_cli.report.model.Report.to_dict`.)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from csorg_cli.report import formatting as fmt
from csorg_cli.report.model import COVERAGE_STATUS_HELP, Group, Leader, ManagerSpan, Report

Align = Literal["left", "right"]

# Statuses a format may colour: good, watch, bad.
TONE: dict[str, str] = {
    "on-target": "good",
    "within": "good",
    "overstaffed": "watch",
    "narrow": "watch",
    "no-accounts": "watch",
    "stretched": "bad",
    "uncovered": "bad",
    "wide": "bad",
}

LEVEL_NAMES = {
    "front_line": "front line",
    "specialist": "specialist team",
    "director": "director",
    "executive": "executive",
}


@dataclass(frozen=True)
class Column:
    header: str
    align: Align = "left"
    short: str | None = None  # a narrower header for the terminal

    @property
    def compact(self) -> str:
        return self.short or self.header


@dataclass(frozen=True)
class Table:
    """A titled table of display strings; ``status`` names the column whose value sets a tone."""

    title: str
    columns: list[Column]
    rows: list[list[str]]
    status: int | None = None
    empty: str = "Nothing to show."


@dataclass
class Section:
    """A heading, paragraphs before the tables, the tables, and notes after them."""

    key: str
    heading: str
    paragraphs: list[str] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _plural(n: int, word: str, plural: str | None = None) -> str:
    return f"{n:,} {word if n == 1 else plural or word + 's'}"


def summary_line(report: Report) -> str:
    """One sentence with the org's size."""
    shared = ""
    if report.people != report.seats or report.fte != report.seats:
        # Part-time seats and one person holding two roles make seats, people and FTE differ.
        fte = f"{report.fte:,.1f}".rstrip("0").rstrip(".")
        shared = f" {_plural(report.people, 'person', 'people')}, {fte} FTE;"
    return (
        f"{_plural(report.seats, 'seat')} ({report.filled:,} filled, {report.open:,} open) "
        f"in {_plural(report.roles, 'role')};{shared} "
        f"{_plural(len(report.spans.managers), 'manager')}; "
        f"{_plural(report.depth, 'layer')}."
    )


def subtitle(report: Report) -> str:
    """File, date and currency."""
    parts = [report.file]
    if report.as_of:
        parts.append(f"as of {report.as_of}")
    parts.append(f"ARR in {report.currency}")
    return " · ".join(parts)


def _group_table(title: str, header: str, groups: list[Group]) -> Table:
    rows = [[g.label, fmt.count(g.seats), fmt.count(g.filled), fmt.count(g.open)] for g in groups]
    return Table(
        title,
        [
            Column(header),
            Column("Seats", "right"),
            Column("Filled", "right"),
            Column("Open", "right"),
        ],
        rows,
    )


def _who(leader: Leader | ManagerSpan) -> str:
    return f"{leader.title} ({leader.role}" + (f", {leader.person})" if leader.person else ")")


def headcount_section(report: Report) -> Section:
    return Section(
        "headcount",
        "Headcount",
        [summary_line(report)],
        [
            _group_table("By function", "Function", report.by_function),
            _group_table("By segment", "Segment", report.by_segment),
            _group_table("By region", "Region", report.by_region),
            *(
                [_group_table("By employment", "Employment", report.by_employment)]
                if any(g.key != "employee" for g in report.by_employment)
                else []
            ),
            *([_group_table("By group", "Group", report.by_group)] if report.by_group else []),
        ],
    )


def layers_section(report: Report) -> Section:
    rows = [
        [str(row.layer), fmt.count(row.roles), fmt.count(row.seats), fmt.count(row.open)]
        for row in report.layers
    ]
    text = f"{_plural(report.depth, 'layer')} from the root (the root is layer 1)"
    if report.max_layers is not None:
        verdict = "within" if report.depth <= report.max_layers else "above"
        text += f"; {verdict} the benchmark of at most {fmt.count(report.max_layers)}"
    return Section(
        "layers",
        "Layers",
        [text + "."],
        [
            Table(
                "Seats per layer",
                [
                    Column("Layer", "right"),
                    Column("Roles", "right"),
                    Column("Seats", "right"),
                    Column("Open", "right"),
                ],
                rows,
            )
        ],
    )


def spans_section(report: Report) -> Section:
    spans = report.spans
    if not spans.managers:
        return Section("spans", "Span of control", ["No role has anyone reporting to it."])
    text = (
        f"{_plural(len(spans.managers), 'manager')}: span min {fmt.count(spans.minimum)}, "
        f"median {fmt.count(spans.median)}, max {fmt.count(spans.maximum)} "
        f"(seats reporting on solid lines)."
    )
    outliers = spans.outliers
    if outliers:
        named = "; ".join(
            f"{_who(m)}: {m.span} against {fmt.band(m.band_min, m.band_max)} ({m.status})"
            for m in outliers
        )
        outlier_text = f"Outside the benchmark band for their level: {named}."
    else:
        outlier_text = "Every manager is within the benchmark band for its level."
    rows = [
        [
            m.role,
            m.title,
            m.person or "",
            LEVEL_NAMES.get(m.level, m.level),
            str(m.span),
            fmt.band(m.band_min, m.band_max),
            m.status,
        ]
        for m in spans.managers
    ]
    table = Table(
        "Managers",
        [
            Column("Role"),
            Column("Title"),
            Column("Person"),
            Column("Level"),
            Column("Span", "right"),
            Column("Benchmark", "right"),
            Column("Status"),
        ],
        rows,
        status=6,
    )
    return Section(
        "spans",
        "Span of control",
        [text, outlier_text],
        [table],
        [
            "Bands: front line = a manager of coverage, renewals or support seats "
            "(span.front_line); specialist team = a manager of ops, analytics, education, "
            "enablement, onboarding or services seats (span.specialist); director and executive "
            "= leaders of managers (span.director, span.executive), by the level the title reads "
            "as."
        ],
    )


def coverage_section(report: Report) -> Section:
    if not report.coverage:
        return Section("coverage", "Coverage", ["The org defines no segments."])
    cells = [fmt.coverage_cells(row, report.currency) for row in report.coverage]

    def table(title: str, keys: list[str]) -> Table:
        columns = [
            Column(
                fmt.COVERAGE_HEADERS[k],
                "left" if k in _LEFT else "right",
                fmt.COVERAGE_SHORT_HEADERS.get(k),
            )
            for k in keys
        ]
        status = keys.index("status") if "status" in keys else None
        return Table(title, columns, [[row[k] for k in keys] for row in cells], status=status)

    notes = [f"{status}: {meaning}" for status, meaning in COVERAGE_STATUS_HELP.items()]
    arr_bands = {
        row.coverage.motion: fmt.band(row.arr_band_min, row.arr_band_max, fmt.money)
        for row in report.coverage
        if row.arr_band_min is not None or row.arr_band_max is not None
    }
    if arr_bands:
        notes.append(
            "Benchmark ARR per coverage seat: "
            + "; ".join(f"{motion} {band}" for motion, band in arr_bands.items())
            + f" {report.currency}."
        )
    return Section(
        "coverage",
        "Coverage",
        [
            "Accounts and ARR per coverage seat (CSMs, scaled CSMs, digital success managers... "
            "serving the segment), against the segment's target ratio and the benchmark range of "
            "its motion."
        ],
        [
            table(
                "Coverage per segment",
                ["segment", "motion", "accounts", "arr", "seats", "per_seat", "arr_per_seat"],
            ),
            table(
                "Against target and benchmark",
                ["segment", "per_seat", "target", "needed", "gap", "band", "in_band", "status"],
            ),
        ],
        notes,
    )


_LEFT = {"segment", "motion", "in_band", "status"}


def leadership_section(report: Report) -> Section:
    lead = report.leadership
    paragraphs: list[str] = []
    if lead.cs_leader is None:
        paragraphs.append("No role in this org reads as Customer Success.")
    elif lead.reports_to:
        line = " → ".join(_who(leader) for leader in lead.reports_to)
        paragraphs.append(
            f"Customer Success is led by {_who(lead.cs_leader)}, who reports to {line}."
        )
    else:
        paragraphs.append(
            f"Customer Success is led by {_who(lead.cs_leader)}, the top of this "
            f"org: it reports to no one in this file."
        )
    if len(lead.roots) > 1:
        paragraphs.append(f"The org has {len(lead.roots)} roots: {', '.join(lead.roots)}.")
    by_id = {leader.role: leader for leader in lead.chain}
    rows = []
    for leader in lead.chain:
        manager = by_id.get(leader.reports_to or "")
        rows.append(
            [
                str(leader.layer),
                leader.role,
                leader.title,
                leader.person or "",
                leader.level or "unclassified",
                manager.role if manager else (leader.reports_to or "—"),
                str(leader.span),
            ]
        )
    table = Table(
        "Leadership chain",
        [
            Column("Layer", "right"),
            Column("Role"),
            Column("Title"),
            Column("Person"),
            Column("Level"),
            Column("Reports to"),
            Column("Span", "right"),
        ],
        rows,
    )
    return Section(
        "leadership",
        "Leadership",
        paragraphs,
        [table],
        [
            "The root, every executive- and director-level role beneath it, and the managers who "
            "report straight to an executive."
        ],
    )


def cost_section(report: Report) -> Section | None:
    """Annual loaded cost by function and segment, against ARR and the budget."""
    cost = report.cost
    if cost is None:
        return None
    money = report.currency

    def amount(value: float | None) -> str:
        return "-" if value is None else f"{value:,.0f}"

    paragraphs = [
        f"Annual loaded cost: {amount(cost.budgeted)} {money} with every seat filled "
        f"({amount(cost.filled)} for the seats filled today)."
    ]
    facts = []
    if cost.share_of_arr is not None:
        facts.append(f"{cost.share_of_arr:.1%} of ARR")
    if cost.per_account is not None:
        facts.append(f"{amount(cost.per_account)} {money} to serve an account")
    if facts:
        paragraphs.append("That is " + " and ".join(facts) + ".")
    if cost.budget is not None and cost.over_budget is not None:
        word = "over" if cost.over_budget > 0 else "under"
        paragraphs.append(
            f"Budget {amount(cost.budget.annual)} {money}: {amount(abs(cost.over_budget))} {word}."
        )
    columns = [Column("group"), Column(f"annual cost ({money})", "right")]
    tables = [
        Table(
            "By function",
            columns,
            [[k, amount(v)] for k, v in sorted(cost.by_function.items(), key=lambda i: -i[1])],
        ),
        Table(
            "By segment",
            columns,
            [[k, amount(v)] for k, v in sorted(cost.by_segment.items(), key=lambda i: -i[1])],
        ),
    ]
    notes = []
    if cost.unpriced:
        notes.append(
            "Not priced (no pay entry matches): "
            + ", ".join(cost.unpriced)
            + "; the totals leave them out."
        )
    return Section("cost", "Cost", paragraphs, tables, notes)


def sections(report: Report) -> list[Section]:
    """Every section of the report, in the order each format shows them."""
    cost = cost_section(report)
    return [
        headcount_section(report),
        layers_section(report),
        spans_section(report),
        coverage_section(report),
        leadership_section(report),
        *([cost] if cost is not None else []),
    ]


def diagnostics_note(report: Report) -> str | None:
    """A line pointing at `csorg validate` when the org has warnings or info findings."""
    warnings = report.diagnostics.get("warning", 0)
    infos = report.diagnostics.get("info", 0)
    if not warnings and not infos:
        return None
    return (
        f"csorg validate finds {_plural(warnings, 'warning')} and {infos:,} info "
        f"in this org; run it for details."
    )
