"""`csorg validate` and `csorg --help` start quickly: what they do not need stays unimported.

The process boundary is what is tested (a module imported once stays imported), so each case runs
the CLI in a fresh interpreter and reports which modules it ended with.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
STARTUP_ORG = ROOT / "examples" / "startup.yaml"

# Libraries other commands (book, rebalance, import, export, design, report, render) use, each
# tens to hundreds of milliseconds to import; and what only a terminal or a plugin would need.
HEAVY = ("polars", "numpy", "scipy", "matplotlib", "openpyxl", "highspy", "playwright")
NOT_FOR_A_PIPE = ("rich.console", "importlib.metadata")
# What start-up does not pay for: the packaged data files are read through the package's loader
# (importlib.resources imports zipfile), and typer builds only the command run.
NOT_FOR_VALIDATE = ("importlib.resources", "zipfile")

# csorg's own entry point, which ends the process with os._exit: report the modules just before.
RUN_AND_LIST_MODULES = """
import json, os, sys
real_exit = os._exit
def report_and_exit(code):
    print(json.dumps({"exit": code, "modules": sorted(sys.modules)}), file=sys.stderr)
    real_exit(code)
os._exit = report_and_exit
sys.argv = ["csorg", *sys.argv[1:]]
from csorg_cli.launch import main
main()
"""


def modules_after(*args: str) -> tuple[object, set[str]]:
    """Run csorg with ``args`` in a fresh interpreter, output to a pipe; its exit code and the
    modules it had imported by the end."""
    env = {**os.environ, "CI": "true"}
    for setting in ("FORCE_COLOR", "PYDANTIC_DISABLE_PLUGINS"):
        env.pop(setting, None)
    done = subprocess.run(
        [sys.executable, "-c", RUN_AND_LIST_MODULES, *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )
    report = json.loads(done.stderr.strip().splitlines()[-1])
    return report["exit"], set(report["modules"])


def imported(modules: set[str], names: tuple[str, ...]) -> list[str]:
    return sorted(m for m in modules if any(m == n or m.startswith(n + ".") for n in names))


@pytest.mark.parametrize("output_format", ["text", "json"])
def test_validate_imports_nothing_it_does_not_use(output_format: str) -> None:
    exit_code, modules = modules_after("validate", "--format", output_format, str(STARTUP_ORG))
    assert exit_code == 0
    assert "csorg_cli.model.org" in modules  # it did validate
    assert imported(modules, HEAVY) == []
    assert imported(modules, NOT_FOR_A_PIPE) == []
    assert imported(modules, NOT_FOR_VALIDATE) == []
    commands = {m for m in modules if m.startswith("csorg_cli.cli.")}
    assert commands == {
        "csorg_cli.cli.app",
        "csorg_cli.cli.common",
        "csorg_cli.cli.completion",
        "csorg_cli.cli.validate",
    }


def test_help_imports_no_heavy_library() -> None:
    exit_code, modules = modules_after("--help")
    assert exit_code == 0
    assert imported(modules, HEAVY) == []


def test_every_command_module_is_listed_under_its_name() -> None:
    from csorg_cli.cli.app import COMMAND_MODULES

    found = sorted(
        path.stem
        for path in (ROOT / "src" / "csorg_cli" / "cli").glob("*.py")
        if "NAME = " in path.read_text(encoding="utf-8")
    )
    assert sorted(COMMAND_MODULES.values()) == found
    for name, module_name in COMMAND_MODULES.items():
        module = __import__(f"csorg_cli.cli.{module_name}", fromlist=["NAME"])
        assert name == module.NAME


def test_help_lists_every_command_in_order() -> None:
    from typer.testing import CliRunner

    from csorg_cli.cli.app import COMMAND_MODULES, app

    result = CliRunner().invoke(app, ["--help"], terminal_width=200)
    assert result.exit_code == 0
    listed = re.findall(r"^│ ([a-z]+)  ", result.stdout, flags=re.M)
    assert listed == list(COMMAND_MODULES), result.stdout
