"""`csorg plan --write` never creates the structure problems `csorg validate` flags.

Random CS orgs (segments of each motion, teams under leads and directors, some seats open) and
random growth scenarios: the org the plan writes has no structure finding (spans, managers of one,
layers, orphan seats) that the org before it did not have. The one finding it may add is a span
one over the maximum on a team that was already full, when a single seat is left over: a lead for
it would be a manager of one, and splitting the team moves people, which the plan leaves to the
leader. A leader of managers who receives new team leads may go over its band: the plan does not
add a layer of directors (it shows the leader's span before and after instead; a known limit).
And a leader who led nobody (a segment director with an empty team) may get a first seat
and with it a span of one: the plan did not make that leader.
"""

from __future__ import annotations

from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from csorg_cli.checking import check_file
from csorg_cli.cli.app import app
from csorg_cli.rules import RULES

# Every new seat is a requisition, and a new team's lead is hired before its CSMs: the vacancy
# rate and the hiring order (orphan-seats) of a plan are what a plan is, not its structure.
STRUCTURE = {
    name
    for name, spec in RULES.items()
    if spec.category == "structure" and name not in ("vacancy-rate", "orphan-seats")
}
MOTION_ROLE = {"named": "Customer Success Manager", "pooled": "Scaled CSM"}


@st.composite
def cs_orgs(draw: st.DrawFn) -> dict:
    # A grown CS org (a support team beside the coverage teams), so that its size alone does
    # not change which findings apply once the plan adds seats.
    roles: dict[str, dict] = {
        "vp": {"title": "VP Customer Success", "kpis": ["nrr"], "owns": ["operations"]},
        "support-lead": {"title": "Support Manager", "reports_to": "vp"},
        "support": {"title": "Support Engineer", "reports_to": "support-lead", "headcount": 8},
    }
    segments: dict[str, dict] = {}
    for index in range(draw(st.integers(1, 3))):
        sid = f"s{index}"
        motion = draw(st.sampled_from(["named", "pooled"]))
        ratio = 10 if motion == "named" else 100
        leader = "vp"
        if draw(st.booleans()):
            leader = f"dir-{sid}"
            roles[leader] = {
                "title": "Director of Customer Success",
                "reports_to": "vp",
                "segment": sid,
                "kpis": ["grr"],
            }
        seats = 0
        for team in range(draw(st.integers(0, 3))):
            size = draw(st.integers(1, 12))
            lead = f"lead-{sid}-{team}"
            roles[lead] = {"title": "CS Team Lead", "reports_to": leader, "segment": sid}
            roles[f"csm-{sid}-{team}"] = {
                "title": MOTION_ROLE[motion],
                "reports_to": lead,
                "segment": sid,
                "headcount": size,
                "open": draw(st.integers(0, min(size, 2))),
            }
            seats += size
        accounts = max(1, seats * ratio + draw(st.integers(-ratio, ratio)))
        segments[sid] = {"accounts": accounts, "motion": motion, "ratio": f"1:{ratio}"}
    return {
        "csorg": 1,
        "organization": {"name": "Acme"},
        "segments": segments,
        "roles": roles,
    }


def _structure(path: Path) -> dict[tuple[str, str, str], str]:
    return {d.identity: d.message for d in check_file(path).diagnostics if d.rule in STRUCTURE}


def _full_and_empty(path: Path) -> tuple[set[str], set[str]]:
    """Managers whose team is already at the maximum, and roles that lead nobody."""
    tree = check_file(path).tree
    assert tree is not None
    full = {rid for rid in tree.org.roles if tree.span(rid) >= 10}
    return full, {rid for rid in tree.org.roles if tree.span(rid) == 0}


def _given_new_leads(planned: Path) -> set[str]:
    """Leaders the plan gave new team leads (the roles the plan adds are all open)."""
    tree = check_file(planned).tree
    assert tree is not None
    return {
        role.reports_to
        for rid, role in tree.org.roles.items()
        if rid.startswith("lead-") and role.open and role.reports_to is not None
    }


@settings(
    max_examples=60,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(org=cs_orgs(), growth=st.integers(0, 200), which=st.integers(0, 2))
def test_plan_write_adds_no_structure_finding(tmp_path: Path, org: dict, growth: int, which: int):
    path = tmp_path / "org.yaml"
    path.write_text(yaml.safe_dump(org, sort_keys=False), encoding="utf-8")
    out = tmp_path / "planned.yaml"
    segment = list(org["segments"])[which % len(org["segments"])]
    scenario = f"segments.{segment}.accounts=+{growth}%"
    result = CliRunner().invoke(app, ["plan", str(path), "--set", scenario, "--write", str(out)])
    assert result.exit_code in (0, 1), result.output
    before = _structure(path)
    after = _structure(out)
    full, empty = _full_and_empty(path)
    full |= _given_new_leads(out)

    def allowed(rule: str, where: str) -> bool:
        role = where.split(".")[-1]
        return (rule == "span-of-control" and role in full) or (
            rule == "manager-of-one" and role in empty
        )

    new = {
        key: message
        for key, message in after.items()
        if key not in before and not allowed(key[0], key[1])
    }
    assert new == {}, (yaml.safe_dump(org, sort_keys=False), out.read_text())
