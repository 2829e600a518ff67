"""Hostile input: every limit ends in a clear diagnostic or a one-line error, never a traceback,
a hang, code execution or a stray file."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from csorg_cli.checking import check_file
from csorg_cli.loading import DEFAULT_LIMITS, LoadOptions
from csorg_cli.loading.yamlsource import Limits

CORPUS = Path(__file__).parent / "corpora" / "yaml-test-suite"
HEADER = "csorg: 1\norganization: {name: Acme}\n"


def csorg(
    *args: str, cwd: Path | None = None, stdin: str | None = None, timeout: float = 60
) -> subprocess.CompletedProcess[str]:
    """Run the real command line in a fresh process, as a user would."""
    return subprocess.run(
        [sys.executable, "-m", "csorg_cli", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        input=stdin,
        timeout=timeout,
        env={**os.environ, "CI": "1", "NO_COLOR": "1"},
    )


def validate_json(path: Path, *options: str) -> tuple[int, dict, str]:
    done = csorg("validate", "--format", "json", *options, str(path))
    assert "Traceback" not in done.stderr
    return done.returncode, json.loads(done.stdout) if done.stdout else {}, done.stderr


def triples(report: dict) -> list[tuple[str, int, int]]:
    return [(d["rule"], d["line"], d["column"]) for d in report["diagnostics"]]


def rules_of(report: dict) -> set[str]:
    return {d["rule"] for d in report["diagnostics"]}


# --- nesting and aliases ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "column"),
    [
        ("[" * 10_000 + "]" * 10_000, 102),
        ("- " * 10_000 + "x\n", 203),
        ("{a: " * 10_000 + "1" + "}" * 10_000, 405),
    ],
    ids=["flow-lists", "block-lists", "flow-mappings"],
)
def test_ten_thousand_nested_levels_end_in_a_diagnostic(
    tmp_path: Path, text: str, column: int
) -> None:
    # The node at depth 101 (the root is depth 0), whether or not libyaml has a depth limit of its
    # own (PyYAML 6.0.2 has none, 6.0.4 stops at 1,000 levels while scanning ahead).
    path = tmp_path / "deep.yaml"
    path.write_text(text, encoding="utf-8")
    status, report, _ = validate_json(path)
    assert status == 1
    assert triples(report) == [("yaml-limits", 1, column)]
    assert report["diagnostics"][0]["message"] == "the document nests deeper than 100 levels"


def test_deep_nesting_inside_a_role_is_refused_before_the_models(tmp_path: Path) -> None:
    path = tmp_path / "org.yaml"
    path.write_text(
        HEADER + "roles:\n  a:\n    title: A\n    kpis: " + "[" * 5000 + "]" * 5000 + "\n",
        encoding="utf-8",
    )
    status, report, _ = validate_json(path)
    assert status == 1
    # The list that passes the 100th level, counted from the document's root mapping.
    assert triples(report) == [("yaml-limits", 6, 109)]


def test_billion_laughs_is_refused(tmp_path: Path) -> None:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for level in range(1, 9):
        previous, name = chr(ord("a") + level - 1), chr(ord("a") + level)
        lines.append(f"{name}: &{name} [" + ",".join([f"*{previous}"] * 9) + "]")
    path = tmp_path / "lol.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    status, report, _ = validate_json(path)
    assert status == 1
    assert [d["message"] for d in report["diagnostics"] if d["rule"] == "yaml-limits"] == [
        "aliases expand this document past 100,000 nodes"
    ]


def test_recursive_alias_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "loop.yaml"
    path.write_text("a: &a [*a]\n", encoding="utf-8")
    status, report, _ = validate_json(path)
    assert status == 1
    assert triples(report)[0][0] == "yaml-limits"


# --- file size ----------------------------------------------------------------------------------


def test_default_file_size_limit_is_fifty_megabytes() -> None:
    assert DEFAULT_LIMITS.max_file_bytes == 50 * 1024 * 1024


def test_file_larger_than_max_file_size_is_a_diagnostic(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    path.write_text(
        HEADER + "roles:\n" + "".join(f"  r{i}: {{title: CSM}}\n" for i in range(200)),
        encoding="utf-8",
    )
    status, report, _ = validate_json(path, "--max-file-size", "1KB")
    assert status == 1
    assert triples(report) == [("yaml-limits", 1, 1)]
    assert report["diagnostics"][0]["message"] == "the file is larger than 1,000 bytes"


def test_bad_max_file_size_is_a_usage_error(tmp_path: Path) -> None:
    path = tmp_path / "org.yaml"
    path.write_text(HEADER, encoding="utf-8")
    done = csorg("validate", "--max-file-size", "lots", str(path))
    assert done.returncode == 2
    assert done.stderr.startswith("csorg: error: --max-file-size takes a size")


# --- nodes per file (memory) ---------------------------------------------------------------------


def test_nodes_per_file_are_bounded_well_above_a_hundred_thousand_roles() -> None:
    # A 100,000-role org is about 1.7 million nodes (benchmarks/generate_org.py); a list of
    # one-character items fits 12 million in the 50 MB size limit.
    assert DEFAULT_LIMITS.max_nodes == 5_000_000


def test_a_file_past_the_node_budget_stops_at_the_node_that_crosses_it(tmp_path: Path) -> None:
    path = tmp_path / "org.yaml"
    path.write_text(HEADER + "roles:\n  csm:\n    title: CSM\n    kpis: [a, b, c]\n")
    # Nodes: the root mapping; csorg and 1; organization, its mapping, name and Acme; roles and its
    # mapping; csm and its mapping; title and CSM; kpis and its list (15 so far), then a, b, c:
    # with a limit of 16, the 17th node is `b`, on line 6 at column 15.
    options = LoadOptions(limits=Limits(max_nodes=16))
    result = check_file(path, "org.yaml", load_options=options)
    assert [
        (d.rule, d.file, d.line, d.column, d.path, d.message, d.hint) for d in result.diagnostics
    ] == [
        (
            "yaml-limits",
            "org.yaml",
            6,
            15,
            "roles.csm.kpis[1]",
            "the file holds more than 16 YAML nodes (values, keys, lists and mappings); "
            "reading stopped here",
            "split the org into files with `include:`, or raise the limit with --max-nodes",
        )
    ]
    assert result.built.org is None
    within = check_file(path, "org.yaml", load_options=LoadOptions(limits=Limits(max_nodes=18)))
    assert [d.rule for d in within.diagnostics if d.rule == "yaml-limits"] == []


def test_max_nodes_is_a_validate_option(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from csorg_cli.cli.app import app

    path = tmp_path / "list.yaml"
    path.write_text("- a\n" * 1000, encoding="utf-8")
    done = CliRunner().invoke(
        app, ["validate", "--format", "json", "--max-nodes", "500", str(path)]
    )
    assert done.exit_code == 1
    assert [
        (d["rule"], d["line"], d["column"]) for d in json.loads(done.stdout)["diagnostics"]
    ] == [("yaml-limits", 500, 3)]


# --- includes -----------------------------------------------------------------------------------


def _org(tmp_path: Path, include: str, **files: str) -> Path:
    for name, text in files.items():
        target = tmp_path / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    root = tmp_path / "org.yaml"
    root.parent.mkdir(parents=True, exist_ok=True)
    root.write_text(
        HEADER + f"include: {include}\nroles:\n  cco: {{title: CCO}}\n", encoding="utf-8"
    )
    return root


def _include_messages(path: Path, options: LoadOptions | None = None) -> list[str]:
    result = check_file(path, "org.yaml", load_options=options)
    return [d.message for d in result.diagnostics if d.rule in ("include", "yaml-limits")]


def test_self_include_is_reported(tmp_path: Path) -> None:
    root = _org(tmp_path, "[team.yaml]", **{"team.yaml": "include: [team.yaml]\nroles: {}\n"})
    assert _include_messages(root) == ["the file includes itself"]


def test_include_cycle_is_reported(tmp_path: Path) -> None:
    root = _org(
        tmp_path,
        "[a.yaml]",
        **{"a.yaml": "include: [b.yaml]\nroles: {}\n", "b.yaml": "include: [a.yaml]\nroles: {}\n"},
    )
    assert _include_messages(root) == ["include cycle: a.yaml -> b.yaml -> a.yaml"]


def test_root_including_itself_is_reported(tmp_path: Path) -> None:
    root = tmp_path / "org.yaml"
    root.write_text(HEADER + "include: [org.yaml]\nroles:\n  cco: {title: CCO}\n", encoding="utf-8")
    assert _include_messages(root) == ["the file includes itself"]


def test_number_of_included_files_is_bounded(tmp_path: Path) -> None:
    files = {
        f"teams/t{i}.yaml": f"roles:\n  r{i}: {{title: CSM, reports_to: cco}}\n" for i in range(6)
    }
    root = _org(tmp_path, "[teams/*.yaml]", **files)
    options = LoadOptions(limits=Limits(max_included_files=3))
    assert _include_messages(root, options) == ["more than 3 files are included"] * 3


def test_include_with_dot_dot_leaving_the_directory_is_refused(tmp_path: Path) -> None:
    (tmp_path / "outside.yaml").write_text("roles:\n  x: {title: CSM}\n", encoding="utf-8")
    inner = tmp_path / "org"
    root = _org(inner, "[../outside.yaml]")
    assert _include_messages(root) == ["../outside.yaml is outside the directory of the root file"]
    allowed = LoadOptions(allow_outside_includes=True)
    assert _include_messages(root, allowed) == []
    assert "x" in check_file(root, load_options=allowed).org.roles


def test_include_through_a_symlink_leaving_the_directory_is_refused(tmp_path: Path) -> None:
    (tmp_path / "secret.yaml").write_text("roles:\n  x: {title: CSM}\n", encoding="utf-8")
    inner = tmp_path / "org"
    inner.mkdir()
    (inner / "team.yaml").symlink_to(tmp_path / "secret.yaml")
    root = _org(inner, "[team.yaml]")
    assert _include_messages(root) == ["team.yaml is outside the directory of the root file"]


def test_absolute_include_is_refused_unless_allowed(tmp_path: Path) -> None:
    team = tmp_path / "team.yaml"
    team.write_text("roles:\n  x: {title: CSM}\n", encoding="utf-8")
    root = _org(tmp_path / "org", f"[{team}]")
    assert _include_messages(root) == [f"include {str(team)!r} is an absolute path"]


def test_cli_allow_outside_includes(tmp_path: Path) -> None:
    (tmp_path / "shared.yaml").write_text(
        "roles:\n  csm: {title: CSM, reports_to: cco}\n", encoding="utf-8"
    )
    root = _org(tmp_path / "org", "[../shared.yaml]")
    _, refused, _ = validate_json(root)
    assert "include" in rules_of(refused)
    _, allowed, _ = validate_json(root, "--allow-outside-includes")
    assert "include" not in rules_of(allowed)


def test_include_of_a_symlink_loop_is_a_diagnostic(tmp_path: Path) -> None:
    (tmp_path / "loop.yaml").symlink_to(tmp_path / "loop.yaml")
    root = _org(tmp_path, "[loop.yaml]")
    status, report, _ = validate_json(root)
    assert status == 1
    assert [(d["rule"], d["line"]) for d in report["diagnostics"] if d["rule"] == "include"] == [
        ("include", 3)
    ]


def test_symlink_loop_on_the_command_line_is_a_one_line_error(tmp_path: Path) -> None:
    (tmp_path / "loop.yaml").symlink_to(tmp_path / "loop.yaml")
    done = csorg("validate", str(tmp_path / "loop.yaml"), timeout=20)
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1
    assert done.stderr.startswith("csorg: error: ")


def test_directory_symlink_loop_does_not_hang(tmp_path: Path) -> None:
    (tmp_path / "orgs").mkdir()
    (tmp_path / "orgs" / "org.yaml").write_text(
        HEADER + "roles:\n  cco: {title: CCO}\n", encoding="utf-8"
    )
    (tmp_path / "orgs" / "again").symlink_to(tmp_path / "orgs")
    done = csorg("validate", "--format", "json", str(tmp_path / "orgs"), timeout=20)
    assert "Traceback" not in done.stderr
    assert done.returncode in (0, 1)
    assert json.loads(done.stdout)["version"] == 1


# --- no code execution, no stray files ----------------------------------------------------------


def test_python_tags_are_refused_and_never_run(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    path = tmp_path / "org.yaml"
    path.write_text(
        HEADER + f"roles: !!python/object/apply:os.system ['touch {marker}']\n"
        "x: !!python/name:os.system\n",
        encoding="utf-8",
    )
    status, report, _ = validate_json(path)
    assert status == 1
    assert [t for t in triples(report) if t[0] == "yaml-tag"] == [
        ("yaml-tag", 3, 8),
        ("yaml-tag", 4, 4),
    ]
    assert not marker.exists()


def _snapshot(folder: Path) -> set[str]:
    return {str(p.relative_to(folder)) for p in folder.rglob("*")}


@pytest.mark.parametrize(
    "command", [["validate", "--format", "json"], ["validate"], ["report", "--format", "json"]]
)
def test_no_file_is_written_except_the_outputs_asked_for(
    tmp_path: Path, command: list[str]
) -> None:
    path = tmp_path / "org.yaml"
    path.write_text(
        HEADER + "segments:\n  smb: {accounts: 100, motion: pooled}\n"
        "roles:\n  cco: {title: Chief Customer Officer}\n"
        "  csm: {title: CSM, reports_to: cco, segment: smb, headcount: 2}\n",
        encoding="utf-8",
    )
    before = _snapshot(tmp_path)
    done = csorg(*command, "org.yaml", cwd=tmp_path)
    assert "Traceback" not in done.stderr
    assert done.returncode in (0, 1)
    assert _snapshot(tmp_path) == before


# --- the YAML test suite ------------------------------------------------------------------------


def test_every_file_of_the_yaml_test_suite_ends_in_a_diagnostic() -> None:
    files = sorted(str(p) for p in CORPUS.rglob("in.yaml"))
    done = csorg("validate", "--format", "json", *files, timeout=240)
    assert "Traceback" not in done.stderr
    assert done.stderr == ""
    assert done.returncode == 1
    report = json.loads(done.stdout)  # exactly one JSON document
    with_diagnostics = {d["file"] for d in report["diagnostics"]}
    assert [f for f in files if f not in with_diagnostics] == []


@pytest.mark.parametrize(
    "command",
    [
        ["validate", "--format", "json"],
        ["validate"],
        ["report", "--format", "json"],
        ["render", "--format", "dot"],
    ],
)
def test_nesting_just_under_the_limit_goes_through_every_command(
    tmp_path: Path, command: list[str]
) -> None:
    # 97 levels inside a role: the loader lets it through, so the models, the rules, the
    # reporters and the charts all meet it.
    deep = "[" * 97 + "x" + "]" * 97
    path = tmp_path / "org.yaml"
    path.write_text(
        HEADER + "roles:\n  cco:\n    title: CCO\n"
        f"    kpis: {deep}\n    description: {deep}\n"
        f"  csm: {{title: CSM, reports_to: {deep}, owns: {deep}}}\n",
        encoding="utf-8",
    )
    done = csorg(*command, str(path))
    assert "Traceback" not in done.stderr and "internal error" not in done.stderr
    assert done.returncode == 1
    if command[0] == "validate" and "json" in command:
        assert done.stdout, done.stderr
        report = json.loads(done.stdout)
        assert ("schema", 6, 12) in triples(report)
