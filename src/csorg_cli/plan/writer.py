"""Write a plan back into the user's org file by editing its text, not by dumping YAML again.

Re-dumping would lose every comment, blank line, quoting choice and key order. Instead each change is
a splice at the marks the YAML composer recorded: a changed value replaces the scalar's characters,
a missing key is inserted after the last line of its mapping at the mapping's indentation, and new
segments and roles are appended at the end of ``segments:`` and ``roles:``. The result is parsed
again and compared with the planned model before anyone writes it.
"""

from __future__ import annotations

import json
import re
from typing import Any

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from csorg_cli.loading.yamlsource import SourceMap, parse_yaml
from csorg_cli.model.org import OrgFile, Role, Segment
from csorg_cli.plan.compute import PlanEdits

# Plain scalars that read as the same text in YAML 1.1 and 1.2 (so every tool agrees on them).
_PLAIN_SAFE = re.compile(r"^[A-Za-z][A-Za-z0-9 _.,()/&'-]*[A-Za-z0-9.)]$|^[A-Za-z]$")
_YAML11_WORDS = {"y", "n", "yes", "no", "on", "off", "true", "false", "null", "~"}


class PlanWriteError(Exception):
    """The plan could not be written into the file's text (the file is left alone)."""


def scalar_text(value: Any) -> str:
    """YAML text for one scalar value, quoted only when it has to be."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    text = str(value)
    if (
        _PLAIN_SAFE.match(text)
        and text.lower() not in _YAML11_WORDS
        and ": " not in text
        and " #" not in text
    ):
        return text
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a valid double-quoted scalar


def _flow(data: dict[str, Any]) -> str:
    return "{" + ", ".join(f"{key}: {scalar_text(value)}" for key, value in data.items()) + "}"


class _Splicer:
    def __init__(self, text: str, source_map: SourceMap) -> None:
        self.text = text
        self.map = source_map
        self.splices: list[tuple[int, int, str]] = []

    def node(self, path: tuple[str, ...]) -> Node | None:
        node, found = self.map.node_at(path)
        return node if found else None

    def replace_scalar(self, node: ScalarNode, value: Any) -> None:
        self.splices.append((node.start_mark.index, node.end_mark.index, scalar_text(value)))

    def _line_end_after(self, mapping: MappingNode) -> int:
        """Where a new line goes: the end of the line holding the mapping's last character."""
        node: Node = mapping
        while isinstance(node, (MappingNode, SequenceNode)) and node.value and not node.flow_style:
            last = node.value[-1]
            node = last[1] if isinstance(node, MappingNode) else last
        end = node.end_mark.index
        if node.end_mark.column == 0 and end > 0 and self.text[end - 1] == "\n":
            end -= 1  # a block scalar ends at the start of the next line
        newline = self.text.find("\n", end)
        return len(self.text) if newline < 0 else newline

    def add_entries(self, mapping: MappingNode, entries: list[tuple[str, Any]]) -> None:
        """Add keys at the end of ``mapping``; values are scalars or mappings of scalars."""
        if mapping.flow_style or not mapping.value:
            closing = mapping.end_mark.index - 1
            if not mapping.value or self.text[closing] != "}":
                raise PlanWriteError(
                    "cannot add to an empty or unusual mapping at line "
                    f"{mapping.start_mark.line + 1}"
                )
            parts = [
                f"{key}: {_flow(value) if isinstance(value, dict) else scalar_text(value)}"
                for key, value in entries
            ]
            self.splices.append((closing, closing, ", " + ", ".join(parts)))
            return
        indent = " " * mapping.value[0][0].start_mark.column
        step = self._child_step(mapping)
        lines: list[str] = []
        for key, value in entries:
            if isinstance(value, dict):
                lines.append(f"{indent}{key}:")
                lines.extend(f"{indent}{' ' * step}{k}: {scalar_text(v)}" for k, v in value.items())
            else:
                lines.append(f"{indent}{key}: {scalar_text(value)}")
        position = self._line_end_after(mapping)
        self.splices.append((position, position, "\n" + "\n".join(lines)))

    @staticmethod
    def _child_step(mapping: MappingNode) -> int:
        """The indentation step the file uses under this mapping's keys (2 when unknown)."""
        for key_node, value_node in mapping.value:
            if (
                isinstance(value_node, MappingNode)
                and value_node.value
                and not value_node.flow_style
            ):
                step = value_node.value[0][0].start_mark.column - key_node.start_mark.column
                if step > 0:
                    return step
        return 2

    def add_top_level(self, key: str, entries: dict[str, dict[str, Any]]) -> None:
        """Add ``entries`` under a top-level ``key`` that is missing or empty."""
        existing = self.node((key,))
        block = "\n".join(
            f"  {entry_id}:\n" + "\n".join(f"    {k}: {scalar_text(v)}" for k, v in values.items())
            for entry_id, values in entries.items()
        )
        if isinstance(existing, MappingNode):
            self.add_entries(existing, list(entries.items()))
        elif existing is None:
            separator = "" if self.text.endswith("\n") or not self.text else "\n"
            self.splices.append((len(self.text), len(self.text), f"{separator}{key}:\n{block}\n"))
        elif isinstance(existing, ScalarNode) and existing.value in (
            "",
            "~",
            "null",
            "Null",
            "NULL",
        ):
            # `roles:` with nothing after it: the block takes the place of the null.
            self.splices.append((existing.start_mark.index, existing.end_mark.index, "\n" + block))
        else:
            raise PlanWriteError(f"`{key}` is not a mapping")

    def result(self) -> str:
        text = self.text
        for start, end, replacement in sorted(
            self.splices, key=lambda s: (s[0], s[1]), reverse=True
        ):
            text = text[:start] + replacement + text[end:]
        return text


def _set_fields(splicer: _Splicer, path: tuple[str, ...], values: dict[str, Any]) -> None:
    mapping = splicer.node(path)
    if not isinstance(mapping, MappingNode):
        raise PlanWriteError(f"{'.'.join(path)} is not a mapping in the file")
    missing: list[tuple[str, Any]] = []
    for key, value in values.items():
        node = splicer.node((*path, key))
        if isinstance(node, ScalarNode):
            splicer.replace_scalar(node, value)
        elif isinstance(node, MappingNode) and isinstance(value, dict):
            # accounts_by_region scaled with the segment's accounts: each region in place.
            _set_fields(splicer, (*path, key), value)
        elif node is None:
            missing.append((key, value))
        else:
            raise PlanWriteError(f"{'.'.join((*path, key))} is not a single value")
    if missing:
        splicer.add_entries(mapping, missing)


def write_plan(text: str, file: str, org: OrgFile, planned: OrgFile, edits: PlanEdits) -> str:
    """The org file's ``text`` with the plan's ``edits`` applied, comments and order kept.

    ``org`` is the model read from ``text`` (roles from included files too), ``planned`` the
    model the plan computed; the new text is checked against it before it is returned.
    """
    parsed = parse_yaml(text, file)
    if parsed.data is None or not isinstance(parsed.data, dict):
        raise PlanWriteError(f"{file} cannot be read back as an org")
    splicer = _Splicer(text, parsed.source_map)
    for sid, values in edits.segment_updates.items():
        _set_fields(splicer, ("segments", sid), values)
    for rid, update in edits.role_updates.items():
        role = org.roles[rid]
        _set_fields(
            splicer,
            ("roles", rid),
            {"headcount": role.headcount + update["headcount"], "open": role.open + update["open"]},
        )
    if edits.new_segments:
        splicer.add_top_level("segments", edits.new_segments)
    if edits.new_roles:
        splicer.add_top_level("roles", edits.new_roles)
    out = splicer.result()
    _verify(out, file, planned, edits)
    return out


def _verify(text: str, file: str, planned: OrgFile, edits: PlanEdits) -> None:
    """Parse the written text and compare what the plan touched with the planned model."""
    parsed = parse_yaml(text, file)
    if parsed.diagnostics or not isinstance(parsed.data, dict):
        detail = parsed.diagnostics[0].message if parsed.diagnostics else "not a mapping"
        raise PlanWriteError(f"the planned file would not parse ({detail})")
    segments = parsed.data.get("segments") or {}
    roles = parsed.data.get("roles") or {}
    try:
        for sid in {*edits.segment_updates, *edits.new_segments}:
            if Segment.model_validate(segments.get(sid)) != planned.segments[sid]:
                raise PlanWriteError(f"segment {sid!r} reads back differently")
        for rid in {*edits.role_updates, *edits.new_roles}:
            if Role.model_validate(roles.get(rid)) != planned.roles[rid]:
                raise PlanWriteError(f"role {rid!r} reads back differently")
    except ValueError as error:
        raise PlanWriteError(f"the planned file does not read back: {error}") from None
