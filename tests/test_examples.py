"""The example files are tests by themselves: real orgs validate cleanly, broken ones fail exactly."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from csorg_cli.checking import check_file
from csorg_cli.diagnostics import Severity

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
GOOD = sorted(EXAMPLES.glob("*.yaml"))
BROKEN = sorted(EXAMPLES.glob("broken/*.yaml"))


def test_there_are_at_least_four_real_orgs():
    assert {p.stem for p in GOOD} >= {"startup", "segmented", "strategic-scaled", "digital-led"}


@pytest.mark.parametrize("path", GOOD, ids=lambda p: p.name)
def test_example_org_has_no_errors(path: Path):
    result = check_file(path, f"examples/{path.name}")
    errors = [d for d in result.diagnostics if d.severity is Severity.ERROR]
    assert errors == []
    assert result.org is not None and len(result.org.roles) >= 5


@pytest.mark.parametrize("path", GOOD, ids=lambda p: p.name)
def test_example_starts_with_the_schema_line(path: Path):
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=../schemas/csorg.schema.json"


@pytest.mark.parametrize("path", BROKEN, ids=lambda p: p.name)
def test_broken_example_gives_exactly_its_expected_errors(path: Path):
    expected_file = path.with_suffix(".expected")
    expected = [
        (e["rule"], e["line"], e["column"])
        for e in yaml.safe_load(expected_file.read_text(encoding="utf-8"))
    ]
    result = check_file(path, str(path))
    errors = [
        (d.rule, d.line, d.column) for d in result.diagnostics if d.severity is Severity.ERROR
    ]
    assert errors == expected


def test_every_integrity_check_has_a_broken_example():
    rules = set()
    for expected_file in EXAMPLES.glob("broken/*.expected"):
        rules |= {e["rule"] for e in yaml.safe_load(expected_file.read_text(encoding="utf-8"))}
    assert rules >= {
        "unknown-manager",
        "unknown-segment",
        "reporting-cycle",
        "multiple-roots",
        "multi-seat-manager",
        "duplicate-key",
        "yaml-syntax",
        "schema",
    }
