"""Hostile input, round two (issue 13): each case once broke a command; each now ends in a
diagnostic or a one-line error, in bounded time, with nothing lost."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from csorg_cli.checking import check_file
from csorg_cli.cli.app import app

HEADER = "csorg: 1\norganization: {name: Acme}\n"


def run(*args: str):
    return CliRunner().invoke(app, list(args))


# -- 5. recursive include globs and directory symlink loops ---------------------------------


def test_a_recursive_include_glob_ends_despite_symlinks_pointing_back_up(tmp_path):
    (tmp_path / "teams" / "east").mkdir(parents=True)
    (tmp_path / "teams" / "east" / "csm.yaml").write_text(
        "roles:\n  csm: {title: Customer Success Manager, reports_to: vp}\n"
    )
    (tmp_path / "teams" / "east" / "up").symlink_to("..")
    (tmp_path / "teams" / "loop").symlink_to("../teams")
    (tmp_path / "org.yaml").write_text(
        HEADER + 'include: ["teams/**/*.yaml"]\nroles:\n  vp: {title: VP Customer Success}\n'
    )
    result = check_file(tmp_path / "org.yaml", "org.yaml")
    assert [f.file for f in result.loaded.files] == ["org.yaml", "teams/east/csm.yaml"]
    assert [d.rule for d in result.diagnostics if d.rule == "duplicate-role"] == []


def test_recursive_include_globs_skip_hidden_folders_as_glob_does(tmp_path):
    for folder in ("teams/a", "teams/.git"):
        (tmp_path / folder).mkdir(parents=True)
    (tmp_path / "teams" / "a" / "x.yaml").write_text("roles:\n  x: {title: CSM, reports_to: vp}\n")
    (tmp_path / "teams" / ".git" / "y.yaml").write_text("roles:\n  y: {title: CSM}\n")
    (tmp_path / "org.yaml").write_text(
        HEADER + "include: [teams/**/*.yaml]\nroles:\n  vp: {title: VP Customer Success}\n"
    )
    result = check_file(tmp_path / "org.yaml", "org.yaml")
    assert [f.file for f in result.loaded.files] == ["org.yaml", "teams/a/x.yaml"]


# -- 14. init checks everything before writing anything ---------------------------------------


def test_init_writes_nothing_when_dot_github_is_a_regular_file(tmp_path):
    (tmp_path / ".github").write_text("not a folder")
    result = run("init", "--template", "startup", str(tmp_path))
    assert result.exit_code == 2
    assert ".github" in result.stderr and "nothing was written" in result.stderr
    assert sorted(os.listdir(tmp_path)) == [".github"]
    assert Path(tmp_path / ".github").read_text() == "not a folder"


@pytest.mark.parametrize("template", ["startup"])
def test_init_still_writes_the_whole_repository(tmp_path, template):
    result = run("init", "--template", template, str(tmp_path / "new"))
    assert result.exit_code == 0, result.output
    assert (tmp_path / "new" / ".github" / "workflows" / "csorg.yml").is_file()


# -- 9. crashes become diagnostics --------------------------------------------------------------

ORG = HEADER + (
    "segments:\n  ent: {accounts: 100, motion: named}\n"
    "roles:\n  vp: {title: VP Customer Success}\n"
    "  csm: {title: Customer Success Manager, reports_to: vp, segment: ent}\n"
)


def write(tmp_path: Path, text: str, name: str = "org.yaml") -> str:
    (tmp_path / name).write_text(text, encoding="utf-8")
    return str(tmp_path / name)


@pytest.fixture
def crashing_rule(monkeypatch):
    """arr-per-seat made to fail as a bug would."""
    from dataclasses import replace

    from csorg_cli.rules import RULES

    def broken(ctx, options):
        raise ZeroDivisionError("division by zero")
        yield  # a generator, like every check

    monkeypatch.setitem(RULES, "arr-per-seat", replace(RULES["arr-per-seat"], check=broken))


def test_a_crashing_rule_is_an_error_at_exit_1_whatever_the_configuration(
    tmp_path, monkeypatch, crashing_rule
):
    monkeypatch.chdir(tmp_path)
    write(tmp_path, "rules:\n  arr-per-seat: info\n", ".csorg.yaml")
    write(tmp_path, "# csorg: disable-file=arr-per-seat\n" + ORG)
    result = run("validate", "org.yaml", "--format", "json")
    assert result.exit_code == 1
    crashes = [d for d in json.loads(result.stdout)["diagnostics"] if d["rule"] == "internal-error"]
    assert [d["severity"] for d in crashes] == ["error"]
    assert crashes[0]["message"].startswith("rule arr-per-seat crashed at csorg_cli/")
    assert "ZeroDivisionError: division by zero" in crashes[0]["message"]


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("accounts", str(9**300), "accounts of segment 'ent' is a 287-digit number"),
        ("accounts", "1e400", "accounts of segment 'ent'"),
        ("accounts", ".inf", "accounts of segment 'ent'"),
        ("arr", str(9**300), "arr of segment 'ent' is a 287-digit number"),
        ("arr", "1e400", "arr of segment 'ent'"),
    ],
)
def test_absurd_numbers_are_schema_errors_in_every_command(tmp_path, field, value, message):
    org = ORG.replace("{accounts: 100,", "{accounts: 100, arr: 1000," if field == "arr" else "{")
    org = org.replace(f"{field}: {100 if field == 'accounts' else 1000}", f"{field}: {value}")
    if field == "accounts":
        org = org.replace("ent: {", f"ent: {{accounts: {value}, ")
    path = write(tmp_path, org)
    found = check_file(path, "org.yaml")
    assert any(d.rule == "schema" and message in d.message for d in found.diagnostics), [
        d.message for d in found.diagnostics
    ]
    for command in (["report", path], ["plan", path], ["render", path, "--format", "dot"]):
        result = run(*command)
        assert result.exit_code == 1, (command, result.output)
        assert "internal error" not in result.output


def test_a_huge_headcount_is_a_schema_error(tmp_path):
    path = write(tmp_path, ORG.replace("segment: ent}", f"segment: ent, headcount: {10**40}}}"))
    assert [d.message for d in check_file(path, "org.yaml").diagnostics if d.rule == "schema"] == [
        "headcount of role 'csm' is a 41-digit number; it must be at most 1,000,000"
    ]


@pytest.mark.parametrize("config", ["", "rules:\n  schema: off\n"], ids=["default", "schema-off"])
@pytest.mark.parametrize("command", ["report", "plan", "validate"])
def test_a_file_without_organization_never_crashes(tmp_path, monkeypatch, config, command):
    monkeypatch.chdir(tmp_path)
    write(tmp_path, config, ".csorg.yaml")
    write(tmp_path, ORG.replace("organization: {name: Acme}\n", ""))
    result = run(command, "org.yaml")
    assert "internal" not in result.output
    assert result.exit_code in (0, 1)
    if not config:
        assert result.exit_code == 1 and "required key 'organization'" in result.output


# -- 10. suppression never hides a file that cannot be read --------------------------------------


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("# csorg: disable-file\ncsorg: 1\nroles: [\n", "yaml-syntax"),
        ("# csorg: disable-file\n" + ORG.replace("organization: {name: Acme}\n", ""), "schema"),
        ("# csorg: disable-file=yaml-syntax\nroles: {a: [}\n", "yaml-syntax"),
    ],
    ids=["syntax", "no-organization", "named-syntax"],
)
def test_disable_file_never_hides_an_unreadable_file(tmp_path, text, rule):
    path = write(tmp_path, text)
    result = run("validate", path, "--format", "json")
    assert result.exit_code == 1
    rules = [d["rule"] for d in json.loads(result.stdout)["diagnostics"]]
    assert rule in rules


# -- 7. plan stays linear, absurd plans are refused -------------------------------------------


def test_plan_refuses_a_plan_of_absurd_size_at_once(tmp_path):
    path = write(tmp_path, ORG.replace("{accounts: 100,", "{accounts: 1000000000, ratio: '1:1',"))
    result = run("plan", path)
    assert result.exit_code == 2
    assert "csorg plans at most 10,000 new teams" in result.stderr


def test_plan_gives_new_teams_distinct_ids_in_order(tmp_path):
    path = write(tmp_path, ORG.replace("{accounts: 100,", "{accounts: 1000, ratio: '1:10',"))
    result = run("plan", path, "--format", "json")
    assert result.exit_code == 0, result.output
    text = result.stdout
    assert all(f'"lead-ent{suffix}"' in text for suffix in ["", "-2", "-14"])
    # 100 seats: the vp's team grows to the ideal 7, the other 93 make 14 teams of about 7.
    assert '"lead-ent-15"' not in text


# -- 9. more crashes: include chains, baselines, sizes, names, stdout -----------------------------


def test_a_chain_of_500_includes_is_a_limit_not_a_recursion_error(tmp_path):
    write(tmp_path, ORG.replace("roles:\n", "include: [f0.yaml]\nroles:\n"))
    for index in range(500):
        write(tmp_path, f"include: [f{index + 1}.yaml]\nroles: {{}}\n", f"f{index}.yaml")
    write(tmp_path, "roles: {}\n", "f500.yaml")
    found = check_file(tmp_path / "org.yaml", "org.yaml")
    assert [d.message for d in found.diagnostics if d.rule == "yaml-limits"] == [
        "includes nest more than 50 files deep"
    ]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("[" * 100_000 + "]" * 100_000, "nested too deeply"),
        (
            '{"version": 1, "entries": [{"rule": "x", "file": "a", "message": "m", "count": '
            + "9" * 5000
            + "}]}",
            "a number of thousands of digits",
        ),
        (
            '{"version": 1, "entries": [{"rule": "x\\ud800", "file": "a", "message": "m"}]}',
            "rule holds a lone surrogate (U+D800)",
        ),
        (
            '{"version": 1, "entries": [{"rule": "x", "file": "a", "message": "m", "count": 1e999}]}',
            "count must be a whole number",
        ),
    ],
    ids=["deep", "digits", "surrogate", "infinite"],
)
def test_a_hostile_baseline_is_a_one_line_error(tmp_path, content, message):
    org = write(tmp_path, ORG)
    write(tmp_path, content, "baseline.json")
    result = run("validate", org, "--baseline", str(tmp_path / "baseline.json"))
    assert result.exit_code == 2
    assert message in result.stderr and result.stderr.count("\n") == 1


def test_a_huge_max_file_size_allocates_nothing_up_front(tmp_path):
    result = run("validate", write(tmp_path, ORG), "--max-file-size", "100GB")
    assert result.exit_code == 0, result.output


def test_a_file_name_that_is_not_utf8_reaches_every_reporter(tmp_path):
    name = os.fsdecode(b"caf\xe9.yaml")
    (tmp_path / name).write_text(ORG, encoding="utf-8")
    for output_format in ("text", "json", "sarif", "junit", "github", "markdown"):
        result = run("validate", str(tmp_path / name), "--format", output_format)
        assert result.exit_code == 0, (output_format, result.output)
    monkey_cwd = run("validate", str(tmp_path / name), "--format", "sarif")
    assert "caf" in monkey_cwd.stdout


def test_stdout_on_a_full_device_is_a_one_line_error(tmp_path, monkeypatch, capsys):
    import errno

    from csorg_cli.outputs import OutputError, write_output

    class Full:
        def write(self, data):
            raise OSError(errno.ENOSPC, "No space left on device")

        def flush(self):
            pass

    class Stdout:
        buffer = Full()

        def flush(self):
            pass

    monkeypatch.setattr("sys.stdout", Stdout())
    with pytest.raises(OutputError, match=r"cannot write to standard output \(No space left"):
        write_output("report", None)


# -- 11. positions count characters and terminal cells --------------------------------------


def test_a_control_character_after_accented_text_is_located_in_characters(tmp_path):
    text = HEADER + 'roles:\n  vp: {title: "Vice Président Succès Client \x07"}\n'
    found = check_file(write(tmp_path, text), "org.yaml")
    assert [(d.rule, d.line, d.column) for d in found.diagnostics] == [("yaml-syntax", 4, 45)]


def test_the_caret_sits_under_the_token_after_wide_characters(tmp_path):
    text = HEADER + "roles:\n  vp: {title: 日本語日本語, reports_to: [}\n"
    result = run("validate", write(tmp_path, text), "--no-color")
    source, caret = result.stdout.splitlines()[1:3]
    from rich.cells import cell_len

    assert source.endswith("[}") and cell_len(caret) == cell_len(source)


# -- 12. terminal escapes never reach an output raw -------------------------------------------

HOSTILE = (
    HEADER.replace("{name: Acme}", '{name: "Org\\x1b]0;PWNED\\x07\\x1b[2J"}')
    + 'segments:\n  ent: {name: "Ent\\x1b[31m", accounts: 100, motion: named}\n'
    + 'roles:\n  vp: {title: "VP\\x1b[2J Customer Success"}\n'
    + '  csm: {title: "CSM\\x00x", reports_to: vp, segment: ent}\n'
)


@pytest.mark.parametrize(
    "command",
    [
        ["report"],
        ["report", "--format", "markdown"],
        ["report", "--format", "html"],
        ["report", "--format", "json"],
        ["plan"],
        ["plan", "--format", "markdown"],
        ["diff", "{org}"],
        ["render", "--format", "tree"],
        ["render", "--format", "mermaid"],
    ],
    ids=lambda c: "-".join(c).replace("{org}", "self").replace("--format-", ""),
)
def test_control_characters_in_names_are_shown_as_escapes(tmp_path, command):
    path = write(tmp_path, HOSTILE)
    args = [part.replace("{org}", path) for part in command]
    result = run(args[0], path, *args[1:])
    assert result.exit_code == 0, result.output
    assert not any(ch in result.stdout for ch in "\x1b\x07\x00")
    if command[0] == "report":
        assert "x1b" in result.stdout and "PWNED" in result.stdout  # shown, escaped per format


# -- 6. Graphviz runs within a time limit -----------------------------------------------------


@pytest.mark.parametrize("suffix", ["svg", "png", "pdf"])
def test_dot_beyond_its_time_limit_is_a_clear_error_with_what_to_do(tmp_path, monkeypatch, suffix):
    monkeypatch.setenv("CSORG_DOT_TIMEOUT", "0.000001")
    result = run("render", write(tmp_path, ORG), "-o", str(tmp_path / f"chart.{suffix}"))
    assert result.exit_code == 2
    assert "did not finish within" in result.stderr and "--depth" in result.stderr
    assert "-o org.html" in result.stderr
    assert not (tmp_path / f"chart.{suffix}").exists()


def test_the_html_report_without_its_chart_when_dot_is_too_slow(tmp_path, monkeypatch):
    monkeypatch.setenv("CSORG_DOT_TIMEOUT", "0.000001")
    result = run("report", write(tmp_path, ORG), "--format", "html")
    assert result.exit_code == 0, result.output
    assert "did not finish within" in result.stderr
    assert "<html" in result.stdout.lower()


def test_large_charts_get_the_fast_layout(monkeypatch):
    import subprocess

    from csorg_cli.render import writing

    seen: list[list[str]] = []

    def fake_run(args, **kwargs):
        seen.append(args)
        return subprocess.CompletedProcess(args, 0, b"<svg/>", b"")

    monkeypatch.setattr(subprocess, "run", fake_run)
    small = "digraph {\n a -> b\n}\n"
    large = "digraph {\n" + "".join(f" r{i} -> r{i + 1}\n" for i in range(5000)) + "}\n"
    writing.run_dot(small, "svg")
    writing.run_dot(large, "svg")
    assert "-Gmclimit=0.05" not in seen[0] and "-Gmclimit=0.05" in seen[1]


# -- 7. duplicate keys: one pass per mapping -----------------------------------------------------


def test_every_duplicate_key_names_the_line_of_its_first_occurrence(tmp_path):
    segments = [f"  s{i}: {{accounts: 1, motion: named}}" for i in range(3)]
    text = HEADER + "roles:\n  vp: {title: VP}\nsegments:\n" + "\n".join(segments * 2) + "\n"
    found = check_file(write(tmp_path, text), "org.yaml")
    assert [(d.line, d.message) for d in found.diagnostics if d.rule == "duplicate-key"] == [
        (
            9 + i,
            f"key 's{i}' appears twice in this mapping (first on line {6 + i}); "
            "YAML would silently keep only one",
        )
        for i in range(3)
    ]


# -- 14. one file named twice is checked once -------------------------------------------------


def test_the_same_file_named_twice_is_checked_once(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write(tmp_path, ORG.replace("motion: named}", "motion: named, ratio: '1:1'}"))
    once = run("validate", "org.yaml", "--format", "json")
    twice = run("validate", "org.yaml", "./org.yaml", str(tmp_path), "--format", "json")
    assert json.loads(twice.stdout)["summary"] == json.loads(once.stdout)["summary"]
    assert len(json.loads(twice.stdout)["files"]) == 1
