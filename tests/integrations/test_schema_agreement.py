"""The JSON Schemas and csorg agree, file by file, through check-jsonschema (the real client).

Every example, every broken example and the cases of tests/corpora/schema-agreement/ (each with
`# expect: valid|invalid` on its first line) go through check-jsonschema with the committed schema
(fragments/ with the fragment schema) and through csorg; the verdicts must be equal. csorg's
verdict counts what a schema can express: YAML errors and the `schema` rule, without the checks
that relate one field to another (CROSS_FIELD), which no JSON Schema can state.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from csorg_cli.checking import check_paths
from csorg_cli.diagnostics import Severity

ROOT = Path(__file__).resolve().parents[2]
CASES = ROOT / "tests" / "corpora" / "schema-agreement"
ORG_SCHEMA = ROOT / "schemas" / "csorg.schema.json"
FRAGMENT_SCHEMA = ROOT / "schemas" / "csorg-fragment.schema.json"
STRUCTURAL_RULES = {"schema", "yaml-syntax", "duplicate-key"}
# Checks of one field against another: csorg's alone.
CROSS_FIELD = re.compile(
    r"open seats but a headcount|names \d+ people but has|adds up to|shares [\d,]+ accounts with"
    r"|has both `person` and `people`|seats but one `person`|is open \(vacant\) but names"
    r"|carries coverage but serves"
)

ORG_FILES = sorted(
    [
        *(ROOT / "examples").glob("*.yaml"),
        *(ROOT / "examples" / "broken").glob("*.yaml"),
        *CASES.glob("*.yaml"),
    ]
)
FRAGMENT_FILES = sorted((CASES / "fragments").glob("*.yaml"))


def _check_jsonschema(schema: Path, files: list[Path]) -> set[str]:
    """The files check-jsonschema rejects (schema errors or files it cannot parse)."""
    done = subprocess.run(
        [
            str(Path(sys.executable).parent / "check-jsonschema"),
            "--output-format",
            "json",
            "--schemafile",
            str(schema),
            *map(str, files),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    report = json.loads(done.stdout)
    failed = {Path(e["filename"]).resolve().as_posix() for e in report.get("errors", [])}
    failed |= {Path(e["filename"]).resolve().as_posix() for e in report.get("parse_errors", [])}
    assert (done.returncode != 0) == bool(failed), done.stdout + done.stderr
    return failed


@pytest.fixture(scope="module")
def rejected() -> set[str]:
    """One check-jsonschema run per schema for the whole corpus."""
    return _check_jsonschema(ORG_SCHEMA, ORG_FILES) | _check_jsonschema(
        FRAGMENT_SCHEMA, FRAGMENT_FILES
    )


def _csorg_rejects(path: Path) -> bool:
    result = check_paths([str(path)])
    return any(
        d.rule in STRUCTURAL_RULES
        and d.severity is Severity.ERROR
        and not CROSS_FIELD.search(d.message)
        for d in result.diagnostics
    )


def _expected(path: Path) -> bool | None:
    first = path.read_text(encoding="utf-8").splitlines()[0]
    match = re.match(r"# expect: (valid|invalid)\b", first)
    return None if match is None else match.group(1) == "invalid"


@pytest.mark.parametrize(
    "path", ORG_FILES + FRAGMENT_FILES, ids=lambda p: p.relative_to(ROOT).as_posix()
)
def test_check_jsonschema_and_csorg_give_the_same_verdict(path, rejected):
    by_schema = path.resolve().as_posix() in rejected
    by_csorg = _csorg_rejects(path)
    assert by_schema == by_csorg, (
        f"{path.name}: check-jsonschema {'rejects' if by_schema else 'accepts'}, "
        f"csorg {'rejects' if by_csorg else 'accepts'}"
    )
    expected = _expected(path)
    if expected is not None:
        assert by_csorg == expected


def test_every_case_states_what_it_expects():
    for path in [*CASES.glob("*.yaml"), *FRAGMENT_FILES]:
        assert _expected(path) is not None, path
