"""`csorg diff`: hand-made old/new pairs, renames, git revisions, formats and exit status."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from helpers import copy_linked_files
from typer.testing import CliRunner

from csorg_cli.checking import check_file
from csorg_cli.cli.app import app
from csorg_cli.diagnostics import Severity
from csorg_cli.diff import diff_results

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))

OLD = """\
csorg: 1
organization: {name: Acme}
segments:
  ent: {accounts: 100, motion: named, ratio: "1:10"}
roles:
  vp: {title: VP Customer Success}
  lead: {title: CS Team Lead, reports_to: vp, segment: ent}
  csm: {title: Customer Success Manager, reports_to: lead, segment: ent, headcount: 8, open: 1}
  ops: {title: CS Operations Manager, reports_to: vp}
  trainer: {title: Training Specialist, reports_to: vp}
"""
# lead renamed to lead-ent (and its CSMs renamed with it), ops moved under lead-ent, trainer
# removed, support added, the VP re-titled, CSM seats 8 -> 10 with 3 open, accounts 100 -> 150.
NEW = """\
csorg: 1
organization: {name: Acme}
segments:
  ent: {accounts: 150, motion: named, ratio: "1:10"}
roles:
  vp: {title: Head of Customer Success}
  lead-ent: {title: CS Team Lead, reports_to: vp, segment: ent}
  csm-ent: {title: Customer Success Manager, reports_to: lead-ent, segment: ent, headcount: 8,
            open: 1}
  ops: {title: CS Operations Manager, reports_to: lead-ent}
  support: {title: Support Engineer, reports_to: vp, headcount: 2}
"""


def run(*args: str):
    return CliRunner().invoke(app, list(args))


@pytest.fixture
def pair(tmp_path: Path) -> tuple[Path, Path]:
    old, new = tmp_path / "old.yaml", tmp_path / "new.yaml"
    old.write_text(OLD)
    new.write_text(NEW)
    return old, new


def test_roles_added_removed_renamed_moved_retitled(pair):
    diff = diff_results(check_file(pair[0]), check_file(pair[1]))
    assert diff.added == ["support"]
    assert diff.removed == ["trainer"]
    # csm-ent only matches csm once lead -> lead-ent is known: renames are found repeatedly.
    assert diff.renamed == {"lead": "lead-ent", "csm": "csm-ent"}
    assert [c.new_id for c in diff.moved] == ["ops"]
    assert diff.moved[0].reports_to == ("vp", "lead-ent")
    assert [(c.new_id, c.title) for c in diff.retitled] == [
        ("vp", ("VP Customer Success", "Head of Customer Success"))
    ]
    assert (diff.seats, diff.open_seats, diff.roles) == ((12, 13), (1, 1), (5, 5))
    segment = diff.segments[0]
    assert (segment.before.accounts, segment.after.accounts) == (100, 150)
    assert (segment.before.seats_needed, segment.after.seats_needed) == (10, 15)


def test_seat_changes_are_not_renames(tmp_path):
    old, new = tmp_path / "old.yaml", tmp_path / "new.yaml"
    old.write_text(OLD)
    new.write_text(
        OLD.replace("headcount: 8, open: 1", "headcount: 10, open: 3").replace("  csm:", "  csm-2:")
    )
    diff = diff_results(check_file(old), check_file(new))
    assert diff.renamed == {}
    assert (diff.added, diff.removed) == (["csm-2"], ["csm"])


def test_seats_and_vacancies_changed(tmp_path):
    old, new = tmp_path / "old.yaml", tmp_path / "new.yaml"
    old.write_text(OLD)
    new.write_text(OLD.replace("headcount: 8, open: 1", "headcount: 10, open: 3"))
    diff = diff_results(check_file(old), check_file(new))
    assert [(c.new_id, c.headcount, c.open) for c in diff.changes] == [("csm", (8, 10), (1, 3))]
    result = run("diff", str(old), str(new))
    assert result.exit_code == 0
    assert "~ csm: seats 8 -> 10; open seats 1 -> 3" in result.stdout
    assert "ent (changed): motion named; accounts 100; target 1:10; seats 8 -> 10" in result.stdout


def test_introduced_and_fixed_diagnostics_and_exit_status(tmp_path):
    old, new = tmp_path / "old.yaml", tmp_path / "new.yaml"
    old.write_text(OLD.replace("reports_to: vp}\n  trainer", "reports_to: nobody}\n  trainer"))
    new.write_text(OLD.replace("segment: ent, headcount", "segment: gone, headcount"))
    diff = diff_results(check_file(old), check_file(new))
    # Only errors are compared: the advisory rules (spans...) may also move with the change.
    assert [d.rule for d in diff.fixed if d.severity is Severity.ERROR] == ["unknown-manager"]
    assert [d.rule for d in diff.introduced if d.severity is Severity.ERROR] == ["unknown-segment"]
    assert run("diff", str(old), str(new)).exit_code == 1
    assert run("diff", str(old), str(new), "--fail-on-new", "none").exit_code == 0
    # Swapped, the unknown segment is fixed and the unknown manager introduced: still 1.
    assert run("diff", str(new), str(old)).exit_code == 1
    assert run("diff", str(old), str(old)).exit_code == 0


def test_formats(pair):
    text = run("diff", *map(str, pair)).stdout
    assert "renamed lead -> lead-ent" in text
    assert "  + support (Support Engineer, 2 seats, reports to vp)" in text
    assert "  - trainer (Training Specialist, reports to vp)" in text
    markdown = run("diff", *map(str, pair), "--format", "markdown").stdout
    assert "| changed | `ops` | moved: reports to vp -> lead-ent |" in markdown
    data = json.loads(run("diff", *map(str, pair), "--format", "json").stdout)
    assert data["roles"]["renamed"] == [
        {"old_id": "lead", "id": "lead-ent"},
        {"old_id": "csm", "id": "csm-ent"},
    ]
    assert data["roles"]["moved"] == ["ops"] and data["roles"]["retitled"] == ["vp"]
    assert data["totals"]["seats"] == {"before": 12, "after": 13}


def test_unreadable_side_exits_2(pair, tmp_path):
    result = run("diff", str(tmp_path / "missing.yaml"), str(pair[1]))
    assert result.exit_code == 2
    assert result.stderr.startswith("csorg: error: ") and result.stderr.count("\n") == 1


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_git_revision(tmp_path, monkeypatch):
    repo = tmp_path / "repo"
    (repo / "teams").mkdir(parents=True)
    env = {
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.com",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.com",
    }
    monkeypatch.chdir(repo)
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    subprocess.run(["git", "init", "-q"], check=True)
    (repo / "org.yaml").write_text(OLD.replace("roles:\n", "include: [teams/*.yaml]\nroles:\n"))
    (repo / "teams" / "extra.yaml").write_text(
        "roles:\n  analyst: {title: CS Analyst, reports_to: vp}\n"
    )
    subprocess.run(["git", "add", "."], check=True)
    subprocess.run(["git", "commit", "-qm", "first"], check=True)
    (repo / "org.yaml").write_text(NEW.replace("roles:\n", "include: [teams/*.yaml]\nroles:\n"))
    result = run("diff", "HEAD:org.yaml", "org.yaml", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["old"] == "HEAD:org.yaml"
    # The included team file came along from the revision: analyst is on both sides.
    assert data["roles"]["added"] == ["support"] and data["roles"]["removed"] == ["trainer"]
    assert data["totals"]["roles"] == {"before": 6, "after": 6}
    missing = run("diff", "HEAD:nope.yaml", "org.yaml")
    assert missing.exit_code == 2 and "does not exist at revision HEAD" in missing.stderr
    bad_rev = run("diff", "no-such-rev:org.yaml", "org.yaml")
    assert bad_rev.exit_code == 2 and bad_rev.stderr.startswith("csorg: error: no-such-rev")


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_every_example_against_itself_and_its_plan(example, tmp_path):
    same = run("diff", str(example), str(example), "--format", "json")
    assert same.exit_code == 0
    assert json.loads(same.stdout)["roles"]["changed"] == []
    planned = tmp_path / "plan.yaml"
    # The plan is written beside the files the org links (its accounts file), as a user would.
    copy_linked_files(example, tmp_path)
    assert (
        run(
            "plan",
            str(example),
            "--set",
            "segments.new-seg.accounts=40",
            "--set",
            "segments.new-seg.motion=named",
            "--write",
            str(planned),
        ).exit_code
        == 0
    )
    result = run("diff", str(example), str(planned), "--format", "markdown")
    assert result.exit_code == 0, result.output
    assert "| added | `lead-new-seg` |" in result.stdout
    assert "| new-seg | added |" in result.stdout


def test_a_finding_whose_counts_change_is_neither_introduced_nor_fixed(tmp_path):
    # The ops ratio gets worse (20 -> 30 CSMs per ops seat): its message changes, the problem
    # does not. diff matches findings by rule, path and subject, never by message text.
    text = """\
csorg: 1
organization: {name: Acme}
products: [platform]
roles:
  vp: {title: VP Customer Success, kpis: [nrr], owns: [onboarding, support, renewals]}
  csm: {title: Customer Success Manager, reports_to: vp, headcount: 20}
  ops: {title: CS Operations Manager, reports_to: vp}
"""
    old, new = tmp_path / "old.yaml", tmp_path / "new.yaml"
    old.write_text(text)
    new.write_text(text.replace("headcount: 20", "headcount: 30"))
    diff = diff_results(check_file(old), check_file(new))
    assert "ops-ratio" in [d.rule for d in check_file(new).diagnostics]
    assert [d.rule for d in diff.introduced] == [] or "ops-ratio" not in [
        d.rule for d in diff.introduced
    ]
    assert "ops-ratio" not in [d.rule for d in diff.fixed]
    # Two findings of one rule at one path (two unowned functions) stay apart by subject.
    two = text.replace("owns: [onboarding, support, renewals]", "owns: [onboarding]")
    old.write_text(two)
    new.write_text(two.replace("owns: [onboarding]", "owns: [onboarding, support]"))
    diff = diff_results(check_file(old), check_file(new))
    fixed = [(d.rule, d.subject) for d in diff.fixed if d.rule == "missing-function"]
    assert fixed == [("missing-function", "support")]
    assert [d for d in diff.introduced if d.rule == "missing-function"] == []
