"""The loader reads libyaml's events into data and a compact position index: what a file means
and where each part of it is written, for the shapes the event stream makes awkward (aliases,
keys that are not plain text, merge keys, duplicates, nesting)."""

from __future__ import annotations

from helpers import dedent

from csorg_cli.loading.yamlsource import Limits, parse_yaml


def diagnostics(text: str, limits: Limits | None = None) -> list[tuple[str, int, int, str, str]]:
    parsed = parse_yaml(dedent(text), "f.yaml", *([limits] if limits else []))
    return [(d.rule, d.line, d.column, d.path, d.message) for d in parsed.diagnostics]


def test_an_alias_is_the_anchors_value_and_is_located_where_the_anchor_is_written() -> None:
    parsed = parse_yaml(
        dedent("""
            base: &base
              title: CSM
              kpis: [nrr]
            roles:
              a: *base
              b: {title: Lead}
        """),
        "f.yaml",
    )
    assert parsed.data["roles"]["a"] == {"title": "CSM", "kpis": ["nrr"]}
    assert parsed.data["roles"]["a"] is parsed.data["base"]
    locate = parsed.source_map.locate
    assert locate(("roles", "a")) == (1, 7)  # the anchored mapping
    assert locate(("roles", "a", "kpis", 0)) == (3, 10)  # through the alias
    assert locate(("roles", "a"), at_key=True) == (5, 3)
    assert locate(("roles", "b", "title")) == (6, 14)
    assert locate(("roles", "b", "missing")) == (6, 6)  # the mapping that lacks it
    assert locate(("roles", "c", "title")) == (5, 3)  # `roles`' value


def test_keys_that_are_not_plain_text_and_merge_keys_are_read_but_not_kept() -> None:
    text = """
        ? [a, b]
        : 1
        base: &b {x: 1}
        r:
          <<: *b
          '<<': quoted is a key
          y: 2
    """
    assert parse_yaml(dedent(text), "f.yaml").data == {
        "base": {"x": 1},
        "r": {"<<": "quoted is a key", "y": 2},
    }
    assert diagnostics(text) == [
        ("schema", 1, 3, "", "a mapping key must be plain text, not a list or mapping"),
        ("schema", 5, 3, "r", "merge keys ('<<') are not supported"),
    ]


def test_a_duplicate_names_the_first_line_and_its_value_is_not_read() -> None:
    # (the tag in the value that is not kept is not reported; callers sort by position)
    assert sorted(
        diagnostics("""
        a: 1
        b:
          x: 1
          x: !!python/object nope
        a: [2]
    """)
    ) == [
        (
            "duplicate-key",
            4,
            3,
            "b.x",
            "key 'x' appears twice in this mapping (first on line 3); "
            "YAML would silently keep only one",
        ),
        (
            "duplicate-key",
            5,
            1,
            "a",
            "key 'a' appears twice in this mapping (first on line 1); "
            "YAML would silently keep only one",
        ),
    ]


def test_an_alias_used_as_a_key_is_the_text_it_names() -> None:
    parsed = parse_yaml(dedent("name: &k csm\n*k : 2\n"), "f.yaml")
    assert parsed.data == {"name": "csm", "csm": 2}
    assert parsed.source_map.locate(("csm",), at_key=True) == (1, 7)


def test_nesting_past_the_limit_stops_at_the_first_node_too_deep() -> None:
    assert diagnostics("a: [[[x]]]\n", Limits(max_depth=3)) == [
        ("yaml-limits", 1, 7, "a[0][0][0]", "the document nests deeper than 3 levels")
    ]
