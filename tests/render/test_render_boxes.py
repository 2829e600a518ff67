"""A box says the same thing in every output: the DOT chart, Mermaid and the text tree."""

from __future__ import annotations

from csorg_cli.render import ChartOptions, build_chart
from csorg_cli.render.mermaid import build_mermaid, escape
from csorg_cli.render.tree import tree_text

ORG = """
    csorg: 1
    organization: {name: Acme}
    segments:
      ent: {name: Enterprise, accounts: 120, motion: named, ratio: '1:12'}
    roles:
      vp: {title: VP Customer Success, person: Dana Smith, owns: [renewals, Product X]}
      csm: {title: CSM, reports_to: vp, headcount: 3, open: 1, segment: ent, region: NA}
      ops: {title: CS Operations Manager, reports_to: vp, open: 1}
      lost: {title: Analyst, reports_to: nobody}
"""

LINES = [
    "Dana Smith",
    "owns: renewals, Product X",
    "span of control: 4",
    "3 seats · 1 open",
    "Enterprise · NA",
    "OPEN (vacant)",
    "⚠ reports to unknown 'nobody'",
]


def test_every_output_words_boxes_the_same(lint):
    result = lint(ORG).result
    assert result.tree is not None
    options = ChartOptions(annotate=frozenset({"spans"}), legend=False, title=False)
    dot = str(build_chart(result.tree, options, diagnostics=result.diagnostics))
    mermaid = build_mermaid(result.tree, options, diagnostics=result.diagnostics)
    text = tree_text(result.tree, options, result.diagnostics, width=200)
    for line in LINES:
        escaped = line.replace("'", "&#x27;")
        assert escaped in dot, line
        assert escape(line) in mermaid, line
        assert line in text, line


def test_problems_name_the_first_two_rules_and_count_the_rest(lint):
    result = lint(ORG).result
    assert result.tree is not None
    options = ChartOptions(highlight_problems=True, legend=False, title=False)
    text = tree_text(result.tree, options, result.diagnostics, width=300)
    line = next(line for line in text.splitlines() if "(lost)" in line)
    assert "⚠ " in line and "unknown-manager" in line
