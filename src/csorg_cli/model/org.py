"""Pydantic models of the org definition format, version 1 (the contract in docs/format.md).

These models check shape and types. Checks that relate one field to another (``open`` above
``headcount``) live in :mod:`csorg_cli.model.build` so each can point at the exact offending line.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field

ROLE_ID_PATTERN = r"^[a-z0-9][a-z0-9_-]*$"
SEGMENT_ID_PATTERN = ROLE_ID_PATTERN
RATIO_PATTERN = r"^\s*1\s*:\s*[0-9][0-9,_]*\s*$"
_RATIO_RE = re.compile(r"^\s*1\s*:\s*([0-9][0-9,_]*)\s*$")

Motion = Literal["named", "pooled", "digital"]
MOTIONS: tuple[str, ...] = ("named", "pooled", "digital")


def ratio_accounts(ratio: str) -> int:
    """Accounts per seat of a ``"1:N"`` ratio (``"1:1,000"`` reads as 1000)."""
    match = _RATIO_RE.match(ratio)
    if match is None:
        raise ValueError(f"{ratio!r} is not a ratio of the form 1:N")
    return int(match.group(1).replace(",", "").replace("_", ""))


def _check_ratio(value: str) -> str:
    if ratio_accounts(value) < 1:
        raise ValueError("the ratio must be 1:N with N at least 1")
    return value


def _one_or_many(value: Any) -> Any:
    # `include: teams/*.yaml` reads as naturally as a one-item list.
    return [value] if isinstance(value, str) else value


Ratio = Annotated[
    str,
    Field(
        pattern=RATIO_PATTERN,
        description='Target accounts per coverage seat, as "1:N".',
        examples=["1:12", "1:100", "1:1000"],
    ),
    AfterValidator(_check_ratio),
]
RoleId = Annotated[str, Field(pattern=ROLE_ID_PATTERN)]
SegmentId = Annotated[str, Field(pattern=SEGMENT_ID_PATTERN)]
Text = Annotated[str, Field(min_length=1)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class Organization(_Strict):
    """The organisation this file describes."""

    name: Text = Field(description="Name of the CS organisation.")
    as_of: date | None = Field(None, description="Date of this snapshot or plan (YYYY-MM-DD).")
    currency: Annotated[str, Field(pattern=r"^[A-Z]{3}$")] = Field(
        "USD", description="ISO 4217 currency of every ARR figure."
    )
    description: str | None = Field(None, description="Free text.")


class Segment(_Strict):
    """A group of customers served in one way (by size, region, product...)."""

    name: str | None = Field(None, description="Display name; the id is used when omitted.")
    accounts: Annotated[int, Field(ge=0)] = Field(description="Customer accounts in the segment.")
    arr: Annotated[float, Field(ge=0)] | None = Field(
        None, description="Annual recurring revenue of the segment."
    )
    motion: Motion = Field(
        description="named (a CSM owns each account), pooled (scaled CSMs "
        "share a pool) or digital (one-to-many, tech touch)."
    )
    ratio: Ratio | None = Field(
        None,
        description='Target accounts per coverage seat ("1:N"); '
        "the benchmark of the motion when omitted.",
    )
    regions: list[Text] = Field(default_factory=list, description="Regions the segment spans.")
    description: str | None = Field(None, description="Free text.")

    @property
    def target_accounts_per_seat(self) -> int | None:
        return ratio_accounts(self.ratio) if self.ratio else None


class Role(_Strict):
    """A role: one seat, or ``headcount`` identical seats under one manager."""

    title: Text = Field(description="Job title as people say it.")
    type: str | None = Field(
        None,
        description="Archetype id from the built-in catalogue; "
        "inferred from the title when omitted.",
    )
    reports_to: RoleId | None = Field(
        None, description="Id of the manager's role; a role without it is a root."
    )
    dotted_to: list[RoleId] = Field(
        default_factory=list,
        description="Dotted-line (matrix) "
        "managers: drawn dashed, never counted in spans or layers.",
    )
    person: Text | None = Field(None, description="Holder of a single-seat role.")
    people: list[Text] = Field(
        default_factory=list, description="Holders of the filled seats (at most headcount - open)."
    )
    headcount: Annotated[int, Field(ge=1)] = Field(
        1, description="Seats of this role under this manager."
    )
    open: Annotated[int, Field(ge=0)] = Field(0, description="Of those seats, how many are vacant.")
    segment: SegmentId | None = Field(None, description="Id of the segment the role serves.")
    region: str | None = Field(None, description="Region the role serves.")
    kpis: list[Text] = Field(default_factory=list, description="Metrics the role answers for.")
    owns: list[Text] = Field(
        default_factory=list, description="Responsibilities: lifecycle stages or products."
    )
    description: str | None = Field(None, description="Free text.")

    @property
    def filled(self) -> int:
        return max(self.headcount - self.open, 0)

    @property
    def holders(self) -> list[str]:
        return [self.person] if self.person else list(self.people)


class OrgFile(_Strict):
    """A csorg org definition file (format version 1)."""

    model_config = ConfigDict(
        extra="forbid",
        title="csorg org definition",
        json_schema_extra={"$comment": "Generated by `csorg schema`; do not edit by hand."},
    )

    csorg: Literal[1] = Field(description="Format version; always 1.")
    organization: Organization
    segments: dict[SegmentId, Segment] = Field(
        default_factory=dict, description="Who the CS org serves, keyed by a stable id."
    )
    products: list[Text] = Field(
        default_factory=list, description="Products; rules check that each has an owner."
    )
    include: Annotated[list[Text], BeforeValidator(_one_or_many)] = Field(
        default_factory=list,
        description="Files (globs, relative to this file) holding more "
        "`roles:`, merged into this org.",
    )
    roles: dict[RoleId, Role] = Field(
        default_factory=dict, description="Roles keyed by a stable id."
    )


class OrgFragment(_Strict):
    """A file named by ``include:``: roles only (and the version line)."""

    csorg: Literal[1] | None = None
    include: Annotated[list[Text], BeforeValidator(_one_or_many)] = Field(default_factory=list)
    roles: dict[RoleId, Role] = Field(default_factory=dict)
