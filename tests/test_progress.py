"""Long runs show a spinner on a terminal, and stay quiet in CI, in pipes and with JSON."""

from __future__ import annotations

import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from generate_org import generate_org  # noqa: E402


@pytest.fixture(scope="module")
def big_org(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("big") / "org.yaml"
    path.write_text(generate_org(12_000), encoding="utf-8")
    assert path.stat().st_size > 2_000_000  # above the size that turns the spinner on
    return path


def run_on_terminal(args: list[str], ci: bool) -> str:
    """Run csorg with stdout and stderr on a pseudo-terminal; return everything it showed."""
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    if ci:
        env["CI"] = "true"
    main, replica = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "csorg_cli", *args],
        stdout=replica,
        stderr=replica,
        stdin=subprocess.DEVNULL,
        env=env,
    )
    os.close(replica)
    chunks = []
    while True:
        try:
            chunk = os.read(main, 65536)
        except OSError:  # the terminal closed: the process ended
            break
        if not chunk:
            break
        chunks.append(chunk)
    process.wait(timeout=120)
    os.close(main)
    return b"".join(chunks).decode("utf-8", "replace")


def test_spinner_on_a_terminal(big_org: Path) -> None:
    shown = run_on_terminal(["validate", "--quiet", str(big_org)], ci=False)
    assert f"checking {big_org}..." in shown


def test_no_spinner_in_ci(big_org: Path) -> None:
    shown = run_on_terminal(["validate", "--quiet", str(big_org)], ci=True)
    assert "checking" not in shown


def test_no_spinner_with_json(big_org: Path) -> None:
    shown = run_on_terminal(["validate", "--format", "json", str(big_org)], ci=False)
    assert "checking" not in shown
    assert shown.lstrip().startswith("{")


def test_no_spinner_in_a_pipe(big_org: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    done = subprocess.run(
        [sys.executable, "-m", "csorg_cli", "validate", "--quiet", str(big_org)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert "checking" not in done.stderr
