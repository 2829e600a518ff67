"""Property tests: random valid orgs check cleanly and draw; random damage never escapes the CLI.

The budget is small (a few dozen examples each, well under 30 s together): these run in the normal
suite. benchmarks/fuzz_loader.py runs the long version.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from csorg_cli.checking import check_file
from csorg_cli.cli.app import app

EXAMPLES = sorted((Path(__file__).resolve().parent.parent / "examples").glob("*.yaml"))
# Problems that a well-formed org can never have: the file, its references and its tree are sound.
INTEGRITY = {
    "yaml-syntax",
    "yaml-tag",
    "yaml-limits",
    "encoding",
    "duplicate-key",
    "include",
    "duplicate-role",
    "schema",
    "unknown-manager",
    "unknown-dotted-manager",
    "unknown-segment",
    "reporting-cycle",
    "multiple-roots",
    "multi-seat-manager",
}
TITLES = [
    "Chief Customer Officer",
    "VP Customer Success",
    "Director, Customer Success",
    "CS Team Lead",
    "Customer Success Manager",
    "Scaled CSM",
    "Onboarding Specialist",
    "Renewals Manager",
    "Support Engineer",
    "CS Operations Manager",
    "Relationship Manager",
    "Técnica de Éxito del Cliente",
    'Customer "Hero" #1: NO',
    "yes",
    "1:12",
]
SETTINGS = settings(
    max_examples=40,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@st.composite
def valid_orgs(draw: st.DrawFn) -> dict:
    """A valid org: one root, every other role under an earlier single-seat role."""
    segment_ids = draw(
        st.lists(
            st.sampled_from(["enterprise", "mid-market", "smb", "long-tail", "no", "on"]),
            unique=True,
            max_size=4,
        )
    )
    segments = {
        sid: {
            "accounts": draw(st.integers(0, 20_000)),
            "motion": draw(st.sampled_from(["named", "pooled", "digital"])),
            **({"ratio": f"1:{draw(st.integers(1, 2000))}"} if draw(st.booleans()) else {}),
            **({"arr": draw(st.integers(0, 10**9))} if draw(st.booleans()) else {}),
        }
        for sid in segment_ids
    }
    count = draw(st.integers(1, 40))
    roles: dict[str, dict] = {}
    managers: list[str] = []
    for index in range(count):
        role_id = f"r{index}-{draw(st.sampled_from(['csm', 'lead', 'x_1', 'no', '0']))}"
        headcount = draw(st.integers(1, 12)) if managers else 1
        role: dict = {"title": draw(st.sampled_from(TITLES))}
        if managers:
            role["reports_to"] = draw(st.sampled_from(managers))
        if headcount > 1:
            role["headcount"] = headcount
            role["open"] = draw(st.integers(0, headcount))
        elif draw(st.booleans()):
            role["person"] = draw(
                st.text(
                    st.characters(
                        min_codepoint=32, max_codepoint=0x2FFF, blacklist_categories=("Cs",)
                    ),
                    min_size=1,
                    max_size=20,
                ).filter(str.strip)
            )
        if segment_ids and draw(st.booleans()):
            role["segment"] = draw(st.sampled_from(segment_ids))
        if draw(st.booleans()):
            role["region"] = draw(st.sampled_from(["NA", "EMEA", "NO", "APAC"]))
        if len(managers) > 1 and draw(st.integers(0, 4)) == 0:
            dotted = draw(st.sampled_from(managers))
            if dotted != role.get("reports_to"):
                role["dotted_to"] = [dotted]
        roles[role_id] = role
        if headcount == 1:
            managers.append(role_id)
    org = {
        "csorg": 1,
        "organization": {"name": draw(st.sampled_from(["Acme", "Ünïcode Org"]))},
        "segments": segments,
        "roles": roles,
    }
    return org


def _write(tmp_path: Path, org: dict) -> Path:
    path = tmp_path / "org.yaml"
    path.write_text(yaml.safe_dump(org, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


@SETTINGS
@given(org=valid_orgs())
def test_random_valid_orgs_check_without_integrity_problems(tmp_path: Path, org: dict) -> None:
    result = check_file(_write(tmp_path, org), "org.yaml")
    assert [d for d in result.diagnostics if d.rule in INTEGRITY] == []
    assert [d.message for d in result.diagnostics if "internal error" in d.message] == []
    assert result.tree is not None and len(result.tree.roots) == 1


@pytest.mark.skipif(shutil.which("dot") is None, reason="needs Graphviz `dot`")
@settings(
    max_examples=15,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(org=valid_orgs())
def test_random_valid_orgs_render_to_dot_that_graphviz_accepts(tmp_path: Path, org: dict) -> None:
    path = _write(tmp_path, org)
    rendered = CliRunner().invoke(app, ["render", "--format", "dot", str(path)])
    assert rendered.exception is None or isinstance(rendered.exception, SystemExit), (
        rendered.exception
    )
    assert rendered.exit_code in (0, 1)
    assert rendered.stdout.startswith("digraph")
    drawn = subprocess.run(
        ["dot", "-Tsvg"], input=rendered.stdout, capture_output=True, text=True, timeout=60
    )
    assert drawn.returncode == 0, drawn.stderr
    assert "<svg" in drawn.stdout


PIECES = [
    "\n",
    ": ",
    "- ",
    "  ",
    "\t",
    "\r\n",
    "\ufeff",
    "&a ",
    "*a",
    "!!python/object ",
    "!x ",
    "[",
    "]",
    "{",
    "}",
    "'",
    '"',
    "#",
    "---\n",
    "...\n",
    "? ",
    "|\n",
    ">-\n",
    "<<: *a\n",
    "reports_to: ",
    "headcount: -1",
    "roles:\n",
    "include: [*]\n",
    "\x00",
    "\x85",
    "é",
    "null",
    "~",
    "1:12",
    "0x1F",
    ".nan",
    "[[[[[[",
    "csorg: 2\n",
]


@st.composite
def mutated_examples(draw: st.DrawFn) -> str:
    text = EXAMPLES[draw(st.integers(0, len(EXAMPLES) - 1))].read_text(encoding="utf-8")
    for _ in range(draw(st.integers(1, 6))):
        at = draw(st.integers(0, len(text)))
        cut = draw(st.integers(0, 40))
        text = text[:at] + draw(st.sampled_from(PIECES)) + text[at + cut :]
    return text


@pytest.mark.skipif(not EXAMPLES, reason="no example files")
@SETTINGS
@given(text=mutated_examples())
def test_mutated_examples_never_raise_out_of_the_cli(tmp_path: Path, text: str) -> None:
    path = tmp_path / "org.yaml"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    done = CliRunner().invoke(app, ["validate", "--format", "json", str(path)])
    assert done.exception is None or isinstance(done.exception, SystemExit), done.exception
    assert done.exit_code in (0, 1)
    report = json.loads(done.stdout)
    assert report["files"] == [str(path)]
    assert all(d["line"] >= 1 and d["column"] >= 1 for d in report["diagnostics"])
