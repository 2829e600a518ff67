"""SARIF 2.1.0, for GitHub code scanning and other static-analysis viewers.

Every registered rule is in ``tool.driver.rules`` (its summary, its documentation as text and
markdown, its default level and a link to docs/rules/<name>.md), so a viewer can explain an alert
without csorg installed. Results carry a path relative to the working directory (the repository
root in CI, ``uriBaseId`` ``%SRCROOT%``) and a ``partialFingerprints`` entry computed from rule,
file, document path and message: like the baseline, it ignores line numbers, so code scanning
keeps one alert open for one problem while the file around it is edited.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from csorg_cli import __version__
from csorg_cli.diagnostics import Diagnostic, Severity
from csorg_cli.reporters import ReportOptions

if TYPE_CHECKING:
    from csorg_cli.checking import CheckResult
    from csorg_cli.rules.base import RuleSpec

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
SARIF_VERSION = "2.1.0"
INFORMATION_URI = "https://github.com/csorg/csorg"
# Where docs/rules/<name>.md is published; override with CSORG_DOCS_URL for a fork or a mirror.
DOCS_URL = "https://github.com/csorg/csorg/blob/main/docs/rules/"
FINGERPRINT_KEY = "csorgProblemHash/v1"

_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def level(severity: Severity | None) -> str:
    """The SARIF level of a severity (``info`` is ``note``; a rule that is off is ``none``)."""
    return "none" if severity is None else _LEVEL[severity]


def artifact_uri(file: str) -> tuple[str, bool]:
    """(URI, relative?) of a file as displayed: relative to the working directory when inside it,
    percent-encoded, with ``/`` separators."""
    absolute = Path(os.path.abspath(file))
    try:
        relative = absolute.relative_to(Path.cwd())
    except ValueError:
        return absolute.as_uri(), False
    return quote(relative.as_posix()), True


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
    diagnostics = result.diagnostics
    if options.quiet:
        diagnostics = [d for d in diagnostics if d.severity >= options.fail_on]
    uses_srcroot = False
    seen: dict[str, int] = {}
    results: list[dict[str, Any]] = []
    for diagnostic in diagnostics:
        uri, relative = (
            artifact_uri(diagnostic.file)
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
                        "artifactLocation": _related_location(related.file),
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
        "results": results,
        "columnKind": "unicodeCodePoints",
    }
    if uses_srcroot:
        run["originalUriBaseIds"] = {"%SRCROOT%": {"uri": Path.cwd().as_uri() + "/"}}
    return {"$schema": SARIF_SCHEMA, "version": SARIF_VERSION, "runs": [run]}


def _related_location(file: str) -> dict[str, Any]:
    if file.startswith("<"):
        return {"uri": quote(file), "uriBaseId": "%SRCROOT%"}
    uri, relative = artifact_uri(file)
    return {"uri": uri, "uriBaseId": "%SRCROOT%"} if relative else {"uri": uri}


def render(result: CheckResult, options: ReportOptions) -> str:
    """One SARIF 2.1.0 log with one run."""
    return json.dumps(build(result, options), indent=2, ensure_ascii=False) + "\n"
