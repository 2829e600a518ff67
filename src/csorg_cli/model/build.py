"""From loaded data to models: pydantic errors become diagnostics at the offending node.

When a document has errors, the parts that are valid are still built (each segment and role on its
own), so one bad role never hides the integrity checks of the rest.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ValidationError

from csorg_cli.diagnostics import Diagnostic, DocPath, EmittedRule, Severity, emitted, format_path
from csorg_cli.loading.org import LoadedOrg

if TYPE_CHECKING:
    from csorg_cli.model.catalogue import Catalogue
from csorg_cli.model.org import (
    MOTIONS,
    ROLE_ID_PATTERN,
    Carries,
    Group,
    Organization,
    OrgFile,
    OrgFragment,
    Ownership,
    Role,
    Segment,
)
from csorg_cli.rules.integrity import fragment as fragment_rule
from csorg_cli.rules.integrity import open_seats as open_seats_rule
from csorg_cli.rules.integrity import schema as schema_rule
from csorg_cli.rules.integrity import seat_holders as seat_holders_rule
from csorg_cli.suggest import did_you_mean

_ID_RE = re.compile(ROLE_ID_PATTERN)


@dataclass
class BuiltOrg:
    """The org model (None when the file is not an org at all) and what building it found."""

    org: OrgFile | None
    diagnostics: list[Diagnostic] = field(default_factory=list)
    # Ids that exist in the file but failed validation: rules must not call them unknown.
    invalid_roles: set[str] = field(default_factory=set)
    invalid_segments: set[str] = field(default_factory=set)


def _subject(loc: tuple[Any, ...], fragment: bool = False) -> str:
    """Who a location belongs to, in words: "role 'csm-a'", "segment 'smb'", "organization"."""
    if len(loc) >= 2 and loc[0] == "roles":
        return f"role {loc[1]!r}"
    if len(loc) >= 2 and loc[0] == "segments":
        return f"segment {loc[1]!r}"
    if len(loc) >= 2 and loc[0] == "groups":
        return f"group {loc[1]!r}"
    if loc and loc[0] == "organization":
        return "organization"
    return "the included file" if fragment else "the org file"


def _model_at(loc: tuple[Any, ...], fragment: bool) -> type[BaseModel] | None:
    if not loc:
        return OrgFragment if fragment else OrgFile
    if loc == ("organization",):
        return Organization
    if len(loc) == 2 and loc[0] == "segments":
        return Segment
    if len(loc) == 2 and loc[0] == "roles":
        return Role
    if len(loc) == 2 and loc[0] == "groups":
        return Group
    if len(loc) == 3 and loc[0] == "roles" and loc[2] == "carries":
        return Carries
    if len(loc) >= 4 and loc[0] == "roles" and loc[2] == "owns":
        return Ownership
    return None


def _kind(value: Any) -> str:
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    text = str(value)
    return f"the text {text[:60] + '...' if len(text) > 60 else text!r}"


_FIELD_HINTS = {
    "ratio": 'write it as "1:N" accounts per seat, for example ratio: "1:12"',
    "motion": "one of: named (1:5-1:25), pooled (1:30-1:200), digital (1:500 and more)",
    "currency": "a three-letter ISO 4217 code such as USD or EUR",
    "as_of": "a date written YYYY-MM-DD, for example 2026-11-01",
    "reports_to": "the id of the manager's role (a key under `roles:`)",
    "segment": "the id of a segment (a key under `segments:`)",
    "headcount": "the number of seats, 1 or more",
    "open": "the number of vacant seats, from 0 to headcount",
    "fte": "the full-time equivalent of each seat, above 0 and at most 1 (0.5 = half time)",
    "coverage": "one of: primary (divides the accounts), overlay (beside the owner), none",
    "employment": "one of: employee, contractor, agency",
    "carries": "{seats: 0.5} (a share of a coverage seat) or {accounts: 40}",
    "seats": "a share of one coverage seat, above 0 and at most 1",
    "function": "a function such as operations, enablement, support or onboarding",
    "leader": "the id of the role that leads the CS org",
    "held_by": "the id of the role whose holder also holds this one",
    "group": "the id of a group (a key under `groups:`)",
    "languages": "a list such as [en, de], or a list per holder: {Ana Ruiz: [en, es]}",
}


def _branch_at(loc: tuple[Any, ...]) -> int | None:
    """Where pydantic put the name of a union's branch in ``loc`` (not a key of the document).

    The unions of the format: a role's ``segment`` (an id or a list of ids), each item of its
    ``owns`` (a word or a {stage, product, function} entry) and its ``languages`` (a list, or a
    mapping from each holder to a list).
    """
    if len(loc) >= 4 and loc[0] == "roles" and loc[2] == "segment" and isinstance(loc[3], str):
        return 3
    if len(loc) >= 5 and loc[0] == "roles" and loc[2] == "owns" and isinstance(loc[4], str):
        return 4
    if len(loc) >= 4 and loc[0] == "roles" and loc[2] == "languages" and isinstance(loc[3], str):
        return 3
    return None


def _document_loc(loc: tuple[Any, ...]) -> tuple[Any, ...]:
    at = _branch_at(loc)
    return loc if at is None else loc[:at] + loc[at + 1 :]


_TYPE_MISMATCH = frozenset(
    {"string_type", "list_type", "model_type", "model_attributes_type", "dict_type"}
)


def _other_branches_failed(errors: list[Any]) -> list[Any]:
    """Drop "wrong type" errors of a union branch when another branch says what is wrong.

    ``owns: [{stag: x}]`` fails as text (a mapping is not text) and as an entry (unknown key
    'stag'); only the second helps.
    """
    branches: dict[tuple[Any, ...], set[str]] = {}
    # Unions where some branch failed for another reason than the type: that error says more.
    explained: set[tuple[Any, ...]] = set()
    for item in errors:
        loc = tuple(item["loc"])
        at = _branch_at(loc)
        if at is not None:
            branches.setdefault(loc[:at], set()).add(loc[at])
            if item["type"] not in _TYPE_MISMATCH or len(loc) > at + 1:
                explained.add(loc[:at])
    out = []
    kept_mismatch: set[tuple[Any, ...]] = set()
    for item in errors:
        loc = tuple(item["loc"])
        at = _branch_at(loc)
        if (
            at is not None
            and item["type"] in _TYPE_MISMATCH
            and len(loc) == at + 1
            and len(branches.get(loc[:at], ())) > 1
        ):
            # Every branch has the wrong type (`segment: 5`): one error says so.
            if loc[:at] in explained or loc[:at] in kept_mismatch:
                continue
            kept_mismatch.add(loc[:at])
        out.append(item)
    return out


def _error_to_diagnostic(
    error: Mapping[str, Any], loaded: LoadedOrg, prefix: tuple[Any, ...] = ()
) -> Diagnostic:
    kind = error["type"]
    loc: tuple[Any, ...] = prefix + _document_loc(error["loc"])
    fragment = loaded.is_fragment
    value = error.get("input")
    at_key = False
    hint: str | None = None
    if loc and loc[-1] == "[key]":
        loc = loc[:-1]
        at_key = True
        owner = "role" if loc[0] == "roles" else "segment" if loc[0] == "segments" else "key"
        slug = re.sub(r"[^a-z0-9_-]+", "-", str(loc[-1]).lower()).strip("-_") or "my-id"
        message = f"{owner} id {loc[-1]!r} is not a valid id"
        hint = (
            f"ids start with a lowercase letter or digit, then letters, digits, '-' or '_': "
            f"for example {slug!r}"
        )
        return _make(loaded, schema_rule, message, loc, at_key, hint)
    field_name = next((str(p) for p in reversed(loc) if isinstance(p, str)), "value")
    subject = _subject(loc, fragment)
    if kind == "missing":
        message = f"{subject} is missing the required key {field_name!r}"
        hint = f"add `{field_name}:`" + (
            f" ({_FIELD_HINTS[field_name]})" if field_name in _FIELD_HINTS else ""
        )
        return _make(loaded, schema_rule, message, loc[:-1], False, hint)
    if kind == "extra_forbidden":
        model = _model_at(loc[:-1], fragment)
        allowed = list(model.model_fields) if model else []
        message = f"unknown key {field_name!r} in {subject}"
        hint = did_you_mean(field_name, allowed)
        if hint is None and allowed:
            hint = "allowed keys: " + ", ".join(allowed)
        return _make(loaded, schema_rule, message, loc, True, hint)
    if kind == "literal_error" and field_name == "csorg":
        message = (
            f"unsupported format version {value!r}; this csorg reads version 1"
            if isinstance(value, int)
            else "`csorg:` must be the format version 1"
        )
        return _make(loaded, schema_rule, message, loc, False, "write `csorg: 1`")
    if kind == "literal_error" and field_name == "motion":
        message = f"motion of {subject} is {_kind(value)}; it must be named, pooled or digital"
        hint = did_you_mean(str(value), MOTIONS) or _FIELD_HINTS["motion"]
        return _make(loaded, schema_rule, message, loc, False, hint)
    if kind in ("less_than_equal", "less_than"):
        context = error.get("ctx", {})
        limit = context.get("le", context.get("lt"))
        bound = "at most" if kind == "less_than_equal" else "below"
        message = (
            f"{field_name} of {subject} is {_number(value)}; it must be {bound} {_number(limit)}"
        )
        return _make(loaded, schema_rule, message, loc, False, _FIELD_HINTS.get(field_name))
    if kind in ("greater_than_equal", "greater_than"):
        context = error.get("ctx", {})
        limit = context.get("ge", context.get("gt"))
        bound = "at least" if kind == "greater_than_equal" else "above"
        message = f"{field_name} of {subject} is {value}; it must be {bound} {limit}"
        if field_name == "headcount":
            message = f"headcount of {subject} is {value}; a role has at least one seat"
            hint = "remove the role, or set headcount: 1 or more"
        return _make(loaded, schema_rule, message, loc, False, hint or _FIELD_HINTS.get(field_name))
    if kind == "string_pattern_mismatch":
        message = f"{field_name} of {subject} is {_kind(value)}, which is not valid here"
        if field_name == "ratio":
            message = f'ratio of {subject} is {_kind(value)}; a ratio is "1:N"'
        return _make(
            loaded,
            schema_rule,
            message,
            loc,
            False,
            _FIELD_HINTS.get(field_name, "check the value's format"),
        )
    if kind in (
        "string_type",
        "int_type",
        "int_parsing",
        "int_from_float",
        "float_type",
        "float_parsing",
        "list_type",
        "dict_type",
        "model_type",
        "model_attributes_type",
        "date_type",
        "date_parsing",
        "date_from_datetime_parsing",
        "date_from_datetime_inexact",
        "string_too_short",
        "too_short",
        "bool_type",
    ):
        expected = {
            "string_type": "text",
            "int_type": "a whole number",
            "int_parsing": "a whole number",
            "int_from_float": "a whole number",
            "float_type": "a number",
            "float_parsing": "a number",
            "list_type": "a list",
            "dict_type": "a mapping",
            "model_type": "a mapping",
            "model_attributes_type": "a mapping",
            "date_type": "a date",
            "date_parsing": "a date",
            "date_from_datetime_parsing": "a date",
            "date_from_datetime_inexact": "a date",
            "string_too_short": "non-empty text",
            "too_short": "non-empty",
            "bool_type": "true or false",
        }[kind]
        if not loc:
            message = (
                f"an org file is a YAML mapping with `csorg: 1`, `organization:` and "
                f"`roles:`; this document is {_kind(value)}"
            )
            return _make(
                loaded, schema_rule, message, loc, False, "start from an example: csorg init --list"
            )
        target = f"{field_name} of {subject}" if field_name not in subject else subject
        if len(loc) >= 1 and isinstance(loc[-1], int):
            target = f"item {loc[-1] + 1} of {field_name} in {subject}"
        message = f"{target} must be {expected}, not {_kind(value)}"
        if kind in ("string_too_short", "too_short"):
            message = f"{target} must not be empty"
        hint = _FIELD_HINTS.get(field_name)
        if kind == "list_type" and hint is None:
            hint = f"write a list: {field_name}: [a, b]"
        return _make(loaded, schema_rule, message, loc, False, hint)
    if kind == "value_error":
        reason = str(error.get("ctx", {}).get("error", error.get("msg", "invalid value")))
        return _make(
            loaded,
            schema_rule,
            f"{field_name} of {subject}: {reason}",
            loc,
            False,
            _FIELD_HINTS.get(field_name),
        )
    message = f"{field_name} of {subject}: {error.get('msg', 'invalid value')}"
    return _make(loaded, schema_rule, message, loc, False, _FIELD_HINTS.get(field_name))


def _make(
    loaded: LoadedOrg,
    rule: EmittedRule,
    message: str,
    path: DocPath,
    at_key: bool,
    hint: str | None,
) -> Diagnostic:
    location = loaded.locate(path, at_key)
    return emitted(
        rule, message, location.file, location.line, location.column, format_path(path), hint
    )


def _validation_diagnostics(
    error: ValidationError, loaded: LoadedOrg, prefix: tuple[Any, ...] = ()
) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    seen: set[tuple[str, int, int, str]] = set()
    for item in _other_branches_failed(error.errors(include_url=False)):
        diagnostic = _error_to_diagnostic(item, loaded, prefix)
        key = (diagnostic.file, diagnostic.line, diagnostic.column, diagnostic.message)
        if key not in seen:  # a union reports each failing branch; one line is enough
            seen.add(key)
            out.append(diagnostic)
    return out


def _validate_leniently(model: type[BaseModel], raw: Any) -> Any:
    """Validate ``raw``; on failure retry without the keys that failed (already reported).

    A role with one misspelt key keeps its other fields, so its other problems and the integrity
    checks that involve it still show.
    """
    try:
        return model.model_validate(raw)
    except ValidationError as error:
        if not isinstance(raw, dict):
            raise
        bad = {item["loc"][0] for item in error.errors() if item["loc"]}
        return model.model_validate({k: v for k, v in raw.items() if k not in bad})


def _salvage(data: dict[str, Any], result: BuiltOrg) -> OrgFile:
    """Build what is valid of a document that failed validation as a whole."""
    organization = None
    with contextlib.suppress(ValidationError):
        organization = _validate_leniently(Organization, data.get("organization"))
    if organization is None:
        # Missing or unusable (the schema error says so): a stand-in keeps every rule and
        # command working when that error is switched off in the configuration.
        organization = Organization.model_construct(name="(no organization name)")
    segments: dict[str, Segment] = {}
    raw_segments = data.get("segments")
    if isinstance(raw_segments, dict):
        for segment_id, raw in raw_segments.items():
            try:
                if not _ID_RE.match(segment_id):
                    raise ValueError
                segments[segment_id] = _validate_leniently(Segment, raw)
            except (ValidationError, ValueError):
                result.invalid_segments.add(segment_id)
    groups: dict[str, Group] = {}
    raw_groups = data.get("groups")
    if isinstance(raw_groups, dict):
        for group_id, raw in raw_groups.items():
            with contextlib.suppress(ValidationError, ValueError):
                if _ID_RE.match(str(group_id)):
                    groups[group_id] = _validate_leniently(Group, raw)
    roles: dict[str, Role] = {}
    raw_roles = data.get("roles")
    if isinstance(raw_roles, dict):
        for role_id, raw in raw_roles.items():
            try:
                if not _ID_RE.match(role_id):
                    raise ValueError
                roles[role_id] = _validate_leniently(Role, raw)
            except (ValidationError, ValueError):
                result.invalid_roles.add(role_id)
    products = (
        [p for p in data.get("products") or [] if isinstance(p, str)]
        if isinstance(data.get("products"), list)
        else []
    )
    return OrgFile.model_construct(
        csorg=1,
        organization=organization,
        segments=segments,
        products=products,
        groups=groups,
        include=[],
        roles=roles,
    )


def _number(value: Any) -> str:
    """A bound or a value for a message: 1,000,000,000 rather than 1000000000.0, and a number
    of hundreds of digits as its size rather than a screenful."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return str(value)
    if isinstance(value, int) and len(str(abs(value))) > 30:
        return f"a {len(str(abs(value)))}-digit number"
    if isinstance(value, float) and (value != value or abs(value) >= 1e30):
        return f"{value:.3g}"
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,}"


def build_org(loaded: LoadedOrg, catalogue: Catalogue | None = None) -> BuiltOrg:
    """Validate the loaded document against the models and check it for contradictions.

    ``catalogue``: the archetypes ``type:`` may name (the built-in ones when None).
    """
    data = loaded.data
    if data is None:
        if not any(d.severity is Severity.ERROR for d in loaded.diagnostics):
            return BuiltOrg(
                None,
                [
                    _make(
                        loaded,
                        schema_rule,
                        "the file is empty",
                        (),
                        False,
                        "an org file starts with `csorg: 1`, then `organization:` and `roles:`",
                    )
                ],
            )
        return BuiltOrg(None)
    result = BuiltOrg(None)
    if loaded.is_fragment:
        try:
            fragment = OrgFragment.model_validate(data)
            roles = fragment.roles
        except ValidationError as error:
            result.diagnostics.extend(_validation_diagnostics(error, loaded))
            roles = _salvage(data, result).roles
        result.diagnostics.extend(consistency_diagnostics(roles, loaded, catalogue))
        result.diagnostics.append(
            _make(
                loaded,
                fragment_rule,
                "this file holds only roles, as a file named by `include:` does; "
                "its reporting lines are checked with the org that includes it",
                (),
                False,
                "validate the org file that includes this one (or both together); if "
                "this is meant to be an org of its own, add `organization:`",
            )
        )
        return result
    try:
        result.org = OrgFile.model_validate(data)
    except ValidationError as error:
        result.diagnostics.extend(_validation_diagnostics(error, loaded))
        if (isinstance(data, dict) and data.get("csorg") is not None) or (
            isinstance(data, dict) and isinstance(data.get("roles"), dict)
        ):
            result.org = _salvage(data, result)
    if result.org is not None:
        result.diagnostics.extend(consistency_diagnostics(result.org.roles, loaded, catalogue))
        result.diagnostics.extend(segment_diagnostics(result.org.segments, loaded))
    return result


def segment_diagnostics(segments: dict[str, Segment], loaded: LoadedOrg) -> list[Diagnostic]:
    """Contradictions inside one segment: its regional split and its overlaps."""
    out: list[Diagnostic] = []
    for segment_id, segment in segments.items():
        base = ("segments", segment_id)
        split = segment.accounts_by_region
        if split and sum(split.values()) != segment.accounts:
            parts = " + ".join(f"{region} {count:,}" for region, count in split.items())
            out.append(
                _make(
                    loaded,
                    schema_rule,
                    f"accounts_by_region of segment {segment_id!r} adds up to "
                    f"{sum(split.values()):,} ({parts}), but the segment has "
                    f"{segment.accounts:,} accounts",
                    (*base, "accounts_by_region"),
                    False,
                    "make the regions add up to accounts (or correct accounts)",
                )
            )
        for other, shared in segment.overlaps.items():
            limit = segment.accounts
            if other in segments:
                limit = min(limit, segments[other].accounts)
            if shared > limit:
                out.append(
                    _make(
                        loaded,
                        schema_rule,
                        f"segment {segment_id!r} shares {shared:,} accounts with {other!r}, "
                        f"more than the {limit:,} accounts the smaller of the two has",
                        (*base, "overlaps", other),
                        False,
                        "overlaps counts the customers in both segments",
                    )
                )
    return out


def consistency_diagnostics(
    roles: dict[str, Role], loaded: LoadedOrg, catalogue: Catalogue | None = None
) -> list[Diagnostic]:
    """Contradictions inside one role: seats (open-seats), holders (seat-holders) and archetype."""
    from csorg_cli.model.catalogue import Catalogue

    catalogue = catalogue or Catalogue.load()
    out: list[Diagnostic] = []
    for role_id, role in roles.items():
        base = ("roles", role_id)
        # The seat rules are role by role, so a team file checked alone gets them too.
        for rule in (open_seats_rule, seat_holders_rule):
            for problem in rule.role_problems(role_id, role):
                out.append(
                    _make(loaded, rule, problem.message, problem.path, problem.at_key, problem.hint)
                )
        if role.carries is not None and len(role.segments) != 1:
            out.append(
                _make(
                    loaded,
                    schema_rule,
                    f"role {role_id!r} carries coverage but serves "
                    + ("no segment" if not role.segments else f"{len(role.segments)} segments"),
                    (*base, "carries"),
                    False,
                    "set `segment:` to the one segment whose accounts the role carries",
                )
            )
        if role.type is not None and role.type not in catalogue:
            suggestion = did_you_mean(role.type, catalogue.ids)
            out.append(
                _make(
                    loaded,
                    schema_rule,
                    f"role {role_id!r} has type {role.type!r}, which is not an "
                    f"archetype in the catalogue",
                    (*base, "type"),
                    False,
                    suggestion
                    or "run `csorg archetypes` to list them, or omit `type` to infer it "
                    "from the title",
                )
            )
    return out
