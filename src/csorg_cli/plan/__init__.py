"""Capacity planning (`csorg plan`): scenarios, seats needed, hires, and the planned org file."""

from __future__ import annotations

from csorg_cli.plan.compute import Plan, PlanEdits, PlanLine, SegmentPlan, build_plan
from csorg_cli.plan.scenario import Change, Scenario, ScenarioError, load_scenario, parse_set
from csorg_cli.plan.writer import PlanWriteError, write_plan

__all__ = [
    "Change",
    "Plan",
    "PlanEdits",
    "PlanLine",
    "PlanWriteError",
    "Scenario",
    "ScenarioError",
    "SegmentPlan",
    "build_plan",
    "load_scenario",
    "parse_set",
    "write_plan",
]
