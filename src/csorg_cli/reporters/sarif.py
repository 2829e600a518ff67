"""SARIF 2.1.0, for GitHub code scanning and other static-analysis viewers.

Every registered rule is in ``tool.driver.rules`` (its summary, its documentation as text and
markdown, its default level and a link to docs/rules/<name>.md), so a viewer can explain an alert
without csorg installed. Results carry a path relative to the repository root (``uriBaseId``
``%SRCROOT%``: the git top level above the working directory, or ``--sarif-root``), because that
is where code scanning resolves them from, wherever csorg ran; and a ``partialFingerprints`` entry
computed from rule, file, document path and message: like the baseline, it ignores line numbers,
so code scanning keeps one alert open for one problem while the file around it is edited.

``invocations[0].executionSuccessful`` says whether the analysis happened: when an input could not
be read, it is false and each reason is a tool execution notification, so nobody mistakes the log
for "no problems" (an empty result list uploaded to code scanning would close every open alert).
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from csorg_cli import __version__
from csorg_cli.diagnostics import Diagnostic, Severity
from csorg_cli.jsontext import dumps
from csorg_cli.project import REPOSITORY
from csorg_cli.reporters import ReportOptions, shown

if TYPE_CHECKING:
    from csorg_cli.checking import CheckResult
    from csorg_cli.rules.base import RuleSpec

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
SARIF_VERSION = "2.1.0"
INFORMATION_URI = REPOSITORY
# Where docs/rules/<name>.md is published; override with CSORG_DOCS_URL for a fork or a mirror.
DOCS_URL = f"{REPOSITORY}/blob/main/docs/rules/"
FINGERPRINT_KEY = "csorgProblemHash/v1"

_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def level(severity: Severity | None) -> str:
    """The SARIF level of a severity (``info`` is ``note``; a rule that is off is ``none``)."""
    return "none" if severity is None else _LEVEL[severity]


def source_root(explicit: str | None = None) -> Path:
    """The directory artifact URIs are relative to: ``explicit``, else the top level of the git
    repository holding the working directory, else the working directory."""
    if explicit:
        return Path(os.path.realpath(explicit))
    from csorg_cli.changes import repository_root

    return repository_root()


def artifact_uri(file: str, root: Path | None = None) -> tuple[str, bool]:
    """(URI, relative?) of a file as displayed: relative to ``root`` (default: the working
    directory) when inside it, percent-encoded, with ``/`` separators; else an absolute file URI."""
    base = root if root is not None else Path(os.path.realpath(Path.cwd()))
    absolute = Path(os.path.realpath(file))
    try:
        relative = absolute.relative_to(base)
    except ValueError:
        return Path(os.path.abspath(file)).as_uri(), False
    # The bytes of the name as the file system has them (a non-UTF-8 name stays its own bytes).
    return quote(os.fsencode(relative.as_posix())), True


def _rule_descriptor(spec: RuleSpec, docs_url: str) -> dict[str, Any]:
    doc = spec.doc.strip() or spec.summary
    return {
        "id": spec.name,
        "name": "".join(part.capitalize() for part in spec.name.split("-")),
        "shortDescription": {"text": spec.summary},
        "fullDescription": {"text": doc},
        "help": {"text": doc, "markdown": doc},
        "helpUri": f"{docs_url}{spec.name}.md",
        "defaultConfiguration": {"level": level(spec.default_severity)},
        "properties": {"category": spec.category, "tags": ["csorg", spec.category]},
    }


def fingerprint(diagnostic: Diagnostic, uri: str, occurrence: int) -> str:
    """Stable across edits elsewhere in the file; ``occurrence`` tells identical problems apart."""
    digest = hashlib.sha256(
        "\0".join((diagnostic.rule, uri, diagnostic.path, diagnostic.message)).encode("utf-8")
    ).hexdigest()
    return f"{digest[:32]}:{occurrence}"


def _message(diagnostic: Diagnostic) -> str:
    if diagnostic.hint:
        return f"{diagnostic.message}\nHint: {diagnostic.hint}"
    return diagnostic.message


def build(result: CheckResult, options: ReportOptions) -> dict[str, Any]:
    """The SARIF log as data (``render`` serialises it)."""
    from csorg_cli.rules import RULES

    docs_url = os.environ.get("CSORG_DOCS_URL") or DOCS_URL
    if not docs_url.endswith("/"):
        docs_url += "/"
    rules = [_rule_descriptor(spec, docs_url) for spec in RULES.values()]
    index = {spec.name: position for position, spec in enumerate(RULES.values())}
    diagnostics = shown(result, options).diagnostics
    root = source_root(options.sarif_root)
    uses_srcroot = False
    seen: dict[str, int] = {}
    results: list[dict[str, Any]] = []
    for diagnostic in diagnostics:
        uri, relative = (
            artifact_uri(diagnostic.file, root)
            if not diagnostic.file.startswith("<")
            else (quote(diagnostic.file), True)
        )
        uses_srcroot |= relative
        location: dict[str, Any] = {"uri": uri}
        if relative:
            location["uriBaseId"] = "%SRCROOT%"
        physical: dict[str, Any] = {
            "artifactLocation": location,
            "region": {
                "startLine": max(1, diagnostic.line),
                "startColumn": max(1, diagnostic.column),
            },
        }
        entry: dict[str, Any] = {
            "ruleId": diagnostic.rule,
            "level": level(diagnostic.severity),
            "message": {"text": _message(diagnostic)},
            "locations": [{"physicalLocation": physical}],
        }
        if diagnostic.rule in index:
            entry["ruleIndex"] = index[diagnostic.rule]
        if diagnostic.path:
            entry["locations"][0]["logicalLocations"] = [
                {"fullyQualifiedName": diagnostic.path, "kind": "member"}
            ]
        base = fingerprint(diagnostic, uri, 0).split(":")[0]
        seen[base] = seen.get(base, 0) + 1
        entry["partialFingerprints"] = {FINGERPRINT_KEY: f"{base}:{seen[base]}"}
        if diagnostic.related:
            entry["relatedLocations"] = [
                {
                    "id": number,
                    "physicalLocation": {
                        "artifactLocation": _related_location(related.file, root),
                        "region": {
                            "startLine": max(1, related.line),
                            "startColumn": max(1, related.column),
                        },
                    },
                }
                for number, related in enumerate(diagnostic.related, start=1)
            ]
        results.append(entry)
    run: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": "csorg",
                "version": __version__,
                "semanticVersion": __version__,
                "informationUri": INFORMATION_URI,
                "rules": rules,
            }
        },
        "invocations": [_invocation(result)],
        "results": results,
        "columnKind": "unicodeCodePoints",
    }
    if uses_srcroot:
        run["originalUriBaseIds"] = {"%SRCROOT%": {"uri": root.as_uri() + "/"}}
    return {"$schema": SARIF_SCHEMA, "version": SARIF_VERSION, "runs": [run]}


def _invocation(result: CheckResult) -> dict[str, Any]:
    """Whether the analysis happened; each input that could not be read is an error notification."""
    invocation: dict[str, Any] = {"executionSuccessful": not result.input_errors}
    if result.input_errors:
        invocation["toolExecutionNotifications"] = [
            {"level": "error", "message": {"text": message}, "descriptor": {"id": "input-error"}}
            for message in result.input_errors
        ]
    return invocation


def _related_location(file: str, root: Path) -> dict[str, Any]:
    if file.startswith("<"):
        return {"uri": quote(file), "uriBaseId": "%SRCROOT%"}
    uri, relative = artifact_uri(file, root)
    return {"uri": uri, "uriBaseId": "%SRCROOT%"} if relative else {"uri": uri}


def render(result: CheckResult, options: ReportOptions) -> str:
    """One SARIF 2.1.0 log with one run."""
    return dumps(build(result, options))
