"""A plan works on its org's tree and figures once: the planned orgs' trees are built from
today's, and what the plan reports after the hires is what checking the planned org reports."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import copy_linked_files

from csorg_cli.analysis.metrics import OrgMetrics
from csorg_cli.analysis.tree import OrgTree
from csorg_cli.checking import check_file
from csorg_cli.plan import build_plan, parse_set

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))
GROWTH = ("+40%", "+0", "-30%")


@pytest.mark.parametrize("growth", GROWTH)
@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_figures_after_the_plan_are_those_of_the_planned_org_checked_afresh(
    example: Path, growth: str, tmp_path: Path
) -> None:
    path = tmp_path / example.name
    path.write_text(example.read_text(encoding="utf-8"), encoding="utf-8")
    copy_linked_files(example, tmp_path)
    result = check_file(path)
    assert result.org is not None and result.tree is not None and result.org.segments
    changes = [parse_set(f"segments.{sid}.accounts={growth}") for sid in result.org.segments]
    plan = build_plan(
        result.tree, changes, result.benchmarks, file=result.file, metrics=result.metrics
    )
    fresh = OrgMetrics(OrgTree.build(plan.planned, result.tree.catalogue), result.benchmarks)
    for segment in plan.segments:
        afresh = fresh.coverage[segment.segment_id]
        assert (segment.seats_after, segment.accounts_per_seat_after, segment.status_after) == (
            afresh.seats,
            afresh.accounts_per_seat,
            afresh.status(),
        )


def test_a_tree_for_an_edited_org_reads_only_the_roles_that_changed(tmp_path: Path) -> None:
    example = ROOT / "examples" / "startup.yaml"
    path = tmp_path / example.name
    path.write_text(example.read_text(encoding="utf-8"), encoding="utf-8")
    result = check_file(path)
    assert result.org is not None and result.tree is not None
    tree, org = result.tree, result.org
    same_roles = tree.for_org(org.model_copy(update={"segments": {}}))
    assert same_roles.children is tree.children
    assert same_roles.org.segments == {}
    # Another CS leader named: the tree is not shared, its CS org follows the new leader.
    last = list(org.roles)[-1]
    organization = org.organization.model_copy(update={"leader": last})
    led = tree.for_org(org.model_copy(update={"organization": organization}))
    assert led.cs_leader == last != tree.cs_leader
    first = next(iter(org.roles))
    renamed = org.roles[first].model_copy(update={"title": "VP Support"})
    edited = org.model_copy(update={"roles": {**org.roles, first: renamed}})
    rebuilt = tree.for_org(edited)
    afresh = OrgTree.build(edited, tree.catalogue)
    assert {rid: rebuilt.reading(rid) for rid in edited.roles} == {
        rid: afresh.reading(rid) for rid in edited.roles
    }
    assert rebuilt.reading(first) != tree.reading(first)
    assert all(rebuilt.reading(rid) is tree.reading(rid) for rid in list(org.roles)[1:])
