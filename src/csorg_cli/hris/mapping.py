"""Which column of a people export holds which field: the ready mappings and picking one.

The mappings are data (``mappings.yaml`` beside this module). A mapping lists, for each field,
the header names it goes by; the header of a file is matched against every mapping and the best
one is used (its ``signature`` columns, which only that source uses, count double). Fields the
picked mapping lacks (a ``Segment`` column added to a BambooHR report, say) are still found
through the generic names.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

FIELDS: tuple[str, ...] = (
    "id",
    "employee_number",
    "name",
    "first_name",
    "last_name",
    "email",
    "title",
    "manager_id",
    "manager_email",
    "manager_name",
    "department",
    "division",
    "team",
    "location",
    "country",
    "region",
    "segment",
    "start_date",
    "employment_type",
    "fte",
    "status",
)
MANAGER_FIELDS = ("manager_id", "manager_email", "manager_name")
GENERIC = "generic"
# Header names for fields that any export may carry, whatever its source.
_EXTRA_ALIASES: dict[str, tuple[str, ...]] = {
    "segment": ("segment", "customer segment", "cs segment", "market segment", "coverage segment"),
    "region": ("region", "territory", "sales region", "geo", "geography", "cs region"),
    "team": ("team", "team name"),
    "fte": (
        "fte",
        "fte %",
        "full time equivalent",
        "full-time equivalent",
        "work.fte",
        "standard fte",
    ),
}


class MappingError(ValueError):
    """A mapping file or a --map option is malformed (exit 2)."""


@dataclass(frozen=True)
class Mapping:
    """The header names of each field for one source."""

    id: str
    name: str
    columns: dict[str, tuple[str, ...]]
    signature: tuple[str, ...] = ()
    description: str = ""


@dataclass
class ColumnMap:
    """A mapping applied to one header: field -> 0-based column indexes, in preference order."""

    mapping: Mapping
    columns: dict[str, list[int]] = field(default_factory=dict)
    header: list[str] = field(default_factory=list)
    picked_by: tuple[str, ...] = ()  # the header names that decided the pick (for the message)

    def first(self, name: str) -> int | None:
        indexes = self.columns.get(name)
        return indexes[0] if indexes else None

    def has(self, name: str) -> bool:
        return bool(self.columns.get(name))


def fold(header: str) -> str:
    """Header names compared without case, spacing, punctuation or a byte-order mark."""
    return re.sub(r"[\s_\-.:#/()]+", " ", header.replace("\ufeff", "")).strip().casefold()


def _parse(mapping_id: str, value: Any, source: str) -> Mapping:
    if not isinstance(value, dict) or not isinstance(value.get("columns"), dict):
        raise MappingError(f"{source}: mapping {mapping_id!r} needs a 'columns' mapping")
    columns: dict[str, tuple[str, ...]] = {}
    for name, headers in value["columns"].items():
        if name not in FIELDS:
            raise MappingError(
                f"{source}: unknown field {name!r} in mapping {mapping_id!r} "
                f"(fields: {', '.join(FIELDS)})"
            )
        if isinstance(headers, str):
            headers = [headers]
        if not isinstance(headers, list) or not all(isinstance(h, str) and h for h in headers):
            raise MappingError(f"{source}: field {name!r} takes a column name or a list of them")
        columns[name] = tuple(headers)
    signature = value.get("signature") or ()
    return Mapping(
        id=mapping_id,
        name=str(value.get("name") or mapping_id),
        columns=columns,
        signature=tuple(str(s) for s in signature),
        description=str(value.get("description") or ""),
    )


@functools.cache
def ready_mappings() -> dict[str, Mapping]:
    """The packaged mappings by id, in the order of the data file."""
    text = resources.files("csorg_cli.hris").joinpath("mappings.yaml").read_text(encoding="utf-8")
    data = yaml.safe_load(text)["mappings"]
    return {key: _parse(key, value, "mappings.yaml") for key, value in data.items()}


def load_user_mapping(spec: str) -> Mapping:
    """``--map``: a YAML file (``columns: {title: Business Title}``) or ``field=Header,...``."""
    path = Path(spec)
    if path.suffix.lower() in (".yaml", ".yml") or path.is_file():
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as error:
            raise MappingError(f"--map {spec}: cannot read ({error.strerror or error})") from None
        try:
            data = yaml.safe_load(text)
        except yaml.YAMLError as error:
            raise MappingError(f"--map {spec}: not valid YAML ({error})") from None
        if isinstance(data, dict) and "columns" not in data:
            data = {"columns": data}
        return _parse(path.stem, data, spec)
    columns: dict[str, list[str]] = {}
    for part in spec.split(","):
        name, equals, header = part.partition("=")
        if not equals or not name.strip() or not header.strip():
            raise MappingError(
                f"--map takes a YAML file or field=Column pairs (title=Business Title), not {spec!r}"
            )
        columns.setdefault(name.strip(), []).append(header.strip())
    return _parse("user", {"name": "your --map", "columns": columns}, "--map")


def _index(header: list[str]) -> dict[str, int]:
    positions: dict[str, int] = {}
    for index, name in enumerate(header):
        if name:
            positions.setdefault(fold(name), index)
    return positions


def apply(mapping: Mapping, header: list[str], fallback: bool = True) -> ColumnMap:
    """Which columns of ``header`` hold each field under ``mapping`` (then the generic names)."""
    positions = _index(header)
    exact = {name: index for index, name in reversed(list(enumerate(header))) if name}
    result = ColumnMap(mapping=mapping, header=header)
    taken: set[int] = set()

    def find(names: tuple[str, ...]) -> list[int]:
        found: list[int] = []
        for name in names:
            # An exact header first ("id" and "ID" may be two columns), then the folded form.
            index = exact.get(name)
            if index is None:
                index = positions.get(fold(name))
            if index is not None and index not in found:
                found.append(index)
        return found

    for name in FIELDS:
        indexes = [i for i in find(mapping.columns.get(name, ())) if i not in taken]
        if name in ("id", "email") and indexes:
            # The id and the email can be one column (ChartHop): share it, take no other.
            indexes = indexes[:1]
        elif name not in MANAGER_FIELDS:
            indexes = indexes[:1]
        if indexes:
            result.columns[name] = indexes
            if name != "id":
                taken.update(indexes)
    if fallback and mapping.id != GENERIC:
        generic = ready_mappings()[GENERIC]
        for name in FIELDS:
            if result.has(name):
                continue
            aliases = generic.columns.get(name, ()) + _EXTRA_ALIASES.get(name, ())
            if name in ("segment", "region", "team", "division", "country", "status", "fte"):
                aliases = aliases + _EXTRA_ALIASES.get(name, ())
                indexes = [i for i in find(aliases) if i not in taken][:1]
                if indexes:
                    result.columns[name] = indexes
                    taken.update(indexes)
    elif fallback:
        for name, aliases in _EXTRA_ALIASES.items():
            if not result.has(name):
                indexes = [i for i in find(aliases) if i not in taken][:1]
                if indexes:
                    result.columns[name] = indexes
                    taken.update(indexes)
    return result


def usable(columns: ColumnMap) -> bool:
    """Whether a person can be told apart and linked to a manager with these columns."""
    identity = (
        columns.has("id")
        or columns.has("email")
        or columns.has("name")
        or (columns.has("first_name") and columns.has("last_name"))
    )
    return identity and any(columns.has(name) for name in MANAGER_FIELDS)


def score(mapping: Mapping, header: list[str]) -> tuple[int, tuple[str, ...]]:
    """How well ``header`` matches ``mapping``: matched columns, signature columns twice."""
    positions = _index(header)
    exact = set(header)
    matched: set[int] = set()
    for names in mapping.columns.values():
        for name in names:
            index = positions.get(fold(name))
            if index is not None:
                matched.add(index)
                break
    signature = tuple(
        name for name in mapping.signature if name in exact or fold(name) in positions
    )
    # Exactly spelt signature columns (jobTitle, work.reportsTo) say more than folded ones.
    bonus = sum(2 if name in exact else 1 for name in signature)
    return len(matched) + bonus, signature


def pick(header: list[str]) -> ColumnMap | None:
    """The ready mapping that fits ``header`` best, or None when none can link people."""
    best: tuple[int, int, ColumnMap] | None = None
    for order, mapping in enumerate(ready_mappings().values()):
        points, signature = score(mapping, header)
        columns = apply(mapping, header)
        if not usable(columns):
            continue
        columns.picked_by = signature
        # Higher score wins; on a tie the earlier mapping (generic first) wins.
        if best is None or points > best[0]:
            best = (points, -order, columns)
    return best[2] if best else None


def header_score(header: list[str]) -> int:
    """How much a row looks like a header of some people export (to skip title rows above it)."""
    return max(score(mapping, header)[0] for mapping in ready_mappings().values())
