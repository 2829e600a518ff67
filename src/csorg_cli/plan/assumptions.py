"""Assumptions for cost and time: pay per role, the loaded-cost multiplier, ramp, attrition, time to
fill, and a budget, each with where it comes from.

They live in a plan file (``csorg-plan: 1``, docs/plan.md), which ``csorg plan --plan-file``,
``csorg report --plan-file`` and ``csorg design`` read. Every figure carries ``source`` and ``year``
so reports can print provenance. Ramp and attrition have no trustworthy public CS benchmark: when a
plan does not give them, the example values below are used and every output says they are examples.

Reading is strict and positional: every problem is one ``file:line:col: message`` line, collected in
a :class:`PlanFileError`, so the command exits 2 with all of them at once.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from csorg_cli.plan.scenario import ScenarioError, parse_value


class PlanFileError(ValueError):
    """A plan or design file that cannot be used; ``messages`` holds one line per problem."""

    def __init__(self, messages: list[str]) -> None:
        super().__init__("; ".join(messages))
        self.messages = messages


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Sourced(_Strict):
    """A figure and where it comes from."""

    source: str | None = Field(None, description="Where the figure comes from.")
    year: int | None = Field(None, description="Year of the source.")
    example: bool = Field(
        False, description="True for an example value to replace with your own figure."
    )


class Multiplier(Sourced):
    value: float = Field(gt=0, le=5, description="Loaded cost = base pay x this multiplier.")


class Ramp(Sourced):
    value: list[float] = Field(
        min_length=1,
        max_length=12,
        description="Productivity of a new hire in each quarter from the start quarter on "
        "(0-1); the last value holds after.",
    )

    @field_validator("value")
    @classmethod
    def _shares(cls, value: list[float]) -> list[float]:
        if any(not 0 <= share <= 1 for share in value):
            raise ValueError("each quarter's productivity is a share from 0 to 1")
        if value[0] <= 0:
            raise ValueError(
                "the start quarter's productivity must be above 0 (a hire ramps through it: "
                "try 0.25)"
            )
        return value


class Attrition(Sourced):
    value: float = Field(ge=0, lt=1, description="Share of people who leave in a year (0-1).")


class TimeToFill(Sourced):
    value: int = Field(ge=0, le=8, description="Quarters from opening a requisition to the start.")


class Money(Sourced):
    value: float = Field(ge=0, description="An amount in the org's currency.")


class PayRate(Sourced):
    """Annual base pay for the roles this entry matches; the most specific match wins."""

    role: str | None = Field(None, description="A role id: this role only.")
    type: str | None = Field(None, description="An archetype id (csm, scaled-csm...).")
    function: str | None = Field(None, description="A function (customer-success, support...).")
    level: str | None = Field(None, description="A level (individual, manager, director...).")
    region: str | None = Field(None, description="A region (as the roles write it).")
    base: float = Field(ge=0, description="Annual base pay per seat.")

    def specificity(self) -> int | None:
        """How specific the entry is (a role beats everything); None when it matches nothing."""
        if self.role is not None:
            return 100
        return sum(
            weight
            for weight, selector in (
                (8, self.type),
                (4, self.level),
                (2, self.function),
                (1, self.region),
            )
            if selector is not None
        )


class Assumptions(_Strict):
    """What cost and time figures a plan uses."""

    loaded_cost_multiplier: Multiplier = Field(
        default_factory=lambda: Multiplier(
            value=1.3,
            source="Finance planning rule of thumb: 1.25-1.4x base pay (US); the BLS Employer "
            "Costs for Employee Compensation put benefits at 29.8% of total compensation "
            "(June 2025), about 1.43x wages, as the upper reference",
            year=2025,
            example=False,
        )
    )
    ramp: Ramp = Field(
        default_factory=lambda: Ramp(
            value=[0.5, 1.0],
            source="Example only: no credible CS-specific ramp benchmark exists; practice is a "
            "30/60/90-day plan (about 3 months)",
            year=None,
            example=True,
        )
    )
    attrition: Attrition = Field(
        default_factory=lambda: Attrition(
            value=0.15,
            source="Example only: no credible CSM attrition figure exists; tech voluntary "
            "attrition of 13-15% a year is a common proxy",
            year=None,
            example=True,
        )
    )
    time_to_fill: TimeToFill = Field(
        default_factory=lambda: TimeToFill(
            value=1,
            source="Example only: a requisition filled in one quarter",
            year=None,
            example=True,
        )
    )
    hiring_cost: Money | None = Field(None, description="One-off cost per hire.")
    pay: list[PayRate] = Field(default_factory=list, description="Annual base pay per seat.")

    def provided(self) -> list[tuple[str, str]]:
        """``(name, how it reads)`` for every assumption, examples flagged, for outputs."""
        rows = [
            (
                "loaded cost multiplier",
                _described(f"{self.loaded_cost_multiplier.value:g}x", self.loaded_cost_multiplier),
            ),
            (
                "ramp (productivity by quarter)",
                _described(" / ".join(f"{v:.0%}" for v in self.ramp.value), self.ramp),
            ),
            ("attrition", _described(f"{self.attrition.value:.0%} a year", self.attrition)),
            (
                "time to fill",
                _described(f"{self.time_to_fill.value} quarter(s)", self.time_to_fill),
            ),
        ]
        if self.hiring_cost is not None:
            rows.append(
                ("cost per hire", _described(f"{self.hiring_cost.value:,.0f}", self.hiring_cost))
            )
        if self.pay:
            rows.append(
                ("pay table", f"{len(self.pay)} entr{'y' if len(self.pay) == 1 else 'ies'}")
            )
        return rows

    def ramp_share(self, age: int) -> float:
        """Productivity of a hire in their ``age``-th quarter (0 = the start quarter)."""
        shares = self.ramp.value
        return shares[min(age, len(shares) - 1)]

    @property
    def quarters_to_ramp(self) -> int:
        """Quarters from the start until a hire is fully productive (the first share at its max)."""
        shares = self.ramp.value
        return shares.index(max(shares))

    @property
    def uses_examples(self) -> list[str]:
        names = []
        for name in ("ramp", "attrition", "time_to_fill", "loaded_cost_multiplier"):
            if getattr(self, name).example:
                names.append(name)
        return names


def _described(value: str, figure: Sourced) -> str:
    origin = figure.source or "your plan file"
    if figure.year:
        origin += f" ({figure.year})"
    tag = "EXAMPLE, replace with your own figure: " if figure.example else ""
    return f"{value} - {tag}{origin}"


class Budget(_Strict):
    annual: float = Field(ge=0, description="Annual budget for the CS org's people cost.")
    source: str | None = None


GrowthValue = str | int | float | list[str | int | float]


class SegmentGrowth(_Strict):
    """Growth of one segment: one change for every quarter, or a list with one per quarter."""

    accounts: GrowthValue | None = Field(None, description="+5% or +20 (accounts) per quarter.")
    arr: GrowthValue | None = Field(None, description="+5% or +100000 (ARR) per quarter.")


class PlanFile(_Strict):
    """A plan file: quarters to plan, growth per segment per quarter, assumptions and a budget."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    version: Literal[1] = Field(1, alias="csorg-plan", description="Format version; always 1.")
    name: str | None = None
    description: str | None = None
    start: str | None = Field(None, description="Label of the first quarter, e.g. 2027-Q1.")
    quarters: int | None = Field(None, ge=1, le=40, description="Quarters to plan (1-40).")
    segments: dict[str, SegmentGrowth] = Field(default_factory=dict)
    assumptions: Assumptions = Field(default_factory=lambda: Assumptions.model_validate({}))
    budget: Budget | None = None


@dataclass(frozen=True)
class Growth:
    """The change of one field of one segment in each quarter, as ``Change`` objects."""

    segment: str
    field: str
    per_quarter: tuple[Any, ...]  # a Change per quarter

    def apply(self, quarter: int, current: Any) -> Any:
        change = self.per_quarter[min(quarter, len(self.per_quarter) - 1)]
        return change.apply(current)


def growth_of(
    plan: PlanFile, where: dict[tuple[Any, ...], tuple[str, str]], display: str
) -> list[Growth]:
    """Every segment's growth as changes, read from the text as written (``+20`` adds 20, as
    ``--set`` reads it, where YAML alone would read the number 20)."""
    problems: list[str] = []
    out: list[Growth] = []
    for segment_id, growth in plan.segments.items():
        for field in ("accounts", "arr"):
            raw = getattr(growth, field)
            if raw is None:
                continue
            values = raw if isinstance(raw, list) else [raw]
            if not values:
                continue
            changes = []
            for index, value in enumerate(values):
                path: tuple[Any, ...] = ("segments", segment_id, field)
                if isinstance(raw, list):
                    path += (index,)
                origin, text = where.get(path, (display, str(value)))
                try:
                    change = parse_value(field, text, origin, segment_id)
                except ScenarioError as error:
                    problems.extend(error.messages)
                    continue
                if change.op == "set":
                    problems.append(
                        f"{origin}: growth is a change per quarter (+5%, -2%, +20), not a "
                        f"level ({value!r}); write +{value} to add that many each quarter"
                    )
                    continue
                if change.op == "scale" and change.value <= -100:
                    problems.append(
                        f"{origin}: growth of {value} would leave nothing (at most -100%)"
                    )
                    continue
                changes.append(change)
            if changes and len(changes) == len(values):
                out.append(Growth(segment_id, field, tuple(changes)))
    if problems:
        raise PlanFileError(problems)
    return out


def read_plan_file(path: Path | str) -> tuple[PlanFile, list[Growth]]:
    """Read and check a plan file; :class:`PlanFileError` lists every problem with its position."""
    plan, where, display = read_model_file(path, PlanFile, "a plan file")
    return plan, growth_of(plan, where, display)


def read_model_file(
    path: Path | str, model: type[Any], what: str
) -> tuple[Any, dict[tuple[Any, ...], tuple[str, str]], str]:
    """Parse a YAML file into ``model``; problems as ``file:line:col: message`` lines.

    Returns the model, a map from each scalar's path to its ``file:line:col`` and its text as
    written (for checks that come after the model, such as growth values), and the display name.
    """
    from csorg_cli.loading.files import InputError, read_source
    from csorg_cli.loading.yamlsource import DEFAULT_LIMITS, parse_yaml

    path = Path(path)
    display = str(path)
    source = read_source(path, display, DEFAULT_LIMITS.max_file_bytes)
    if source.text is None:
        assert source.diagnostic is not None
        d = source.diagnostic
        raise InputError(f"{d.file}:{d.line}:{d.column}: {d.message}")
    parsed = parse_yaml(source.text, display)
    if parsed.diagnostics:
        raise PlanFileError(
            [f"{d.file}:{d.line}:{d.column}: {d.message}" for d in parsed.diagnostics]
        )
    if not isinstance(parsed.data, dict):
        raise PlanFileError([f"{display}:1:1: {what} is a YAML mapping (see docs/plan.md)"])

    def where(loc: tuple[Any, ...], at_key: bool = False) -> str:
        line, column = parsed.source_map.locate(loc, at_key=at_key)
        return f"{display}:{line}:{column}"

    try:
        value = model.model_validate(parsed.data)
    except ValidationError as error:
        problems = []
        for item in error.errors():
            loc = tuple(
                part for part in item["loc"] if not isinstance(part, str) or "[" not in part
            )
            loc = tuple(p for p in loc if p not in _UNION_TAGS)
            if item["type"] == "extra_forbidden":
                parent = _fields_at(model, loc[:-1])
                close = difflib.get_close_matches(str(loc[-1]), parent, n=1)
                hint = f" (did you mean {close[0]!r}?)" if close else ""
                problems.append(f"{where(loc, at_key=True)}: unknown key {loc[-1]!r}{hint}")
            else:
                dotted = ".".join(str(p) for p in loc) or "the file"
                # A validator's own message, without pydantic's "Value error, " in front of it.
                message = item["msg"].removeprefix("Value error, ")
                problems.append(f"{where(loc)}: {dotted}: {message}")
        raise PlanFileError(problems) from None
    positions: dict[tuple[Any, ...], tuple[str, str]] = {}
    nodes = parsed.nodes()  # the text as written (`+20`), not the value YAML reads
    for at in _scalar_paths(parsed.data):
        node, _ = nodes.node_at(at)
        text = getattr(node, "value", None)
        positions[at] = (where(at), text if isinstance(text, str) else "")
    return value, positions, display


# pydantic names union members in error locations (``str``, ``list[...]``); they are not keys.
_UNION_TAGS = frozenset({"str", "int", "float", "list[union[str,int,float]]"})


def _scalar_paths(data: Any) -> list[tuple[Any, ...]]:
    out: list[tuple[Any, ...]] = []
    stack: list[tuple[Any, tuple[Any, ...]]] = [(data, ())]
    while stack:
        value, at = stack.pop()
        if isinstance(value, dict):
            stack.extend((child, (*at, key)) for key, child in value.items())
        elif isinstance(value, list):
            stack.extend((child, (*at, index)) for index, child in enumerate(value))
        else:
            out.append(at)
    return out


def _fields_at(model: type[Any], loc: tuple[Any, ...]) -> list[str]:
    """The keys a model accepts at ``loc`` (for did-you-mean); empty when unknown."""
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        fields = getattr(current, "model_fields", None)
        if fields is None or part not in fields:
            # A dict of models (segments): the part is a key, keep the value model.
            args = getattr(current, "__args__", None)
            if args:
                current = args[-1]
            continue
        annotation = fields[part].annotation
        args = getattr(annotation, "__args__", None)
        current = next(
            (
                a
                for a in (args or (annotation,))
                if hasattr(a, "model_fields") or getattr(a, "__args__", None)
            ),
            annotation,
        )
    fields = getattr(current, "model_fields", None)
    if fields is None:
        return []
    return [info.alias or name for name, info in fields.items()]
