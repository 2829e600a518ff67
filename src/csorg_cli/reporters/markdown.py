"""Markdown: a summary ready to paste (or post from CI) as a pull-request comment.

A heading with the verdict, a count table (per severity, then per rule), and a table of the
diagnostics. Up to ``VISIBLE_ROWS`` diagnostics show directly; longer lists go inside a collapsed
``<details>`` block so the comment stays readable, and at most ``MAX_ROWS`` rows are written so the
comment stays under GitHub's 65,536-character limit. Everything that comes from the org file (names,
messages, paths) is escaped: a ``|`` cannot break the table, ``*``, ``_``, backticks, ``<`` or
``[...](...)`` cannot format or inject markup, and ``@name`` or ``#12`` cannot ping or link.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from csorg_cli.diagnostics import Diagnostic, Severity
from csorg_cli.markdown import escape
from csorg_cli.reporters import ReportOptions, plural, shown

if TYPE_CHECKING:
    from csorg_cli.checking import CheckResult

VISIBLE_ROWS = 10
MAX_ROWS = 300
_ICON = {Severity.ERROR: "❌", Severity.WARNING: "⚠️", Severity.INFO: "ℹ️"}


def _rows(diagnostics: list[Diagnostic]) -> list[str]:
    rows = ["| Severity | Rule | Location | Message |", "| --- | --- | --- | --- |"]
    for d in diagnostics:
        message = escape(d.message)
        if d.hint:
            message += f"<br>*hint:* {escape(d.hint)}"
        location = f"{escape(d.file)}:{d.line}:{d.column}"
        if d.path:
            location += f"<br><sub>{escape(d.path)}</sub>"
        rows.append(
            f"| {_ICON[d.severity]} {d.severity.value} | `{d.rule}` | {location} | {message} |"
        )
    return rows


def render(result: CheckResult, options: ReportOptions) -> str:
    """The pull-request comment."""
    run = shown(result, options)
    diagnostics, counts, files, failing, total = (
        run.diagnostics,
        run.counts,
        run.files,
        run.failing,
        run.total,
    )
    out: list[str] = []
    if not total:
        out.append(f"### ✅ csorg: no problems in {plural(files, 'file')}")
        return "\n".join(out) + "\n"
    icon = "❌" if failing else "⚠️"
    out.append(f"### {icon} csorg: {plural(total, 'problem')} in {plural(files, 'file')}")
    out.append("")
    out.append("| Errors | Warnings | Info |")
    out.append("| ---: | ---: | ---: |")
    out.append(f"| {counts['error']} | {counts['warning']} | {counts['info']} |")
    out.append("")
    if failing:
        out.append(
            f"{plural(failing, 'problem')} at or above `{options.fail_on.value}` fail the check."
        )
        out.append("")
    per_rule: dict[tuple[str, str], int] = {}
    for d in diagnostics:
        per_rule[(d.rule, d.severity.value)] = per_rule.get((d.rule, d.severity.value), 0) + 1
    if options.statistics or len(per_rule) > 1:
        out.append("| Rule | Severity | Count |")
        out.append("| --- | --- | ---: |")
        for (rule, severity), count in sorted(per_rule.items(), key=lambda kv: (-kv[1], kv[0])):
            out.append(f"| `{rule}` | {severity} | {count} |")
        out.append("")
    rows = diagnostics[:MAX_ROWS]
    if len(rows) <= VISIBLE_ROWS:
        out.extend(_rows(rows))
    else:
        out.extend(_rows(rows[:VISIBLE_ROWS]))
        out.append("")
        out.append("<details>")
        out.append(f"<summary>{plural(len(rows) - VISIBLE_ROWS, 'more problem')}</summary>")
        out.append("")
        out.extend(_rows(rows[VISIBLE_ROWS:]))
        out.append("")
        out.append("</details>")
    if len(diagnostics) > MAX_ROWS:
        out.append("")
        out.append(
            f"… and {len(diagnostics) - MAX_ROWS} more not listed here; run "
            "`csorg validate` locally for the full list."
        )
    return "\n".join(out) + "\n"
