"""The GitHub Action (action.yml): its steps' scripts run in bash as the runner runs them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from csorg_cli.github_action import entries, validate_arguments
from csorg_cli.project import REPOSITORY

ROOT = Path(__file__).resolve().parents[2]
ORG = "csorg: 1\norganization: {name: Acme}\ninclude: [teams/*.yaml]\nroles:\n  vp: {title: VP Customer Success}\n"
TEAM = "roles:\n  csm: {title: CSM, reports_to: vp}\n"
MANIFEST = "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec: {replicas: 2}\n"


def _action() -> dict:
    return yaml.safe_load((ROOT / "action.yml").read_text())


def _step(step_id: str | None = None, name: str | None = None) -> dict:
    steps = _action()["runs"]["steps"]
    return next(s for s in steps if (step_id and s.get("id") == step_id) or s.get("name") == name)


def test_action_is_composite_and_uploads_only_an_analysis_that_happened():
    action = _action()
    assert action["runs"]["using"] == "composite"
    assert action["inputs"]["files"]["default"] == ""
    steps = action["runs"]["steps"]
    upload = next(
        s for s in steps if s.get("uses", "").startswith("github/codeql-action/upload-sarif@")
    )
    assert upload["uses"] == "github/codeql-action/upload-sarif@v4"
    condition = upload["if"]
    assert "always()" in condition
    # exit 2 (csorg could not run): no upload, which would close every open alert.
    assert "steps.validate.outputs.exit-code == '0'" in condition
    assert "steps.validate.outputs.exit-code == '1'" in condition
    assert upload["with"]["sarif_file"] == "${{ inputs.sarif-file }}"
    assert steps.index(upload) < len(steps) - 1 and "exit" in steps[-1]["run"]
    for step in steps:  # inputs reach scripts through the environment, never pasted in
        assert "${{" not in step.get("run", ""), step.get("name")


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    """A repository as actions/checkout leaves it: an org with a team file, a Kubernetes
    manifest, a workflow, and an org in a folder whose name has a space."""
    (tmp_path / "teams").mkdir()
    (tmp_path / "deploy").mkdir()
    (tmp_path / ".github" / "workflows").mkdir(parents=True)
    (tmp_path / "People Ops").mkdir()
    (tmp_path / "org.yaml").write_text(ORG, encoding="utf-8")
    (tmp_path / "teams" / "smb.yaml").write_text(TEAM.replace("vp}", "vpx}"), encoding="utf-8")
    (tmp_path / "deploy" / "web.yaml").write_text(MANIFEST, encoding="utf-8")
    (tmp_path / ".github" / "workflows" / "ci.yml").write_text("on: push\n", encoding="utf-8")
    (tmp_path / "People Ops" / "cs org.yaml").write_text(
        ORG.replace("include: [teams/*.yaml]\n", ""), encoding="utf-8"
    )
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    return tmp_path


def _run_validate(workspace: Path, files: str, tmp_path_factory) -> tuple[str, str, dict | None]:
    """Runs the Validate step's script; returns its exit-code output, stdout and the SARIF."""
    output = tmp_path_factory.mktemp("gh") / "output"
    env = {
        **os.environ,
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
        "INPUT_FILES": files,
        "INPUT_CONFIG": "",
        "INPUT_FAIL_ON": "error",
        "INPUT_BASELINE": "",
        "SARIF_FILE": "csorg.sarif",
        "GITHUB_OUTPUT": str(output),
        "GITHUB_ACTIONS": "true",
    }
    (workspace / "csorg.sarif").unlink(missing_ok=True)
    step = subprocess.run(
        ["bash", "-e", "-c", _step("validate")["run"]],
        capture_output=True,
        text=True,
        cwd=workspace,
        env=env,
        timeout=120,
    )
    assert step.returncode == 0, step.stderr
    sarif_path = workspace / "csorg.sarif"
    sarif = json.loads(sarif_path.read_text()) if sarif_path.exists() else None
    return output.read_text().strip(), step.stdout, sarif


def _result_files(sarif: dict) -> set[str]:
    return {
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        for r in sarif["runs"][0]["results"]
    }


def test_default_checks_the_orgs_and_never_a_manifest(workspace, tmp_path_factory):
    code, stdout, sarif = _run_validate(workspace, "", tmp_path_factory)
    assert code == "exit-code=1"
    assert "::error file=teams/smb.yaml,line=2,col=33,title=unknown-manager::" in stdout
    assert "web.yaml" not in stdout and "ci.yml" not in stdout
    assert sarif is not None and "teams/smb.yaml" in _result_files(sarif)
    assert not any("deploy" in uri or ".github" in uri for uri in _result_files(sarif))


def test_globs_expand_and_paths_keep_their_spaces(workspace, tmp_path_factory):
    code, stdout, _ = _run_validate(workspace, "People Ops/*.yaml", tmp_path_factory)
    assert code == "exit-code=0", stdout
    code, stdout, _ = _run_validate(
        workspace, "People Ops/cs org.yaml\norg.yaml\n", tmp_path_factory
    )
    assert code == "exit-code=1" and "teams/smb.yaml" in stdout
    code, stdout, _ = _run_validate(workspace, "'People Ops/cs org.yaml'", tmp_path_factory)
    assert code == "exit-code=0", stdout


def test_a_run_that_could_not_happen_reports_exit_2(workspace, tmp_path_factory):
    code, _, sarif = _run_validate(workspace, "nope.yaml", tmp_path_factory)
    assert code == "exit-code=2"
    assert sarif is not None
    assert sarif["runs"][0]["invocations"][0]["executionSuccessful"] is False


def test_version_installs_from_the_repository(tmp_path):
    """The install step asks pip for git+REPOSITORY@tag; pip itself is replaced by a recorder."""
    shim = tmp_path / "bin"
    shim.mkdir()
    record = tmp_path / "pip-args"
    (shim / "python").write_text(
        "#!/bin/sh\n"
        f'if [ "$1" = "-m" ] && [ "$2" = "pip" ]; then shift 2; printf "%s\\n" "$@" > {record}; exit 0; fi\n'
        f'exec {sys.executable} "$@"\n',
        encoding="utf-8",
    )
    (shim / "python").chmod(0o755)
    env = {
        **os.environ,
        "PATH": f"{shim}{os.pathsep}{os.environ['PATH']}",
        "CSORG_VERSION": "0.1.0",
        "ACTION_PATH": str(ROOT),
    }
    step = subprocess.run(
        ["bash", "-e", "-c", _step(name="Install csorg")["run"]],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert step.returncode == 0, step.stderr
    assert record.read_text().splitlines()[-1] == f"csorg @ git+{REPOSITORY}@v0.1.0"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("org.yaml teams/", ["org.yaml", "teams/"]),
        ("'People Ops/org.yaml' b.yaml", ["People Ops/org.yaml", "b.yaml"]),
        ("People Ops/org.yaml\n  b c.yaml\n\n", ["People Ops/org.yaml", "b c.yaml"]),
        ("  ", []),
        ("it's.yaml", ["it's.yaml"]),
    ],
)
def test_files_input_entries(text, expected):
    assert entries(text) == expected


def test_empty_files_input_discovers_the_orgs():
    assert validate_arguments("") == ["--changed", "--", "."]
