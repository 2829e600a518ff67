"""A rule registered only for tests, so configuration tests do not depend on the CS rule catalogue.

``short-title`` flags every role whose title is shorter than ``min_length`` characters; its message
also quotes the named-coverage benchmark its run received, so benchmark overrides are observable.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pydantic import BaseModel, ConfigDict, Field

from csorg_cli.diagnostics import Severity
from csorg_cli.rules import RULES
from csorg_cli.rules.base import Problem, RuleContext, RuleSpec

NAME = "short-title"


class Options(BaseModel):
    """Options of the test rule."""

    model_config = ConfigDict(extra="forbid")
    min_length: int = Field(5, ge=1)
    label: str = "title"


def check(ctx: RuleContext, options: Options) -> Iterator[Problem]:
    """A problem at each role whose title is shorter than ``min_length``."""
    band = ctx.benchmarks.get("coverage.named.accounts_per_seat")
    for role_id, role in ctx.org.roles.items():
        if len(role.title) < options.min_length:
            yield Problem(
                ("roles", role_id, "title"),
                f"{options.label} {role.title!r} is short (named max {band.max})",
            )


SPEC = RuleSpec(
    name=NAME,
    summary="Titles are at least a few characters long.",
    category="naming",
    default_severity=Severity.WARNING,
    options=Options,
    check=check,
    doc="Titles are at least a few characters long.\n\nA test rule.",
    module=__name__,
)


@pytest.fixture
def short_title(monkeypatch: pytest.MonkeyPatch) -> RuleSpec:
    """Register ``short-title`` for the duration of a test."""
    monkeypatch.setitem(RULES, NAME, SPEC)
    return SPEC
