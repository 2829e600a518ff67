"""Text for people in a terminal: file:line:col, severity, rule, message, the line and a caret."""

from __future__ import annotations

import io
import os
from typing import TYPE_CHECKING, Any

from csorg_cli.diagnostics import Diagnostic, Severity
from csorg_cli.reporters import ReportOptions, plural, shown

if TYPE_CHECKING:
    from csorg_cli.checking import CheckResult

# The control characters rich's Text drops (bell, backspace, vertical tab, form feed, carriage
# return), so plain output is the same text as rich prints without colour.
_DROPPED_CONTROLS = dict.fromkeys((7, 8, 11, 12, 13))


class PlainText:
    """The part of rich's ``Text`` this reporter uses, for output without styles."""

    def __init__(self, text: str = "", style: str | None = None) -> None:
        self.parts = [text.translate(_DROPPED_CONTROLS)]

    def append(self, text: str, style: str | None = None) -> PlainText:
        self.parts.append(text.translate(_DROPPED_CONTROLS))
        return self

    def __str__(self) -> str:
        return "".join(self.parts)


class PlainConsole:
    """Prints ``PlainText`` as rich's console does without colour and without wrapping."""

    def __init__(self, file: io.StringIO) -> None:
        self.file = file

    def print(self, text: PlainText) -> None:
        self.file.write(str(text).expandtabs(8) + "\n")


_STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}


def _shown_line(line: str, column: int, width: int = 160) -> tuple[str, int]:
    """The source line as shown (tabs expanded, control characters as ``\\xNN``, a long line cut
    around the column) and the terminal cell the 1-based column lands on: wide characters
    (CJK, emoji) take two cells, so the caret sits under the character, not left of it."""
    from rich.cells import cell_len

    from csorg_cli.visible import visible

    prefix = visible(line[: column - 1].expandtabs(4))
    shown = visible(line.expandtabs(4))
    if len(shown) > width:  # keep the caret on screen for very long lines
        start = max(0, len(prefix) - 60)
        lead = "…" if start else ""
        return lead + shown[start : start + 120], cell_len(lead + prefix[start:])
    return shown, cell_len(prefix)


def render(result: CheckResult, options: ReportOptions) -> str:
    """The diagnostics with their source lines, then a one-line summary."""
    buffer = io.StringIO()
    color = options.color
    if color is None:
        color = False  # decided by the CLI from the real terminal; a string buffer is not one
    if color:
        from rich.console import Console
        from rich.text import Text as RichText

        Text: Any = RichText
        console: Any = Console(
            file=buffer,
            force_terminal=color,
            no_color=not color,
            width=options.width or 100,
            highlight=False,
            soft_wrap=True,
        )
    else:  # the same text without styles; rich's console costs a tenth of start-up
        console, Text = PlainConsole(buffer), PlainText
    run = shown(result, options)
    diagnostics = run.diagnostics
    sources = result.source_lines()
    for diagnostic in diagnostics:
        _print_diagnostic(console, diagnostic, sources.get(diagnostic.file), Text)
    if not options.quiet:
        counts, files, total, failing = run.counts, run.files, run.total, run.failing
        summary = Text()
        if total:
            summary.append("✖ " if failing else "! ", style="bold red" if failing else "yellow")
            summary.append(
                f"{plural(total, 'problem')} ({plural(counts['error'], 'error')}, "
                f"{plural(counts['warning'], 'warning')}, {counts['info']} info) in "
                f"{plural(files, 'file')}"
            )
        else:
            summary.append("✔ ", style="bold green")
            summary.append(f"no problems in {plural(files, 'file')}")
        suppressed = run.suppressed
        if suppressed:
            summary.append(f" ({suppressed} suppressed by comments or the baseline)", style="dim")
        console.print(summary)
        if options.statistics and diagnostics:
            _print_statistics(console, diagnostics, Text)
    return buffer.getvalue()


def _print_diagnostic(console, diagnostic: Diagnostic, lines: list[str] | None, Text) -> None:
    head = Text()
    head.append(f"{diagnostic.file}:{diagnostic.line}:{diagnostic.column}", style="bold")
    head.append(": ")
    head.append(diagnostic.severity.value, style=_STYLE[diagnostic.severity])
    head.append(f" [{diagnostic.rule}] ", style="dim")
    head.append(diagnostic.message)
    console.print(head)
    if lines and 1 <= diagnostic.line <= len(lines):
        source, caret_at = _shown_line(lines[diagnostic.line - 1], diagnostic.column)
        gutter = f"{diagnostic.line:>5} | "
        body = Text(gutter, style="dim")
        body.append(source)
        console.print(body)
        caret = Text(" " * (len(gutter) - 2) + "| ", style="dim")
        caret.append(" " * caret_at + "^", style=_STYLE[diagnostic.severity])
        console.print(caret)
    if diagnostic.hint:
        hint = Text("      hint: ", style="green")
        hint.append(diagnostic.hint)
        console.print(hint)
    for related in diagnostic.related:
        note = Text(f"      see: {related.file}:{related.line}:{related.column}", style="dim")
        console.print(note)


def _print_statistics(console, diagnostics: list[Diagnostic], Text) -> None:
    counts: dict[tuple[str, str], int] = {}
    for diagnostic in diagnostics:
        key = (diagnostic.rule, diagnostic.severity.value)
        counts[key] = counts.get(key, 0) + 1
    console.print(Text("statistics:", style="bold"))
    for (rule, severity), count in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
        console.print(Text(f"  {count:>6}  {severity:<8} {rule}"))


def use_color(stream_is_tty: bool) -> bool:
    """Colour only on a terminal, and never when NO_COLOR is set (https://no-color.org)."""
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return stream_is_tty
