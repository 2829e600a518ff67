"""One self-contained HTML page: inline CSS, the org chart as inline SVG, and the tables.

The page loads nothing (no fonts, scripts, images or style sheets from anywhere), needs no
JavaScript, prints on A4 or Letter, and opens from a file with no network. Every piece of user text
goes through :func:`html.escape`; the chart SVG comes from Graphviz, which escapes the labels the
chart module gives it, and :mod:`csorg_cli.report.chart` strips anything that could load or run.
"""

from __future__ import annotations

import re
from html import escape
from typing import TYPE_CHECKING

from csorg_cli import __version__
from csorg_cli.report import formatting as fmt
from csorg_cli.report.sections import TONE, Section, Table, diagnostics_note, sections, subtitle

if TYPE_CHECKING:
    from csorg_cli.report import RenderOptions
    from csorg_cli.report.model import Report

_VIEW_BOX = re.compile(r'viewBox="\s*[-\d.]+[\s,]+[-\d.]+[\s,]+([\d.]+)[\s,]+([\d.]+)\s*"')

_CSS = """
:root {
  --ink: #1f2933; --muted: #5f6b7a; --line: #d9dee5; --panel: #ffffff; --page: #f4f6f9;
  --accent: #2457a6; --good: #1e7a46; --good-bg: #e3f4ea; --watch: #8a5a00; --watch-bg: #fdf1d8;
  --bad: #b3261e; --bad-bg: #fbe3e1;
}
* { box-sizing: border-box; }
html { background: var(--page); }
body {
  margin: 0 auto; max-width: 1240px; padding: 32px 40px 48px; color: var(--ink);
  font: 14px/1.5 "DejaVu Sans", "Liberation Sans", "Helvetica Neue", Arial, sans-serif;
}
header { border-bottom: 3px solid var(--accent); padding-bottom: 14px; margin-bottom: 22px; }
header .eyebrow { text-transform: uppercase; letter-spacing: .08em; font-size: 12px;
  color: var(--accent); font-weight: 700; }
h1 { font-size: 28px; line-height: 1.2; margin: 4px 0 6px; overflow-wrap: anywhere; }
header .meta { color: var(--muted); overflow-wrap: anywhere; }
.notice { background: var(--watch-bg); color: var(--watch); border-radius: 6px;
  padding: 8px 12px; margin: 0 0 18px; }
.kpis { display: grid; grid-template-columns: repeat(auto-fit, minmax(150px, 1fr)); gap: 12px;
  margin-bottom: 26px; }
.kpi { background: var(--panel); border: 1px solid var(--line); border-radius: 8px;
  padding: 12px 16px; }
.kpi .value { font-size: 26px; font-weight: 700; line-height: 1.2; }
.kpi .label { color: var(--muted); font-size: 12px; text-transform: uppercase;
  letter-spacing: .05em; }
.kpi .sub { color: var(--muted); font-size: 12px; }
section { background: var(--panel); border: 1px solid var(--line); border-radius: 8px;
  padding: 18px 22px 14px; margin-bottom: 22px; break-inside: avoid-page; }
h2 { font-size: 19px; margin: 0 0 8px; color: var(--accent); }
h3 { font-size: 14px; margin: 16px 0 6px; text-transform: uppercase; letter-spacing: .05em;
  color: var(--muted); }
p { margin: 6px 0; }
.grid3 { display: grid; grid-template-columns: repeat(auto-fit, minmax(260px, 1fr));
  gap: 0 24px; }
.scroll { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; margin: 4px 0 10px; font-size: 13px; }
.grid3 table.compact, table.compact { width: 100%; }
section > .scroll > table.compact { width: auto; min-width: 420px; }
th, td { padding: 6px 10px; border-bottom: 1px solid var(--line); text-align: left;
  vertical-align: top; }
th { background: #eef2f7; font-weight: 600; color: #334155; white-space: nowrap; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tbody tr:nth-child(even) td { background: #fafbfc; }
code { font: 12px/1.4 "DejaVu Sans Mono", "Liberation Mono", monospace; color: #3b4a5c; }
.pill { display: inline-block; padding: 1px 9px; border-radius: 999px; font-size: 12px;
  font-weight: 600; white-space: nowrap; }
.pill.good { color: var(--good); background: var(--good-bg); }
.pill.watch { color: var(--watch); background: var(--watch-bg); }
.pill.bad { color: var(--bad); background: var(--bad-bg); }
.notes { color: var(--muted); font-size: 12px; margin: 6px 0 4px; padding-left: 18px; }
.chart { overflow: auto; max-height: 1100px; border: 1px solid var(--line); border-radius: 6px;
  padding: 10px; background: #fff; text-align: center; }
.chart svg { width: 100%; height: auto; }
.chart-live { display: block; width: 100%; height: 80vh; min-height: 480px;
  border: 1px solid var(--line); border-radius: 6px; }
.chart-static { display: none; }
.empty { color: var(--muted); font-style: italic; }
footer { color: var(--muted); font-size: 12px; text-align: center; margin-top: 8px; }
/* Paper (checked by printing to PDF in headless Chromium, tests/report/test_html_print.py):
   nothing scrolls or clips, wide tables wrap instead of running off the page, headers repeat, and
   the chart has a landscape page of its own and scales to fill it. */
@page { margin: 12mm; }
@page chart-wide { size: landscape; margin: 8mm; }
@page chart-tall { size: portrait; margin: 8mm; }
@media print {
  html { background: #fff; }
  body { padding: 0; max-width: none; font-size: 10pt; }
  header { margin-bottom: 10px; }
  section { border: none; padding: 0; margin-bottom: 14px; break-inside: auto; }
  h2, h3 { break-after: avoid-page; }
  .kpis { grid-template-columns: repeat(5, 1fr); gap: 6px; }
  .kpi { padding: 6px 8px; break-inside: avoid; }
  .scroll { overflow: visible; }
  table, .grid3 table.compact, table.compact, section > .scroll > table.compact {
    width: 100%; min-width: 0; font-size: 8.5pt; }
  th, td { padding: 3px 5px; overflow-wrap: anywhere; }
  th { white-space: normal; }
  thead { display: table-header-group; }
  tr { break-inside: avoid; }
  /* The chart on a page of its own, turned the way the chart is (a wide chart on a landscape
     page), as large as that page allows and whole: the full width, unless the height left under
     the heading on A4 or Letter is shorter (the SVG keeps its proportions through its viewBox). */
  #chart { break-before: page; break-after: page; }
  #chart.wide { page: chart-wide; }
  #chart.tall { page: chart-tall; }
  #chart h2 { margin-bottom: 4px; }
  .chart { max-height: none; overflow: visible; border: none; padding: 0; }
  .chart svg { display: block; width: 100%; height: auto; margin: 0 auto; }
  #chart.wide .chart svg { max-height: 178mm; }
  #chart.tall .chart svg { max-height: 248mm; }
  .chart-static { display: block; }
  .chart-live { display: none; }
}
"""


def _table(t: Table, heading: bool) -> str:
    out = [f"<h3>{escape(t.title)}</h3>"] if heading else []
    if not t.rows:
        out.append(f'<p class="empty">{escape(t.empty)}</p>')
        return "\n".join(out)
    head = "".join(f'<th scope="col"{_cls(c.align)}>{escape(c.header)}</th>' for c in t.columns)
    body = []
    for row in t.rows:
        cells = []
        for index, (column, cell) in enumerate(zip(t.columns, row, strict=False)):
            text = escape(cell)
            if index == t.status:
                text = f'<span class="pill {TONE.get(cell, "watch")}">{text}</span>'
            cells.append(f"<td{_cls(column.align)}>{text}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    # A narrow table stretched across the page scatters its figures; let it keep its width.
    compact = ' class="compact"' if len(t.columns) <= 4 else ""
    out.append(
        f'<div class="scroll"><table{compact}><thead><tr>{head}</tr></thead>\n<tbody>\n'
        + "\n".join(body)
        + "\n</tbody></table></div>"
    )
    return "\n".join(out)


def _cls(align: str) -> str:
    return ' class="num"' if align == "right" else ""


def _section(section: Section) -> str:
    out = [f'<section id="{escape(section.key)}">', f"<h2>{escape(section.heading)}</h2>"]
    out += [f"<p>{escape(p)}</p>" for p in section.paragraphs]
    tables = [_table(t, len(section.tables) > 1) for t in section.tables]
    if section.key == "headcount" and len(tables) > 1:
        # Three short tables side by side read better than one long column.
        out.append('<div class="grid3">' + "".join(f"<div>{t}</div>" for t in tables) + "</div>")
    else:
        out += tables
    if section.notes:
        out.append(
            '<ul class="notes">' + "".join(f"<li>{escape(n)}</li>" for n in section.notes) + "</ul>"
        )
    out.append("</section>")
    return "\n".join(out)


def _kpis(report: Report) -> str:
    statuses = [row.status for row in report.coverage]
    on_target = sum(1 for s in statuses if s == "on-target")
    outliers = len(report.spans.outliers)
    cards = [
        ("Seats", fmt.count(report.seats), f"{report.filled:,} filled · {report.open:,} open"),
        ("Roles", fmt.count(report.roles), f"{len(report.spans.managers):,} managers"),
        (
            "Layers",
            fmt.count(report.depth),
            f"benchmark ≤ {fmt.count(report.max_layers)}" if report.max_layers else "",
        ),
        (
            "Median span",
            fmt.count(report.spans.median),
            f"{outliers} outside band" if outliers else "all within band",
        ),
        (
            "Segments on target",
            f"{on_target} / {len(statuses)}" if statuses else "—",
            ", ".join(sorted({s for s in statuses if s != "on-target"}))
            or ("all on target" if statuses else "no segments"),
        ),
    ]
    return (
        '<div class="kpis">'
        + "".join(
            f'<div class="kpi"><div class="label">{escape(label)}</div>'
            f'<div class="value">{escape(value)}</div><div class="sub">{escape(sub)}</div></div>'
            for label, value, sub in cards
        )
        + "</div>"
    )


def chart_size(svg: str) -> tuple[float, float] | None:
    """Width and height of an SVG from its viewBox (Graphviz writes one), or None."""
    match = _VIEW_BOX.search(svg[:2000])
    if match is None:
        return None
    width, height = float(match.group(1)), float(match.group(2))
    return (width, height) if width > 0 and height > 0 else None


def chart_shape(svg: str) -> str:
    """``wide`` (printed on a landscape page) or ``tall`` (portrait): whichever is larger."""
    size = chart_size(svg)
    return "wide" if size is None or size[0] >= size[1] else "tall"


def _chart(options: RenderOptions) -> str:
    if options.chart_svg:
        # A note with a chart says it was folded to a page; it goes (and hides) with the chart.
        note = f'<p class="empty">{escape(options.chart_note)}</p>' if options.chart_note else ""
        body = f'<div class="chart">{options.chart_svg}{note}</div>'
        if options.chart_html:
            # On screen the interactive chart, in its own sandboxed frame (its scripts and styles
            # stay there); in print, or without JavaScript, the static SVG above.
            body = body.replace('class="chart"', 'class="chart chart-static"', 1) + (
                '<iframe class="chart-live" title="Interactive org chart" '
                'sandbox="allow-scripts allow-downloads" '
                f'srcdoc="{escape(options.chart_html, quote=True)}"></iframe>'
            )
    else:
        body = f'<p class="empty">{escape(options.chart_note or "No chart.")}</p>'
    shape = f' class="{chart_shape(options.chart_svg)}"' if options.chart_svg else ""
    return f'<section id="chart"{shape}>\n<h2>Org chart</h2>\n{body}\n</section>'


def render(report: Report, options: RenderOptions) -> str:
    """The report as one HTML5 page with no external resources."""
    title = f"Org report: {report.name}"
    note = diagnostics_note(report)
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f'<meta name="generator" content="csorg {escape(__version__)}">',
        f"<title>{escape(title)}</title>",
        f"<style>{_CSS}</style>",
        # Without JavaScript the interactive frame is blank: the static chart shows instead.
        "<noscript><style>.chart-static { display: block; } .chart-live { display: none; }"
        "</style></noscript>",
        "</head>",
        "<body>",
        "<header>",
        '<div class="eyebrow">CS org report</div>',
        f"<h1>{escape(report.name)}</h1>",
        f'<div class="meta">{escape(subtitle(report))}</div>',
        "</header>",
        "<main>",
    ]
    if note:
        parts.append(f'<p class="notice">{escape(note)}</p>')
    parts.append(_kpis(report))
    all_sections = sections(report)
    parts.append(_section(all_sections[0]))
    parts.append(_chart(options))
    parts += [_section(section) for section in all_sections[1:]]
    parts += [
        "</main>",
        f"<footer>Generated by csorg {escape(__version__)} from {escape(report.file)}.</footer>",
        "</body>",
        "</html>",
    ]
    return "\n".join(parts) + "\n"
