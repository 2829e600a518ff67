"""The report in a terminal: rich tables, coloured by status when colour is on.

User text goes into rich as :class:`rich.text.Text`, never as markup, so a title such as
``[bold]x[/bold]`` prints as written.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

from csorg_cli.report.sections import TONE, Table, diagnostics_note, sections, subtitle

if TYPE_CHECKING:
    from csorg_cli.report import RenderOptions
    from csorg_cli.report.model import Report

_STYLE = {"good": "green", "watch": "yellow", "bad": "bold red"}


def _table(t: Table):
    from rich import box
    from rich.table import Table as RichTable
    from rich.text import Text

    table = RichTable(
        title=Text(t.title, style="bold"),
        title_justify="left",
        box=box.SIMPLE_HEAD,
        show_edge=False,
        pad_edge=False,
    )
    for index, column in enumerate(t.columns):
        # Figures and statuses never wrap; free text (titles) wraps when the table is too wide.
        figure = column.align == "right" or index == t.status
        # The first column names the row: keep it readable (up to 24 characters) when squeezed.
        widest = max((len(row[index]) for row in t.rows), default=0)
        table.add_column(
            Text(column.compact),
            justify=column.align,
            no_wrap=figure,
            overflow="ellipsis" if figure else "fold",
            min_width=min(widest, 24) if index == 0 else None,
        )
    for row in t.rows:
        cells = [Text(cell) for cell in row]
        if t.status is not None:
            cells[t.status].stylize(_STYLE.get(TONE.get(row[t.status], ""), ""))
        table.add_row(*cells)
    return table


def render(report: Report, options: RenderOptions) -> str:
    """The report as text for a terminal (ANSI colours only when ``options.color``)."""
    from rich.console import Console
    from rich.text import Text

    buffer = io.StringIO()
    console = Console(
        file=buffer,
        force_terminal=options.color,
        no_color=not options.color,
        width=options.width,
        highlight=False,
        soft_wrap=False,
    )
    console.print(Text(f"Org report: {report.name}", style="bold"))
    console.print(Text(subtitle(report), style="dim"))
    note = diagnostics_note(report)
    if note:
        console.print(Text(note, style="yellow"))
    for section in sections(report):
        console.print()
        console.rule(Text(section.heading, style="bold cyan"), align="left")
        for paragraph in section.paragraphs:
            console.print(Text(paragraph))
        for t in section.tables:
            console.print()
            if t.rows:
                console.print(_table(t))
            else:
                console.print(Text(f"{t.title}: {t.empty}", style="dim"))
        for line in section.notes:
            console.print(Text(f"· {line}", style="dim"))
    return buffer.getvalue()
