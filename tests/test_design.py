"""`csorg design`: the cheapest structure that meets the constraints, checked by brute force; every
org it writes validates with no finding; honest limits when the constraints cannot all hold."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from csorg_cli.checking import CheckSettings, load_checked
from csorg_cli.cli.app import app
from csorg_cli.design.model import DesignInput
from csorg_cli.design.run import checked
from csorg_cli.design.solve import brute_force, build_options, limits_of, solve
from csorg_cli.design.write import write_design
from csorg_cli.model.benchmarks import Benchmarks

ROOT = Path(__file__).resolve().parent.parent
PAY = [
    {"base": 90000},
    {"type": "csm", "base": 100000},
    {"type": "scaled-csm", "base": 85000},
    {"type": "digital-success-manager", "base": 80000},
    {"level": "manager", "base": 140000},
    {"level": "director", "base": 185000},
    {"level": "executive", "base": 240000},
]


def spec(segments: dict, **constraints: object) -> DesignInput:
    return DesignInput.model_validate(
        {
            "csorg-design": 1,
            "organization": {"name": "Acme"},
            "segments": segments,
            "constraints": constraints,
            "assumptions": {"pay": PAY, "loaded_cost_multiplier": {"value": 1.0}},
        }
    )


def findings(text: str, tmp_path: Path) -> list[tuple[str, str]]:
    """Warnings and errors `csorg validate` raises on a designed org (info notes are allowed)."""
    path = tmp_path / "designed.yaml"
    path.write_text(text, encoding="utf-8")
    result = load_checked(path, CheckSettings())
    return [(d.rule, d.message) for d in result.diagnostics if d.severity.value != "info"]


def test_the_motion_follows_acv_as_in_the_background_documents(tmp_path: Path) -> None:
    # Strategic (named), scaled (pooled) and digital coverage, as the documents describe them:
    # $250k ACV is a named book, $25k a pooled one, $2k a digital one.
    design = solve(
        spec(
            {
                "strategic": {"accounts": 60, "arr": 15_000_000},
                "scaled": {"accounts": 800, "arr": 20_000_000},
                "digital": {"accounts": 9000, "arr": 18_000_000},
            }
        ),
        Benchmarks.load(),
    ).design
    assert design is not None
    assert design.motions == {"strategic": "named", "scaled": "pooled", "digital": "digital"}
    titles = {r.type for r in design.roles}
    assert {"vp-customer-success", "csm", "scaled-csm", "digital-success-manager"} <= titles


def test_a_startup_gets_a_leader_and_a_few_csms_reporting_to_them(tmp_path: Path) -> None:
    outcome = solve(spec({"customers": {"accounts": 40, "arr": 4_000_000}}), Benchmarks.load())
    assert outcome.design is not None
    roles = {r.id: (r.type, r.reports_to, r.headcount) for r in outcome.design.roles}
    assert roles == {
        "vp-cs": ("vp-customer-success", None, 1),
        "csm-customers": ("csm", "vp-cs", 4),
    }
    text = write_design(
        outcome_input := spec({"customers": {"accounts": 40, "arr": 4_000_000}}),
        outcome.design,
        outcome.limits,
        "in.yaml",
    )
    assert outcome_input.organization.name == "Acme"
    assert findings(text, tmp_path) == []


@pytest.mark.parametrize("budget", [None, 2_500_000, 3_200_000])
def test_the_milp_finds_the_cheapest_structure_brute_force_finds(budget: float | None) -> None:
    # Mid-market at $100k ACV only just pays for named seats ($1.2M a seat at 1:12, floor $1M):
    # named and pooled are both weighed.
    design_input = spec(
        {
            "enterprise": {"accounts": 90, "arr": 27_000_000},
            "mid-market": {"accounts": 400, "arr": 40_000_000},
            "smb": {"accounts": 3000, "arr": 9_000_000},
        },
        budget=budget,
        functions={"operations": {}, "renewals": {}},
    )
    benchmarks = Benchmarks.load()
    limits = limits_of(design_input, benchmarks)
    every = brute_force(design_input, limits, build_options(design_input, limits))
    outcome = solve(design_input, benchmarks)
    if not every:
        assert outcome.design is None
        return
    assert outcome.design is not None
    assert round(outcome.design.cost, 2) == round(every[0].cost, 2)
    assert [round(a.cost, 2) for a in outcome.alternatives] == [
        round(d.cost, 2) for d in every[1:3]
    ]


def test_a_budget_too_small_says_what_binds_and_the_nearest_design(tmp_path: Path) -> None:
    path = tmp_path / "in.yaml"
    path.write_text(
        "csorg-design: 1\norganization: {name: Acme}\n"
        "segments:\n  ent: {accounts: 200, arr: 50000000, motion: named}\n"
        "constraints: {budget: 1500000}\n"
        "assumptions:\n  pay: [{base: 100000}]\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(
        app, ["design", str(path), "--format", "json", "--write", str(tmp_path / "org.yaml")]
    )
    assert result.exit_code == 1, result.output
    report = json.loads(result.stdout)
    assert report["feasible"] is False
    assert report["binding"][0].startswith("budget: costs ")
    assert "over the budget of 1,500,000" in report["binding"][0]
    assert report["nearest_note"].startswith("every ratio stretched by ")
    assert report["nearest"]["cost"] <= 1_500_000
    assert "The constraints cannot all hold" in (tmp_path / "org.yaml").read_text("utf-8")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("csorg-design: 1\norganization: {name: A}\nsegments: {}\n", "segments: "),
        (
            "csorg-design: 1\norganization: {name: A}\nsegments:\n  s: {accounts: -1}\n",
            "in.yaml:4:17: segments.s.accounts: Input should be greater than or equal to 0",
        ),
        (
            "csorg-design: 1\norganization: {name: A}\nsegments:\n  s: {accounts: 10}\n"
            "constraints: {functions: {support: {}}}\nassumptions: {pay: [{base: 1}]}\n",
            "there is no public support staffing ratio: give accounts_per_seat or seats",
        ),
        (
            "csorg-design: 1\norganization: {name: A}\nsegments:\n  s: {accounts: 10}\n",
            "assumptions.pay: no entry gives the pay of a",
        ),
        (
            "csorg-design: 1\norganization: {name: A}\nsegments:\n  s: {accounts: 10}\n"
            "constraints: {ratios: {named: '1:0'}}\n",
            "in.yaml:5:23: constraints.ratios: named: the ratio is 1:N with N at least 1\n",
        ),
    ],
)
def test_bad_inputs_are_one_line_errors(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "in.yaml"
    path.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(app, ["design", str(path)])
    assert result.exit_code == 2, result.output
    assert message in result.stderr
    assert "Traceback" not in result.output


def test_the_example_input_designs_an_org_that_validates_clean(tmp_path: Path) -> None:
    out = tmp_path / "org.yaml"
    result = CliRunner().invoke(
        app,
        [
            "design",
            str(ROOT / "examples" / "planning" / "design-input.yaml"),
            "--write",
            str(out),
            "--write-alternatives",
            str(tmp_path / "alt"),
        ],
    )
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    assert findings(text, tmp_path) == []
    path = tmp_path / "written.yaml"
    path.write_text(text, encoding="utf-8")
    # Not even an info note: who owns the renewal is settled (the renewals team owns it).
    assert load_checked(path, CheckSettings()).diagnostics == []
    assert "# 160 Enterprise accounts at 1:10 (named) need 16 coverage seats" in text
    for alternative in sorted((tmp_path / "alt").iterdir()):
        assert findings(alternative.read_text("utf-8"), tmp_path) == [], alternative.name


def _segment(accounts: tuple[int, int], acv: tuple[int, int]) -> st.SearchStrategy[dict]:
    return st.tuples(st.integers(*accounts), st.integers(*acv)).map(
        lambda pair: {"accounts": pair[0], "arr": pair[0] * pair[1]}
    )


# Realistic customer bases of CS orgs up to a few hundred seats: a core segment that pays for a
# team (250 to 1,500 accounts at $50k to $400k ACV), and up to three more of 20 to 8,000 accounts
# at $1k to $150k ACV.
core_segment = _segment((250, 1_500), (50_000, 400_000))
other_segment = _segment((20, 8_000), (1_000, 150_000))


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    core=core_segment,
    others=st.dictionaries(
        st.sampled_from(["mm", "smb", "apac", "long-tail"]), other_segment, max_size=3
    ),
    functions=st.sets(st.sampled_from(["operations", "renewals"])),
)
def test_every_design_validates_with_no_finding(
    tmp_path: Path, core: dict, others: dict, functions: set[str]
) -> None:
    design_input = spec({"ent": core, **others}, functions={f: {} for f in functions})
    outcome = checked(design_input, solve(design_input, Benchmarks.load()), "in.yaml")
    assert outcome.design is not None, outcome.binding
    text = write_design(design_input, outcome.design, outcome.limits, "in.yaml")
    assert findings(text, tmp_path) == []


def test_a_folder_of_orgs_skips_plan_design_and_scenario_files(tmp_path: Path) -> None:
    (tmp_path / "org.yaml").write_text(
        "csorg: 1\norganization: {name: A}\nroles:\n  vp: {title: VP Customer Success}\n",
        encoding="utf-8",
    )
    (tmp_path / "design.yaml").write_text("csorg-design: 1\n", encoding="utf-8")
    (tmp_path / "plan.yml").write_text("# FY27\ncsorg-plan: 1\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["validate", str(tmp_path), "--format", "json"])
    assert json.loads(result.stdout)["files"] == [str(tmp_path / "org.yaml")]
