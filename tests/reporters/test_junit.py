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
        (
            "multiple-roots: roles.b: role 'b' has no reports_to, like 'vp': the org has 2 roots",
            "warning",
        ),
        (
            "schema: roles.b.reports_to: reports_to of role 'b' is the text 'no:body,really', "
            "which is not valid here",
            "error",
        ),
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


def test_every_case_is_unique_for_junitparser_gitlab_and_xunit_viewer(tmp_path, monkeypatch):
    """GitLab keys cases on suite + classname + name and keeps one; xunit-viewer merges them.
    An org missing three functions at its root gets three cases that say which function."""
    from junitparser import JUnitXml

    from csorg_cli.checking import check_paths

    monkeypatch.chdir(tmp_path)
    (tmp_path / "org.yaml").write_text(
        "csorg: 1\norganization: {name: Acme}\nroles:\n"
        "  lead: {title: Head of Customer Success}\n"
        "  csm: {title: CSM, reports_to: lead, headcount: 3}\n"
        "  csm2: {title: CSM, reports_to: lead}\n"
        "  x: {title: CSM, reports_to: nobody}\n  y: {title: CSM, reports_to: nobody}\n",
        encoding="utf-8",
    )
    result = check_paths(["org.yaml"])
    path = tmp_path / "csorg.xml"
    path.write_text(get_reporter("junit")(result, ReportOptions()), encoding="utf-8")
    cases = [
        (suite.name, case.classname, case.name)
        for suite in JUnitXml.fromfile(str(path))
        for case in suite
    ]
    assert len(cases) == len(result.diagnostics)
    assert len(set(cases)) == len(cases)
    missing = sorted(name for _, _, name in cases if name.startswith("missing-function"))
    assert len(missing) >= 2
    assert all(name.startswith("missing-function: roles.lead: no one owns ") for name in missing)
