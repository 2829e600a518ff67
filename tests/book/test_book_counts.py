"""When the org links a book, a segment's accounts (and ARR, and its split by region) come from
the data: the coverage rules, report and plan read the counted figures; the typed ones differing
is segment-accounts-mismatch, at the YAML."""

from __future__ import annotations

import json

from book_helpers import book_rules_only
from typer.testing import CliRunner

from csorg_cli.cli.app import app
from csorg_cli.diagnostics import Severity

# One CSM at 1:2; the typed figure says 9 accounts, the file holds 2.
ORG = """\
csorg: 1
organization: {name: Acme, as_of: 2026-12-01}
segments:
  enterprise: {accounts: 9, motion: named, ratio: "1:2"}
accounts: accounts.csv
roles:
  vp: {title: VP Customer Success}
  csm: {title: Customer Success Manager, reports_to: vp, segment: enterprise, person: Ana Ruiz}
"""
TWO = "account_id,owner,segment\na1,Ana Ruiz,enterprise\na2,Ana Ruiz,enterprise\n"


def with_coverage():
    return book_rules_only().with_rule("coverage-ratio", Severity.WARNING)


def test_coverage_is_judged_on_the_accounts_of_the_file(book):
    found = book(TWO, ORG, config=with_coverage())
    # 2 accounts for one seat at 1:2 is on target: only the typed 9 is reported, at the YAML.
    assert found.triples() == [("segment-accounts-mismatch", 4, 26)]
    assert found.result.org.segments["enterprise"].accounts == 2
    assert found.result.built.org.segments["enterprise"].accounts == 9


def test_more_accounts_in_the_file_than_typed_stretch_the_segment(book):
    rows = "".join(f"a{n},Ana Ruiz,enterprise\n" for n in range(6))
    found = book(
        "account_id,owner,segment\n" + rows,
        ORG.replace("accounts: 9", "accounts: 2"),
        config=with_coverage(),
    )
    assert found.triples() == [
        ("book-load", 2, 2),
        ("segment-accounts-mismatch", 4, 26),
        ("coverage-ratio", 4, 51),
    ]
    assert "6 accounts" in found.messages("coverage-ratio")[0]


def test_a_segment_the_file_has_no_account_of_keeps_its_typed_figure(book):
    org = ORG.replace(
        "segments:\n", "segments:\n  digital: {accounts: 5000, motion: digital}\n"
    ).replace("accounts: 9", "accounts: 2")
    found = book(TWO, org)
    assert found.result.org.segments["digital"].accounts == 5000
    assert found.triples() == [("segment-accounts-mismatch", 4, 23)]
    assert found.messages() == [
        "segment 'digital' says 5,000 accounts; accounts.csv has 0 (csorg keeps the typed figure)"
    ]


def test_the_split_by_region_comes_from_the_file(book):
    org = ORG.replace(
        'accounts: 9, motion: named, ratio: "1:2"',
        'accounts: 4, motion: named, ratio: "1:2", accounts_by_region: {NA: 2, EMEA: 2}',
    )
    found = book(
        "account_id,owner,segment,region\n"
        "a1,Ana Ruiz,enterprise,na\n"
        "a2,Ana Ruiz,enterprise,NA\n"
        "a3,Ana Ruiz,enterprise,NA\n"
        "a4,Ana Ruiz,enterprise,APAC\n",
        org,
    )
    assert found.result.org.segments["enterprise"].accounts_by_region == {
        "NA": 3,
        "EMEA": 0,
        "APAC": 1,
    }
    assert [(t, d.message) for t, d in zip(found.triples(), found.diagnostics, strict=True)] == [
        (("book-load", 2, 2), found.messages("book-load")[0]),
        (
            ("segment-accounts-mismatch", 4, 78),
            "accounts.csv has accounts of segment 'enterprise' in 'APAC', a region its split "
            "does not name",
        ),
        (
            ("segment-accounts-mismatch", 4, 83),
            "segment 'enterprise' says 2 accounts in 'NA'; accounts.csv has 3",
        ),
        (
            ("segment-accounts-mismatch", 4, 92),
            "segment 'enterprise' says 2 accounts in 'EMEA'; accounts.csv has 0",
        ),
    ]


def test_accounts_without_a_region_are_shared_among_the_regions(book):
    org = ORG.replace(
        'accounts: 9, motion: named, ratio: "1:2"',
        'accounts: 4, motion: named, ratio: "1:2", accounts_by_region: {NA: 2, EMEA: 2}',
    )
    found = book(
        "account_id,owner,segment,region\n"
        "a1,Ana Ruiz,enterprise,NA\n"
        "a2,Ana Ruiz,enterprise,NA\n"
        "a3,Ana Ruiz,enterprise,EMEA\n"
        "a4,Ana Ruiz,enterprise,\n",
        org,
    )
    split = found.result.org.segments["enterprise"].accounts_by_region
    assert split == {"NA": 3, "EMEA": 1}  # 4 in all, as the segment's accounts


def test_plan_grows_the_accounts_of_the_file(book, tmp_path):
    book(TWO, ORG)
    result = CliRunner().invoke(
        app,
        [
            "plan",
            str(tmp_path / "org.yaml"),
            "--set",
            "segments.enterprise.accounts=+100%",
            "--format",
            "json",
        ],
    )
    data = json.loads(result.stdout)
    segment = next(s for s in data["segments"] if s["id"] == "enterprise")
    # 2 accounts in the file, doubled: 4, two seats at 1:2 (the typed 9 plays no part).
    assert segment["accounts"] == {"before": 2, "after": 4}
    assert segment["seats_needed"] == {"now": 1, "after": 2}


def test_report_counts_the_accounts_of_the_file(book, tmp_path):
    book(TWO, ORG)
    result = CliRunner().invoke(app, ["report", str(tmp_path / "org.yaml"), "--format", "json"])
    data = json.loads(result.stdout)
    assert [c["accounts"] for c in data["coverage"]] == [2]
