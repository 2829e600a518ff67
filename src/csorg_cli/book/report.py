"""`csorg book`: the books per seat and per team, in text, Markdown, JSON, CSV and HTML.

One model (:func:`build_book_report`, plain data with stable JSON keys) and one renderer per
format, so every format shows the same figures. The HTML page is self-contained: tables and a
histogram of load per seat drawn by matplotlib as inline SVG.
"""

from __future__ import annotations

import csv
import html
import io
import json
from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any

from csorg_cli.book.analysis import QUARTER_DAYS, seat_books
from csorg_cli.book.counts import segment_data

if TYPE_CHECKING:
    from csorg_cli.checking import FileResult

FORMATS = ("text", "markdown", "json", "csv", "html")
REPORT_VERSION = 1


def build_book_report(result: FileResult, tolerance: float = 0.25) -> dict[str, Any]:
    """The book report of a checked org with a book: seats, teams, segments, totals."""
    import polars as pl

    book = result.book
    org = result.org
    if book is None or org is None or result.tree is None:
        raise ValueError("the org has no book")
    as_of = org.organization.as_of or date.today()
    books = seat_books(book, result.metrics, as_of)
    tree = result.tree
    seats: list[dict[str, Any]] = []
    for item in books:
        seat = book.owners.seats[item.seat]
        manager = tree.org.roles[seat.role_id].reports_to
        load = item.load
        seats.append(
            {
                "seat": item.seat,
                "role": item.role_id,
                "title": seat.title,
                "team": manager,
                "segment": item.segment,
                "region": item.region,
                "fte": item.seats,
                "accounts": item.accounts,
                "arr": round(item.arr, 2),
                "weight": round(item.weight, 2),
                "target": item.target,
                "load": round(load, 3) if load is not None else None,
                "weight_load": round(item.weight_load, 3) if item.weight_load is not None else None,
                "status": _status(load, tolerance),
                "renewals_next_quarter": item.renewals_next_quarter,
            }
        )
    teams: dict[str, dict[str, Any]] = {}
    for row in seats:
        team = teams.setdefault(
            row["team"] or "(no manager)",
            {
                "team": row["team"] or "(no manager)",
                "seats": 0,
                "fte": 0.0,
                "accounts": 0,
                "arr": 0.0,
                "target": 0.0,
                "renewals_next_quarter": 0,
            },
        )
        team["seats"] += 1
        team["fte"] += row["fte"]
        team["accounts"] += row["accounts"]
        team["arr"] += row["arr"]
        team["target"] += row["target"] or 0.0
        team["renewals_next_quarter"] += row["renewals_next_quarter"]
    for team in teams.values():
        team["load"] = round(team["accounts"] / team["target"], 3) if team["target"] else None
        team["arr"] = round(team["arr"], 2)
    frame = book.frame
    typed = result.built.org or org
    counts = segment_data(book)
    segments = [
        {
            "segment": segment_id,
            "accounts_typed": typed.segments[segment_id].accounts,
            "accounts": counts[segment_id].accounts if segment_id in counts else 0,
            "arr": round(counts[segment_id].arr, 2) if segment_id in counts else 0.0,
        }
        for segment_id in org.segments
    ]
    unowned = int(frame.get_column("owner").is_null().sum())
    unknown = int(frame.get_column("owner_problem").is_not_null().sum())
    no_segment = int(frame.get_column("segment").is_null().sum())
    findings: dict[str, int] = {}
    for diagnostic in result.diagnostics:
        if diagnostic.file == book.file:
            findings[diagnostic.rule] = findings.get(diagnostic.rule, 0) + 1
    return {
        "version": REPORT_VERSION,
        "organization": org.organization.name,
        "currency": org.organization.currency,
        "as_of": as_of.isoformat(),
        "accounts_file": book.file,
        "tolerance": tolerance,
        "renewal_window_days": QUARTER_DAYS,
        "has_weight": book.has("weight"),
        "totals": {
            "accounts": frame.height,
            "arr": round(float(frame.get_column("arr").sum() or 0.0), 2),
            "owned": int(frame.get_column("seat").is_not_null().sum()),
            "unowned": unowned,
            "owner_not_a_seat": unknown,
            "without_segment": no_segment,
            "frozen": int(frame.filter(pl.col("do_not_move")).height),
        },
        "segments": segments,
        "teams": sorted(teams.values(), key=lambda t: t["team"]),
        "seats": seats,
        "findings": dict(sorted(findings.items())),
    }


def _status(load: float | None, tolerance: float) -> str:
    if load is None:
        return "no-target"
    if load > 1 + tolerance:
        return "over"
    if load < 1 - tolerance:
        return "under"
    return "on-target"


def _money(value: float | None) -> str:
    if value is None:
        return "-"
    for unit, scale in (("M", 1e6), ("k", 1e3)):
        if abs(value) >= scale:
            return f"{value / scale:,.1f}{unit}"
    return f"{value:,.0f}"


def _pct(value: float | None) -> str:
    return "-" if value is None else f"{value:.0%}"


def _number(value: float | None) -> str:
    if value is None:
        return "-"
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"


SEAT_COLUMNS = (
    ("seat", "Seat"),
    ("segment", "Segment"),
    ("region", "Region"),
    ("accounts", "Accounts"),
    ("target", "Target"),
    ("load", "Load"),
    ("arr", "ARR"),
    ("weight", "Weight"),
    ("renewals_next_quarter", "Renewals (91 d)"),
    ("status", "Status"),
)


def _seat_cells(row: dict[str, Any]) -> list[str]:
    return [
        row["seat"],
        row["segment"] or "-",
        row["region"] or "-",
        _number(row["accounts"]),
        _number(row["target"]),
        _pct(row["load"]),
        _money(row["arr"]),
        _number(row["weight"]),
        str(row["renewals_next_quarter"]),
        row["status"],
    ]


def _team_cells(row: dict[str, Any]) -> list[str]:
    return [
        row["team"],
        str(row["seats"]),
        _number(row["accounts"]),
        _number(row["target"]),
        _pct(row["load"]),
        _money(row["arr"]),
        str(row["renewals_next_quarter"]),
    ]


TEAM_HEADERS = ["Team (manager)", "Seats", "Accounts", "Target", "Load", "ARR", "Renewals (91 d)"]


def _summary_lines(report: dict[str, Any]) -> list[str]:
    totals = report["totals"]
    lines = [
        f"{totals['accounts']:,} accounts, {_money(totals['arr'])} {report['currency']} ARR, "
        f"in {report['accounts_file']} (as of {report['as_of']})",
        f"owned by a seat: {totals['owned']:,}; no owner: {totals['unowned']:,}; "
        f"owner not a seat: {totals['owner_not_a_seat']:,}; no segment: "
        f"{totals['without_segment']:,}; do-not-move: {totals['frozen']:,}",
    ]
    if report["findings"]:
        lines.append(
            "findings: "
            + ", ".join(f"{rule} {count}" for rule, count in report["findings"].items())
        )
    return lines


def text_table(headers: list[str], rows: list[list[str]]) -> str:
    """Left-aligned columns under a rule, for the terminal (book and rebalance)."""
    widths = [max([len(h), *(len(r[i]) for r in rows)]) for i, h in enumerate(headers)]
    out = ["  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True))]
    out.append("  ".join("-" * w for w in widths))
    for row in rows:
        out.append("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)))
    return "\n".join(line.rstrip() for line in out)


def _seat_table(report: dict[str, Any]) -> tuple[list[str], list[list[str]]]:
    """Headers and cells of the seat table; the weight column only when the file has weights."""
    keep = [i for i, (key, _) in enumerate(SEAT_COLUMNS) if key != "weight" or report["has_weight"]]
    headers = [SEAT_COLUMNS[i][1] for i in keep]
    rows = [[cells[i] for i in keep] for cells in map(_seat_cells, report["seats"])]
    return headers, rows


def render_text(report: dict[str, Any]) -> str:
    parts = [f"Book of business: {report['organization']}", *_summary_lines(report), ""]
    parts.append("Books per seat")
    parts.append(text_table(*_seat_table(report)))
    parts.append("")
    parts.append("Books per team")
    parts.append(text_table(TEAM_HEADERS, [_team_cells(r) for r in report["teams"]]))
    parts.append("")
    parts.append("Load per seat (accounts against target)")
    parts.append(_text_histogram(report))
    return "\n".join(parts) + "\n"


def _buckets(report: dict[str, Any]) -> list[tuple[str, int]]:
    edges = [0.5, 0.75, 0.9, 1.1, 1.25, 1.5]
    labels = ["<50%", "50-75%", "75-90%", "90-110%", "110-125%", "125-150%", ">150%"]
    counts = [0] * len(labels)
    for row in report["seats"]:
        load = row["load"]
        if load is None:
            continue
        index = sum(1 for edge in edges if load >= edge)
        counts[index] += 1
    return list(zip(labels, counts, strict=True))


def _text_histogram(report: dict[str, Any]) -> str:
    buckets = _buckets(report)
    peak = max((c for _, c in buckets), default=0) or 1
    return "\n".join(
        f"{label:>9}  {'#' * round(20 * count / peak):<20}  {count}" for label, count in buckets
    )


def _md(text: str) -> str:
    from csorg_cli.markdown import escape

    return escape(text)


def render_markdown(report: dict[str, Any]) -> str:
    lines = [f"# Book of business: {_md(report['organization'])}", ""]
    lines.extend(f"- {_md(line)}" for line in _summary_lines(report))
    lines.extend(["", "## Books per seat", ""])
    headers, rows = _seat_table(report)
    lines.append("| " + " | ".join(headers) + " |")
    lines.append("|" + "|".join("---" for _ in headers) + "|")
    for cells in rows:
        lines.append("| " + " | ".join(_md(c) for c in cells) + " |")
    lines.extend(["", "## Books per team", ""])
    lines.append("| " + " | ".join(TEAM_HEADERS) + " |")
    lines.append("|" + "|".join("---" for _ in TEAM_HEADERS) + "|")
    for row in report["teams"]:
        lines.append("| " + " | ".join(_md(c) for c in _team_cells(row)) + " |")
    lines.extend(["", "## Load per seat", "", "| Load | Seats |", "|---|---|"])
    lines.extend(f"| {label} | {count} |" for label, count in _buckets(report))
    return "\n".join(lines) + "\n"


def render_json(report: dict[str, Any]) -> str:
    return json.dumps(report, indent=2, ensure_ascii=False) + "\n"


def render_csv(report: dict[str, Any]) -> str:
    buffer = io.StringIO()
    fields = [
        "seat",
        "role",
        "team",
        "segment",
        "region",
        "fte",
        "accounts",
        "target",
        "load",
        "arr",
        "weight",
        "weight_load",
        "renewals_next_quarter",
        "status",
    ]
    writer = csv.DictWriter(buffer, fieldnames=fields, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    for row in report["seats"]:
        writer.writerow({k: csv_safe(v) for k, v in row.items()})
    return buffer.getvalue()


def csv_safe(value: Any) -> Any:
    # A cell starting with = + - @ runs as a formula when the CSV is opened in a spreadsheet.
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value


def histogram_svg(report: dict[str, Any]) -> str:
    """The load histogram as an SVG document (matplotlib, no pyplot: no GUI backend needed)."""
    import matplotlib

    matplotlib.rcParams["svg.hashsalt"] = "csorg"  # stable ids: the same book, the same page
    matplotlib.rcParams["svg.fonttype"] = "none"  # text stays text (searchable, small)
    from matplotlib.figure import Figure

    buckets = _buckets(report)
    figure = Figure(figsize=(6.4, 2.6))
    axes = figure.subplots()
    colours = ["#c0392b", "#e67e22", "#f1c40f", "#27ae60", "#f1c40f", "#e67e22", "#c0392b"]
    axes.bar([label for label, _ in buckets], [count for _, count in buckets], color=colours)
    axes.set_xlabel("accounts against target")
    axes.set_ylabel("seats")
    axes.spines[["top", "right"]].set_visible(False)
    figure.tight_layout()
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", metadata={"Date": None})
    svg = buffer.getvalue()
    return svg[svg.find("<svg") :]


def render_html(report: dict[str, Any]) -> str:
    def table(headers: list[str], rows: list[list[str]]) -> str:
        head = "".join(f"<th>{html.escape(h)}</th>" for h in headers)
        body = "".join(
            "<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in row) + "</tr>" for row in rows
        )
        return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"

    title = f"Book of business: {report['organization']}"
    summary = "".join(f"<li>{html.escape(line)}</li>" for line in _summary_lines(report))
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>{html.escape(title)}</title><style>"
        "body{font-family:system-ui,sans-serif;margin:2rem;color:#222}"
        "table{border-collapse:collapse;margin:1rem 0}"
        "th,td{border:1px solid #ccc;padding:.25rem .5rem;text-align:left}"
        "th{background:#f4f4f4}</style></head><body>"
        f"<h1>{html.escape(title)}</h1><ul>{summary}</ul>"
        "<h2>Load per seat</h2>"
        f"<figure>{histogram_svg(report)}<figcaption>Seats by accounts carried against the "
        "target of their segment</figcaption></figure>"
        "<h2>Books per seat</h2>"
        + table([h for _, h in SEAT_COLUMNS], [_seat_cells(r) for r in report["seats"]])
        + "<h2>Books per team</h2>"
        + table(TEAM_HEADERS, [_team_cells(r) for r in report["teams"]])
        + "</body></html>\n"
    )


RENDERERS: dict[str, Callable[[dict[str, Any]], str]] = {
    "text": render_text,
    "markdown": render_markdown,
    "json": render_json,
    "csv": render_csv,
    "html": render_html,
}
