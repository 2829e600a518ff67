"""Every role field is handled wherever roles are compared or shown.

Adding a field to ``Role`` fails the first test until it has a sample value here; then `csorg
diff` must report a change of it, and the chart box (shared by the DOT chart, Mermaid and the
text tree) must show it, or the field must be listed in ``NOT_IN_THE_BOX`` with where it is
drawn instead.
"""

from __future__ import annotations

import pytest
from helpers import dedent

from csorg_cli.checking import check_file
from csorg_cli.diff import diff_results
from csorg_cli.diff.compute import OWN_PHRASES
from csorg_cli.diff.output import change_lines
from csorg_cli.model.org import Role
from csorg_cli.render.boxes import box_content, segment_names
from csorg_cli.render.view import select

# A value of each field (YAML flow), different from its default, valid in the org below.
SAMPLES: dict[str, str] = {
    "title": "Senior Customer Success Manager",
    "type": "onboarding-specialist",
    "reports_to": "ops",
    "dotted_to": "[ops]",
    "person": "Ana Ruiz",
    "people": "[Ana Ruiz, Ben Ode]",
    "headcount": "3",
    "open": "1",
    "segment": "ent",
    "region": "EMEA",
    "languages": "[en, de]",
    "kpis": "[net-revenue-retention]",
    "owns": "[{stage: onboarding}]",
    "coverage": "overlay",
    "carries": "{seats: 0.5}",
    "fte": "0.5",
    "employment": "contractor",
    "held_by": "ops",
    "central": "true",
    "group": "cva",
    "description": "Covers the strategic accounts.",
}
# Fields the box does not show, and where the chart shows them instead.
NOT_IN_THE_BOX: dict[str, str] = {
    "reports_to": "the edge from the manager",
    "dotted_to": "a dashed edge",
    "kpis": "the report and the interactive chart's details, not the box",
    "group": "a frame around the group's roles",
    "description": "the interactive chart's details, not the box",
    "coverage": "the coverage annotation of the segment",
    "people": "the seat count: a multi-seat box never lists names",
}

ORG = """
csorg: 1
organization: {{name: Acme}}
segments:
  ent: {{accounts: 100, motion: named}}
groups:
  cva: {{name: Customer Value and Adoption}}
roles:
  vp: {{title: VP Customer Success}}
  ops: {{title: CS Operations Manager, reports_to: vp}}
  csm:
{fields}"""
# What csm is without the field under test (and what some samples need beside them).
BASE = {"title": "Customer Success Manager", "reports_to": "vp"}
NEEDS = {"people": {"headcount": "3"}, "open": {"headcount": "3"}}


def org_with(tmp_path, name: str, field: str | None):
    fields = dict(BASE)
    if field is not None:
        fields[field] = SAMPLES[field]
        fields.update(NEEDS.get(field, {}))
    text = "".join(f"    {key}: {value}\n" for key, value in fields.items())
    path = tmp_path / name
    path.write_text(dedent(ORG.format(fields=text)), encoding="utf-8")
    return check_file(path, name)


def test_every_role_field_has_a_sample():
    assert sorted(Role.model_fields) == sorted(SAMPLES)


@pytest.mark.parametrize("field", sorted(Role.model_fields))
def test_diff_reports_a_change_of_every_field(field, tmp_path):
    before = org_with(tmp_path, "old.yaml", None)
    after = org_with(tmp_path, "new.yaml", field)
    assert before.org is not None and after.org is not None, after.diagnostics
    diff = diff_results(before, after)
    changes = [c for c in diff.changes if c.new_id == "csm"]
    assert changes, f"csorg diff does not see a change of {field}"
    phrases = change_lines(changes[0])
    if field not in OWN_PHRASES:
        assert any(phrase.startswith(f"{field}: ") for phrase in phrases), phrases


@pytest.mark.parametrize("field", sorted(set(Role.model_fields) - set(NOT_IN_THE_BOX)))
def test_the_box_shows_every_field(field, tmp_path):
    def box(result):
        assert result.tree is not None, result.diagnostics
        view = select(result.tree)
        content = box_content(view, "csm", segment_names(result.tree.org))
        return (content.title, content.function, [line.text for line in content.lines])

    without, with_field = (
        box(org_with(tmp_path, "a.yaml", None)),
        box(org_with(tmp_path, "b.yaml", field)),
    )
    assert with_field != without, f"the box of a role looks the same with {field} set"
