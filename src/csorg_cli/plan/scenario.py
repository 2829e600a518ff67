"""Scenarios: the changes a capacity plan applies to an org's segments.

A change comes from ``--set segments.enterprise.accounts=+20%`` or from a scenario file (format in
docs/plan.md). Both spellings go through :func:`parse_value`, so ``+20%`` means the same thing on the
command line and in YAML. Every change remembers where it came from (the option, or file:line:col),
so a bad value is reported where the user wrote it.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from yaml.nodes import MappingNode, ScalarNode

from csorg_cli.model.org import MOTIONS, SEGMENT_ID_PATTERN, ratio_accounts
from csorg_cli.suggest import did_you_mean

Op = Literal["set", "add", "scale"]

# Fields a scenario may change, and whether they take numbers (growth) or text.
NUMERIC_FIELDS = ("accounts", "arr")
FIELDS = ("accounts", "arr", "motion", "ratio", "name")
SCENARIO_KEYS = ("csorg-scenario", "name", "description", "segments")

_SEGMENT_RE = re.compile(SEGMENT_ID_PATTERN)
_NUMBER = r"[0-9][0-9_,]*(?:\.[0-9]+)?"
_RELATIVE_RE = re.compile(rf"^([+-])\s*({_NUMBER})\s*(%?)$")
_ABSOLUTE_RE = re.compile(rf"^({_NUMBER})$")
_BARE_RATIO_RE = re.compile(r"^[0-9][0-9_,]*$")


class ScenarioError(ValueError):
    """A change that cannot be read or applied; ``messages`` holds one line per problem."""

    def __init__(self, messages: list[str]) -> None:
        super().__init__("; ".join(messages))
        self.messages = messages


@dataclass(frozen=True)
class Change:
    """One change to one field of one segment."""

    segment: str
    field: str
    op: Op
    value: Any
    origin: str  # where the user wrote it: "--set ..." or "file:line:col"

    def describe(self) -> str:
        """The change in the user's notation: ``segments.smb.accounts=+20%``."""
        if self.op == "scale":
            text = f"{'+' if self.value >= 0 else '-'}{_fmt(abs(self.value))}%"
        elif self.op == "add":
            text = f"{'+' if self.value >= 0 else '-'}{_fmt(abs(self.value))}"
        elif self.field == "ratio":
            text = f"1:{self.value}"
        else:
            text = _fmt(self.value) if isinstance(self.value, (int, float)) else str(self.value)
        return f"segments.{self.segment}.{self.field}={text}"

    def apply(self, current: Any) -> Any:
        """The field's new value given its current one (None when the segment lacks it)."""
        if self.op == "set":
            return self.value
        base = current or 0
        result = base + self.value if self.op == "add" else base * (1 + self.value / 100)
        if self.field == "accounts":
            # Round half up: +50% of 3 accounts is 5 (4.5 rounds up), as a planner would count.
            result = math.floor(result + 0.5)
        else:
            # Money to the cent, and whole amounts stay whole: +10% of 24000000 is 26400000.
            result = round(result, 2)
            if float(result).is_integer():
                result = int(result)
        if result < 0:
            raise ScenarioError(
                [
                    f"{self.origin}: {self.describe()} makes {self.field} negative "
                    f"({_fmt(base)} -> {_fmt(result)})"
                ]
            )
        return result


def _fmt(number: Any) -> str:
    if isinstance(number, float) and number.is_integer():
        return str(int(number))
    return str(number)


def _number(text: str) -> float:
    return float(text.replace(",", "").replace("_", ""))


def parse_value(field: str, raw: str, origin: str, segment: str) -> Change:
    """Read the text of a change's value: ``150``, ``+20%``, ``-5``, ``digital``, ``1:150``."""
    text = raw.strip()
    if field in NUMERIC_FIELDS:
        relative = _RELATIVE_RE.match(text)
        if relative:
            sign, number, percent = relative.groups()
            value = _number(number) * (-1 if sign == "-" else 1)
            if field == "accounts" and not percent:
                if not value.is_integer():
                    raise ScenarioError(
                        [f"{origin}: accounts change by a whole number, not {text!r}"]
                    )
                value = int(value)
            return Change(segment, field, "scale" if percent else "add", value, origin)
        absolute = _ABSOLUTE_RE.match(text)
        if absolute:
            value = _number(text)
            if field == "accounts":
                if not value.is_integer():
                    raise ScenarioError([f"{origin}: accounts is a whole number, not {text!r}"])
                value = int(value)
            return Change(segment, field, "set", value, origin)
        raise ScenarioError(
            [
                f"{origin}: {field} takes a number (150), a change (+20, -5) or a "
                f"percentage (+20%, -10%), not {text!r}"
            ]
        )
    if field == "motion":
        if text not in MOTIONS:
            hint = did_you_mean(text, MOTIONS)
            suffix = f" ({hint})" if hint else ""
            raise ScenarioError(
                [f"{origin}: motion is one of {', '.join(MOTIONS)}, not {text!r}{suffix}"]
            )
        return Change(segment, field, "set", text, origin)
    if field == "ratio":
        candidate = f"1:{text}" if _BARE_RATIO_RE.match(text) else text
        try:
            accounts = ratio_accounts(candidate)
        except ValueError:
            raise ScenarioError(
                [f"{origin}: ratio is 1:N (accounts per coverage seat), not {text!r}"]
            ) from None
        if accounts < 1:
            raise ScenarioError([f"{origin}: the ratio must be 1:N with N at least 1"])
        return Change(segment, field, "set", accounts, origin)
    if not text:
        raise ScenarioError([f"{origin}: {field} cannot be empty"])
    return Change(segment, field, "set", text, origin)


def _check_field(field: str, origin: str) -> None:
    if field not in FIELDS:
        hint = did_you_mean(field, FIELDS)
        suffix = f" ({hint})" if hint else ""
        raise ScenarioError(
            [f"{origin}: a scenario changes a segment's {', '.join(FIELDS)}; not {field!r}{suffix}"]
        )


def _check_segment_id(segment: str, origin: str) -> None:
    if not _SEGMENT_RE.match(segment):
        raise ScenarioError(
            [
                f"{origin}: {segment!r} is not a valid segment id (lower-case "
                f"letters, digits, '-' and '_')"
            ]
        )


def parse_set(option: str) -> Change:
    """One ``--set segments.ID.FIELD=VALUE`` option."""
    origin = f"--set {option!r}"
    target, equals, raw = option.partition("=")
    parts = target.strip().split(".")
    if not equals or len(parts) != 3 or parts[0] != "segments" or not all(parts):
        raise ScenarioError(
            [
                f"{origin}: write segments.ID.FIELD=VALUE, for example "
                f"segments.enterprise.accounts=+20%"
            ]
        )
    _, segment, field = parts
    _check_segment_id(segment, origin)
    _check_field(field, origin)
    return parse_value(field, raw, origin, segment)


@dataclass
class Scenario:
    """A named set of changes."""

    name: str | None
    description: str | None
    changes: list[Change]


def load_scenario(path: Path | str) -> Scenario:
    """Read a scenario file; every problem is reported as ``file:line:col: message``."""
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
        raise ScenarioError(
            [f"{d.file}:{d.line}:{d.column}: {d.message}" for d in parsed.diagnostics]
        )
    root = parsed.nodes().root

    def where(node: Any) -> str:
        return f"{display}:{node.start_mark.line + 1}:{node.start_mark.column + 1}"

    if not isinstance(root, MappingNode):
        raise ScenarioError([f"{display}:1:1: a scenario file is a mapping with a `segments:` key"])
    problems: list[str] = []
    changes: list[Change] = []
    texts: dict[str, str | None] = {"name": None, "description": None}
    segments_node: Any = None
    for key_node, value_node in root.value:
        key = key_node.value
        if key not in SCENARIO_KEYS:
            hint = did_you_mean(str(key), SCENARIO_KEYS)
            suffix = f" ({hint})" if hint else ""
            problems.append(
                f"{where(key_node)}: unknown key {key!r}; a scenario holds "
                f"{', '.join(SCENARIO_KEYS)}{suffix}"
            )
        elif key == "csorg-scenario":
            if not (isinstance(value_node, ScalarNode) and value_node.value == "1"):
                problems.append(f"{where(value_node)}: csorg-scenario is the format version: 1")
        elif key in texts:
            if not isinstance(value_node, ScalarNode):
                problems.append(f"{where(value_node)}: {key} is text")
            else:
                texts[key] = value_node.value
        else:
            segments_node = value_node
    if segments_node is None and not problems:
        problems.append(f"{display}:1:1: a scenario needs `segments:` with at least one change")
    if segments_node is not None and not isinstance(segments_node, MappingNode):
        problems.append(f"{where(segments_node)}: `segments` maps segment ids to their changes")
    elif segments_node is not None:
        for segment_key, fields_node in segments_node.value:
            segment = str(segment_key.value)
            try:
                _check_segment_id(segment, where(segment_key))
            except ScenarioError as error:
                problems.extend(error.messages)
                continue
            if not isinstance(fields_node, MappingNode) or not fields_node.value:
                problems.append(
                    f"{where(fields_node)}: segment {segment!r} maps fields "
                    f"({', '.join(FIELDS)}) to new values"
                )
                continue
            for field_key, value_node in fields_node.value:
                field = str(field_key.value)
                try:
                    _check_field(field, where(field_key))
                    if not isinstance(value_node, ScalarNode):
                        raise ScenarioError(
                            [f"{where(value_node)}: {field} takes one value, not a list or mapping"]
                        )
                    # The raw text, not the resolved value: `+20` must stay a relative change
                    # although YAML reads it as the number 20.
                    changes.append(parse_value(field, value_node.value, where(value_node), segment))
                except ScenarioError as error:
                    problems.extend(error.messages)
        if not segments_node.value:
            problems.append(f"{where(segments_node)}: `segments` holds no change")
    if problems:
        raise ScenarioError(problems)
    return Scenario(texts["name"], texts["description"], changes)
