"""Inline suppression comments: `# csorg: disable=...` on a line, before a line, for a file."""

from __future__ import annotations

import textwrap

ROOT = "csorg: 1\norganization: {name: Acme}\n"


def org(body: str) -> str:
    """The org header, then ``body`` dedented."""
    return ROOT + textwrap.dedent(body)


def managers(found) -> list[int]:
    return [line for line, _ in found.problems("unknown-manager")]


def test_end_of_line_comment_silences_that_line_only(lint):
    found = lint(
        org("""\
        roles:
          vp: {title: VP Customer Success}
          a: {title: CSM, reports_to: nobody}  # csorg: disable=unknown-manager
          b: {title: CSM, reports_to: nobody}
    """)
    )
    assert managers(found) == [6]
    assert [d.rule for d in found.result.suppressed] == ["unknown-manager"]


def test_own_line_comment_applies_to_the_next_yaml_line(lint):
    found = lint(
        org("""\
        roles:
          vp: {title: VP Customer Success}
          # csorg: disable=unknown-manager

          # the next role is being hired
          a: {title: CSM, reports_to: nobody}
          b: {title: CSM, reports_to: nobody}
    """)
    )
    assert managers(found) == [9]


def test_several_rules_and_other_rules_stay(lint):
    found = lint(
        org("""\
        roles:
          vp: {title: VP Customer Success}
          a: {title: CSM, reports_to: x, segment: y}  # csorg: disable=unknown-manager
          b: {title: CS, reports_to: x, segment: y} # csorg:disable=unknown-manager, unknown-segment
    """)
    )
    assert [
        (r, ln) for r, ln, _ in found.triples() if r in ("unknown-manager", "unknown-segment")
    ] == [("unknown-segment", 5)]


def test_disable_without_rules_silences_every_rule_on_the_line(lint):
    found = lint(
        org("""\
        roles:
          vp: {title: VP Customer Success}
          a: {title: CSM, reports_to: nobody, segment: nope}  # csorg: disable
    """)
    )
    assert [d for d in found.diagnostics if d.line == 5] == []


def test_disable_file_with_and_without_rules(lint):
    body = """\
        roles:
          vp: {title: VP Customer Success}
          a: {title: CSM, reports_to: nobody, segment: nope}
          b: {title: CSM, reports_to: nobody}
    """
    found = lint(org(body) + "# csorg: disable-file=unknown-manager\n")
    assert managers(found) == []
    assert found.problems("unknown-segment") == [(5, 48)]
    everything = lint("# csorg: disable-file\n" + org(body))
    assert everything.diagnostics == []


def test_hash_inside_a_quoted_string_is_not_a_comment(lint):
    found = lint(
        org("""\
        roles:
          vp: {title: VP Customer Success}
          a: {title: "CSM # csorg: disable=unknown-manager", reports_to: nobody}
          b: {title: 'CSM # csorg: disable-file', reports_to: nobody}
          c:
            title: CSM
            reports_to: nobody
            person: |
              text # csorg: disable-file
    """)
    )
    assert managers(found) == [5, 6, 9]


def test_a_hash_glued_to_text_is_not_a_comment(lint):
    found = lint(
        org("""\
        roles:
          vp: {title: VP Customer Success}
          a:
            title: CSM
            reports_to: nobody#csorg:disable=schema
    """)
    )
    assert found.problems("schema") == [(7, 17)]


def test_included_files_use_their_own_comments(lint):
    found = lint(
        org("""\
        include: [teams/*.yaml]
        roles:
          vp: {title: VP Customer Success}
          x: {title: CSM, reports_to: nobody}
    """),
        teams__emea="""\
        roles:
          a: {title: CSM, reports_to: nobody}  # csorg: disable=unknown-manager
          b: {title: CSM, reports_to: nobody}
        """,
        teams__apac="""\
        # csorg: disable-file=unknown-manager
        roles:
          c: {title: CSM, reports_to: nobody}
        """,
    )
    assert [(d.file, d.line) for d in found.of("unknown-manager")] == [
        ("org.yaml", 6),
        ("teams/emea.yaml", 3),
    ]


def test_suppression_never_hides_a_file_that_does_not_parse(lint):
    # A file that does not parse cannot be checked at all: no comment may make it pass.
    found = lint(
        org("""\
        roles:
          vp: {title: VP Customer Success
        # csorg: disable-file=yaml-syntax
    """)
    )
    assert len(found.of("yaml-syntax")) == 1
