"""Markdown for a wiki page or a pull-request comment: headings, paragraphs and pipe tables.

Every piece of user text is escaped: ``|`` cannot split a table cell, and ``<``, ``>`` and ``&``
become entities, so a title such as ``<script>alert(1)</script>`` shows as text wherever the
Markdown is rendered.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from csorg_cli.markdown import escape
from csorg_cli.report.sections import Table, diagnostics_note, sections, subtitle

if TYPE_CHECKING:
    from csorg_cli.report import RenderOptions
    from csorg_cli.report.model import Report


# Characters with a meaning anywhere in inline Markdown (GFM); a backslash makes each literal.
def table(t: Table) -> list[str]:
    """A pipe table (GitHub Flavored Markdown), or a line saying it is empty."""
    if not t.rows:
        return [f"_{escape(t.empty)}_"]
    head = "| " + " | ".join(escape(c.header) for c in t.columns) + " |"
    rule = "|" + "|".join("---:" if c.align == "right" else "---" for c in t.columns) + "|"
    lines = [head, rule]
    for row in t.rows:
        cells = [escape(cell) if cell else " " for cell in row]
        if t.status is not None:
            cells[t.status] = (
                f"**{cells[t.status]}**"
                if row[t.status] not in ("on-target", "within")
                else cells[t.status]
            )
        lines.append("| " + " | ".join(cells) + " |")
    return lines


def render(report: Report, options: RenderOptions) -> str:
    """The report as GitHub Flavored Markdown."""
    out = [f"# Org report: {escape(report.name)}", "", escape(subtitle(report)), ""]
    note = diagnostics_note(report)
    if note:
        out += [f"> {escape(note)}", ""]
    for section in sections(report):
        out += [f"## {escape(section.heading)}", ""]
        for paragraph in section.paragraphs:
            out += [escape(paragraph), ""]
        for t in section.tables:
            if len(section.tables) > 1:
                out += [f"### {escape(t.title)}", ""]
            out += [*table(t), ""]
        if section.notes:
            out += [f"- {escape(n)}" for n in section.notes] + [""]
    return "\n".join(out).rstrip("\n") + "\n"
