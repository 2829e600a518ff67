"""GitHub Actions workflow commands: one annotation per diagnostic, shown on the pull request.

``::error file=org.yaml,line=12,col=16,title=unknown-manager::message``; warnings are ``::warning``
and info is ``::notice``. Workflow commands are one line each, so the message escapes ``%``, CR and
LF, and the properties also escape ``:`` and ``,`` (which would end a property). The summary line at
the end is plain text for the log.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from csorg_cli.diagnostics import Diagnostic, Severity
from csorg_cli.reporters import ReportOptions, shown

if TYPE_CHECKING:
    from csorg_cli.checking import CheckResult

_COMMAND = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def escape_data(text: str) -> str:
    """Escape a workflow command's message."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """Escape a workflow command's property value."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(diagnostic: Diagnostic) -> str:
    """The workflow command for one diagnostic."""
    message = diagnostic.message
    if diagnostic.hint:
        message += f"\nhint: {diagnostic.hint}"
    properties = [
        f"file={escape_property(diagnostic.file)}",
        f"line={diagnostic.line}",
        f"col={diagnostic.column}",
        f"title={escape_property(diagnostic.rule)}",
    ]
    return f"::{_COMMAND[diagnostic.severity]} {','.join(properties)}::{escape_data(message)}"


def render(result: CheckResult, options: ReportOptions) -> str:
    """Annotations, then a one-line summary."""
    run = shown(result, options)
    diagnostics = run.diagnostics
    lines = [annotation(d) for d in diagnostics]
    if not options.quiet:
        counts = run.counts
        lines.append(
            f"csorg: {counts['error']} error(s), {counts['warning']} warning(s), "
            f"{counts['info']} info in {run.files} file(s)"
        )
        if options.statistics and diagnostics:
            per_rule: dict[str, int] = {}
            for diagnostic in diagnostics:
                per_rule[diagnostic.rule] = per_rule.get(diagnostic.rule, 0) + 1
            for rule, count in sorted(per_rule.items(), key=lambda kv: (-kv[1], kv[0])):
                lines.append(f"  {count:>6}  {rule}")
    return "\n".join(lines) + "\n"
