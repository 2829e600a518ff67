"""Write a plan back into the user's org file by editing its text, not by dumping YAML again.

Re-dumping would lose every comment, blank line, quoting choice and key order. Instead each change is
a splice at the marks the YAML composer recorded: a changed value replaces the scalar's characters,
a missing key is inserted after the last line of its mapping at the mapping's indentation, and new
segments and roles are appended at the end of ``segments:`` and ``roles:``. Inserted lines end the
way the file's lines end (CRLF stays CRLF) and a file without a final line break keeps none. The
result is parsed again and compared with the planned model before anyone writes it: every value
the plan did not touch must read back as it was.

Several insertions can land on one offset: a key added to the last segment and a new segment both
go after the last segment's last line. They are applied in one defined order (see
:meth:`_Splicer.ordered`): replacements first, then the deepest insertion, so that each line lands
in the mapping it belongs to.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from csorg_cli.book.counts import COUNTED_FIELDS
from csorg_cli.loading.yamlsource import NodeGraph, parse_yaml
from csorg_cli.model.org import OrgFile, Role, Segment
from csorg_cli.plan.compute import PlanEdits

# Plain scalars that read as the same text in YAML 1.1 and 1.2 (so every tool agrees on them).
_PLAIN_SAFE = re.compile(r"^[A-Za-z][A-Za-z0-9 _.,()/&'-]*[A-Za-z0-9.)]$|^[A-Za-z]$")
_YAML11_WORDS = {"y", "n", "yes", "no", "on", "off", "true", "false", "null", "~"}
# What the YAML parser takes for a line break (libyaml reads YAML 1.1's NEL, LS and PS too).
_BREAK = re.compile("[\r\n\x85\u2028\u2029]")
_NULL_WORDS = ("", "~", "null", "Null", "NULL")


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


def _flow(value: Any) -> str:
    """Flow-style YAML for a value of scalars, mappings and lists."""
    if isinstance(value, dict):
        return "{" + ", ".join(f"{scalar_text(k)}: {_flow(v)}" for k, v in value.items()) + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_flow(item) for item in value) + "]"
    return scalar_text(value)


def _block_lines(entries: list[tuple[str, Any]], indent: str, step: str) -> list[str]:
    """Block-style lines (without line breaks) for keys and their values at ``indent``."""
    lines: list[str] = []
    for key, value in entries:
        if isinstance(value, dict) and value:
            lines.append(f"{indent}{scalar_text(key)}:")
            lines.extend(_block_lines(list(value.items()), indent + step, step))
        else:
            lines.append(f"{indent}{scalar_text(key)}: {_flow(value)}")
    return lines


def newline_of(text: str) -> str:
    """The line break the file uses most (``\\n`` for a file of one line)."""
    crlf = text.count("\r\n")
    lf = text.count("\n") - crlf
    cr = text.count("\r") - crlf
    if crlf > lf and crlf >= cr:
        return "\r\n"
    if cr > lf:
        return "\r"
    return "\n"


@dataclass(frozen=True)
class _Edit:
    start: int
    end: int
    text: str
    # Insertions only: how deep the receiving mapping is (the root is 0). At one offset the
    # deeper insertion goes first: a key of the last segment before the next segment.
    depth: int
    sequence: int

    @property
    def is_insertion(self) -> bool:
        return self.depth >= 0


class _Splicer:
    def __init__(self, text: str, nodes: NodeGraph) -> None:
        self.text = text
        self.map = nodes
        self.newline = newline_of(text)
        self.edits: list[_Edit] = []

    def node(self, path: tuple[str, ...]) -> Node | None:
        """The node at ``path``, None when missing; an alias (``*name``) is refused: its text
        is the anchor's, and editing it there would change every other use of it too."""
        node, found = self.map.node_at(path)
        if not found or node is None:
            return None
        key, _ = self.map.node_at(path, at_key=True)
        if key is not None and node.start_mark.index < key.end_mark.index:
            raise PlanWriteError(
                f"{'.'.join(path)} is an alias of line {node.start_mark.line + 1} "
                "(*name): the plan cannot edit it without changing the anchor's other uses"
            )
        return node

    def _add(self, start: int, end: int, text: str, depth: int = -1) -> None:
        self.edits.append(_Edit(start, end, text, depth, len(self.edits)))

    def replace_scalar(self, node: ScalarNode, value: Any) -> None:
        start, end = node.start_mark.index, node.end_mark.index
        text = scalar_text(value)
        if start == end:
            # An empty value (`open:`) sits right after the colon: `open:3` would be one key.
            text = " " + text
        self._add(start, end, text)

    def _line_end(self, position: int) -> int:
        """The offset of the line break ending the line that holds ``position``."""
        found = _BREAK.search(self.text, position)
        return len(self.text) if found is None else found.start()

    def _line_end_after(self, node: Node) -> int:
        """Where a new line goes: the end of the line holding the node's last character."""
        while isinstance(node, (MappingNode, SequenceNode)) and node.value and not node.flow_style:
            last = node.value[-1]
            node = last[1] if isinstance(node, MappingNode) else last
        end = node.end_mark.index
        if end > node.start_mark.index and node.end_mark.column == 0:
            # A block scalar ends at the start of the line after it (after its trailing blank
            # lines): step back over one line break, into the scalar's last line or the blank
            # lines it keeps, so that nothing after the insertion changes meaning.
            end -= 2 if self.text[end - 2 : end] == "\r\n" else 1
        return self._line_end(end)

    def add_entries(self, mapping: MappingNode, entries: list[tuple[str, Any]], depth: int) -> None:
        """Add keys at the end of ``mapping`` (``depth`` deep); values are scalars, mappings or
        lists."""
        if mapping.flow_style or not mapping.value:
            closing = mapping.end_mark.index - 1
            if self.text[closing : closing + 1] != "}":
                raise PlanWriteError(
                    "cannot add to an empty or unusual mapping at line "
                    f"{mapping.start_mark.line + 1}"
                )
            parts = ", ".join(f"{scalar_text(key)}: {_flow(value)}" for key, value in entries)
            if mapping.value:
                # Right after the last value: a trailing comma or a `}` on a line of its own
                # stays where it was.
                self._add(
                    mapping.value[-1][1].end_mark.index,
                    mapping.value[-1][1].end_mark.index,
                    ", " + parts,
                    depth,
                )
            else:
                self._add(closing, closing, parts, depth)
            return
        indent = " " * mapping.value[0][0].start_mark.column
        step = " " * self._child_step(mapping)
        lines = _block_lines(entries, indent, step)
        position = self._line_end_after(mapping)
        newline = self.newline
        self._add(position, position, newline + newline.join(lines), depth)

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
        """Add ``entries`` under a top-level ``key`` (which may be missing or empty)."""
        root = self.map.root
        existing = self.node((key,))
        if isinstance(existing, MappingNode):
            self.add_entries(existing, list(entries.items()), depth=1)
        elif existing is None:
            if not isinstance(root, MappingNode):
                raise PlanWriteError("the file is not a mapping")
            self.add_entries(root, [(key, entries)], depth=0)
        elif (
            isinstance(existing, ScalarNode)
            and existing.value in _NULL_WORDS
            and not (existing.style)
        ):
            # `roles:` with nothing after it (or `~`): the block follows on the next lines, a
            # comment after the key stays where it is.
            assert isinstance(root, MappingNode)
            key_node = next(k for k, v in root.value if v is existing)
            if existing.start_mark.index != existing.end_mark.index:
                self._add(existing.start_mark.index, existing.end_mark.index, "")
            if root.flow_style:
                self._add(
                    existing.start_mark.index, existing.start_mark.index, " " + _flow(entries), 0
                )
                return
            indent = " " * key_node.start_mark.column
            step = " " * self._child_step(root)
            lines = _block_lines(list(entries.items()), indent + step, step)
            position = self._line_end(existing.end_mark.index)
            self._add(position, position, self.newline + self.newline.join(lines), 1)
        else:
            raise PlanWriteError(f"`{key}` is not a mapping")

    def comment_out_top_level(self, key: str, why: str) -> None:
        """Turn the top-level ``key`` and its value into comment lines, under a line saying why.

        Only in a block mapping: a flow mapping (``{csorg: 1, ...}``) has no lines to comment.
        """
        root = self.map.root
        key_node, _ = self.map.node_at((key,), at_key=True)
        value = self.node((key,))
        if not isinstance(root, MappingNode) or key_node is None or value is None:
            return
        if root.flow_style:
            raise PlanWriteError(
                f"the plan leaves out `{key}:` (today's book would replace its projected "
                "figures), but the org is one flow mapping ({...}) with no line to comment out; "
                "write the org in block style (one key per line)"
            )
        start = key_node.start_mark.index - key_node.start_mark.column
        end = self._line_end_after(value)
        lines = _BREAK.split(self.text[start:end]) if end > start else [""]
        commented = [f"# {why}", *(f"# {line}" if line else "#" for line in lines)]
        self._add(start, end, self.newline.join(commented))

    def ordered(self) -> list[TextEdit]:
        """The edits in the order they apply, left to right.

        At one offset, replacements come first (an empty value on the line being extended), then
        insertions from the deepest mapping up (the lines of the last segment before the next
        segment, the next segment before a new top-level key), and among equals in the order they
        were made. Two edits that overlap are a bug, never silently merged.
        """
        ordered = sorted(
            self.edits,
            key=lambda e: (e.start, e.is_insertion, -e.depth, e.sequence),
        )
        cursor = 0
        for edit in ordered:
            if edit.start < cursor:
                raise PlanWriteError(
                    f"two changes overlap at offset {edit.start}; the file is left alone"
                )
            cursor = edit.end
        return [TextEdit(edit.start, edit.end, edit.text) for edit in ordered]


@dataclass(frozen=True)
class TextEdit:
    """Characters ``start:end`` of the file's text become ``text`` (an insertion when equal)."""

    start: int
    end: int
    text: str


def apply_text_edits(text: str, edits: list[TextEdit]) -> str:
    """``text`` with ``edits`` (ordered, not overlapping) applied; every other character kept."""
    pieces: list[str] = []
    cursor = 0
    for edit in edits:
        pieces.append(text[cursor : edit.start])
        pieces.append(edit.text)
        cursor = edit.end
    pieces.append(text[cursor:])
    return "".join(pieces)


def _set_fields(splicer: _Splicer, path: tuple[str, ...], values: dict[str, Any]) -> None:
    mapping = splicer.node(path)
    if not isinstance(mapping, MappingNode):
        raise PlanWriteError(f"{'.'.join(path)} is not a mapping in the file")
    missing: list[tuple[str, Any]] = []
    for key, value in values.items():
        node = splicer.node((*path, key))
        if isinstance(node, ScalarNode) and not isinstance(value, dict):
            splicer.replace_scalar(node, value)
        elif isinstance(node, MappingNode) and isinstance(value, dict):
            # accounts_by_region scaled with the segment's accounts: each region in place.
            _set_fields(splicer, (*path, key), value)
        elif node is None:
            missing.append((key, value))
        else:
            raise PlanWriteError(f"{'.'.join((*path, key))} is not a single value")
    if missing:
        splicer.add_entries(mapping, missing, depth=len(path))


def plan_text_edits(
    text: str, file: str, org: OrgFile, edits: PlanEdits
) -> tuple[list[TextEdit], dict[str, Any]]:
    """The edits that write the plan's ``edits`` into the org file's ``text``, in the order they
    apply, and the document ``text`` holds less what the plan leaves out (the link to today's
    accounts file when segment figures change). ``org`` is the model read from ``text`` (roles
    from included files too)."""
    parsed = parse_yaml(text, file)
    if parsed.data is None or not isinstance(parsed.data, dict):
        raise PlanWriteError(f"{file} cannot be read back as an org")
    splicer = _Splicer(text, parsed.nodes())
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
    kept = parsed.data
    if "accounts" in kept and any(
        COUNTED_FIELDS & set(values) for values in edits.segment_updates.values()
    ):
        splicer.comment_out_top_level("accounts", UNLINKED_BOOK)
        kept = {key: value for key, value in kept.items() if key != "accounts"}
    return splicer.ordered(), kept


# Today's accounts file counts today's accounts: linked from a plan that projects the segments'
# figures, its counts would replace the projections (and every segment would disagree with it).
UNLINKED_BOOK = "csorg plan: segment figures are projections, so today's accounts file is unlinked:"


def write_plan(text: str, file: str, org: OrgFile, planned: OrgFile, edits: PlanEdits) -> str:
    """The org file's ``text`` with the plan's ``edits`` applied, comments and order kept.

    ``org`` is the model read from ``text`` (roles from included files too), ``planned`` the
    model the plan computed; the new text is checked against it before it is returned. ``text``
    is the decoded text the org was loaded from (a byte order mark is the caller's to keep).
    """
    text_edits, before = plan_text_edits(text, file, org, edits)
    out = apply_text_edits(text, text_edits)
    _verify(out, file, before, planned, edits)
    return out


def _verify(
    text: str, file: str, before: dict[str, Any], planned: OrgFile, edits: PlanEdits
) -> None:
    """Parse the written text: what the plan touched reads back as planned, everything else
    reads back exactly as it was."""
    parsed = parse_yaml(text, file)
    if parsed.diagnostics or not isinstance(parsed.data, dict):
        detail = parsed.diagnostics[0].message if parsed.diagnostics else "not a mapping"
        raise PlanWriteError(f"the planned file would not parse ({detail})")
    after = parsed.data
    if set(after) - {"segments", "roles"} != set(before) - {"segments", "roles"} or any(
        after[key] != before[key] for key in before if key not in ("segments", "roles")
    ):
        raise PlanWriteError("the planned file changes more than segments and roles")
    checks = (
        (
            "segment",
            "segments",
            {*edits.segment_updates, *edits.new_segments},
            planned.segments,
            Segment,
        ),
        ("role", "roles", {*edits.role_updates, *edits.new_roles}, planned.roles, Role),
    )
    for noun, key, touched, wanted, model in checks:
        entries_before = before.get(key) or {}
        entries_after = after.get(key) or {}
        if not isinstance(entries_after, dict) or set(entries_after) != set(entries_before) | (
            touched & set(wanted)
        ):
            raise PlanWriteError(f"the planned file's {key} are not the planned ones")
        try:
            for entry_id, value in entries_after.items():
                if entry_id not in touched:
                    if value != entries_before[entry_id]:
                        raise PlanWriteError(f"{noun} {entry_id!r} would change by accident")
                elif model.model_validate(value) != wanted[entry_id]:
                    raise PlanWriteError(f"{noun} {entry_id!r} reads back differently")
        except ValueError as error:
            raise PlanWriteError(f"the planned file does not read back: {error}") from None
