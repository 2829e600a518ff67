"""The set-up users and CI run: the lock covers pyproject's dependencies, CI runs the README's test
command, and the scheduled job runs the suite against the newest releases."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent


def pins(lock: str) -> dict[str, str]:
    """``name -> version`` of every ``name==version`` line of a pip-compile lock."""
    text = (ROOT / "requirements" / lock).read_text(encoding="utf-8")
    return {
        m.group(1).lower().replace("_", "-"): m.group(2)
        for m in re.finditer(r"^([A-Za-z0-9_.-]+)==([^\s\\]+)", text, re.M)
    }


def requirement_names(requirements: list[str]) -> list[str]:
    return [
        re.split(r"[<>=!~;\[ ]", r, maxsplit=1)[0].lower().replace("_", "-") for r in requirements
    ]


PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]


@pytest.mark.parametrize(
    ("lock", "requirements"),
    [
        ("main.txt", PROJECT["dependencies"]),
        ("dev.txt", PROJECT["dependencies"] + PROJECT["optional-dependencies"]["dev"]),
    ],
)
def test_every_dependency_is_pinned_in_the_lock(lock: str, requirements: list[str]) -> None:
    # A dependency added to pyproject.toml without re-running scripts/lock.sh fails here.
    pinned = pins(lock)
    assert [name for name in requirement_names(requirements) if name not in pinned] == []


def test_every_lock_line_carries_a_hash() -> None:
    for lock in ("main.txt", "dev.txt"):
        text = (ROOT / "requirements" / lock).read_text(encoding="utf-8")
        for block in re.split(r"\n(?=[A-Za-z0-9_.-]+==)", text.split("\n\n", 1)[-1]):
            if "==" in block.split("\n", 1)[0]:
                assert "--hash=sha256:" in block, block.split("\n", 1)[0]


def test_ci_runs_the_readme_test_command() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "scripts/run-tests.sh" in readme and "scripts/run-examples.sh" in readme
    assert "scripts/run-tests.sh" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    gates = (ROOT / "scripts" / "run-tests.sh").read_text(encoding="utf-8")
    for gate in ("ruff check", "ruff format --no-cache --check", "mypy", "pytest"):
        assert gate in gates


def test_the_scheduled_job_runs_the_suite_on_the_newest_releases() -> None:
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "ci.yml").read_text("utf-8"))
    triggers = workflow[True] if True in workflow else workflow["on"]  # YAML 1.1 reads `on` as true
    assert "schedule" in triggers
    scheduled = [
        job
        for job in workflow["jobs"].values()
        if "schedule" in job.get("if", "") and "== 'schedule'" in job.get("if", "")
    ]
    assert scheduled, "no job runs on the schedule"
    commands = [step["run"] for job in scheduled for step in job["steps"] if "run" in step]
    assert any("scripts/test-latest.sh" in command for command in commands)
    script = ROOT / "scripts" / "test-latest.sh"
    assert script.stat().st_mode & 0o111
    assert "requirements/" not in script.read_text(encoding="utf-8")  # never the lock
