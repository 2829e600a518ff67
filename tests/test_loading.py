"""The loader: includes, encodings, tags, aliases and duplicate keys, each ending in a diagnostic."""

from __future__ import annotations

import codecs

import pytest
from helpers import OrgChecker, integrity_only

from csorg_cli.checking import check_file


@pytest.fixture
def lint(tmp_path) -> OrgChecker:
    """Snippets checked with the integrity rules only."""
    return OrgChecker(tmp_path, integrity_only())


ROOT_ORG = """
    csorg: 1
    organization: {name: Acme}
    include: [teams/*.yaml]
    roles:
      vp: {title: VP Customer Success}
"""


def test_include_globs_are_relative_to_the_including_file(lint):
    found = lint(
        ROOT_ORG,
        teams__emea="""
        csorg: 1
        roles:
          dir-emea: {title: "Director, EMEA CS", reports_to: vp}
          csm-emea: {title: Customer Success Manager, reports_to: dir-emea, headcount: 5}
    """,
        teams__na="""
        roles:
          csm-na: {title: Customer Success Manager, reports_to: vpp}
    """,
    )
    assert set(found.result.org.roles) == {"vp", "dir-emea", "csm-emea", "csm-na"}
    # The problem in an included file is reported in that file, at its own line and column.
    assert [(d.rule, d.file, d.line, d.column) for d in found.diagnostics] == [
        ("unknown-manager", "teams/na.yaml", 2, 57)
    ]


def test_role_defined_in_two_files_names_both_places(lint):
    found = lint(
        ROOT_ORG,
        teams__a="""
        roles:
          vp: {title: VP of CS}
    """,
    )
    [diagnostic] = found.of("duplicate-role")
    assert (diagnostic.file, diagnostic.line, diagnostic.column) == ("teams/a.yaml", 2, 3)
    assert "org.yaml:5:3" in diagnostic.message


def test_included_file_holds_only_roles(lint):
    found = lint(
        ROOT_ORG,
        teams__a="""
        segments:
          smb: {accounts: 1, motion: pooled}
        roles: {}
    """,
    )
    assert [(d.rule, d.file, d.line, d.column) for d in found.diagnostics] == [
        ("schema", "teams/a.yaml", 1, 1)
    ]


def test_missing_include_and_empty_glob(lint):
    found = lint("""
        csorg: 1
        organization: {name: Acme}
        include: [teams/*.yaml, extra.yaml]
        roles:
          vp: {title: VP Customer Success}
    """)
    assert [(d.rule, d.severity.value, d.line, d.column) for d in found.diagnostics] == [
        ("include-empty", "warning", 3, 11),
        ("include", "error", 3, 25),
    ]


def test_self_include_and_cycles(lint):
    found = lint(
        """
        csorg: 1
        organization: {name: Acme}
        include: [org.yaml, a.yaml]
        roles:
          vp: {title: VP Customer Success}
    """,
        a="roles: {}\ninclude: [b.yaml]\n",
        b="roles: {}\ninclude: [a.yaml]\n",
    )
    messages = [(d.file, d.message) for d in found.of("include")]
    assert ("org.yaml", "the file includes itself") in messages
    assert ("b.yaml", "include cycle: a.yaml -> b.yaml -> a.yaml") in messages


def test_include_outside_the_root_directory_is_refused(tmp_path):
    (tmp_path / "outside.yaml").write_text("roles: {}\n")
    org = tmp_path / "repo" / "org.yaml"
    org.parent.mkdir()
    org.write_text(
        "csorg: 1\norganization: {name: A}\ninclude: [../outside.yaml]\nroles:\n"
        "  vp: {title: VP Customer Success}\n"
    )
    result = check_file(org, "org.yaml", integrity_only())
    assert [(d.rule, d.line, d.column) for d in result.diagnostics] == [("include", 3, 11)]


def test_utf8_bom_is_accepted(tmp_path):
    path = tmp_path / "org.yaml"
    path.write_bytes(
        codecs.BOM_UTF8 + b"csorg: 1\norganization: {name: Acme}\nroles:\n"
        b"  vp: {title: VP Customer Success, reports_to: x}\n"
    )
    result = check_file(path, "org.yaml", integrity_only())
    assert [(d.rule, d.line, d.column) for d in result.diagnostics] == [("unknown-manager", 4, 48)]


def test_utf16_gets_an_encoding_diagnostic(tmp_path):
    path = tmp_path / "org.yaml"
    path.write_bytes("csorg: 1\n".encode("utf-16"))
    result = check_file(path, "org.yaml", integrity_only())
    assert [(d.rule, d.line, d.column) for d in result.diagnostics] == [("encoding", 1, 1)]
    assert "UTF-16" in result.diagnostics[0].message


def test_latin1_points_at_the_first_bad_byte(tmp_path):
    path = tmp_path / "org.yaml"
    path.write_bytes("csorg: 1\norganization: {name: Caf\u00e9}\n".encode("latin-1"))
    result = check_file(path, "org.yaml", integrity_only())
    assert [(d.rule, d.line, d.column) for d in result.diagnostics] == [("encoding", 2, 25)]


def test_unsafe_tags_are_refused(lint):
    found = lint("""
        csorg: 1
        organization: {name: !!python/object/apply:os.system [echo hi]}
        roles: {}
    """)
    assert ("yaml-tag", 2, 22) in found.triples()


def test_billion_laughs_is_refused_fast(lint):
    levels = ["a: &a [x, x, x, x, x, x, x, x, x]"]
    for index in range(1, 9):
        previous, name = chr(ord("a") + index - 1), chr(ord("a") + index)
        levels.append(f"{name}: &{name} [" + ", ".join([f"*{previous}"] * 9) + "]")
    found = lint("\n".join(levels) + "\n")
    assert found.rules() == ["yaml-limits"]


def test_recursive_alias(lint):
    found = lint("csorg: 1\norganization: &o {name: Acme, self: *o}\n")
    assert found.rules() == ["yaml-limits"]
    assert "recursive alias" in found.messages()[0]


def test_aliases_within_the_limit_are_followed(lint):
    found = lint("""
        csorg: 1
        organization: {name: Acme}
        roles:
          vp: &leader {title: VP Customer Success}
          vp2:
            title: VP Customer Success
            reports_to: vp
    """)
    assert found.diagnostics == []


def test_empty_file_and_non_mapping_documents(lint):
    assert lint("").triples() == [("schema", 1, 1)]
    found = lint("- just\n- a list\n")
    assert found.triples() == [("schema", 1, 1)]
    assert "YAML mapping" in found.messages()[0]


def test_two_documents_in_one_file(lint):
    found = lint("csorg: 1\n---\ncsorg: 1\n")
    assert found.rules() == ["yaml-syntax"]
    assert found.problems() == [(2, 1)]


def test_unsupported_version(lint):
    found = lint("csorg: 2\norganization: {name: A}\n")
    assert found.triples() == [("schema", 1, 8)]
    assert "unsupported format version 2" in found.messages()[0]


def test_fragment_checked_alone_gets_an_info_notice(lint):
    found = lint("csorg: 1\nroles:\n  csm: {title: CSM, reports_to: dir-emea, headcount: 0}\n")
    assert found.triples() == [("fragment", 1, 1), ("schema", 3, 54)]
    assert found.of("fragment")[0].severity.value == "info"


def test_tab_indentation_hint(lint):
    found = lint("csorg: 1\norganization:\n\tname: A\n")
    assert found.triples() == [("yaml-syntax", 3, 1)]
    assert "never tabs" in found.of("yaml-syntax")[0].hint


def test_control_character_is_named(lint):
    found = lint('csorg: 1\norganization: {name: "A\x01"}\n')
    assert found.triples() == [("yaml-syntax", 2, 24)]
    assert "U+0001" in found.messages()[0]


def test_languages_of_a_role_are_a_list_or_a_list_per_holder(tmp_path):
    from csorg_cli.checking import check_file

    path = tmp_path / "org.yaml"
    path.write_text(
        "csorg: 1\n"
        "organization: {name: Acme}\n"
        "roles:\n"
        "  a: {title: CSM, languages: [en, de]}\n"
        "  b: {title: CSM, headcount: 2, people: [Ana, Ben], languages: {Ana: [es], Bob: [de]}}\n"
        "  c: {title: CSM, languages: en}\n"
        "  d: {title: CSM, segment: 5}\n",
        encoding="utf-8",
    )
    found = [
        (d.rule, d.line, d.column, d.message)
        for d in check_file(path, "org.yaml").diagnostics
        if d.rule == "schema"
    ]
    assert found == [
        (
            "schema",
            5,
            64,
            "languages of role 'b': 'Bob' is not a holder of the role: name people of `person` "
            "or `people`, or give one list for every seat",
        ),
        ("schema", 6, 30, "languages of role 'c' must be a list, not the text 'en'"),
        # Every branch of a union with the wrong type: one error (the role was dropped silently).
        ("schema", 7, 28, "segment of role 'd' must be text, not the number 5"),
    ]
