"""Parse one YAML text into plain data plus a map back to line and column.

The data and a compact position index (:class:`PositionIndex`: flat arrays, a few bytes per node)
are built in one pass over libyaml's event stream (PyYAML's ``CParser``); no node graph is kept.
Composing the graph cost as much as everything else ``csorg validate`` does and held 1.7 million
node objects with two marks each for a 100,000-role org, only to know where each value was.
Everything here is iterative, because hostile files must never reach Python's recursion limit; and
PyYAML's own constructor would keep the last of two duplicate keys, follow recursive aliases
forever and expand a "billion laughs" file until memory runs out.

csorg's own limits are checked as the events arrive (``Limits``): nesting (``max_depth``), alias
expansion (``max_alias_nodes``) and the nodes of one file (``max_nodes``: the file size alone does
not bound memory). The libyaml bundled with PyYAML 6.0.2 parses any depth, while newer releases
stop at their own limit (1,000 levels in PyYAML 6.0.4) with a parser error; csorg's limit is lower,
and when parsing fails the event stream up to the failure is read again to find where csorg's
limit was crossed, so both give the same ``yaml-limits`` diagnostic at the same line and column;
a parser error that is not about depth stays a ``yaml-syntax`` diagnostic.

Scalars are resolved with the YAML 1.2 core schema: ``NO`` (Norway), ``on`` and ``yes`` stay strings,
and ``1:12`` is the text "1:12", not the base-60 number 72 that YAML 1.1 would make of it.
"""

from __future__ import annotations

import gc
import re
from array import array
from bisect import bisect_left
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from csorg_cli.diagnostics import (
    Diagnostic,
    DocPath,
    EmittedRule,
    Severity,
    emitted,
    format_path,
    line_column,
)
from csorg_cli.rules.integrity import duplicate_key as duplicate_key_rule
from csorg_cli.rules.integrity import schema as schema_rule
from csorg_cli.rules.integrity import yaml_limits as yaml_limits_rule
from csorg_cli.rules.integrity import yaml_syntax as yaml_syntax_rule
from csorg_cli.rules.integrity import yaml_tag as yaml_tag_rule

try:  # the C loader is much faster; fall back so a PyYAML built without libyaml still works
    _BaseLoader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _BaseLoader = yaml.SafeLoader


# libyaml's event parser (a Cython class), or PyYAML's own when it was built without libyaml.
_Parser: type = getattr(getattr(yaml, "cyaml", None), "CParser", None) or yaml.SafeLoader


class Yaml12Loader(_BaseLoader):  # type: ignore[misc, valid-type]
    """Safe loader whose implicit scalar types follow the YAML 1.2 core schema."""


Yaml12Loader.yaml_implicit_resolvers = {}
for _tag, _regexp, _first in (
    ("tag:yaml.org,2002:bool", r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF"),
    ("tag:yaml.org,2002:int", r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$", "-+0123456789"),
    (
        "tag:yaml.org,2002:float",
        r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
        r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$",
        "-+0123456789.",
    ),
    ("tag:yaml.org,2002:null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
):
    Yaml12Loader.add_implicit_resolver(_tag, re.compile(_regexp), list(_first))

# Implicit resolvers by the first character of a plain scalar, frozen once: PyYAML's own
# ``resolve`` rebuilds a list per scalar and is a third of the time of composing a large file.
_RESOLVERS_BY_FIRST: dict[str, tuple[tuple[str, re.Pattern[str]], ...]] = {
    first: tuple(pairs) for first, pairs in Yaml12Loader.yaml_implicit_resolvers.items()
}


def _fast_resolve(
    self: Any,
    kind: type,
    value: str,
    implicit: tuple[bool, bool],
    _resolvers: Any = _RESOLVERS_BY_FIRST.get,
    _scalar: type = ScalarNode,
) -> str:
    """The tag of a node without an explicit one (what ``BaseResolver.resolve`` computes).

    Yaml12Loader has no path resolvers, so the kind and, for plain scalars, the first character
    decide alone (``""[:1]`` is the key of the null resolver). Called once per node: the
    defaults bind globals as locals.
    """
    if kind is _scalar:
        if implicit[0]:
            for tag, regexp in _resolvers(value[:1], ()):
                if regexp.match(value):
                    return tag  # type: ignore[no-any-return]
        return "tag:yaml.org,2002:str"
    if kind is SequenceNode:
        return "tag:yaml.org,2002:seq"
    return "tag:yaml.org,2002:map"


def _no_path_resolvers(self: Any, *_args: Any) -> None:
    """Path resolvers are not used: skip PyYAML's bookkeeping for them on every node."""


Yaml12Loader.resolve = _fast_resolve
Yaml12Loader.descend_resolver = _no_path_resolvers
Yaml12Loader.ascend_resolver = _no_path_resolvers

_STR = "tag:yaml.org,2002:str"
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_BOOL = "tag:yaml.org,2002:bool"
_NULL = "tag:yaml.org,2002:null"
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"
# Standard tags that name plain data; anything else (``!!python/object``, ``!custom``) is refused.
_SAFE_SCALAR_TAGS = {
    _STR,
    _INT,
    _FLOAT,
    _BOOL,
    _NULL,
    "tag:yaml.org,2002:timestamp",
    "tag:yaml.org,2002:binary",
    "tag:yaml.org,2002:value",
    "!",
}
_SAFE_COLLECTION_TAGS = {
    _MAP,
    _SEQ,
    "tag:yaml.org,2002:omap",
    "tag:yaml.org,2002:pairs",
    "tag:yaml.org,2002:set",
    "!",
}


@dataclass(frozen=True)
class Limits:
    """Bounds that keep a hostile file from exhausting time or memory."""

    # Nodes that alias expansion may add beyond the nodes written in the file.
    max_alias_nodes: int = 100_000
    # Org files nest about five levels; a hundred leaves room for any honest file.
    max_depth: int = 100
    max_file_bytes: int = 50 * 1024 * 1024
    max_included_files: int = 1_000
    # Files including files including files...: deeper than this is a loop in disguise.
    max_include_depth: int = 50
    # Nodes (scalars, lists, mappings, aliases) written in one file. The file size alone does not
    # bound memory: a list of one-character items is about 30 million nodes in 50 MB. A
    # 100,000-role org is about 1.7 million nodes; this leaves room for three times that.
    max_nodes: int = 5_000_000


DEFAULT_LIMITS = Limits()


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while building many small objects.

    Reading a large file allocates millions of objects that all stay alive; every GC pass would
    scan them again for nothing (measured: 13.8 s with the GC on, 3.3 s off, for 100k roles).
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


# What ``PositionIndex.spans`` says a node is (its two low bits).
_VALUE, _MAPPING, _SEQUENCE, _KEY_TEXT = 0, 1, 2, 3


class PositionIndex:
    """Where each node of one document starts, in three flat arrays instead of node objects.

    Nodes are numbered in the order the parser meets them (the root is 0, a key comes before its
    value, a collection before its children). ``lines[n]`` and ``columns[n]`` are 0-based.
    ``spans[n]`` is ``end * 4 + _MAPPING`` (or ``_SEQUENCE``) for a collection whose descendants
    are the nodes ``n + 1 .. end - 1``, so the next sibling of ``n`` is ``spans[n] >> 2`` or
    ``n + 1``; ``i * 4 + _KEY_TEXT`` for a mapping key whose text is ``keys[i]``; 0 for any other
    scalar and for an alias, which ``aliases`` maps to the node it names. Twelve bytes per node
    (and a list slot per key): the node graph it replaces took about 400.
    """

    __slots__ = ("aliases", "columns", "keys", "lines", "spans")

    # Node numbers times four fit the arrays' 32-bit items up to here (a 50 MB file holds at most
    # 25 million nodes).
    MAX_NODES = (1 << 30) - 1

    def __init__(self) -> None:
        self.lines = array("I")
        self.columns = array("I")
        self.spans = array("I")
        self.keys: list[str] = []
        self.aliases: dict[int, int] = {}

    def __len__(self) -> int:
        return len(self.spans)

    def target(self, node: int) -> int:
        """The node itself, or for an alias the node it names."""
        return self.aliases.get(node, node) if self.aliases else node

    def after(self, node: int) -> int:
        """The node following ``node`` and all its descendants (its next sibling, if any)."""
        span = self.spans[node]
        kind = span & 3
        return span >> 2 if kind in (_MAPPING, _SEQUENCE) else node + 1

    def key_text(self, node: int) -> str | None:
        """The text of a mapping key (None for a list or mapping used as a key)."""
        span = self.spans[node]
        return self.keys[span >> 2] if span & 3 == _KEY_TEXT else None

    def children(self, node: int) -> list[int]:
        """The direct children of a collection: key, value, key, value... for a mapping."""
        out: list[int] = []
        spans = self.spans
        end = spans[node] >> 2
        child = node + 1
        while child < end:  # `after` inlined: this walks every role of a large org at once
            out.append(child)
            span = spans[child]
            kind = span & 3
            child = span >> 2 if kind in (_MAPPING, _SEQUENCE) else child + 1
        return out

    def keys_of(self, node: int) -> dict[str, int]:
        """A mapping's key texts -> their key nodes (the first of duplicates)."""
        found: dict[str, int] = {}
        spans, keys = self.spans, self.keys
        children = self.children(node)
        for key_node in children[::2]:
            span = spans[key_node]
            if span & 3 == _KEY_TEXT:
                found.setdefault(keys[span >> 2], key_node)
        return found

    def position(self, node: int) -> tuple[int, int]:
        """1-based line and column of ``node`` (of the node it names, for an alias)."""
        node = self.target(node)
        return self.lines[node] + 1, self.columns[node] + 1


class SourceMap:
    """Finds the line and column of a path inside one parsed document.

    ``locate`` reads the compact :class:`PositionIndex`. ``root`` and ``node_at`` give PyYAML's
    node graph of the same text, composed on first use, for the few callers that splice text at
    a node's offsets or read a value as written; checking never builds it.
    """

    def __init__(self, file: str, index: PositionIndex | None = None, text: str = "") -> None:
        self.file = file
        self.index = index if index is not None and len(index) else None
        self.text = text
        self._graph: NodeGraph | None = None
        # Built on first use per collection: key text -> key node (the first of duplicates), and
        # a sequence's items, so locating every role of a large org stays linear.
        self._mappings: dict[int, dict[str, int]] = {}
        self._sequences: dict[int, list[int]] = {}

    def _mapping(self, node: int) -> dict[str, int]:
        found = self._mappings.get(node)
        if found is None:
            assert self.index is not None
            found = self._mappings[node] = self.index.keys_of(node)
        return found

    def _sequence(self, node: int) -> list[int]:
        found = self._sequences.get(node)
        if found is None:
            assert self.index is not None
            found = self.index.children(node)
            self._sequences[node] = found
        return found

    def graph(self) -> NodeGraph:
        """The node graph of the text (composed once; empty when the text does not compose)."""
        if self._graph is None:
            root = None
            if self.text and self.index is not None:
                try:
                    with gc_paused():
                        root = yaml.compose(self.text, Loader=Yaml12Loader)
                except (yaml.YAMLError, RecursionError):
                    root = None
            self._graph = NodeGraph(root)
        return self._graph

    @property
    def root(self) -> Node | None:
        return self.graph().root

    def node_at(self, path: DocPath, at_key: bool = False) -> tuple[Node | None, bool]:
        """The node at ``path`` (or at its key), and whether the whole path was found."""
        return self.graph().node_at(path, at_key)

    def node_number_at(self, path: DocPath, at_key: bool = False) -> tuple[int | None, bool]:
        """The node number at ``path`` (or at its key), and whether the whole path was found.

        When the path does not exist the deepest node that does is returned, so a missing key is
        reported at the mapping that lacks it.
        """
        index = self.index
        if index is None:
            return None, False
        node = 0
        last = len(path) - 1
        for position, part in enumerate(path):
            node = index.target(node)
            kind = index.spans[node] & 3
            if kind == _MAPPING:
                key_node = self._mapping(node).get(str(part))
                if key_node is None:
                    return node, False
                node = key_node if (position == last and at_key) else index.after(key_node)
            elif kind == _SEQUENCE and isinstance(part, int):
                items = self._sequence(node)
                if not 0 <= part < len(items):
                    return node, False
                node = items[part]
            else:
                return node, False
        return node, True

    def locate(self, path: DocPath, at_key: bool = False) -> tuple[int, int]:
        """1-based line and column for ``path``."""
        node, _ = self.node_number_at(path, at_key)
        if node is None or self.index is None:
            return 1, 1
        return self.index.position(node)


class NodeGraph:
    """PyYAML's node graph of one document, for the few callers that edit or read raw text.

    ``plan --write`` splices new values into the file at the nodes' offsets and the scenario and
    plan-file readers keep a value's text as written (``+20``): they compose the graph once, on
    demand, from a file that parsed without errors. Checking never builds it.
    """

    def __init__(self, root: Node | None) -> None:
        self.root = root
        self._mapping_index: dict[int, dict[str, tuple[Node, Node]]] = {}

    def _index(self, node: MappingNode) -> dict[str, tuple[Node, Node]]:
        index = self._mapping_index.get(id(node))
        if index is None:
            index = {}
            for key_node, value_node in node.value:
                if isinstance(key_node, ScalarNode):
                    index.setdefault(key_node.value, (key_node, value_node))
            self._mapping_index[id(node)] = index
        return index

    def node_at(self, path: DocPath, at_key: bool = False) -> tuple[Node | None, bool]:
        """The node at ``path`` (or at its key), and whether the whole path was found."""
        node = self.root
        if node is None:
            return None, False
        for position, part in enumerate(path):
            last = position == len(path) - 1
            if isinstance(node, MappingNode):
                pair = self._index(node).get(str(part))
                if pair is None:
                    return node, False
                node = pair[0] if (last and at_key) else pair[1]
            elif isinstance(node, SequenceNode) and isinstance(part, int):
                if not 0 <= part < len(node.value):
                    return node, False
                node = node.value[part]
            else:
                return node, False
        return node, True


@dataclass
class ParsedYaml:
    """One parsed document: its data (None when unusable), the source map and what went wrong."""

    file: str
    data: Any
    source_map: SourceMap
    diagnostics: list[Diagnostic] = field(default_factory=list)
    text: str = ""

    @property
    def ok(self) -> bool:
        return not any(d.severity is Severity.ERROR for d in self.diagnostics)

    def nodes(self) -> NodeGraph:
        """The document's node graph (composed on first use; empty when the text does not parse)."""
        return self.source_map.graph()


def _diag(
    rule: EmittedRule,
    message: str,
    file: str,
    line: int,
    column: int,
    path: DocPath = (),
    hint: str | None = None,
) -> Diagnostic:
    if len(path) > 12:  # a hostile nesting would otherwise print a path as long as the file
        path = (*path[:12], "...")
    return emitted(rule, message, file, line, column, format_path(path), hint)


def _syntax_diagnostic(error: yaml.YAMLError, text: str, file: str) -> Diagnostic:
    if isinstance(error, yaml.reader.ReaderError):
        character = error.character
        code = character if isinstance(character, int) else ord(str(character)[:1] or "\0")
        # libyaml counts bytes of UTF-8, not characters: after "é" its position is one too far.
        # The reader stops at the first character it refuses, so that is where it is.
        found = text.find(chr(code))
        line, column = line_column(text, found if found >= 0 else error.position)
        return _diag(
            yaml_syntax_rule,
            f"character U+{code:04X} is not allowed in YAML: {error.reason}",
            file,
            line,
            column,
            hint="remove the control character or write it as an escape in a double-quoted string",
        )
    mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
    problem = getattr(error, "problem", None) or str(error).splitlines()[0]
    context = getattr(error, "context", None)
    message = f"{context}: {problem}" if context else str(problem)
    line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
    hint = "check the indentation and quoting around this line"
    lines = text.splitlines()
    offending = ""
    if mark is not None and mark.line < len(lines):
        offending = lines[mark.line][mark.column : mark.column + 1]
    if offending == "\t" or "'\\t'" in message:
        hint = "YAML indents with spaces, never tabs: replace the tab with spaces"
    elif "another document" in message:
        hint = "an org file holds one YAML document: remove the extra '---' section"
    return _diag(yaml_syntax_rule, message, file, line, column, hint=hint)


def _scalar_value(tag: str, text: str) -> tuple[Any, str | None]:
    """The Python value of a scalar, and an error message when an explicit tag does not fit."""
    if tag == _STR or tag == "!":
        return text, None
    try:
        if tag == _INT:
            cleaned = text.replace("_", "")
            if cleaned.startswith("0o"):
                return int(cleaned[2:], 8), None
            if cleaned.startswith("0x"):
                return int(cleaned[2:], 16), None
            return int(cleaned), None
        if tag == _FLOAT:
            lowered = text.lower()
            if lowered.endswith(".inf"):
                return (float("-inf") if lowered.startswith("-") else float("inf")), None
            if lowered == ".nan":
                return float("nan"), None
            return float(text), None
    except ValueError:
        return text, f"{text!r} is not a valid {tag.rsplit(':', 1)[-1]}"
    if tag == _BOOL:
        lowered = text.lower()
        if lowered in ("true", "false"):
            return lowered == "true", None
        return text, f"{text!r} is not a valid bool"
    if tag == _NULL:
        return None, None
    return text, None


def _plain_tag(text: str) -> str:
    """The YAML 1.2 core tag of a plain scalar whose first character may start a non-string."""
    for tag, regexp in _RESOLVERS_BY_FIRST.get(text[:1], ()):
        if regexp.match(text):
            return tag
    return _STR


# First characters of plain scalars that may be something other than text: any other plain
# scalar is a string without a regular expression being tried.
_NOT_ONLY_TEXT = frozenset(_RESOLVERS_BY_FIRST)


def _tag_display(tag: str) -> str:
    return "!!" + tag[len("tag:yaml.org,2002:") :] if tag.startswith("tag:yaml.org,2002:") else tag


class _Marker:
    """What the innermost open collection expects next, when it is not the value of a key."""

    __slots__ = ("part",)

    def __init__(self, part: str | int) -> None:
        self.part = part  # how a diagnostic's path names the node being read


# A mapping expects a key; a sequence expects an item; a list or mapping is being read as a key.
_KEY = _Marker("?")
_ITEM = _Marker(0)
_COMPLEX_KEY = _Marker("?")


class _Skip(_Marker):
    """The mapping's next value is read (it may hold anchors) but not kept: its key was a
    duplicate, a merge key or not plain text."""

    __slots__ = ()


class _Fatal(Exception):
    """The document cannot be used: the diagnostic says why."""

    def __init__(self, diagnostic: Diagnostic, drain: bool = True) -> None:
        super().__init__(diagnostic.message)
        self.diagnostic = diagnostic
        # Whether the rest of the stream is read to find a syntax error, which wins (as it did
        # when the whole file was composed first); not past a node budget: that would cost what
        # the budget saves.
        self.drain = drain


@dataclass
class _Anchor:
    value: Any
    node: int
    # Nodes a consumer walking the data visits under the anchor, aliases expanded: None while the
    # anchored collection is still open (an alias to it then is inside it).
    size: int | None
    text: str | None = None  # a scalar's text as written, for an alias used as a key


def _mark(index: PositionIndex, node: int) -> yaml.Mark:
    line, column = index.position(node) if node < len(index) else (1, 1)
    return yaml.Mark("<unicode string>", 0, line - 1, column - 1, None, None)  # type: ignore[arg-type]


class _EventReader:
    """Builds plain data and a :class:`PositionIndex` from libyaml's event stream in one pass.

    No node graph is built: each scalar goes straight into the dict or list being filled and its
    position into the index. Iterative throughout, so no file reaches Python's recursion limit;
    the limits are checked as the events arrive, so a hostile file stops at the node that crosses
    one. The main loop handles the common events inline (a method call per scalar would be a
    third of the time); anything unusual is a method.
    """

    def __init__(self, text: str, file: str, limits: Limits) -> None:
        self.text = text
        self.file = file
        self.limits = limits
        self.index = PositionIndex()
        self.diagnostics: list[Diagnostic] = []
        self.anchors: dict[str, _Anchor] = {}
        # Aliases in node order, with the nodes each adds beyond one when expanded (prefix sums),
        # so the expanded size of an anchored collection is known when it closes.
        self.alias_nodes: list[int] = []
        self.alias_extra: list[int] = [0]
        self.expanded = 0
        # Per mapping with a duplicate key: key text -> first key node, and how far it is built.
        self.first_keys: dict[int, tuple[dict[str, int], int]] = {}
        self.get_event: Any = None

    # -- paths and diagnostics -----------------------------------------------------------------

    @staticmethod
    def _part(container: Any, key: Any) -> str | int:
        if key is _ITEM:
            return len(container)
        if key.__class__ is str:
            return key  # type: ignore[no-any-return]
        return key.part  # type: ignore[no-any-return]

    def _parent_path(self, stack: list[tuple[Any, ...]]) -> DocPath:
        """The path of the innermost open collection (the root holder is not part of it)."""
        return tuple(self._part(frame[0], frame[1]) for frame in stack[1:])

    def _path(self, stack: list[tuple[Any, ...]], container: Any, key: Any) -> DocPath:
        """The path of the node being read."""
        if not stack:
            return ()
        return (*self._parent_path(stack), self._part(container, key))

    def _emit(
        self,
        rule: EmittedRule,
        message: str,
        node: int,
        path: DocPath,
        hint: str | None = None,
        quiet: int = 0,
    ) -> None:
        if quiet:  # inside a value that is not kept: only what stops the file is reported there
            return
        line, column = self.index.position(node)
        self.diagnostics.append(_diag(rule, message, self.file, line, column, path, hint))

    def _fatal(
        self, rule: EmittedRule, message: str, node: int, path: DocPath, hint: str
    ) -> _Fatal:
        line, column = self.index.position(node)
        return _Fatal(_diag(rule, message, self.file, line, column, path, hint))

    def _too_deep(self, node: int, path: DocPath) -> _Fatal:
        return self._fatal(
            yaml_limits_rule,
            f"the document nests deeper than {self.limits.max_depth} levels",
            node,
            path,
            "an org file needs only a few levels of nesting",
        )

    def _too_many(self, node: int, path: DocPath) -> _Fatal:
        fatal = self._fatal(
            yaml_limits_rule,
            f"the file holds more than {self.limits.max_nodes:,} YAML nodes "
            "(values, keys, lists and mappings); reading stopped here",
            node,
            path,
            "split the org into files with `include:`, or raise the limit with --max-nodes",
        )
        fatal.drain = False
        return fatal

    # -- the rare cases, out of the main loop --------------------------------------------------

    def _tagged_scalar(self, event: Any, node: int, path: DocPath, quiet: int) -> Any:
        tag = event.tag
        text = event.value
        if tag == "!":  # the non-specific tag: resolved as libyaml reports it (plain or not)
            tag = _plain_tag(text) if event.implicit[0] else _STR
        if tag not in _SAFE_SCALAR_TAGS:
            self._emit(
                yaml_tag_rule,
                f"tag {_tag_display(tag)} is not allowed",
                node,
                path,
                "csorg reads plain YAML data only; remove the tag",
                quiet,
            )
            return text
        value, problem = _scalar_value(tag, text)
        if problem:
            self._emit(yaml_syntax_rule, problem, node, path, quiet=quiet)
        return value

    def _plain_scalar(
        self,
        text: str,
        node: int,
        stack: list[tuple[Any, ...]],
        container: Any,
        key: Any,
        quiet: int,
    ) -> Any:
        """A plain scalar that may be a number, a boolean or null (YAML 1.2 core schema)."""
        tag = _plain_tag(text)
        if tag == _STR:
            return text
        value, problem = _scalar_value(tag, text)
        if problem:  # an integer of more digits than Python converts
            path = self._path(stack, container, key)
            self._emit(yaml_syntax_rule, problem, node, path, quiet=quiet)
        return value

    def _scalar_event_value(self, event: Any) -> Any:
        """The value of a scalar read as a key, for an alias to it elsewhere."""
        tag = event.tag
        if tag is None or tag == "!":
            tag = _plain_tag(event.value) if event.implicit[0] else _STR
        return _scalar_value(tag, event.value)[0] if tag in _SAFE_SCALAR_TAGS else event.value

    def _register_anchor(self, name: str, anchor: _Anchor, event: Any) -> None:
        known = self.anchors.get(name)
        if known is not None:  # what PyYAML's composer raises, so the diagnostic reads the same
            raise yaml.composer.ComposerError(
                "found duplicate anchor; first occurrence",
                _mark(self.index, known.node),
                "second occurrence",
                event.start_mark,
            )
        self.anchors[name] = anchor

    def _close_anchor(self, name: str, node: int, end: int) -> None:
        """The anchored collection ``node .. end - 1`` is complete: count it, aliases expanded."""
        start = bisect_left(self.alias_nodes, node)
        self.anchors[name].size = (end - node) + self.alias_extra[-1] - self.alias_extra[start]

    def _key_problem(
        self,
        text: str,
        plain: bool,
        container: dict[str, Any],
        mapping: int,
        node: int,
        mapping_path: DocPath,
        quiet: int,
    ) -> Any:
        """The mapping's state after key ``text``, which is ``<<`` or already in the mapping."""
        if text not in container:
            if text == "<<" and plain:
                self._emit(
                    schema_rule,
                    "merge keys ('<<') are not supported",
                    node,
                    mapping_path,
                    "write the keys out in full",
                    quiet,
                )
                return _Skip(text)
            return text
        if not quiet:
            line, _ = self.index.position(self._first_key(mapping, node, text))
            self._emit(
                duplicate_key_rule,
                f"key {text!r} appears twice in this mapping (first on line {line}); "
                f"YAML would silently keep only one",
                node,
                (*mapping_path, text),
                "remove one of them, or merge their values",
            )
        return _Skip(text)

    def _first_key(self, mapping: int, upto: int, text: str) -> int:
        """The first key node of ``mapping`` spelled ``text``, before node ``upto``. The map of
        first keys grows as duplicates are met, so 50,000 keys written twice cost one pass."""
        index = self.index
        first, child = self.first_keys.get(mapping, ({}, mapping + 1))
        while child < upto:
            key_text = index.key_text(child)
            if key_text is not None:
                first.setdefault(key_text, child)
            value = index.after(child)
            child = index.after(value) if value < upto else upto
        self.first_keys[mapping] = (first, child)
        return first.get(text, upto)

    def _alias(self, event: Any, node: int) -> _Anchor:
        """Record alias ``node`` in the index; the anchor it names."""
        anchor = self.anchors.get(event.anchor)
        if anchor is None:
            raise yaml.composer.ComposerError(None, None, "found undefined alias", event.start_mark)
        index = self.index
        mark = event.start_mark
        index.lines.append(mark.line)
        index.columns.append(mark.column)
        index.spans.append(0)
        index.aliases[node] = anchor.node
        return anchor

    def _alias_key(
        self,
        event: Any,
        node: int,
        stack: list[tuple[Any, ...]],
        container: dict[str, Any],
        mapping: int,
        quiet: int,
    ) -> Any:
        """An alias read as a mapping key: the mapping's new state."""
        anchor = self._alias(event, node)
        index = self.index
        target_kind = index.spans[anchor.node] & 3
        is_scalar = anchor.size == 1 and target_kind in (_VALUE, _KEY_TEXT)
        text = anchor.text if is_scalar else None
        if text is not None:
            index.spans[node] = len(index.keys) * 4 + _KEY_TEXT
            index.keys.append(text)
        if text is None:
            self._emit(
                schema_rule,
                "a mapping key must be plain text, not a list or mapping",
                node,
                self._parent_path(stack),
                "use a simple name as the key",
                quiet,
            )
            return _Skip("?")
        if text in container:
            return self._key_problem(
                text, False, container, mapping, node, self._parent_path(stack), quiet
            )
        return text

    def _alias_value(
        self, event: Any, node: int, stack: list[tuple[Any, ...]], container: Any, key: Any
    ) -> Any:
        """An alias read as a value: the value it names, the same object as the anchor's."""
        anchor = self._alias(event, node)
        if anchor.size is None:
            raise self._fatal(
                yaml_limits_rule,
                "recursive alias: a node contains itself",
                node,
                self._path(stack, container, key),
                "an anchor cannot be used inside its own value",
            )
        self.alias_nodes.append(node)
        self.alias_extra.append(self.alias_extra[-1] + anchor.size - 1)
        # Reusing the value costs nothing, but count what a consumer walking the data would
        # visit, so a "billion laughs" file is refused before anyone does.
        self.expanded += anchor.size
        if self.expanded > self.limits.max_alias_nodes:
            raise self._fatal(
                yaml_limits_rule,
                f"aliases expand this document past {self.limits.max_alias_nodes:,} nodes",
                node,
                self._path(stack, container, key),
                "write the data out instead of nesting aliases, or raise the limit",
            )
        return anchor.value

    def rest_fails(self) -> yaml.YAMLError | None:
        """After a limit stopped the reading: the error that composing the rest would raise."""
        get_event = self.get_event
        names = set(self.anchors)
        try:
            while True:
                event = get_event()
                kind = event.__class__
                if kind is yaml.StreamEndEvent:
                    return None
                if kind is yaml.DocumentStartEvent:
                    return yaml.composer.ComposerError(
                        "expected a single document in the stream",
                        _mark(self.index, 0),
                        "but found another document",
                        event.start_mark,
                    )
                if kind is yaml.AliasEvent:
                    if event.anchor not in names:
                        return yaml.composer.ComposerError(
                            None, None, "found undefined alias", event.start_mark
                        )
                elif getattr(event, "anchor", None) is not None:
                    if event.anchor in names:
                        return yaml.composer.ComposerError(
                            "found duplicate anchor; first occurrence",
                            None,
                            "second occurrence",
                            event.start_mark,
                        )
                    names.add(event.anchor)
        except yaml.YAMLError as error:
            return error

    # -- the main loop -------------------------------------------------------------------------

    def read(self) -> Any:
        """The document's data; raises ``yaml.YAMLError`` for what libyaml or PyYAML's composer
        would refuse and :class:`_Fatal` for a limit."""
        # The same parser as the loader's: libyaml when PyYAML has it.
        parser: Any = _Parser(self.text)
        self.get_event = get_event = parser.get_event
        ScalarEvent = yaml.ScalarEvent
        MappingStartEvent = yaml.MappingStartEvent
        SequenceStartEvent = yaml.SequenceStartEvent
        AliasEvent = yaml.AliasEvent
        MappingEndEvent = yaml.MappingEndEvent
        SequenceEndEvent = yaml.SequenceEndEvent
        index = self.index
        lines_append = index.lines.append
        columns_append = index.columns.append
        spans = index.spans
        spans_append = spans.append
        keys = index.keys
        keys_append = keys.append
        not_only_text = _NOT_ONLY_TEXT
        max_depth = self.limits.max_depth
        max_nodes = min(self.limits.max_nodes, PositionIndex.MAX_NODES)
        _str = str
        # One str object per distinct key (and short value): a 100k-role org spells `title`,
        # `reports_to` and "Customer Success Manager" a hundred thousand times each.
        shared: Any = {}.setdefault

        get_event()  # StreamStart
        if get_event().__class__ is yaml.StreamEndEvent:  # else DocumentStart
            return None
        root: list[Any] = []
        container: Any = root
        key: Any = _ITEM  # what `container` expects next: _KEY, _ITEM, a key's text, a _Skip
        collection = -1  # the node number of the innermost open collection
        anchor: str | None = None  # its anchor, if it has one
        quiet = 0  # > 0 inside a value that is not kept
        stack: list[tuple[Any, ...]] = []  # the enclosing collections' state
        deep = False  # the innermost collection's children are past the nesting limit
        count = 0  # nodes read so far: the next node's number
        while True:
            event = get_event()
            kind = event.__class__
            if kind is ScalarEvent:
                mark = event.start_mark
                lines_append(mark.line)
                columns_append(mark.column)
                node = count
                count += 1
                if key is _KEY:
                    text = event.value
                    text = shared(text, text)
                    spans_append(len(keys) * 4 + 3)  # _KEY_TEXT
                    keys_append(text)
                    if count > max_nodes:
                        raise self._too_many(node, (*self._parent_path(stack), text))
                    if event.anchor is not None:
                        value = self._scalar_event_value(event)
                        self._register_anchor(event.anchor, _Anchor(value, node, 1, text), event)
                    if text in container or text == "<<":
                        key = self._key_problem(
                            text,
                            not event.style,  # plain: "" from libyaml, None from PyYAML
                            container,
                            collection,
                            node,
                            self._parent_path(stack),
                            quiet,
                        )
                    else:
                        key = text
                    continue
                spans_append(0)  # _VALUE
                if count > max_nodes:
                    raise self._too_many(node, self._path(stack, container, key))
                if deep:
                    raise self._too_deep(node, self._path(stack, container, key))
                if event.tag is None:
                    value = event.value
                    value = shared(value, value)
                    if event.implicit[0] and value[:1] in not_only_text:
                        skipped = quiet + (key.__class__ is _Skip)
                        value = self._plain_scalar(value, node, stack, container, key, skipped)
                else:
                    value = self._tagged_scalar(
                        event,
                        node,
                        self._path(stack, container, key),
                        quiet + (key.__class__ is _Skip),
                    )
                if event.anchor is not None:
                    self._register_anchor(event.anchor, _Anchor(value, node, 1, event.value), event)
                if key.__class__ is _str:
                    container[key] = value
                    key = _KEY
                elif key is _ITEM:
                    container.append(value)
                else:  # the value of a key that is not kept
                    key = _KEY
                continue
            if kind is MappingEndEvent or kind is SequenceEndEvent:
                spans[collection] = count * 4 + (1 if kind is MappingEndEvent else 2)
                if anchor is not None:
                    self._close_anchor(anchor, collection, count)
                value = container
                container, key, collection, anchor, entered_quiet = stack.pop()
                quiet -= entered_quiet
                deep = len(stack) > max_depth
                if key.__class__ is _str:
                    container[key] = value
                    key = _KEY
                elif key is _ITEM:
                    container.append(value)
                elif key is _COMPLEX_KEY:
                    key = _Skip("?")  # its value is read next, and not kept either
                else:
                    key = _KEY
                continue
            if kind is MappingStartEvent or kind is SequenceStartEvent:
                mark = event.start_mark
                lines_append(mark.line)
                columns_append(mark.column)
                spans_append(0)  # set when the collection closes
                node = count
                count += 1
                if count > max_nodes:
                    raise self._too_many(node, self._path(stack, container, key))
                tag = event.tag
                if tag is not None and tag not in _SAFE_COLLECTION_TAGS:
                    self._emit(
                        yaml_tag_rule,
                        f"tag {_tag_display(tag)} is not allowed",
                        node,
                        self._path(stack, container, key),
                        "csorg reads plain YAML data only; remove the tag",
                        quiet,
                    )
                entered_quiet = False
                if key is _KEY:  # a list or mapping used as a key: read, never kept
                    self._emit(
                        schema_rule,
                        "a mapping key must be plain text, not a list or mapping",
                        node,
                        self._parent_path(stack),
                        "use a simple name as the key",
                        quiet,
                    )
                    key = _COMPLEX_KEY
                    entered_quiet = True
                elif deep:
                    raise self._too_deep(node, self._path(stack, container, key))
                elif key.__class__ is _Skip:
                    entered_quiet = True
                stack.append((container, key, collection, anchor, entered_quiet))
                quiet += entered_quiet
                container = {} if kind is MappingStartEvent else []
                key = _KEY if kind is MappingStartEvent else _ITEM
                collection = node
                anchor = event.anchor
                if anchor is not None:
                    self._register_anchor(anchor, _Anchor(container, node, None), event)
                deep = len(stack) > max_depth
                continue
            if kind is AliasEvent:
                node = count
                count += 1
                if key is _KEY:
                    key = self._alias_key(event, node, stack, container, collection, quiet)
                else:
                    value = self._alias_value(event, node, stack, container, key)
                    if key.__class__ is _str:
                        container[key] = value
                        key = _KEY
                    elif key is _ITEM:
                        container.append(value)
                    elif key is _COMPLEX_KEY:  # pragma: no cover - an alias is not a collection
                        key = _Skip("?")
                    else:
                        key = _KEY
                if count > max_nodes:
                    raise self._too_many(node, self._path(stack, container, key))
                continue
            # DocumentEnd: the one document is complete; a second one is an error.
            following = get_event()
            if following.__class__ is not yaml.StreamEndEvent:
                raise yaml.composer.ComposerError(
                    "expected a single document in the stream",
                    _mark(index, 0),
                    "but found another document",
                    following.start_mark,
                )
            return root[0] if root else None


def _read_error(error: yaml.YAMLError, text: str, file: str, limits: Limits) -> Diagnostic:
    """The diagnostic for a file that libyaml or the composer refuses.

    Reads the event stream up to the failure again to find whether csorg's nesting limit was
    crossed first, so PyYAML builds whose libyaml has no limit of its own (6.0.2) and those that
    stop at 1,000 levels give the same ``yaml-limits`` diagnostic at the same line and column.
    """
    too_deep = _first_node_past_depth(text, file, limits.max_depth, Yaml12Loader)
    if too_deep is None and "nesting depth" in str(error):
        # libyaml's scanner reads flow collections ahead, so its own limit can fail the event
        # stream before csorg's is reached there; PyYAML's Python parser has no such limit
        # and is iterative, and is only read as far as csorg's limit.
        too_deep = _first_node_past_depth(text, file, limits.max_depth, yaml.SafeLoader)
    if too_deep is None and "nesting depth" in str(error):
        mark = getattr(error, "problem_mark", None)
        line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
        too_deep = _diag(
            yaml_limits_rule,
            "the document nests too deeply for the YAML parser",
            file,
            line,
            column,
            hint="an org file needs only a few levels of nesting",
        )
    return too_deep or _syntax_diagnostic(error, text, file)


def _first_node_past_depth(text: str, file: str, max_depth: int, loader: type) -> Diagnostic | None:
    """The ``yaml-limits`` diagnostic for the first node nested deeper than ``max_depth``, if any.

    Reads the event stream, which needs no node graph, up to the first parser error. Depth and path
    are counted as ``_Converter`` counts them (the document's root node is at depth 0), so the
    diagnostic is the one that a parser without a limit of its own leads to.
    """
    # Per open collection: [is_mapping, items seen, last key]. A mapping alternates key and value.
    open_collections: list[list[Any]] = []
    try:
        for event in yaml.parse(text, Loader=loader):
            kind = event.__class__
            if kind in (yaml.MappingEndEvent, yaml.SequenceEndEvent):
                open_collections.pop()
                _advance(open_collections, None)
                continue
            if kind not in (
                yaml.ScalarEvent,
                yaml.MappingStartEvent,
                yaml.SequenceStartEvent,
                yaml.AliasEvent,
            ):
                continue
            parent = open_collections[-1] if open_collections else None
            is_key = parent is not None and parent[0] and parent[1] % 2 == 0
            if len(open_collections) > max_depth and not is_key:
                path = tuple(_path_part(frame) for frame in open_collections)
                mark = event.start_mark
                line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
                return _diag(
                    yaml_limits_rule,
                    f"the document nests deeper than {max_depth} levels",
                    file,
                    line,
                    column,
                    path,
                    hint="an org file needs only a few levels of nesting",
                )
            if kind in (yaml.MappingStartEvent, yaml.SequenceStartEvent):
                open_collections.append([kind is yaml.MappingStartEvent, 0, None])
            else:
                _advance(
                    open_collections, event.value if isinstance(event, yaml.ScalarEvent) else None
                )
    except yaml.YAMLError:
        return None
    return None


def _advance(open_collections: list[list[Any]], scalar: str | None) -> None:
    """Count one finished item (a key, a value or a sequence item) in the innermost collection."""
    if open_collections:
        frame = open_collections[-1]
        if frame[0] and frame[1] % 2 == 0:
            frame[2] = scalar
        frame[1] += 1


def _path_part(frame: list[Any]) -> str | int:
    is_mapping, seen, last_key = frame
    return str(last_key) if is_mapping else seen


def parse_yaml(text: str, file: str, limits: Limits = DEFAULT_LIMITS) -> ParsedYaml:
    """Parse ``text`` (already decoded) into data, a source map and diagnostics.

    ``data`` is None when the document could not be read at all (syntax error, a limit crossed).
    An empty document gives ``data`` None and no diagnostic: the caller decides.
    """
    reader = _EventReader(text, file, limits)
    try:
        with gc_paused():
            data = reader.read()
    except yaml.YAMLError as error:
        diagnostic = _read_error(error, text, file, limits)
        return ParsedYaml(file, None, SourceMap(file, None), [diagnostic], text)
    except _Fatal as fatal:
        later = reader.rest_fails() if fatal.drain else None
        if later is not None:  # a file that does not parse is reported as such, as before
            diagnostic = _read_error(later, text, file, limits)
            return ParsedYaml(file, None, SourceMap(file, None), [diagnostic], text)
        diagnostics = [*reader.diagnostics, fatal.diagnostic]
        return ParsedYaml(file, None, SourceMap(file, None), diagnostics, text)
    return ParsedYaml(file, data, SourceMap(file, reader.index, text), reader.diagnostics, text)


def scalar_spans(text: str) -> list[tuple[tuple[int, int], tuple[int, int]]] | None:
    """(start, end) as (0-based line, column) of every scalar of ``text``, keys included; None
    when the text does not parse. Read from the event stream: the suppression comments of a file
    need to know which ``#`` are inside a quoted or block scalar."""
    spans: list[tuple[tuple[int, int], tuple[int, int]]] = []
    get_event = _Parser(text).get_event
    scalar, stream_end = yaml.ScalarEvent, yaml.StreamEndEvent
    try:
        while True:
            event: Any = get_event()
            kind = event.__class__
            if kind is scalar:
                start, end = event.start_mark, event.end_mark
                spans.append(((start.line, start.column), (end.line, end.column)))
            elif kind is stream_end:
                return spans
    except yaml.YAMLError:
        return None
