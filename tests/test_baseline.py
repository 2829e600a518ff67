"""Baseline: a team adopts csorg on a messy org, records its problems, then sees only new ones."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from csorg_cli.baseline import Baseline
from csorg_cli.cli.app import app
from csorg_cli.diagnostics import Diagnostic, Severity

MESSY = """\
csorg: 1
organization: {name: Acme}
segments:
  smb: {accounts: 400, motion: pooled}
roles:
  vp: {title: VP Customer Success}
  csm-a: {title: CSM, reports_to: director}
  csm-b: {title: CSM, reports_to: director, segment: midmarket}
  csm-c: {title: CSM, reports_to: vp, segment: smb}
"""


def run(*args: str, config: str | None = None):
    options = ["--config", config] if config else ["--no-config"]
    return CliRunner().invoke(app, ["validate", *args, *options])


def diagnostics(result) -> list[tuple[str, str, int]]:
    return [(d["rule"], d["path"], d["line"]) for d in json.loads(result.stdout)["diagnostics"]]


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    (tmp_path / "org.yaml").write_text(MESSY, encoding="utf-8")
    return tmp_path


def test_adopt_on_a_messy_org_then_see_only_new_problems(repo):
    before = run("org.yaml", "--format", "json")
    assert before.exit_code == 1
    recorded = diagnostics(before)
    assert ("unknown-manager", "roles.csm-a.reports_to", 7) in recorded

    update = run("org.yaml", "--baseline", "csorg-baseline.json", "--update-baseline")
    assert update.exit_code == 0
    assert update.stdout == ""
    assert update.stderr.strip() == (
        f"csorg: wrote csorg-baseline.json: {len(recorded)} problem(s) recorded"
    )
    stored = json.loads((repo / "csorg-baseline.json").read_text())
    assert stored["version"] == 1
    assert all("line" not in entry for entry in stored["entries"])

    clean = run("org.yaml", "--baseline", "csorg-baseline.json", "--format", "json")
    assert clean.exit_code == 0
    assert diagnostics(clean) == []
    assert clean.stderr == ""

    # Edits elsewhere move every line down; the recorded problems stay hidden.
    edited = MESSY.replace("roles:\n", "# Reviewed in the Q3 planning.\n\nroles:\n")
    edited = edited.replace("{name: Acme}", "{name: Acme, as_of: 2026-11-01}")
    (repo / "org.yaml").write_text(edited, encoding="utf-8")
    assert diagnostics(run("org.yaml", "--baseline", "csorg-baseline.json", "-f", "json")) == []

    # A new problem shows, alone, and fails the run.
    (repo / "org.yaml").write_text(
        edited + "  csm-e: {title: CSM, reports_to: nobody}\n", encoding="utf-8"
    )
    new = run("org.yaml", "--baseline", "csorg-baseline.json", "--format", "json")
    assert new.exit_code == 1
    assert diagnostics(new) == [("unknown-manager", "roles.csm-e.reports_to", 12)]


def test_fixed_problems_are_reported_as_stale_without_failing(repo):
    # Integrity checks only: the fix must not change what the design rules say about spans.
    (repo / "minimal.yaml").write_text("extends: minimal\n", encoding="utf-8")
    assert (
        run(
            "org.yaml", "--baseline", "b.json", "--update-baseline", config="minimal.yaml"
        ).exit_code
        == 0
    )
    fixed = MESSY.replace("reports_to: director}", "reports_to: vp}")
    (repo / "org.yaml").write_text(fixed, encoding="utf-8")
    result = run("org.yaml", "--baseline", "b.json", "--format", "json", config="minimal.yaml")
    assert result.exit_code == 0
    assert diagnostics(result) == []
    lines = result.stderr.splitlines()
    assert lines[0] == (
        "csorg: note: 1 baseline entry in b.json no longer occur (fixed?); run "
        "with --update-baseline to prune:"
    )
    assert lines[1] == (
        "  org.yaml: [unknown-manager] role 'csm-a' reports to 'director', "
        "which is not a role in this org (roles.csm-a.reports_to)"
    )
    # Pruning removes it.
    assert (
        run(
            "org.yaml", "--baseline", "b.json", "--update-baseline", config="minimal.yaml"
        ).exit_code
        == 0
    )
    assert run("org.yaml", "--baseline", "b.json", "-f", "json", config="minimal.yaml").stderr == ""


def test_the_baseline_works_from_another_directory_and_spelling(repo, monkeypatch):
    assert run("./org.yaml", "--baseline", "b.json", "--update-baseline").exit_code == 0
    (repo / "sub").mkdir()
    monkeypatch.chdir(repo / "sub")
    result = run("../org.yaml", "--baseline", "../b.json", "--format", "json")
    assert (result.exit_code, diagnostics(result), result.stderr) == (0, [], "")


def test_matching_counts_duplicates():
    base = Path.cwd()

    def diagnostic(line: int) -> Diagnostic:
        return Diagnostic("schema", Severity.ERROR, "same message", "org.yaml", line, 3, "roles.a")

    recorded = Baseline.from_diagnostics([diagnostic(4), diagnostic(9)], base)
    kept, dropped, stale = recorded.filter(
        [diagnostic(5), diagnostic(10), diagnostic(20)], ["org.yaml"]
    )
    assert [d.line for d in kept] == [20]
    assert [d.line for d in dropped] == [5, 10]
    assert stale == []
    kept, _, stale = recorded.filter([diagnostic(5)], ["org.yaml"])
    assert kept == [] and [(s.key.rule, s.count) for s in stale] == [("schema", 1)]
    # Entries of files not checked in this run are neither used nor stale.
    assert recorded.filter([], ["other.yaml"])[2] == []


def test_update_keeps_the_entries_of_files_not_checked(repo):
    (repo / "other.yaml").write_text(MESSY, encoding="utf-8")
    assert run("org.yaml", "other.yaml", "--baseline", "b.json", "--update-baseline").exit_code == 0
    assert run("org.yaml", "--baseline", "b.json", "--update-baseline").exit_code == 0
    files = {e["file"] for e in json.loads((repo / "b.json").read_text())["entries"]}
    assert files == {"org.yaml", "other.yaml"}


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "csorg: error: b.json:1:2: not a JSON baseline"),
        ('{"entries": []}', "csorg: error: b.json: not a csorg baseline"),
        (
            '{"version": 1, "entries": [{"rule": 3}]}',
            "csorg: error: b.json: entry 0: rule must be a string",
        ),
    ],
)
def test_a_broken_baseline_exits_2(repo, content, message):
    (repo / "b.json").write_text(content, encoding="utf-8")
    result = run("org.yaml", "--baseline", "b.json")
    assert result.exit_code == 2
    assert result.stderr.startswith(message)


def test_baseline_usage_errors(repo):
    missing = run("org.yaml", "--baseline", "nope.json")
    assert missing.exit_code == 2
    assert "baseline file not found (create it with --update-baseline)" in missing.stderr
    alone = run("org.yaml", "--update-baseline")
    assert alone.exit_code == 2
    assert alone.stderr.strip() == (
        "csorg: error: --update-baseline needs --baseline FILE (the file to write)"
    )
    over_input = run("org.yaml", "--baseline", "org.yaml", "--update-baseline")
    assert over_input.exit_code == 2
    assert (repo / "org.yaml").read_text() == MESSY
