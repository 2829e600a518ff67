"""The input of ``csorg design``: a customer base, constraints and cost assumptions.

```yaml
csorg-design: 1
organization: {name: Acme Customer Success}
segments:
  enterprise: {accounts: 120, arr: 36000000}              # motion chosen from ACV when omitted
  smb: {accounts: 5000, arr: 15000000, regions: {NA: 3000, EMEA: 2000}}
constraints:
  ratios: {named: "1:10"}         # accounts per coverage seat per motion (benchmarks otherwise)
  span: {min: 5, max: 10}         # front-line team size (span.front_line otherwise)
  max_layers: 5                   # (layers.max otherwise)
  budget: 6000000                 # annual loaded people cost, optional
  functions:                      # central teams to staff beside coverage
    operations: {}                # 1 per 12 coverage seats (ops_ratio benchmark)
    renewals: {}                  # 500 renewals per rep per quarter (renewals benchmark)
    onboarding: {new_accounts_per_seat: 60}   # per year: no public ratio, so you give it
    support: {accounts_per_seat: 400}         # no public ratio, so you give it
assumptions: {pay: [...], loaded_cost_multiplier: {...}}     # as in a plan file
```
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from csorg_cli.model.org import MOTIONS, ROLE_ID_PATTERN, Organization, ratio_accounts
from csorg_cli.plan.assumptions import Assumptions


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class DesignSegment(_Strict):
    name: str | None = None
    accounts: int = Field(ge=0, le=10**9)
    arr: float | None = Field(None, ge=0, le=1e15)
    motion: Literal["named", "pooled", "digital"] | None = Field(
        None, description="Fix the motion; chosen from ACV against the ARR-per-seat band otherwise."
    )
    regions: dict[str, int] = Field(
        default_factory=dict, description="Accounts per region (a team per region)."
    )
    new_accounts_per_year: int | None = Field(
        None, ge=0, description="New logos a year (for onboarding); 20% of accounts otherwise."
    )

    @field_validator("regions")
    @classmethod
    def _non_negative(cls, value: dict[str, int]) -> dict[str, int]:
        if any(count < 0 for count in value.values()):
            raise ValueError("accounts per region are 0 or more")
        return value


class FunctionNeed(_Strict):
    accounts_per_seat: int | None = Field(None, ge=1, description="Accounts one seat serves.")
    new_accounts_per_seat: int | None = Field(
        None, ge=1, description="New accounts a year one seat onboards."
    )
    seats: int | None = Field(None, ge=0, le=10_000, description="A fixed number of seats.")


class Span(_Strict):
    min: int | None = Field(None, ge=1, le=100)
    max: int | None = Field(None, ge=1, le=100)


class Constraints(_Strict):
    ratios: dict[str, str] = Field(default_factory=dict)
    span: Span = Field(default_factory=lambda: Span.model_validate({}))
    max_layers: int | None = Field(None, ge=2, le=12)
    budget: float | None = Field(None, ge=0)
    functions: dict[Literal["operations", "renewals", "onboarding", "support"], FunctionNeed] = (
        Field(default_factory=dict)
    )

    @field_validator("ratios")
    @classmethod
    def _ratios(cls, value: dict[str, str]) -> dict[str, str]:
        for motion, ratio in value.items():
            if motion not in MOTIONS:
                raise ValueError(f"{motion!r} is not a motion ({', '.join(MOTIONS)})")
            if ratio_accounts(str(ratio)) < 1:
                raise ValueError(f"{motion}: the ratio is 1:N with N at least 1")
        return value


class DesignInput(_Strict):
    version: Literal[1] = Field(alias="csorg-design")
    organization: Organization
    segments: dict[str, DesignSegment] = Field(min_length=1)
    constraints: Constraints = Field(default_factory=lambda: Constraints.model_validate({}))
    assumptions: Assumptions = Field(default_factory=lambda: Assumptions.model_validate({}))

    @field_validator("segments")
    @classmethod
    def _ids(cls, value: dict[str, DesignSegment]) -> dict[str, DesignSegment]:
        import re

        for segment_id in value:
            if not re.match(ROLE_ID_PATTERN, segment_id):
                raise ValueError(f"{segment_id!r} is not an id: lowercase letters, digits, - and _")
        return value
