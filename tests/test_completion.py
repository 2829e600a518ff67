"""Shell completion, through bash itself: the script `csorg --show-completion` prints, sourced into
a real bash, asked what a user's Tab would get."""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from csorg_cli.cli.app import app
from csorg_cli.model.catalogue import Catalogue
from csorg_cli.reporters import REPORTERS
from csorg_cli.rules import RULES

ASKED = {
    "rule names": ["rules", "explain", ""],
    "rule name prefix": ["rules", "explain", "span"],
    "rules first word": ["rules", ""],
    "archetype ids": ["archetypes", ""],
    "validate formats": ["validate", "--format", ""],
    "fail-on": ["validate", "--fail-on", "w"],
    "report formats": ["report", "--format", ""],
    "render themes": ["render", "org.yaml", "--theme", ""],
    "init templates": ["init", "--template", ""],
    "file argument": ["validate", ""],
    "render file argument": ["render", ""],
}


@pytest.fixture(scope="module")
def completions(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[str]]:
    """Every question of ASKED answered by one bash that sourced csorg's completion script."""
    script = ['eval "$(csorg --show-completion)"', "complete -p csorg"]
    for label, words in ASKED.items():
        array = " ".join(shlex.quote(w) for w in ["csorg", *words])
        script += [
            f"COMP_WORDS=({array}); COMP_CWORD={len(words)}; COMPREPLY=()",
            "_csorg_completion csorg",
            f"echo {shlex.quote('== ' + label)}",
            'printf "%s\\n" "${COMPREPLY[@]}"',
        ]
    env = {
        **os.environ,
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
        "SHELL": "/bin/bash",
    }
    done = subprocess.run(
        ["bash", "--norc", "--noprofile", "-c", "\n".join(script)],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path_factory.mktemp("completion"),
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    answers: dict[str, list[str]] = {"complete -p": []}
    current = "complete -p"
    for line in done.stdout.splitlines():
        if line.startswith("== "):
            current = line[3:]
            answers[current] = []
        elif line:
            answers[current].append(line)
    return answers


def test_completion_can_be_installed():
    help_text = CliRunner().invoke(app, ["--help"]).stdout
    assert "--install-completion" in help_text
    assert "--show-completion" in help_text


def test_rule_names_complete(completions):
    assert completions["rule names"] == list(RULES)
    assert completions["rule name prefix"] == ["span-of-control"]
    assert completions["rules first word"] == ["list", "explain", *RULES]


def test_archetype_ids_complete(completions):
    assert completions["archetype ids"] == [a.id for a in Catalogue.load()]


def test_formats_and_vocabularies_complete(completions):
    assert completions["validate formats"] == list(REPORTERS)
    assert completions["fail-on"] == ["warning"]
    assert completions["report formats"] == ["text", "markdown", "json", "html"]
    assert completions["render themes"] == ["default", "dark", "minimal", "mono"]
    assert completions["init templates"][:1] and all(
        (Path(__file__).parents[1] / "src/csorg_cli/templates" / name).is_dir()
        for name in completions["init templates"]
    )


def test_file_arguments_are_left_to_the_shell_file_completion(completions):
    """No candidates from csorg, and `complete -o default`: bash completes paths itself."""
    assert completions["file argument"] == []
    assert completions["render file argument"] == []
    assert completions["complete -p"] == ["complete -o default -F _csorg_completion csorg"]


def test_archetypes_shows_one_archetype():
    shown = CliRunner().invoke(app, ["archetypes", "csm"])
    assert shown.exit_code == 0
    assert shown.stdout.splitlines()[0] == "csm: Customer Success Manager"
    unknown = CliRunner().invoke(app, ["archetypes", "cms"])
    assert unknown.exit_code == 2
    assert unknown.stderr.strip() == (
        "csorg: error: no archetype 'cms'; did you mean 'csm'? (`csorg archetypes` lists them)"
    )
