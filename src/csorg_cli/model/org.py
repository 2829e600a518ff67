"""Pydantic models of the org definition format, version 1 (the contract in docs/format.md).

These models check shape and types. Checks that relate one field to another (``open`` above
``headcount``) live in :mod:`csorg_cli.model.build` so each can point at the exact offending line.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
    model_validator,
)

from csorg_cli.visible import visible

ROLE_ID_PATTERN = r"^[a-z0-9][a-z0-9_-]*$"
SEGMENT_ID_PATTERN = ROLE_ID_PATTERN
# "1:N" with N at least 1 (some non-zero digit; no look-ahead, which pydantic's regex engine
# lacks): the JSON Schema carries the same pattern, so editors reject "1:0" as csorg does.
RATIO_PATTERN = r"^\s*1\s*:\s*(0[0-9,_]*[1-9]|[1-9])[0-9,_]*\s*$"
_RATIO_RE = re.compile(r"^\s*1\s*:\s*([0-9][0-9,_]*)\s*$")

Motion = Literal["named", "pooled", "digital"]
MOTIONS: tuple[str, ...] = ("named", "pooled", "digital")

# How a role's seats cover the accounts of its segments: primary seats divide the accounts (one
# owner per account), overlay seats work the same accounts beside the owner (an account
# development or customer engagement manager in a pod), none do not cover accounts at all.
CoverageKind = Literal["primary", "overlay", "none"]
COVERAGE_KINDS: tuple[str, ...] = ("primary", "overlay", "none")
Employment = Literal["employee", "contractor", "agency"]
EMPLOYMENTS: tuple[str, ...] = ("employee", "contractor", "agency")

# The functions of the archetype catalogue (csorg_cli.model.catalogue.FUNCTIONS), repeated here so
# that the JSON Schema offers them for completion; a test keeps the two lists equal.
OWNED_FUNCTIONS: tuple[str, ...] = (
    "customer-success",
    "onboarding",
    "renewals",
    "support",
    "services",
    "education",
    "digital",
    "operations",
    "enablement",
    "analytics",
    "executive",
)


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
GroupId = Annotated[str, Field(pattern=ROLE_ID_PATTERN)]
# Text shown to people: control characters become visible escapes (csorg_cli.visible).
Text = Annotated[str, Field(min_length=1), AfterValidator(visible)]
VisibleText = Annotated[str, AfterValidator(visible)]


def _check_function(value: str) -> str:
    if value not in OWNED_FUNCTIONS:
        raise ValueError(f"{value!r} is not a function; one of: {', '.join(OWNED_FUNCTIONS)}")
    return value


FunctionName = Annotated[
    str, Field(json_schema_extra={"enum": list(OWNED_FUNCTIONS)}), AfterValidator(_check_function)
]


class _Strict(BaseModel):
    # strict: no coercion, so csorg and the JSON Schema agree on what a number is (`headcount:
    # true`, `headcount: "1"` and `accounts: "300"` are errors in both). Subclasses inherit it; a
    # date is the one field that opts out (a quoted "2024-01-01" is a date too).
    model_config = ConfigDict(extra="forbid", populate_by_name=True, strict=True)


class Organization(_Strict):
    """The organisation this file describes."""

    name: Text = Field(description="Name of the CS organisation.")
    as_of: Annotated[date, Field(strict=False)] | None = Field(
        None, description="Date of this snapshot or plan (YYYY-MM-DD)."
    )
    currency: Annotated[str, Field(pattern=r"^[A-Z]{3}$")] = Field(
        "USD", description="ISO 4217 currency of every ARR figure."
    )
    description: VisibleText | None = Field(None, description="Free text.")
    leader: RoleId | None = Field(
        None,
        description="Id of the role that leads the CS org. Roles outside its reporting tree "
        "(executives above it, other roots such as central teams) sit outside the CS org: "
        "they are not extra roots of it.",
    )


# Upper bounds far above any real org, far below what makes a plan loop or a float overflow: a
# number past them is a schema error, not hours of work (docs/format.md, "Limits").
MAX_ACCOUNTS = 10**9
MAX_ARR = 1e15
MAX_HEADCOUNT = 10**6


class Segment(_Strict):
    """A group of customers served in one way (by size, region, product...)."""

    name: VisibleText | None = Field(None, description="Display name; the id is used when omitted.")
    accounts: Annotated[int, Field(ge=0, le=MAX_ACCOUNTS)] = Field(
        description="Customer accounts in the segment."
    )
    arr: Annotated[float, Field(ge=0, le=MAX_ARR)] | None = Field(
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
    accounts_by_region: dict[Text, Annotated[int, Field(ge=0, le=MAX_ACCOUNTS)]] = Field(
        default_factory=dict,
        description="How the accounts split by region ({NA: 120, EMEA: 60}); the parts add up "
        "to accounts, and coverage is judged in each region against the roles with that "
        "`region:`.",
    )
    overlaps: dict[SegmentId, Annotated[int, Field(ge=0, le=MAX_ACCOUNTS)]] = Field(
        default_factory=dict,
        description="Accounts this segment shares with other segments (customers of two "
        "products, say): {platform: 120}. Totals count such a customer once.",
    )
    description: VisibleText | None = Field(None, description="Free text.")

    @property
    def all_regions(self) -> list[str]:
        """Regions named in ``regions`` and ``accounts_by_region``, each once, in order."""
        return list(dict.fromkeys([*self.regions, *self.accounts_by_region]))

    @property
    def target_accounts_per_seat(self) -> int | None:
        return ratio_accounts(self.ratio) if self.ratio else None


class Ownership(_Strict):
    """A structured responsibility: a lifecycle stage, a product, a function, or a mix."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "anyOf": [
                {"required": ["stage"]},
                {"required": ["product"]},
                {"required": ["function"]},
            ]
        },
    )

    stage: Text | None = Field(
        None,
        description="Lifecycle stage owned (onboarding, adoption, renewal, expansion, "
        "churn-mitigation...).",
        examples=["onboarding", "adoption", "renewal", "expansion", "churn-mitigation"],
    )
    product: Text | None = Field(
        None, description="Product owned (an entry of `products:`): the role is its DRI."
    )
    function: FunctionName | None = Field(
        None,
        description="Function owned for the org (operations, enablement, support...): a central "
        "team that owns one satisfies the checks for it.",
    )
    description: VisibleText | None = Field(None, description="Free text.")

    @model_validator(mode="after")
    def _something_owned(self) -> Ownership:
        if self.stage is None and self.product is None and self.function is None:
            raise ValueError("an owns entry names a stage, a product or a function")
        return self

    @property
    def words(self) -> list[str]:
        return [w for w in (self.stage, self.product, self.function) if w is not None]


class Carries(_Strict):
    """The part of a coverage book a leader carries herself (a player-coach)."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"oneOf": [{"required": ["seats"]}, {"required": ["accounts"]}]},
    )

    seats: Annotated[float, Field(gt=0, le=1)] | None = Field(
        None, description="Share of one coverage seat the role carries (0.3 = 30% of a CSM's book)."
    )
    accounts: Annotated[int, Field(ge=1, le=MAX_ACCOUNTS)] | None = Field(
        None,
        description="Accounts of its segment the role covers herself; the others' seats divide "
        "the rest.",
    )

    @model_validator(mode="after")
    def _one_measure(self) -> Carries:
        if (self.seats is None) == (self.accounts is None):
            raise ValueError("carries takes either seats (a share of a seat) or accounts")
        return self


class Group(_Strict):
    """A named group of teams without a manager of its own (Strategic CS, an umbrella)."""

    name: VisibleText | None = Field(None, description="Display name; the id is used when omitted.")
    within: GroupId | None = Field(None, description="Id of the group this one sits inside.")
    description: VisibleText | None = Field(None, description="Free text.")


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
    headcount: Annotated[int, Field(ge=1, le=MAX_HEADCOUNT)] = Field(
        1, description="Seats of this role under this manager."
    )
    open: Annotated[int, Field(ge=0, le=MAX_HEADCOUNT)] = Field(
        0, description="Of those seats, how many are vacant."
    )
    segment: SegmentId | Annotated[list[SegmentId], Field(min_length=1)] | None = Field(
        None,
        description="Id of the segment the role serves, or a list of ids for one pool that "
        "serves several segments.",
    )
    region: VisibleText | None = Field(None, description="Region the role serves.")
    languages: (
        Annotated[list[Text], Field(min_length=1)]
        | dict[Text, Annotated[list[Text], Field(min_length=1)]]
        | None
    ) = Field(
        None,
        description="Languages the role's seats serve accounts in (en, de, or English): a list "
        "for every seat, or a mapping from each holder to theirs ({Ana Ruiz: [en, es]}). An "
        "account in another language is a finding and never moves to the seat.",
    )
    kpis: list[Text] = Field(default_factory=list, description="Metrics the role answers for.")
    owns: list[Text | Ownership] = Field(
        default_factory=list,
        description="Responsibilities: words (lifecycle stages, products, functions) or "
        "{stage, product, function} entries. A coverage role that owns a stage or a product "
        "does not divide its segment's accounts.",
    )
    coverage: CoverageKind | None = Field(
        None,
        description="How the role's seats cover its segment's accounts: primary (they divide "
        "the accounts), overlay (beside the owner, on the same accounts) or none; the "
        "archetype's default when omitted.",
    )
    carries: Carries | None = Field(
        None,
        description="Coverage a leader carries herself (player-coach): {seats: 0.5} or "
        "{accounts: 40} of the role's segment.",
    )
    fte: Annotated[float, Field(gt=0, le=1)] = Field(
        1.0, description="Full-time equivalent of each seat (0.5 = half time)."
    )
    employment: Employment = Field(
        "employee", description="employee, contractor or agency (an outsourced seat)."
    )
    held_by: RoleId | None = Field(
        None,
        description="Id of a role whose holder also holds this one (one person, two roles: a "
        "founder who does support). Counted in FTE, not again in headcount or spans.",
    )
    central: bool = Field(
        False,
        description="A team outside the CS org that serves it (central RevOps, enablement, "
        "support under the CTO); may be a root of its own.",
    )
    group: GroupId | None = Field(
        None, description="Id of the group (under `groups:`) the role and its reports belong to."
    )
    description: VisibleText | None = Field(None, description="Free text.")

    @property
    def segments(self) -> tuple[str, ...]:
        """The segments the role serves (one pool may serve several)."""
        if self.segment is None:
            return ()
        if isinstance(self.segment, str):
            return (self.segment,)
        return tuple(dict.fromkeys(self.segment))

    @property
    def segment_key(self) -> str | None:
        """One key for grouping by segment: the id, or ``"smb+mid-market"`` for a shared pool."""
        return "+".join(self.segments) or None

    @property
    def owned_words(self) -> list[str]:
        """Every responsibility in ``owns``, plain words and structured entries alike."""
        out: list[str] = []
        for item in self.owns:
            if isinstance(item, str):
                out.append(item)
            else:
                out.extend(item.words)
        return out

    @property
    def dri_words(self) -> list[str]:
        """What the role is the directly responsible individual for: plain words, and products
        and functions it owns whole. A stage of a product (``{stage: churn-mitigation, product:
        insights}``) is a part of the product's lifecycle, not the product: no DRI of it."""
        out: list[str] = []
        for item in self.owns:
            if isinstance(item, str):
                out.append(item)
                continue
            if item.product and not item.stage:
                out.append(item.product)
            if item.function:
                out.append(item.function)
        return out

    @property
    def owned_stages(self) -> list[str]:
        return [i.stage for i in self.owns if isinstance(i, Ownership) and i.stage]

    @property
    def owned_products(self) -> list[str]:
        return [i.product for i in self.owns if isinstance(i, Ownership) and i.product]

    @property
    def fte_total(self) -> float:
        """FTE of all the role's seats."""
        return self.headcount * self.fte

    @property
    def people_count(self) -> int:
        """People in the role's seats: none new when its holder is counted in another role."""
        return 0 if self.held_by else self.headcount

    @property
    def filled(self) -> int:
        return max(self.headcount - self.open, 0)

    @property
    def holders(self) -> list[str]:
        return [self.person] if self.person else list(self.people)

    @field_validator("languages")
    @classmethod
    def _languages_of_holders(cls, value: Any, info: ValidationInfo) -> Any:
        if isinstance(value, dict):
            holders = [info.data.get("person"), *info.data.get("people", [])]
            for name in value:
                if name not in holders:
                    raise ValueError(
                        f"{name!r} is not a holder of the role: name people of `person` or "
                        "`people`, or give one list for every seat"
                    )
        return value

    def languages_of(self, holder: str | None) -> list[str] | None:
        """The languages of a holder's seat (``holder`` None: an unnamed seat of the role);
        None when the org does not say (the seat serves accounts in every language)."""
        if isinstance(self.languages, dict):
            return self.languages.get(holder) if holder is not None else None
        return self.languages


AccountField = Literal[
    "id",
    "name",
    "segment",
    "region",
    "arr",
    "owner",
    "stage",
    "renewal_date",
    "health",
    "products",
    "weight",
    "language",
    "do_not_move",
]
ACCOUNT_PRESETS: tuple[str, ...] = ("generic", "salesforce", "hubspot", "gainsight")


def _file_or_mapping(value: Any) -> Any:
    # `accounts: accounts.csv` reads as naturally as the full mapping.
    return {"file": value} if isinstance(value, str) else value


class Accounts(_Strict):
    """The book of business: a CSV, TSV, .xlsx or Parquet file with one row per account."""

    file: Text = Field(
        description="The accounts file, relative to this org file (.csv, .tsv, .xlsx, .parquet)."
    )
    preset: Literal["generic", "salesforce", "hubspot", "gainsight"] = Field(
        "generic",
        description="Column names of a CRM or CS platform export: generic (account_id, owner, "
        "arr...), salesforce, hubspot or gainsight.",
    )
    columns: dict[AccountField, Text] = Field(
        default_factory=dict,
        description="Header of the column that holds each field, over the preset's names "
        "(owner: CSM Email).",
    )
    sheet: Text | Annotated[int, Field(ge=0)] | None = Field(
        None, description="Sheet of an .xlsx workbook: its name or 0-based index (default: first)."
    )
    encoding: Text | None = Field(
        None, description="Encoding of a CSV/TSV that is not UTF-8 (cp1252, latin-1...)."
    )
    segments_by_arr: dict[SegmentId, Annotated[float, Field(ge=0)]] = Field(
        default_factory=dict,
        description="Lowest ARR of each segment: derives an account's segment from its ARR when "
        "the file has no segment column, and flags accounts whose ARR belongs to another segment.",
    )


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
    groups: dict[GroupId, Group] = Field(
        default_factory=dict,
        description="Named groups of teams without a manager of their own (Strategic CS and "
        "Scaled CS under one leader, an umbrella such as Customer Value and Adoption); charts "
        "draw them as frames and reports total them.",
    )
    include: Annotated[list[Text], BeforeValidator(_one_or_many)] = Field(
        default_factory=list,
        description="Files (globs, relative to this file) holding more "
        "`roles:`, merged into this org.",
    )
    roles: dict[RoleId, Role] = Field(
        default_factory=dict, description="Roles keyed by a stable id."
    )
    accounts: Annotated[Accounts | None, BeforeValidator(_file_or_mapping)] = Field(
        None,
        description="The book of business: the accounts file (a path) or a mapping with its "
        "file, preset and columns. Read by `csorg validate`, `book` and `rebalance`.",
    )


class OrgFragment(_Strict):
    """A file named by ``include:``: roles only (and the version line)."""

    csorg: Literal[1] | None = None
    include: Annotated[list[Text], BeforeValidator(_one_or_many)] = Field(default_factory=list)
    roles: dict[RoleId, Role] = Field(default_factory=dict)
