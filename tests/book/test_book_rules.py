"""Each finding about a book: a few rows in, the exact (rule, row, column) out."""

from __future__ import annotations

from book_helpers import ORG

BALANCED = """\
    account_id,owner,segment,region,arr
    a1,Ana Ruiz,enterprise,NA,1200000
    a2,Ana Ruiz,enterprise,NA,1100000
    a3,Ben Ode,enterprise,NA,1300000
    a4,Ben Ode,enterprise,NA,1000000
    s1,Cy Li,smb,,3000
    s2,Cy Li,smb,,2000
"""


def test_a_book_that_matches_the_org_has_no_findings(book):
    found = book(
        BALANCED, ORG.replace("accounts: 2, motion: pooled", "accounts: 2, motion: pooled")
    )
    assert [t for t in found.triples() if t[0] != "book-load"] == []


def test_unowned_account_is_reported_at_its_owner_cell(book):
    found = book(BALANCED + "    a5,,enterprise,NA,1000\n")
    assert ("unowned-account", 8, 2) in found.triples()


def test_owner_not_in_the_org_or_without_a_coverage_seat(book):
    found = book(
        """\
        account_id,owner,segment
        a1,Anna Ruiz,enterprise
        a2,Zed Sales,enterprise
        a3,csm-ent,enterprise
        a4,ana.ruiz@acme.example,enterprise
        a5,bode@acme.example,enterprise
        """
    )
    assert found.of("unknown-account-owner") and [
        (d.line, d.column) for d in found.of("unknown-account-owner")
    ] == [(2, 2), (3, 2), (4, 2)]
    messages = found.messages("unknown-account-owner")
    assert "not in the org" in messages[0]
    assert found.of("unknown-account-owner")[0].hint == "did you mean 'Ana Ruiz'?"
    assert "no coverage seat" in messages[1]
    assert "role of 2 people" in messages[2]


def test_owner_outside_the_segment_or_region(book):
    found = book(
        """\
        account_id,owner,segment,region
        a1,Ana Ruiz,smb,NA
        a2,Ben Ode,enterprise,EMEA
        a3,Ben Ode,enterprise,na
        """
    )
    assert [t for t in found.triples() if t[0] == "account-owner-mismatch"] == [
        ("account-owner-mismatch", 2, 3),
        ("account-owner-mismatch", 3, 4),
    ]


def test_duplicate_account_ids_point_at_the_first(book):
    found = book(
        """\
        account_id,owner
        a1,Ana Ruiz
        a2,Ana Ruiz
        a1,Ben Ode
        """
    )
    (duplicate,) = found.of("duplicate-account")
    assert (duplicate.line, duplicate.column) == (4, 1)
    assert duplicate.related[0].line == 2


def test_malformed_cells_each_get_a_diagnostic_and_the_rest_is_read(book):
    found = book(
        """\
        account_id,owner,arr,renewal_date,weight,segment
        a1,Ana Ruiz,about 40k,2027-01-01,1,enterprise
        ,Ana Ruiz,"$1,200",someday,0,enterprise
        a3,Ben Ode,1.2M,01/31/2027,2,enterprize
        """
    )
    assert [t for t in found.triples() if t[0] == "account-row"] == [
        ("account-row", 2, 3),
        ("account-row", 3, 1),
        ("account-row", 3, 4),
        ("account-row", 3, 5),
        ("account-row", 4, 6),
    ]
    amounts = found.result.book.frame.get_column("arr").to_list()
    assert amounts == [None, 1200.0, 1_200_000.0]


def test_amounts_that_are_not_finite_or_are_absurd_are_malformed_cells(book):
    # NaN, infinities and 1e308 parse as floats: read as amounts they made bands of "nan" and
    # books of a 309-digit workload.
    found = book(
        """\
        account_id,owner,arr,weight
        a1,Ana Ruiz,NaN,nan
        a2,Ana Ruiz,inf,-inf
        a3,Ben Ode,1e308,1e308
        a4,Ben Ode,125000,2.5
        """
    )
    rows = [t for t in found.triples() if t[0] == "account-row"]
    assert rows == [
        (r, line, column)
        for line in (2, 3, 4)
        for r, column in (("account-row", 3), ("account-row", 4))
    ]
    assert found.result.book.frame.get_column("arr").to_list() == [None, None, None, 125000.0]
    assert found.result.book.frame.get_column("weight").to_list() == [1.0, 1.0, 1.0, 2.5]


def test_book_over_or_under_its_ratio_by_count_and_weight(book):
    found = book(
        """\
        account_id,owner,segment,weight
        a1,Ana Ruiz,enterprise,1
        a2,Ana Ruiz,enterprise,1
        a3,Ana Ruiz,enterprise,1
        a4,Ben Ode,enterprise,9
        s1,Cy Li,smb,1
        """
    )
    loads = [(d.line, d.column, d.message.split(" against")[0]) for d in found.of("book-load")]
    assert loads == [
        (2, 2, "Ana Ruiz (csm-ent) carries 3 accounts"),
        (2, 2, "Ana Ruiz (csm-ent) carries 3 of workload"),
        (5, 2, "Ben Ode (csm-ent) carries 1 accounts"),
        (5, 2, "Ben Ode (csm-ent) carries 9 of workload"),
        (6, 2, "Cy Li (csm-smb) carries 1 accounts"),
    ]


def test_book_arr_outside_the_benchmark_band(book):
    found = book(
        """\
        account_id,owner,segment,arr
        a1,Ana Ruiz,enterprise,200000
        a2,Ana Ruiz,enterprise,100000
        a3,Ben Ode,enterprise,1000000
        a4,Ben Ode,enterprise,1000000
        """
    )
    assert [(d.line, d.column) for d in found.of("book-arr")] == [(2, 2)]
    assert "300,000 USD of ARR per seat, below" in found.of("book-arr")[0].message


def test_account_whose_arr_belongs_to_another_segment(book):
    org = ORG.replace(
        "accounts: accounts.csv",
        "accounts: {file: accounts.csv, segments_by_arr: {enterprise: 250000, smb: 0}}",
    )
    found = book(
        """\
        account_id,owner,segment,arr
        a1,Ana Ruiz,enterprise,300000
        s1,Cy Li,smb,480000
        """,
        org,
    )
    assert [t for t in found.triples() if t[0] == "account-segment-arr"] == [
        ("account-segment-arr", 3, 4)
    ]


def test_segment_derived_from_arr_when_the_file_has_no_segment(book):
    org = ORG.replace(
        "accounts: accounts.csv",
        "accounts: {file: accounts.csv, segments_by_arr: {enterprise: 250000, smb: 0}}",
    )
    found = book("account_id,owner,arr\na1,Ana Ruiz,300000\ns1,Cy Li,4000\n", org)
    assert found.result.book.frame.get_column("segment").to_list() == ["enterprise", "smb"]
    assert found.of("account-owner-mismatch") == []


def test_typed_segment_counts_that_differ_from_the_data(book):
    found = book("account_id,owner,segment\na1,Ana Ruiz,enterprise\n")
    assert [t for t in found.triples() if t[0] == "segment-accounts-mismatch"] == [
        ("segment-accounts-mismatch", 4, 26),
        ("segment-accounts-mismatch", 5, 19),
    ]
    assert found.of("segment-accounts-mismatch")[0].file == "org.yaml"


def test_missing_required_column_is_one_diagnostic_at_the_header(book):
    found = book("Account,Person\na1,Ana Ruiz\n")
    assert found.triples() == [("accounts-file", 1, 1)]
    assert "no column for 'owner'" in found.messages()[0]
    assert "'Account', 'Person'" in found.messages()[0]


def test_a_column_mapping_names_the_header(book):
    org = ORG.replace(
        "accounts: accounts.csv", "accounts: {file: accounts.csv, columns: {owner: Person}}"
    )
    found = book("Account,Person\na1,Ana Ruiz\n", org)
    assert "accounts-file" not in found.rules()
    assert found.result.book.frame.get_column("seat").to_list() == ["Ana Ruiz"]


def test_presets_read_salesforce_hubspot_and_gainsight_headers(book):
    exports = {
        "salesforce": "Account ID,Account Name,Customer Success Manager,ARR,Renewal Date\n"
        "001A,Alpha,Ana Ruiz,1000,2027-01-01\n",
        "hubspot": "Record ID,Company name,Company owner,Annual Recurring Revenue\n"
        "77,Alpha,ana.ruiz@acme.example,1000\n",
        "gainsight": "Company GSID,Company Name,CSM,ARR,Overall Score\n1P0,Alpha,Ana Ruiz,1000,82\n",
    }
    for preset, text in exports.items():
        org = ORG.replace(
            "accounts: accounts.csv", f"accounts: {{file: accounts.csv, preset: {preset}}}"
        )
        found = book(text, org)
        assert "accounts-file" not in found.rules(), (preset, found.messages())
        frame = found.result.book.frame
        assert frame.get_column("seat").to_list() == ["Ana Ruiz"], preset
        assert frame.get_column("arr").to_list() == [1000.0], preset


def test_missing_accounts_file_is_reported_at_the_accounts_entry(book, tmp_path):
    org = ORG.replace("accounts: accounts.csv", "accounts: nowhere.csv")
    found = book("account_id,owner\n", org)
    assert found.triples() == [("accounts-file", 6, 11)]
    assert "nowhere.csv: no such file" in found.messages()[0]


LANGUAGES = ORG.replace(
    "    people: [Ana Ruiz, Ben Ode]\n",
    "    people: [Ana Ruiz, Ben Ode]\n    languages: {Ana Ruiz: [en, es], Ben Ode: [en, de]}\n",
)


def test_owner_who_does_not_speak_the_accounts_language(book):
    found = book(
        """\
        account_id,owner,segment,language
        a1,Ana Ruiz,enterprise,German
        a2,Ben Ode,enterprise,de-AT
        a3,Ana Ruiz,enterprise,Español
        a4,Ana Ruiz,enterprise,FR
        a5,Cy Li,smb,ja
        a6,Ana Ruiz,enterprise,
        """,
        LANGUAGES,
    )
    # Cy Li's role says no languages: every language; a6 has none: not compared.
    assert [t for t in found.triples() if t[0] == "account-owner-language"] == [
        ("account-owner-language", 2, 4),
        ("account-owner-language", 5, 4),
    ]
    assert found.messages("account-owner-language")[0] == (
        "account 'a1' is served in 'German' but its owner Ana Ruiz (csm-ent) speaks en, es"
    )


def test_one_list_of_languages_serves_every_seat_of_the_role(book):
    org = ORG.replace(
        "segment: smb, person: Cy Li}", "segment: smb, person: Cy Li, languages: [en]}"
    )
    found = book("account_id,owner,segment,language\ns1,Cy Li,smb,English\ns2,Cy Li,smb,nl\n", org)
    assert [t for t in found.triples() if t[0] == "account-owner-language"] == [
        ("account-owner-language", 3, 4)
    ]


def test_owner_who_does_not_cover_the_accounts_products(book):
    org = ORG.replace(
        "segment: smb, person: Cy Li}", "segment: smb, person: Cy Li, owns: [analytics]}"
    )
    org = org.replace(
        "accounts: accounts.csv", "products: [analytics, platform]\naccounts: accounts.csv"
    )
    found = book(
        """\
        account_id,owner,segment,products
        s1,Cy Li,smb,Analytics
        s2,Cy Li,smb,analytics; platform
        s3,Cy Li,smb,analytics;legacy-addon
        a1,Ana Ruiz,enterprise,platform
        """,
        org,
    )
    # s3's legacy-addon is not a product of the org; Ana Ruiz's role owns no product: any.
    assert [t for t in found.triples() if t[0] == "account-owner-mismatch"] == [
        ("account-owner-mismatch", 3, 4)
    ]
    assert (
        "uses 'analytics; platform' but its owner Cy Li (csm-smb) covers analytics"
        in (found.messages("account-owner-mismatch")[0])
    )
