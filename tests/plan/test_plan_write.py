"""`csorg plan --write`: the planned org is the input's own text with a few edits.

Regression tests of issue 13 item 13: edits that land on one offset (a key added to the last
segment or role, and whatever is appended after it), a file that changes while the plan is
computed, CRLF line endings, a UTF-8 BOM and a file without a final line break.
"""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest
from typer.testing import CliRunner

import csorg_cli.plan
from csorg_cli.checking import check_file
from csorg_cli.cli.app import app

# The last segment has no ratio and the last role no headcount: keys added to either land where
# the next segment or role is appended.
ORG = """\
csorg: 1
organization: {name: Acme}
segments:
  enterprise:
    accounts: 101
    motion: named
    ratio: "1:10"
  smb:
    accounts: 400
    motion: pooled
roles:
  vp:
    title: VP Customer Success
  csm-ent:
    title: Customer Success Manager
    reports_to: vp
    segment: enterprise
"""

# The same org with a ratio on the last segment, a headcount and open seats on the last role:
# their values are replaced in place, nothing lands on one offset.
SIMPLE = ORG.replace("    motion: pooled\n", '    motion: pooled\n    ratio: "1:200"\n') + (
    "    headcount: 2\n    open: 0\n"
)
BOTH = pytest.mark.parametrize("base", [SIMPLE, ORG], ids=["simple", "last-keys-missing"])

GROW_SMB = [
    "--set",
    "segments.smb.ratio=1:100",
    "--set",
    "segments.apac.accounts=40",
    "--set",
    "segments.apac.motion=named",
]


def plan_write(path: Path, *options: str):
    out = path.parent / "planned.yaml"
    result = CliRunner().invoke(app, ["plan", str(path), *options, "--write", str(out)])
    return result, out


def planned_org(out: Path):
    checked = check_file(out)
    assert not checked.has_errors(), [d.message for d in checked.diagnostics]
    assert checked.org is not None
    return checked.org


@pytest.fixture
def org(tmp_path: Path) -> Path:
    path = tmp_path / "org.yaml"
    path.write_bytes(ORG.encode())
    return path


def test_a_key_of_the_last_segment_and_a_new_segment(org: Path):
    result, out = plan_write(org, *GROW_SMB)
    assert result.exit_code == 0, result.output
    text = out.read_text()
    # The new key belongs to smb, the new segment follows it.
    assert '    motion: pooled\n    ratio: "1:100"\n  apac:\n    accounts: 40\n' in text
    planned = planned_org(out)
    assert planned.segments["smb"].ratio == "1:100"
    assert planned.segments["apac"].accounts == 40


def test_the_last_role_without_headcount_grows(org: Path):
    result, out = plan_write(org)
    assert result.exit_code == 0, result.output
    planned = planned_org(out)
    # enterprise needs ceil(101 / 10) = 11 seats: csm-ent (1 seat, no headcount key) grows to
    # fill the vp's team and new teams take the rest.
    assert planned.roles["csm-ent"].headcount > 1
    assert sum(r.headcount for r in planned.roles.values() if r.segment == "enterprise") >= 11
    text = out.read_text()
    assert text.startswith(ORG)  # everything before the end of csm-ent is the user's, untouched
    assert "    segment: enterprise\n    headcount: " in text


def test_a_file_changed_while_planning_is_not_overwritten_by_stale_numbers(
    org: Path, monkeypatch: pytest.MonkeyPatch
):
    edited = ORG.replace("accounts: 400", "accounts: 900  # edited meanwhile")
    build_plan = csorg_cli.plan.build_plan

    def edit_then_plan(*args, **kwargs):
        org.write_text(edited)  # someone saves the file after csorg read it
        return build_plan(*args, **kwargs)

    monkeypatch.setattr(csorg_cli.plan, "build_plan", edit_then_plan)
    result, out = plan_write(org, "--set", "segments.enterprise.accounts=+20%")
    assert result.exit_code == 2, result.output
    assert "org.yaml changed on disk" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert not out.exists()
    assert org.read_text() == edited


@pytest.mark.parametrize("changed", ["team.yaml", "deep.yaml"])
def test_an_included_file_changed_while_planning(tmp_path: Path, monkeypatch, changed: str):
    org = tmp_path / "org.yaml"
    org.write_text(ORG.replace("roles:\n", "include: [team.yaml]\nroles:\n"))
    # team.yaml includes deep.yaml: a change to either, at any depth, stops the write.
    (tmp_path / "team.yaml").write_text(
        "include: [deep.yaml]\nroles:\n  tam:\n    title: Technical Account Manager\n"
        "    reports_to: vp\n"
    )
    (tmp_path / "deep.yaml").write_text(
        "roles:\n  ae:\n    title: Account Executive\n    reports_to: vp\n"
    )
    build_plan = csorg_cli.plan.build_plan

    def edit_then_plan(*args, **kwargs):
        edited = tmp_path / changed
        edited.write_text(edited.read_text() + "    headcount: 3\n")
        return build_plan(*args, **kwargs)

    monkeypatch.setattr(csorg_cli.plan, "build_plan", edit_then_plan)
    result, out = plan_write(org)
    assert result.exit_code == 2, result.output
    assert f"{changed} changed on disk" in result.stderr
    assert not out.exists()


@BOTH
def test_crlf_stays_crlf(org: Path, base: str):
    org.write_bytes(base.replace("\n", "\r\n").encode())
    result, out = plan_write(org, *GROW_SMB)
    assert result.exit_code == 0, result.output
    data = out.read_bytes()
    assert data.count(b"\n") == data.count(b"\r\n") > base.count("\n")
    assert b"\r\r" not in data
    assert data.startswith(base.replace("\n", "\r\n").split("smb:")[0].encode())
    planned = planned_org(out)
    assert planned.segments["smb"].ratio == "1:100"


@BOTH
def test_a_byte_order_mark_is_kept(org: Path, base: str):
    org.write_bytes(codecs.BOM_UTF8 + base.encode())
    result, out = plan_write(org, *GROW_SMB)
    assert result.exit_code == 0, result.output
    data = out.read_bytes()
    assert data.startswith(codecs.BOM_UTF8 + b"csorg: 1\n")
    assert data.count(codecs.BOM_UTF8) == 1
    planned_org(out)


@BOTH
@pytest.mark.parametrize("newline", ["\n", "\r\n"], ids=["lf", "crlf"])
def test_a_file_without_a_final_line_break_keeps_none(org: Path, base: str, newline: str):
    org.write_bytes(base.rstrip("\n").replace("\n", newline).encode())
    result, out = plan_write(org, *GROW_SMB)
    assert result.exit_code == 0, result.output
    data = out.read_bytes().decode()
    assert not data.endswith(("\n", "\r"))
    assert data.count("\n") == data.count(newline)
    planned = planned_org(out)
    assert planned.segments["smb"].ratio == "1:100"
    assert planned.roles["csm-ent"].headcount > 1


def test_comments_and_blank_lines_at_the_end_stay_at_the_end(org: Path):
    tail = "    segment: enterprise  # the last line\n\n# the end of the roles\n\n"
    org.write_text(ORG.replace("    segment: enterprise\n", tail))
    result, out = plan_write(org, *GROW_SMB)
    assert result.exit_code == 0, result.output
    text = out.read_text()
    assert text.endswith("\n\n# the end of the roles\n\n")
    assert "    segment: enterprise  # the last line\n    headcount: " in text
    planned_org(out)


def test_a_last_role_ending_in_a_block_scalar(org: Path):
    org.write_text(ORG + "    description: |\n      Covers the top accounts.\n\n")
    result, out = plan_write(org)
    assert result.exit_code == 0, result.output
    planned = planned_org(out)
    assert planned.roles["csm-ent"].description == "Covers the top accounts.\n"
    assert planned.roles["csm-ent"].headcount > 1


def test_flow_style_last_segment_and_role(tmp_path: Path):
    path = tmp_path / "org.yaml"
    path.write_text(
        "csorg: 1\norganization: {name: Acme}\n"
        "segments: {enterprise: {accounts: 101, motion: named, ratio: '1:10'},\n"
        "  smb: {accounts: 400, motion: pooled}}\n"
        "roles: {vp: {title: VP Customer Success},\n"
        "  csm-ent: {title: CSM, reports_to: vp, segment: enterprise}}  # flow\n"
    )
    result, out = plan_write(path, *GROW_SMB)
    assert result.exit_code == 0, result.output
    text = out.read_text()
    assert 'smb: {accounts: 400, motion: pooled, ratio: "1:100"}, apac: {' in text
    assert text.endswith("}}  # flow\n")
    planned = planned_org(out)
    assert planned.segments["apac"].motion == "named"
    assert planned.roles["csm-ent"].headcount > 1


def test_roles_in_an_included_file_are_not_edited(tmp_path: Path):
    org = tmp_path / "org.yaml"
    org.write_text(
        "csorg: 1\norganization: {name: Acme}\ninclude: [teams/ent.yaml]\n"
        "segments:\n  enterprise: {accounts: 101, motion: named, ratio: '1:10'}\n"
        "roles:\n  vp: {title: VP Customer Success}"
    )
    (tmp_path / "teams").mkdir()
    team = tmp_path / "teams" / "ent.yaml"
    team_text = (
        "roles:\r\n  csm-ent:\r\n    title: CSM\r\n    reports_to: vp\r\n"
        "    segment: enterprise\r\n    headcount: 3\r\n"
    )
    team.write_bytes(team_text.encode())
    result, out = plan_write(org)
    assert result.exit_code == 0, result.output
    assert team.read_bytes() == team_text.encode()
    text = out.read_text()
    assert "\r" not in text and not text.endswith("\n")
    planned = planned_org(out)  # read beside the input: the include resolves
    assert planned.roles["csm-ent"].headcount == 3
    assert planned.roles["csm-ent-new"].open >= 1


@pytest.mark.parametrize("newline", ["\n", "\r\n"], ids=["lf", "crlf"])
def test_a_new_roles_key_after_a_last_line_without_a_break(tmp_path: Path, newline: str):
    path = tmp_path / "org.yaml"
    text = "csorg: 1\norganization: {name: Acme}\nsegments:\n  smb: {accounts: 400, motion: pooled}  # c"
    path.write_bytes(text.replace("\n", newline).encode())
    result, out = plan_write(path)
    assert result.exit_code == 0, result.output
    data = out.read_bytes().decode()
    assert data.startswith(text.replace("\n", newline) + newline + "roles:" + newline)
    assert not data.endswith(("\n", "\r")) and data.count("\n") == data.count(newline)
    planned = planned_org(out)
    assert sum(role.headcount for role in planned.roles.values()) == 5  # 4 seats and a lead


def test_an_alias_is_not_edited_through_its_anchor(tmp_path: Path):
    path = tmp_path / "org.yaml"
    path.write_text(
        "csorg: 1\norganization: {name: Acme}\nsegments:\n"
        "  east: &same {accounts: 10, motion: named}\n  west: *same\n"
        "roles:\n  vp: {title: VP Customer Success}\n"
        "  csm-east: {title: CSM, reports_to: vp, segment: east}\n"
        "  csm-west: {title: CSM, reports_to: vp, segment: west}\n"
    )
    result, out = plan_write(path, "--set", "segments.west.accounts=20")
    # Editing the anchor would change east's accounts too.
    assert result.exit_code == 2
    assert "segments.west is an alias of line 4" in result.stderr
    assert not out.exists()


BOOK_LINK = """\
accounts:
  file: accounts.csv   # today's book, exported from the CRM
  preset: generic
"""


def test_a_plan_that_grows_segments_leaves_out_the_link_to_todays_book(tmp_path: Path):
    # Today's accounts file counts today's 101 accounts: linked from the plan, its counts would
    # replace the plan's 150 (and the segment would "disagree with the data").
    (tmp_path / "accounts.csv").write_text(
        "account_id,owner,segment\n" + "".join(f"a{i},csm-ent,enterprise\n" for i in range(101)),
        encoding="utf-8",
    )
    path = tmp_path / "org.yaml"
    path.write_text(ORG.replace("roles:\n", BOOK_LINK + "roles:\n"), encoding="utf-8")
    result, out = plan_write(path, "--set", "segments.enterprise.accounts=150")
    assert result.exit_code == 0, result.output
    written = out.read_text(encoding="utf-8")
    assert (
        "    motion: pooled\n"
        "# csorg plan: segment figures are projections, so today's accounts file is unlinked:\n"
        "# accounts:\n"
        "#   file: accounts.csv   # today's book, exported from the CRM\n"
        "#   preset: generic\n"
        "roles:\n"
    ) in written
    planned = check_file(out)
    assert planned.org is not None and planned.org.segments["enterprise"].accounts == 150
    assert [d.rule for d in planned.diagnostics if d.rule == "segment-accounts-mismatch"] == []


def test_a_plan_that_changes_a_ratio_keeps_the_link_to_todays_book(tmp_path: Path):
    (tmp_path / "accounts.csv").write_text(
        "account_id,owner,segment\n" + "".join(f"a{i},csm-ent,enterprise\n" for i in range(101)),
        encoding="utf-8",
    )
    path = tmp_path / "org.yaml"
    path.write_text(ORG.replace("roles:\n", BOOK_LINK + "roles:\n"), encoding="utf-8")
    result, out = plan_write(path, "--set", "segments.enterprise.ratio=1:20")
    assert result.exit_code == 0, result.output
    assert BOOK_LINK in out.read_text(encoding="utf-8")


def test_a_flow_style_org_whose_book_link_cannot_be_commented_out_is_left_alone(tmp_path: Path):
    (tmp_path / "accounts.csv").write_text(
        "account_id,owner,segment\n" + "".join(f"a{i},csm,e\n" for i in range(10)),
        encoding="utf-8",
    )
    path = tmp_path / "org.yaml"
    path.write_text(
        '{csorg: 1, organization: {name: A}, segments: {e: {accounts: 10, motion: named, ratio: "1:5"}},'
        " accounts: accounts.csv, roles: {vp: {title: VP Customer Success}, csm: {title: Customer"
        " Success Manager, reports_to: vp, segment: e, headcount: 2}}}\n",
        encoding="utf-8",
    )
    result, out = plan_write(path, "--set", "segments.e.accounts=+50%")
    assert result.exit_code == 2
    assert result.stderr == (
        f"csorg: error: --write {out}: the plan leaves out `accounts:` (today's book would replace "
        "its projected figures), but the org is one flow mapping ({...}) with no line to comment "
        "out; write the org in block style (one key per line)\n"
    )
    assert not out.exists()
