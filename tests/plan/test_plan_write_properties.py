"""`csorg plan --write` on random org files: the written file is the input with a few edits.

Random orgs as a person writes them (block or flow style, LF or CRLF, with or without a BOM and a
final line break, comments after values and at the end, keys missing on the last segment and
role, roles in an included file, segments before or after roles) and random growth (accounts up,
a ratio set, a motion changed, new segments). For each: the plan is written, the file parses and
loads to exactly the planned segments and roles, and every character outside the edited spans is
the user's: the spans replace only values the plan changed, the rest is inserted lines in the
file's own line breaks.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner
from yaml.nodes import MappingNode, ScalarNode

from csorg_cli.checking import check_file
from csorg_cli.cli.app import app
from csorg_cli.loading.yamlsource import parse_yaml
from csorg_cli.plan import build_plan, parse_set
from csorg_cli.plan.writer import apply_text_edits, plan_text_edits

MOTIONS = {"named": ("Customer Success Manager", 10), "pooled": ("Scaled CSM", 100)}


@dataclass
class OrgText:
    root: str  # with "\n" line breaks; the file's own are applied when it is written
    team: str | None  # an included file of roles, or None
    newline: str
    bom: bool
    final_break: bool
    sets: list[str]


Field = tuple[str, "str | list[str]"]


def _entry(
    key: str, fields: list[Field], flow: bool, comment: str | None, zero_indent: bool = False
) -> list[str]:
    """One segment or role, two spaces in, as block lines or one flow line. A value is a
    scalar's text, a list, a nested block mapping (text starting with a line break) or a block
    scalar (text starting with ``|``); lists in block style are indented under their key or not
    (``zero_indent``)."""
    if flow:
        parts = [
            f"{k}: [{', '.join(v)}]" if isinstance(v, list) else f"{k}: {v}" for k, v in fields
        ]
        return [f"  {key}: {{{', '.join(parts)}}}" + (f"  # {comment}" if comment else "")]
    lines = [f"  {key}:"]
    for index, (name, value) in enumerate(fields):
        if isinstance(value, list):
            lines.append(f"    {name}:")
            lines.extend(f"{'    ' if zero_indent else '      '}- {item}" for item in value)
        elif value.startswith("\n"):  # a nested block mapping
            lines.append(f"    {name}:")
            lines.extend(f"      {part}" for part in value.strip("\n").split("\n"))
        elif value.startswith("|"):  # a block scalar, perhaps with blank lines after it
            head, *body = value.split("\n")
            lines.append(f"    {name}: {head}")
            lines.extend(f"      {part}" if part else "" for part in body)
        else:
            lines.append(f"    {name}: {value}")
        if comment and index == len(fields) - 1 and not str(value).startswith("|"):
            lines[-1] += f"  # {comment}"
    return lines


def _collection(key: str, entries: list[list[str]], style: str) -> list[str]:
    """``segments:`` or ``roles:`` with its entries (``style`` all-flow joins them)."""
    if style == "all-flow":
        inner = ",\n  ".join(line.strip() for entry in entries for line in entry)
        return [f"{key}: {{{inner}}}"]
    return [f"{key}:", *[line for entry in entries for line in entry]]


@st.composite
def org_texts(draw: st.DrawFn) -> OrgText:
    comments = draw(st.booleans())

    segment_style = draw(st.sampled_from(["block", "flow", "all-flow"]))
    role_style = draw(st.sampled_from(["block", "flow", "all-flow"]))

    def comment(text: str, style: str) -> str | None:
        # No comment inside a flow collection that spans lines (it would swallow the comma).
        return text if comments and style != "all-flow" and draw(st.booleans()) else None

    segments: list[list[str]] = []
    roles: list[list[str]] = [
        _entry(
            "vp",
            [("title", "VP Customer Success")],
            role_style != "block",
            comment("the leader", role_style),
        )
    ]
    team_roles: list[list[str]] = []
    sets: list[str] = []
    ids = [f"s{index}" for index in range(draw(st.integers(1, 3)))]
    for sid in ids:
        motion = draw(st.sampled_from(sorted(MOTIONS)))
        title, ratio = MOTIONS[motion]
        seats = draw(st.integers(1, 9))
        accounts = max(1, seats * ratio + draw(st.integers(-ratio, ratio)))
        fields: list[Field] = [("accounts", str(accounts)), ("motion", motion)]
        if draw(st.booleans()):
            fields.append(("ratio", f'"1:{ratio}"'))
        elif draw(st.booleans()):
            sets.append(f"segments.{sid}.ratio=1:{ratio}")  # a key the plan adds
        if draw(st.booleans()):
            fields.append(("regions", ["East", "West"]))
        if segment_style == "block" and draw(st.booleans()):
            east = draw(st.integers(0, accounts))
            fields.append(("accounts_by_region", f"\nEast: {east}\nWest: {accounts - east}"))
        segments.append(
            _entry(sid, fields, segment_style != "block", comment(f"segment {sid}", segment_style))
        )
        role: list[Field] = [("title", title), ("reports_to", "vp"), ("segment", sid)]
        if seats > 1 or draw(st.booleans()):
            role.append(("headcount", str(seats)))
        if draw(st.booleans()):
            role.append(("open", str(draw(st.integers(0, 1)))))
        in_team = draw(st.booleans())
        ending = draw(st.sampled_from(["none", "list", "block-scalar"]))
        if ending == "list":
            role.append(("kpis", ["nrr", "grr"]))
        elif ending == "block-scalar" and (role_style == "block" or in_team):
            role.append(
                ("description", "|\nKeeps the accounts.\n" + draw(st.sampled_from(["", "\n"])))
            )
        target = team_roles if in_team else roles
        target.append(
            _entry(
                f"csm-{sid}",
                role,
                role_style != "block" and not in_team,
                comment("seats", "block" if in_team else role_style),
                zero_indent=draw(st.booleans()),
            )
        )
        change = draw(st.sampled_from(["none", "grow", "shrink", "motion"]))
        if change == "grow":
            sets.append(f"segments.{sid}.accounts=+{draw(st.integers(1, 150))}%")
        elif change == "shrink":
            sets.append(f"segments.{sid}.accounts=-{draw(st.integers(1, 50))}%")
        elif change == "motion":
            other = "pooled" if motion == "named" else "named"
            sets.append(f"segments.{sid}.motion={other}")
    for index in range(draw(st.integers(0, 2))):
        sets.append(f"segments.new{index}.accounts={draw(st.integers(1, 300))}")
        sets.append(f"segments.new{index}.motion={draw(st.sampled_from(sorted(MOTIONS)))}")
    head = ["csorg: 1", "organization: {name: Acme}" + ("  # the org" if comments else "")]
    if team_roles:
        head.append("include: [teams/roles.yaml]")
    body = [
        _collection("segments", segments, segment_style),
        _collection("roles", roles, role_style),
    ]
    if draw(st.booleans()):
        body.reverse()  # roles before segments
    lines = head + [line for part in body for line in part]
    if comments:
        lines += draw(st.sampled_from([[], [""], ["# the end"], ["", "# the end", ""]]))
    team = None
    if team_roles:
        team = "\n".join(["roles:", *[line for entry in team_roles for line in entry]]) + "\n"
    return OrgText(
        root="\n".join(lines),
        team=team,
        newline=draw(st.sampled_from(["\n", "\r\n"])),
        bom=draw(st.booleans()),
        final_break=draw(st.booleans()),
        sets=sets,
    )


def _write(org: OrgText, tmp_path: Path) -> tuple[Path, str]:
    text = org.root + ("\n" if org.final_break else "")
    text = text.replace("\n", org.newline)
    path = tmp_path / "org.yaml"
    path.write_bytes((codecs.BOM_UTF8 if org.bom else b"") + text.encode())
    if org.team is not None:
        (tmp_path / "teams").mkdir(exist_ok=True)
        (tmp_path / "teams" / "roles.yaml").write_text(org.team)
    return path, text


def _changed_values(text: str, edits: list, before_nodes: dict[tuple[int, int], tuple]) -> None:
    """Every replaced span is exactly one scalar value of a field the plan may change."""
    for edit in edits:
        if edit.start == edit.end:
            continue
        path = before_nodes.get((edit.start, edit.end))
        assert path is not None, (text[edit.start : edit.end], edit)
        field = path[-1] if path[0] == "roles" or len(path) == 3 else path[-2]
        assert field in ("accounts", "motion", "ratio", "headcount", "open", "accounts_by_region")


def _value_spans(text: str) -> dict[tuple[int, int], tuple]:
    """(start, end) of every scalar value under segments and roles -> its path."""
    root = parse_yaml(text, "org.yaml").source_map.root
    spans: dict[tuple[int, int], tuple] = {}

    def walk(node: object, path: tuple) -> None:
        if isinstance(node, MappingNode):
            for key, value in node.value:
                walk(value, (*path, key.value))
        elif isinstance(node, ScalarNode) and len(path) >= 3:
            spans[(node.start_mark.index, node.end_mark.index)] = path

    walk(root, ())
    return spans


@settings(
    max_examples=50,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(org=org_texts())
def test_plan_write_edits_only_what_the_plan_changes(tmp_path: Path, org: OrgText):
    path, text = _write(org, tmp_path)
    before = check_file(path)
    assert not before.has_errors(), ([d.message for d in before.diagnostics], text)
    assert before.tree is not None and before.org is not None
    out = tmp_path / "planned.yaml"
    options = [arg for option in org.sets for arg in ("--set", option)]
    result = CliRunner().invoke(app, ["plan", str(path), *options, "--write", str(out)])
    assert result.exit_code == 0, (result.output, text, org.sets)

    written = out.read_bytes()
    assert written.startswith(codecs.BOM_UTF8) == org.bom
    planned_text = written.decode("utf-8-sig")
    assert planned_text.endswith(("\n", "\r")) == text.endswith(("\n", "\r"))
    if org.newline == "\r\n":
        assert planned_text.count("\n") == planned_text.count("\r\n")
    else:
        assert "\r" not in planned_text

    # Loads to exactly the plan: the same plan computed here, from the same files.
    plan = build_plan(
        before.tree,
        [parse_set(option) for option in org.sets],
        before.benchmarks,
        file=before.file,
        role_files={rid: s.file for rid, s in before.loaded.role_sources.items()},
        metrics=before.metrics,
    )
    after = check_file(out)
    assert not after.has_errors(), [d.message for d in after.diagnostics]
    assert after.org is not None
    assert after.org.segments == plan.planned.segments
    assert after.org.roles == plan.planned.roles

    # Every character outside the edited spans is the input's, and the spans replace only
    # values the plan changed; what is inserted uses the file's own line breaks.
    edits, _ = plan_text_edits(text, before.file, before.org, plan.edits)
    assert apply_text_edits(text, edits) == planned_text
    _changed_values(text, edits, _value_spans(text))
    for edit in edits:
        inserted = edit.text.replace(org.newline, "")
        assert "\n" not in inserted and "\r" not in inserted, edit
