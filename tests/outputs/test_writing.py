"""Outputs: in place for devices, FIFOs and /dev/stdout links; never over a file the command reads;
no temporary file left behind, not even on SIGTERM."""

from __future__ import annotations

import json
import os
import select
import signal
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from csorg_cli.cli.app import app
from csorg_cli.outputs import OutputError

ORG = """\
csorg: 1
organization: {name: Acme}
segments:
  ent: {accounts: 100, motion: named, ratio: "1:10"}
roles:
  vp: {title: VP Customer Success}
  lead: {title: CS Team Lead, reports_to: vp, segment: ent}
  csm: {title: Customer Success Manager, reports_to: lead, segment: ent, headcount: 8}
"""


def run(*args: str):
    return CliRunner().invoke(app, list(args))


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("CSORG_CONFIG", raising=False)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    (tmp_path / "org.yaml").write_text(ORG, encoding="utf-8")
    return tmp_path


def leftovers(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir() if p.name.endswith(".tmp"))


# -- devices, FIFOs, symlinks -------------------------------------------------------------------


# Devices are never used here: a regression as root would replace the machine's /dev/null. A FIFO
# takes the same path through write_output (anything that is not a regular file).


class FifoReader:
    """A FIFO held open for reading from the start (so writers never wait for a reader), drained
    by a thread (so a writer never waits on a full pipe); ``data()`` is everything written."""

    def __init__(self, fifo: Path) -> None:
        os.mkfifo(fifo)
        self.descriptor = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
        self.chunks: list[bytes] = []
        self.done = threading.Event()
        self.thread = threading.Thread(target=self._drain, daemon=True)
        self.thread.start()

    def _read_available(self) -> bool:
        try:
            chunk = os.read(self.descriptor, 65536)
        except BlockingIOError:
            return False
        self.chunks.append(chunk)
        return bool(chunk)

    def _drain(self) -> None:
        while not self.done.is_set():
            select.select([self.descriptor], [], [], 0.02)
            if not self._read_available():
                time.sleep(0.01)  # no writer open yet: the read end reports EOF at once
        while self._read_available():
            pass

    def data(self) -> bytes:
        self.done.set()
        self.thread.join(10)
        os.close(self.descriptor)
        return b"".join(self.chunks)


def test_a_symlink_to_a_fifo_stays_a_symlink_and_the_fifo_stays_a_fifo(repo):
    reader = FifoReader(repo / "pipe")
    (repo / "chart.dot").symlink_to("pipe")
    result = run("render", "org.yaml", "-o", "chart.dot")
    assert result.exit_code == 0, result.output
    assert (repo / "chart.dot").is_symlink()
    assert stat.S_ISFIFO(os.lstat(repo / "pipe").st_mode)
    assert reader.data().startswith(b"digraph")


def test_a_fifo_is_written_into_not_replaced(repo):
    fifo = repo / "report.json"
    reader = FifoReader(fifo)
    result = run("report", "org.yaml", "--format", "json", "-o", str(fifo))
    assert result.exit_code == 0, result.output
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert json.loads(reader.data())["organization"]["name"] == "Acme"


def test_a_symlink_to_a_regular_file_keeps_the_link_and_replaces_its_target(repo):
    (repo / "real.md").write_text("old", encoding="utf-8")
    (repo / "link.md").symlink_to("real.md")
    result = run("report", "org.yaml", "--format", "markdown", "-o", "link.md")
    assert result.exit_code == 0, result.output
    assert (repo / "link.md").is_symlink()
    assert "Acme" in (repo / "real.md").read_text(encoding="utf-8")
    assert leftovers(repo) == []


@pytest.mark.parametrize(
    "command",
    [
        ["report", "org.yaml", "-o", "-"],
        ["render", "org.yaml", "--format", "mermaid", "-o", "-"],
        ["plan", "org.yaml", "-o", "-"],
        ["diff", "org.yaml", "org.yaml", "-o", "-"],
    ],
    ids=lambda c: c[0],
)
def test_dash_is_stdout_for_every_command(repo, command):
    result = run(*command)
    assert result.exit_code == 0, result.output
    assert result.stdout.strip()
    assert not (repo / "-").exists()


# -- everything read is protected ---------------------------------------------------------------


def test_validate_output_never_replaces_the_discovered_configuration(repo):
    (repo / ".csorg.yaml").write_text("extends: recommended\n", encoding="utf-8")
    result = run("validate", "org.yaml", "--output", "json=.csorg.yaml")
    assert result.exit_code == 2
    assert "refusing to overwrite an input file" in result.stderr
    assert (repo / ".csorg.yaml").read_text(encoding="utf-8") == "extends: recommended\n"


def test_validate_output_never_replaces_the_config_or_what_it_extends(repo):
    (repo / "base.yaml").write_text("extends: minimal\n", encoding="utf-8")
    (repo / "my.yaml").write_text("extends: ./base.yaml\n", encoding="utf-8")
    for target in ("my.yaml", "base.yaml"):
        result = run("validate", "org.yaml", "--config", "my.yaml", "--output", f"json={target}")
        assert result.exit_code == 2, result.output
        assert "refusing to overwrite an input file" in result.stderr
    assert (repo / "my.yaml").read_text(encoding="utf-8") == "extends: ./base.yaml\n"
    assert (repo / "base.yaml").read_text(encoding="utf-8") == "extends: minimal\n"


def test_validate_output_never_replaces_the_baseline(repo):
    assert run("validate", "org.yaml", "--baseline", "b.json", "--update-baseline").exit_code == 0
    before = (repo / "b.json").read_text(encoding="utf-8")
    result = run("validate", "org.yaml", "--baseline", "b.json", "--output", "json=b.json")
    assert result.exit_code == 2
    assert (repo / "b.json").read_text(encoding="utf-8") == before
    updating = run(
        "validate",
        "org.yaml",
        "--baseline",
        "b.json",
        "--update-baseline",
        "--output",
        "json=b.json",
    )
    assert updating.exit_code == 2 and "named as two outputs" in updating.stderr


def test_two_outputs_onto_one_file_are_refused_but_one_fifo_twice_is_fine(repo):
    twice = run("validate", "org.yaml", "--output", "json=x.json", "--output", "sarif=./x.json")
    assert twice.exit_code == 2 and "named as two outputs" in twice.stderr
    reader = FifoReader(repo / "pipe")
    both = run("validate", "org.yaml", "--output", "json=pipe", "--output", "sarif=pipe")
    assert both.exit_code == 0, both.output
    text = reader.data().decode()
    first, end = json.JSONDecoder().raw_decode(text)
    second = json.loads(text[end:])
    assert "files" in first and second["version"] == "2.1.0"  # the JSON report, then SARIF


def test_render_never_replaces_the_configuration(repo):
    (repo / ".csorg.yaml").write_text("extends: recommended\n", encoding="utf-8")
    result = run("render", "org.yaml", "--format", "dot", "-o", ".csorg.yaml")
    assert result.exit_code == 2 and "refusing to overwrite" in result.stderr
    assert (repo / ".csorg.yaml").read_text(encoding="utf-8") == "extends: recommended\n"


def test_report_never_replaces_an_included_file_through_a_hard_link(repo):
    (repo / "team.yaml").write_text("roles:\n  x: {title: CSM, reports_to: vp}\n")
    (repo / "org.yaml").write_text(ORG.replace("roles:\n", "include: [team.yaml]\nroles:\n", 1))
    os.link(repo / "team.yaml", repo / "alias.md")
    result = run("report", "org.yaml", "--format", "markdown", "-o", "alias.md")
    assert result.exit_code == 2 and "refusing to overwrite" in result.stderr
    assert (repo / "team.yaml").read_text().startswith("roles:")


def test_plan_write_and_output_on_one_file_is_refused_before_any_work(repo):
    result = run("plan", "org.yaml", "--write", "x.yaml", "-o", "x.yaml")
    assert result.exit_code == 2 and "named as two outputs" in result.stderr
    assert not (repo / "x.yaml").exists()


def test_plan_never_replaces_its_scenario(repo):
    scenario = "segments:\n  ent: {accounts: +10}\n"
    (repo / "s.yaml").write_text(scenario, encoding="utf-8")
    result = run("plan", "org.yaml", "--scenario", "s.yaml", "-o", "s.yaml")
    assert result.exit_code == 2 and "refusing to overwrite" in result.stderr
    assert (repo / "s.yaml").read_text(encoding="utf-8") == scenario


def test_check_outputs_is_the_api_other_commands_call(tmp_path):
    from csorg_cli.outputs import check_outputs

    (tmp_path / "in.yaml").write_text("x")
    with pytest.raises(OutputError, match="refusing to overwrite an input file"):
        check_outputs([tmp_path / "in.yaml"], [tmp_path / "in.yaml"])
    with pytest.raises(OutputError, match="named as two outputs"):
        check_outputs([tmp_path / "a", tmp_path / "." / "a"])
    os.mkfifo(tmp_path / "pipe")
    check_outputs([None, "-", tmp_path / "pipe", tmp_path / "pipe"], [tmp_path / "in.yaml"])


# -- interrupted writes -------------------------------------------------------------------------

_SLOW_WRITER = """
import os, sys, time
from csorg_cli import outputs
real_fsync = os.fsync
def slow_fsync(fd):
    print("writing", flush=True)
    time.sleep(30)
os.fsync = slow_fsync
outputs.write_output("x" * 1000, sys.argv[1])
"""


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_a_signal_during_a_write_leaves_no_temporary_file(tmp_path, signum):
    child = subprocess.Popen(
        [sys.executable, "-c", _SLOW_WRITER, str(tmp_path / "out.svg")],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert child.stdout is not None
    assert child.stdout.readline() == b"writing\n"
    assert leftovers(tmp_path) != []  # the temporary file exists while writing
    child.send_signal(signum)
    child.wait(10)
    deadline = time.monotonic() + 5
    while leftovers(tmp_path) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert leftovers(tmp_path) == []
    assert not (tmp_path / "out.svg").exists()
    assert child.returncode != 0
