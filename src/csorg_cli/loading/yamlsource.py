"""Parse one YAML text into plain data plus a map back to line and column.

PyYAML's libyaml composer (``CSafeLoader``) builds the node graph in C; everything after that is an
iterative walk here, because hostile files must never reach Python's recursion limit and PyYAML's own
constructor would keep the last of two duplicate keys, follow recursive aliases forever and expand a
"billion laughs" file until memory runs out.

csorg's own nesting limit (``Limits.max_depth``) is enforced whatever libyaml does: the libyaml bundled
with PyYAML 6.0.2 composes any depth, while newer releases stop at their own limit (1,000 levels in
PyYAML 6.0.4) with a parser error. When composing fails, the event stream up to the failure is read
again to find where csorg's limit was crossed, so both give the same ``yaml-limits`` diagnostic at the
same line and column; a parser error that is not about depth stays a ``yaml-syntax`` diagnostic.

Scalars are resolved with the YAML 1.2 core schema: ``NO`` (Norway), ``on`` and ``yes`` stay strings,
and ``1:12`` is the text "1:12", not the base-60 number 72 that YAML 1.1 would make of it.
"""

from __future__ import annotations

import gc
import re
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


DEFAULT_LIMITS = Limits()


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while building many small objects.

    Composing a large file allocates millions of nodes that all stay alive; every GC pass would scan
    them again for nothing (measured: 13.8 s with the GC on, 3.3 s off, for 100k roles).
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


class SourceMap:
    """Finds the node, and so the line and column, of a path inside one parsed document."""

    def __init__(self, file: str, root: Node | None) -> None:
        self.file = file
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
        """The node at ``path`` (or at its key), and whether the whole path was found.

        When the path does not exist the deepest node that does is returned, so a missing key is
        reported at the mapping that lacks it.
        """
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

    def locate(self, path: DocPath, at_key: bool = False) -> tuple[int, int]:
        """1-based line and column for ``path``."""
        node, _ = self.node_at(path, at_key)
        if node is None:
            return 1, 1
        return node.start_mark.line + 1, node.start_mark.column + 1


@dataclass
class ParsedYaml:
    """One parsed document: its data (None when unusable), the source map and what went wrong."""

    file: str
    data: Any
    source_map: SourceMap
    diagnostics: list[Diagnostic] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not any(d.severity is Severity.ERROR for d in self.diagnostics)


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


def _scalar_value(node: ScalarNode) -> tuple[Any, str | None]:
    """The Python value of a scalar, and an error message when an explicit tag does not fit."""
    tag, text = node.tag, node.value
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


def _tag_display(tag: str) -> str:
    return "!!" + tag[len("tag:yaml.org,2002:") :] if tag.startswith("tag:yaml.org,2002:") else tag


class _Converter:
    """Walks the node graph without recursion, enforcing the limits as it goes."""

    def __init__(self, file: str, limits: Limits, has_anchors: bool) -> None:
        self.file = file
        self.limits = limits
        self.has_anchors = has_anchors
        self.diagnostics: list[Diagnostic] = []
        self.fatal = False

    def error(
        self, rule: EmittedRule, message: str, node: Node, path: DocPath, hint: str | None = None
    ) -> None:
        self.diagnostics.append(
            _diag(
                rule,
                message,
                self.file,
                node.start_mark.line + 1,
                node.start_mark.column + 1,
                path,
                hint,
            )
        )

    def convert(self, root: Node) -> Any:
        # Each frame: (node, path, depth, container, key_in_container). Containers are filled as the
        # walk reaches their children, so the result is built in one pass.
        result: list[Any] = [None]
        done: dict[int, Any] = {}  # id(node) -> value, only when the file has anchors
        sizes: dict[int, int] = {}
        on_stack: set[int] = set()
        expanded_nodes = 0
        stack: list[tuple[Any, ...]] = [(root, (), 0, result, 0)]
        max_depth = self.limits.max_depth
        while stack:
            frame = stack.pop()
            if frame[0] is None:  # a marker: the node's children are all converted
                on_stack.discard(frame[1])
                continue
            node, path, depth, container, slot = frame
            if self.has_anchors:
                node_id = id(node)
                if node_id in on_stack:
                    self.error(
                        yaml_limits_rule,
                        "recursive alias: a node contains itself",
                        node,
                        path,
                        hint="an anchor cannot be used inside its own value",
                    )
                    self.fatal = True
                    return None
                if node_id in done:
                    # An alias: reuse the converted value, but count what a consumer walking the
                    # data would visit, so a "billion laughs" file is refused before anyone does.
                    size = sizes.get(node_id)
                    if size is None:
                        size = _count_nodes(node, sizes, self.limits.max_alias_nodes + 1)
                        sizes[node_id] = size
                    expanded_nodes += size
                    if expanded_nodes > self.limits.max_alias_nodes:
                        self.error(
                            yaml_limits_rule,
                            f"aliases expand this document past "
                            f"{self.limits.max_alias_nodes:,} nodes",
                            node,
                            path,
                            hint="write the data out instead of nesting aliases, or raise "
                            "the limit",
                        )
                        self.fatal = True
                        return None
                    container[slot] = done[node_id]
                    continue
            if depth > max_depth:
                self.error(
                    yaml_limits_rule,
                    f"the document nests deeper than {max_depth} levels",
                    node,
                    path,
                    hint="an org file needs only a few levels of nesting",
                )
                self.fatal = True
                return None
            if isinstance(node, ScalarNode):
                if node.tag not in _SAFE_SCALAR_TAGS:
                    self.error(
                        yaml_tag_rule,
                        f"tag {_tag_display(node.tag)} is not allowed",
                        node,
                        path,
                        hint="csorg reads plain YAML data only; remove the tag",
                    )
                    value: Any = node.value
                else:
                    value, problem = _scalar_value(node)
                    if problem:
                        self.error(yaml_syntax_rule, problem, node, path)
                container[slot] = value
                if self.has_anchors:
                    done[id(node)] = value
                continue
            if node.tag not in _SAFE_COLLECTION_TAGS:
                self.error(
                    yaml_tag_rule,
                    f"tag {_tag_display(node.tag)} is not allowed",
                    node,
                    path,
                    hint="csorg reads plain YAML data only; remove the tag",
                )
            if isinstance(node, SequenceNode):
                items: list[Any] = [None] * len(node.value)
                container[slot] = items
                if self.has_anchors:
                    done[id(node)] = items
                    on_stack.add(id(node))
                    stack.append((None, id(node)))
                inline = not self.has_anchors and depth < max_depth
                for index in range(len(node.value) - 1, -1, -1):
                    child = node.value[index]
                    if inline and child.tag == _STR and isinstance(child, ScalarNode):
                        items[index] = child.value  # the common case, without a stack frame
                    else:
                        stack.append((child, (*path, index), depth + 1, items, index))
                continue
            # A mapping: keys are always text in this format, so scalar keys become their text.
            mapping: dict[str, Any] = {}
            container[slot] = mapping
            if self.has_anchors:
                done[id(node)] = mapping
                on_stack.add(id(node))
                stack.append((None, id(node)))
            pending: list[tuple[Any, ...]] = []
            # Without anchors no node is shared, so a plain text value can be stored at once:
            # most nodes of an org are such values, and a stack frame each would double the walk.
            inline = not self.has_anchors and depth < max_depth
            first_keys: dict[str, ScalarNode] | None = None  # built at a first duplicate
            for key_node, value_node in node.value:
                if key_node.__class__ is not ScalarNode:
                    self.error(
                        schema_rule,
                        "a mapping key must be plain text, not a list or mapping",
                        key_node,
                        path,
                        hint="use a simple name as the key",
                    )
                    continue
                key = key_node.value
                if key == "<<" and not key_node.style:  # plain (libyaml gives "")
                    self.error(
                        schema_rule,
                        "merge keys ('<<') are not supported",
                        key_node,
                        path,
                        hint="write the keys out in full",
                    )
                    continue
                if key in mapping:
                    if first_keys is None:
                        first_keys = _first_keys(node)
                    self.diagnostics.append(
                        _duplicate_key(first_keys[key], key_node, key, self.file, (*path, key))
                    )
                    continue
                if inline and value_node.__class__ is ScalarNode:
                    tag = value_node.tag
                    if tag == _STR:
                        mapping[key] = value_node.value
                        continue
                    if tag in _SAFE_SCALAR_TAGS:  # numbers, booleans, nulls: no frame either
                        value, problem = _scalar_value(value_node)
                        if problem:
                            self.error(yaml_syntax_rule, problem, value_node, (*path, key))
                        mapping[key] = value
                        continue
                mapping[key] = None
                pending.append((value_node, (*path, key), depth + 1, mapping, key))
            stack.extend(reversed(pending))
        return result[0]


def _first_keys(mapping: MappingNode) -> dict[str, ScalarNode]:
    """Each key of ``mapping`` -> its first (kept) key node: built once per mapping that has a
    duplicate, so 50,000 keys written twice cost one pass, not one pass per duplicate."""
    first: dict[str, ScalarNode] = {}
    for k, _ in mapping.value:  # the first that was kept: merge keys are not
        if k.__class__ is ScalarNode and not (k.value == "<<" and not k.style):
            first.setdefault(k.value, k)
    return first


def _duplicate_key(
    first: ScalarNode, key_node: ScalarNode, key: str, file: str, path: DocPath
) -> Diagnostic:
    """``key_node`` repeats ``first``, a key seen before in the same mapping."""
    earlier = first.start_mark
    return _diag(
        duplicate_key_rule,
        f"key {key!r} appears twice in this mapping (first on line {earlier.line + 1}); "
        f"YAML would silently keep only one",
        file,
        key_node.start_mark.line + 1,
        key_node.start_mark.column + 1,
        path,
        hint="remove one of them, or merge their values",
    )


def _count_nodes(node: Node, sizes: dict[int, int], cap: int) -> int:
    """How many nodes a consumer visits under ``node``, aliases expanded (iterative).

    Called when an alias is met; ``sizes`` memoises nodes already counted, so nested aliases of
    aliases cost one step each. Counting stops past ``cap``: the caller only needs to know that.
    """
    # Nodes converted without meeting themselves are acyclic, so this walk ends.
    total = 0
    stack = [node]
    while stack:
        current = stack.pop()
        known = sizes.get(id(current))
        if known is not None and current is not node:
            total += known
        else:
            total += 1
            if isinstance(current, SequenceNode):
                stack.extend(current.value)
            elif isinstance(current, MappingNode):
                for key_node, value_node in current.value:
                    stack.append(key_node)
                    stack.append(value_node)
        if total > cap:
            return total
    return total


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

    ``data`` is None when the document could not be read at all (syntax error, refused alias
    expansion). An empty document gives ``data`` None and no diagnostic: the caller decides.
    """
    try:
        with gc_paused():
            root = yaml.compose(text, Loader=Yaml12Loader)
    except yaml.YAMLError as error:
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
        return ParsedYaml(
            file, None, SourceMap(file, None), [too_deep or _syntax_diagnostic(error, text, file)]
        )
    except RecursionError:  # the pure-Python loader recurses; the C one does not
        return ParsedYaml(
            file,
            None,
            SourceMap(file, None),
            [_diag(yaml_limits_rule, "the document nests too deeply to read", file, 1, 1)],
        )
    source_map = SourceMap(file, root)
    if root is None:
        return ParsedYaml(file, None, source_map)
    converter = _Converter(file, limits, has_anchors="&" in text)
    with gc_paused():
        data = converter.convert(root)
    if converter.fatal:
        data = None
    return ParsedYaml(file, data, source_map, converter.diagnostics)
