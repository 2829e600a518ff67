"""The tables above the chart: title, legend and coverage, as Graphviz HTML-like labels.

They are the graph's label rather than nodes: as nodes they took a place in the layout and pushed
the boxes (and their lines) aside.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import TYPE_CHECKING

from csorg_cli.numbers import count
from csorg_cli.render.labels import html_attr, html_text, plural
from csorg_cli.render.options import ChartOptions
from csorg_cli.render.themes import FUNCTIONS, Theme, function_label
from csorg_cli.render.view import View

if TYPE_CHECKING:
    from csorg_cli.analysis.metrics import OrgMetrics, SegmentCoverage


def header(
    view: View,
    options: ChartOptions,
    theme: Theme,
    metrics: OrgMetrics | None,
    functions: Collection[str],
    any_vacant: bool,
    any_problem: bool,
) -> str | None:
    """The graph label: the title, then the legend and the coverage table, at the top left."""
    rows = []
    if options.title:
        rows.append(f'<TR><TD ALIGN="LEFT">{title(view, options, theme)}</TD></TR>')
    table = legend(view, theme, functions, any_vacant, any_problem) if options.legend else None
    if table:
        rows.append(f'<TR><TD ALIGN="LEFT">{table}</TD></TR>')
    if "coverage" in options.annotate and metrics is not None:
        table = coverage_table(metrics, theme)
        if table:
            rows.append(f'<TR><TD ALIGN="LEFT">{table}</TD></TR>')
    if not rows:
        return None
    return (
        f'<<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="4">'
        f"{''.join(rows)}</TABLE>>"
    )


def title(view: View, options: ChartOptions, theme: Theme) -> str:
    """The org's name, then its date and the seats drawn (with those folded away)."""
    tree = view.tree
    org = tree.org
    name = org.organization.name if org.organization is not None else "Org chart"
    drawn = [tree.roles[r] for r in view.order]
    seats = sum(r.headcount for r in drawn) + sum(f.seats for f in view.folded.values())
    vacant = sum(r.open for r in drawn) + sum(f.open for f in view.folded.values())
    facts = [plural(seats, "seat") + (f" ({vacant} open)" if vacant else "")]
    if org.organization is not None and org.organization.as_of:
        facts.insert(0, f"as of {org.organization.as_of.isoformat()}")
    if options.root:
        facts.insert(0, f"subtree of {tree.roles[options.root].title}")
    return (
        f'<FONT POINT-SIZE="16"><B>{html_text(name)}</B></FONT><BR ALIGN="LEFT"/>'
        f'<FONT POINT-SIZE="11" COLOR="{html_attr(theme.muted)}">'
        f'{html_text(" · ".join(facts))}</FONT><BR ALIGN="LEFT"/>'
    )


def legend(
    view: View, theme: Theme, functions: Collection[str], any_vacant: bool, any_problem: bool
) -> str | None:
    """A strip of swatches: one per function drawn (named as people say it), then the marks."""
    rows = []
    if theme.legend_colours:
        for function in FUNCTIONS:
            if function in functions:
                rows.append(
                    f'<TR><TD BORDER="1" COLOR="{html_attr(theme.border)}" '
                    f'BGCOLOR="{html_attr(theme.fill(function))}" WIDTH="18">'
                    f'</TD><TD ALIGN="LEFT">{html_text(function_label(function))}</TD></TR>'
                )
    if any_vacant:
        rows.append(
            f'<TR><TD BORDER="1" STYLE="dashed" COLOR="{html_attr(theme.border)}" '
            f'WIDTH="18"></TD><TD ALIGN="LEFT">dashed border: open seats</TD></TR>'
        )
    if view.dotted_edges():
        rows.append('<TR><TD>- - -</TD><TD ALIGN="LEFT">dotted-line manager</TD></TR>')
    if any_problem:
        rows.append(
            f'<TR><TD BORDER="3" COLOR="{html_attr(theme.problem)}" WIDTH="18">'
            f'</TD><TD ALIGN="LEFT">⚠ has a problem (csorg validate)</TD></TR>'
        )
    if not rows:
        return None
    # Four entries a row, so the legend is a short strip under the title, not a tall column.
    entries = [row[len("<TR>") : -len("</TR>")] for row in rows]
    lines = ["<TR>" + "".join(entries[i : i + 4]) + "</TR>" for i in range(0, len(entries), 4)]
    return (
        f'<FONT POINT-SIZE="10"><TABLE BORDER="1" COLOR="{html_attr(theme.panel_border)}" '
        f'CELLBORDER="0" CELLSPACING="3" CELLPADDING="3" BGCOLOR="{html_attr(theme.background)}">'
        f'<TR><TD COLSPAN="8" ALIGN="LEFT"><B>Legend</B></TD></TR>{"".join(lines)}'
        f"</TABLE></FONT>"
    )


def coverage_table(metrics: OrgMetrics, theme: Theme) -> str | None:
    """Accounts, seats and accounts per seat against the target, per segment."""
    coverage = metrics.coverage
    if not coverage:
        return None
    header = "".join(
        f'<TD ALIGN="LEFT"><B>{h}</B></TD>'
        for h in ("Segment", "Motion", "Accounts", "Seats", "Accounts/seat", "Target", "Status")
    )
    rows = [f"<TR>{header}</TR>"]
    for item in coverage.values():
        per_seat = item.accounts_per_seat
        status = item.status()
        colour = theme.problem_text if status in ("uncovered", "stretched") else theme.text
        cells = [
            item.name,
            item.motion,
            f"{item.accounts:,}",
            f"{item.seats}" + (f" ({item.open_seats} open)" if item.open_seats else ""),
            f"{per_seat:,.1f}" if per_seat is not None else "-",
            f"1:{item.target_ratio:,}",
            status,
        ]
        rows.append(
            "<TR>"
            + "".join(f'<TD ALIGN="LEFT">{html_text(c, 40)}</TD>' for c in cells[:-1])
            + f'<TD ALIGN="LEFT"><FONT COLOR="{html_attr(colour)}">'
            f"{html_text(cells[-1])}</FONT></TD></TR>"
        )
    return (
        f'<FONT POINT-SIZE="10"><TABLE BORDER="1" COLOR="{html_attr(theme.panel_border)}" '
        f'CELLBORDER="0" CELLSPACING="2" CELLPADDING="3" '
        f'BGCOLOR="{html_attr(theme.background)}">'
        f'<TR><TD COLSPAN="7" ALIGN="LEFT"><B>Coverage by segment</B></TD></TR>'
        f"{''.join(rows)}</TABLE></FONT>"
    )


def group_label(
    group: str,
    group_by: str,
    names: dict[str, str],
    theme: Theme,
    coverage: SegmentCoverage | None,
) -> str:
    """The label of a segment's or region's frame (with its coverage line when asked)."""
    if group_by == "region":
        return f"<<B>Region: {html_text(group)}</B>>"
    label = f"<B>{html_text(names.get(group, group))}</B>"
    if coverage is not None:
        label += (
            f'<BR/><FONT POINT-SIZE="10" COLOR="{html_attr(theme.muted)}">'
            f"{html_text(coverage_line(coverage))}</FONT>"
        )
    return f"<{label}>"


def coverage_line(coverage: SegmentCoverage) -> str:
    """``"180 accounts · 15 seats · 12.0 per seat (target 1:12) · on-target"``."""
    per_seat = coverage.accounts_per_seat
    ratio = f"{per_seat:,.1f} per seat" if per_seat is not None else "no coverage seats"
    return (
        f"{coverage.accounts:,} accounts · {count(coverage.seats)} {'seat' if coverage.seats == 1 else 'seats'} · {ratio} "
        f"(target 1:{coverage.target_ratio:,}) · {coverage.status()}"
    )
