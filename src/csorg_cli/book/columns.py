"""Which column of an accounts file holds which field: the fields, and the presets of exports.

A preset lists, for each field, the headers a default export of that system uses (matched without
regard to case, spaces or underscores); ``columns:`` in org.yaml names a header that overrides
them. The generic preset also accepts the names of every other preset, so most files need no
mapping at all.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class FieldSpec:
    name: str
    description: str
    required: bool = False


FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("id", "Account id: unique per row.", required=True),
    FieldSpec("name", "Account name, for messages and reports."),
    FieldSpec(
        "segment", "Segment id or name; derived from `segments_by_arr` or the owner when absent."
    ),
    FieldSpec("region", "Region of the account, matched against the owner's `region`."),
    FieldSpec("arr", "Annual recurring revenue, in the organization's currency."),
    FieldSpec(
        "owner",
        "Who carries the account: a role id, a person named in the org, or an email.",
        required=True,
    ),
    FieldSpec("stage", "Lifecycle stage (onboarding, adoption, renewal...)."),
    FieldSpec("renewal_date", "Next renewal date (YYYY-MM-DD, or a date the sheet holds)."),
    FieldSpec("health", "Health score or colour, shown in reports."),
    FieldSpec("products", "Products the account uses, separated by ; or , (eligibility)."),
    FieldSpec("weight", "Workload weight of the account (default 1): effort points or hours."),
    FieldSpec("language", "Language the account is served in (eligibility)."),
    FieldSpec("do_not_move", "Marks an account that rebalancing must leave where it is."),
)
FIELD_NAMES: tuple[str, ...] = tuple(f.name for f in FIELDS)
REQUIRED: tuple[str, ...] = tuple(f.name for f in FIELDS if f.required)

# Headers of each system's default export. Salesforce: the Account report with a Customer Success
# Manager lookup; HubSpot: the Companies export; Gainsight: the Company object (Data Management).
PRESETS: dict[str, dict[str, tuple[str, ...]]] = {
    "generic": {
        "id": ("account_id", "account id", "id", "account"),
        "name": ("account_name", "name", "company"),
        "segment": ("segment", "tier"),
        "region": ("region", "territory", "geo"),
        "arr": ("arr", "annual_recurring_revenue"),
        "owner": ("owner", "csm", "account_owner", "owner_email", "csm_email"),
        "stage": ("stage", "lifecycle_stage"),
        "renewal_date": ("renewal_date", "renewal"),
        "health": ("health", "health_score"),
        "products": ("products", "product"),
        "weight": ("weight", "effort", "workload"),
        "language": ("language", "lang"),
        "do_not_move": ("do_not_move", "frozen", "freeze"),
    },
    "salesforce": {
        "id": ("Account ID", "Account ID (18)", "Id"),
        "name": ("Account Name", "Name"),
        "segment": ("Customer Segment", "Segment__c", "Segment"),
        "region": ("Region", "Region__c", "Billing Region", "Sales Region"),
        "arr": ("ARR", "ARR__c", "Annual Recurring Revenue"),
        "owner": (
            "Customer Success Manager",
            "CSM__c",
            "Customer Success Manager Email",
            "Account Owner",
            "Account Owner Email",
        ),
        "stage": ("Customer Stage", "Lifecycle Stage", "Stage__c"),
        "renewal_date": ("Renewal Date", "Contract End Date", "Renewal_Date__c"),
        "health": ("Health Score", "Health__c"),
        "products": ("Products", "Products__c"),
        "weight": ("Effort Points", "Weight__c"),
        "language": ("Language", "Preferred Language"),
        "do_not_move": ("Do Not Move", "Do_Not_Move__c"),
    },
    "hubspot": {
        "id": ("Record ID", "Company ID"),
        "name": ("Company name", "Name"),
        "segment": ("Customer Segment", "Segment", "Company Tier", "Ideal Customer Profile Tier"),
        "region": ("Region", "Country/Region"),
        "arr": ("Annual Recurring Revenue", "Total annual recurring revenue", "ARR"),
        "owner": ("Customer Success Manager", "CSM", "Company owner", "Company owner email"),
        "stage": ("Lifecycle Stage",),
        "renewal_date": ("Renewal Date", "Contract end date"),
        "health": ("Health Score", "Customer Health"),
        "products": ("Products",),
        "weight": ("Effort Points", "Weight"),
        "language": ("Preferred language", "Language"),
        "do_not_move": ("Do Not Move",),
    },
    "gainsight": {
        "id": ("Company GSID", "GSID", "Company ID"),
        "name": ("Company Name", "Name"),
        "segment": ("Segment", "Tier", "Customer Segment"),
        "region": ("Region",),
        "arr": ("ARR", "Company ARR"),
        "owner": ("CSM", "CSM Email", "CSM Name"),
        "stage": ("Stage", "Lifecycle Stage"),
        "renewal_date": ("Renewal Date", "Next Renewal Date"),
        "health": ("Overall Score", "Health Score", "Scorecard"),
        "products": ("Products",),
        "weight": ("Effort Points", "Weight"),
        "language": ("Language",),
        "do_not_move": ("Do Not Move",),
    },
}


def normalize_header(text: str) -> str:
    """Headers match without regard to case, spaces, dashes or underscores."""
    return re.sub(r"[\s_\-]+", "", text).casefold()


def candidates(preset: str, field: str) -> tuple[str, ...]:
    """Headers that can hold ``field`` under ``preset`` (generic accepts every preset's names)."""
    if preset == "generic":
        names: list[str] = []
        for table in (PRESETS["generic"], *(v for k, v in PRESETS.items() if k != "generic")):
            names.extend(table.get(field, ()))
        return tuple(dict.fromkeys(names))
    return PRESETS[preset].get(field, ()) + PRESETS["generic"].get(field, ())


def map_columns(
    names: list[str], preset: str, overrides: dict[str, str]
) -> tuple[dict[str, str], dict[str, str]]:
    """Field -> frame column, and field -> the override header that matched nothing."""
    by_key: dict[str, str] = {}
    for name in names:
        by_key.setdefault(normalize_header(name), name)
    mapped: dict[str, str] = {}
    missing_overrides: dict[str, str] = {}
    for field in FIELD_NAMES:
        if field in overrides:
            found = by_key.get(normalize_header(overrides[field]))
            if found is None:
                missing_overrides[field] = overrides[field]
            else:
                mapped[field] = found
            continue
        for header in candidates(preset, field):
            found = by_key.get(normalize_header(header))
            if found is not None and found not in mapped.values():
                mapped[field] = found
                break
    return mapped, missing_overrides
