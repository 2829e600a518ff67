"""JUnit XML, for the test viewers of GitLab, Jenkins, Azure Pipelines, CircleCI and the like.

One ``<testsuite>`` per file read (root files and included files, in the order they were read) and
one ``<testcase>`` per diagnostic, named ``rule: path: message`` and with ``classname`` the file, so a
viewer groups problems by file and lists each one by what it is about. Names are unique within a
suite (GitLab keys cases on suite, classname and name and keeps one of each; xunit-viewer merges
them): several problems of one rule at one place differ by message, and identical ones by line. A diagnostic at or above
``--fail-on`` is a ``<failure>``; one below it is a passing test case whose ``<system-out>`` holds
the advice (the viewers have no "warning" state, and advice must not turn a pipeline red). A file
without diagnostics has one passing test case, ``csorg validate``, so it shows as checked.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import TYPE_CHECKING
from xml.etree import ElementTree as ET

from csorg_cli.diagnostics import Diagnostic
from csorg_cli.reporters import ReportOptions, shown

if TYPE_CHECKING:
    from csorg_cli.checking import CheckResult

# Characters XML 1.0 cannot hold at all, even escaped.
_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _clean(text: str) -> str:
    return _INVALID_XML.sub("\ufffd", text)


def _details(diagnostic: Diagnostic) -> str:
    lines = [
        f"{diagnostic.file}:{diagnostic.line}:{diagnostic.column}: "
        f"{diagnostic.severity.value} [{diagnostic.rule}] {diagnostic.message}"
    ]
    if diagnostic.path:
        lines.append(f"path: {diagnostic.path}")
    if diagnostic.hint:
        lines.append(f"hint: {diagnostic.hint}")
    return _clean("\n".join(lines))


def _case_names(diagnostics: list[Diagnostic]) -> list[str]:
    """A unique name per case: what the problem is about and what it is, then the line, then a
    count, only as far as needed to tell two cases apart."""
    names = [
        f"{d.rule}: {d.path or f'line {d.line}'}: {d.message.splitlines()[0] if d.message else ''}"
        for d in diagnostics
    ]
    taken = Counter(names)
    for index, diagnostic in enumerate(diagnostics):
        if taken[names[index]] > 1:
            names[index] = f"{names[index]} (line {diagnostic.line})"
    seen: dict[str, int] = {}
    for index, name in enumerate(names):
        seen[name] = seen.get(name, 0) + 1
        if seen[name] > 1:
            names[index] = f"{name} #{seen[name]}"
    return names


def render(result: CheckResult, options: ReportOptions) -> str:
    """``<testsuites>`` with a suite per file and a case per diagnostic."""
    diagnostics = shown(result, options).diagnostics
    files = list(result.files)
    by_file: dict[str, list[Diagnostic]] = {file: [] for file in files}
    for diagnostic in diagnostics:
        by_file.setdefault(diagnostic.file, []).append(diagnostic)
    root = ET.Element("testsuites", name="csorg validate")
    total_tests = total_failures = 0
    for suite_id, (file, found) in enumerate(by_file.items()):
        suite = ET.SubElement(root, "testsuite", name=_clean(file), id=str(suite_id))
        failures = 0
        if not found:
            ET.SubElement(
                suite,
                "testcase",
                name="csorg validate",
                classname=_clean(file),
                file=_clean(file),
                time="0",
            )
        for diagnostic, name in zip(found, _case_names(found), strict=True):
            case = ET.SubElement(
                suite,
                "testcase",
                name=_clean(name),
                classname=_clean(file),
                file=_clean(file),
                line=str(diagnostic.line),
                time="0",
            )
            if diagnostic.severity >= options.fail_on:
                failures += 1
                failure = ET.SubElement(
                    case,
                    "failure",
                    type=diagnostic.severity.value,
                    message=_clean(diagnostic.message),
                )
                failure.text = _details(diagnostic)
            else:
                out = ET.SubElement(case, "system-out")
                out.text = _details(diagnostic)
        tests = max(1, len(found))
        suite.set("tests", str(tests))
        suite.set("failures", str(failures))
        suite.set("errors", "0")
        suite.set("skipped", "0")
        suite.set("time", "0")
        total_tests += tests
        total_failures += failures
    root.set("tests", str(total_tests))
    root.set("failures", str(total_failures))
    root.set("errors", "0")
    root.set("time", "0")
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
