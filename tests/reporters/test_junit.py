"""JUnit XML: a suite per file, a case per diagnostic, failures at or above --fail-on."""

from __future__ import annotations

from xml.etree import ElementTree as ET

from csorg_cli.diagnostics import Severity
from csorg_cli.reporters import ReportOptions, get_reporter


def junit(result, **options) -> ET.Element:
    return ET.fromstring(get_reporter("junit")(result, ReportOptions(**options)))


def test_one_suite_per_file_with_counts(checked):
    root = junit(checked)
    assert root.tag == "testsuites"
    assert (root.get("tests"), root.get("failures"), root.get("errors")) == ("6", "1", "0")
    suites = root.findall("testsuite")
    assert [(s.get("name"), s.get("tests"), s.get("failures")) for s in suites] == [
        ("org.yaml", "5", "1"),
        ("clean.yaml", "1", "0"),
    ]
    assert [c.get("name") for c in suites[1]] == ["csorg validate"]


def test_failures_follow_fail_on(checked):
    cases = junit(checked, fail_on=Severity.WARNING).find("testsuite").findall("testcase")
    failing = [
        (c.get("name"), c.find("failure").get("type"))
        for c in cases
        if c.find("failure") is not None
    ]
    assert failing == [
        ("multiple-roots: roles.b", "warning"),
        ("schema: roles.b.reports_to", "error"),
    ]
    passing = [c for c in cases if c.find("failure") is None]
    assert all(c.find("system-out").text.startswith("org.yaml:") for c in passing)


def test_failure_text_has_location_and_hint(checked):
    failure = junit(checked).find(".//failure")
    assert failure.get("message") == (
        "reports_to of role 'b' is the text 'no:body,really', which is not valid here"
    )
    assert failure.text.splitlines()[0].startswith("org.yaml:6:31: error [schema] ")
    assert failure.text.splitlines()[-1].startswith("hint: ")


def test_control_characters_never_break_the_xml(checked):
    from dataclasses import replace

    bad = replace(checked.results[0].diagnostics[0], message="bell \x07 and \x1b escape")
    checked.results[0].diagnostics[0] = bad
    root = junit(checked, fail_on=Severity.INFO)
    assert "bell \ufffd and \ufffd escape" in ET.tostring(root, encoding="unicode")
