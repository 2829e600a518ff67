"""Load one org: the root file, its ``include:`` files, and the merged document with its sources."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from csorg_cli.diagnostics import (
    Diagnostic,
    DocPath,
    EmittedRule,
    Location,
    emitted,
    format_path,
)
from csorg_cli.loading.files import STDIN_NAME, SourceText
from csorg_cli.loading.sources import DiskFiles, FileSource
from csorg_cli.loading.yamlsource import DEFAULT_LIMITS, Limits, SourceMap, parse_yaml
from csorg_cli.rules.integrity import duplicate_role as duplicate_role_rule
from csorg_cli.rules.integrity import include as include_rule
from csorg_cli.rules.integrity import include_empty as include_empty_rule
from csorg_cli.rules.integrity import schema as schema_rule
from csorg_cli.rules.integrity import yaml_limits as yaml_limits_rule

# Keys an included file may hold: its roles, the version line, and includes of its own.
FRAGMENT_KEYS = ("csorg", "roles", "include")
_GLOB_CHARS = set("*?[")


@dataclass(frozen=True)
class LoadOptions:
    """How files are read: limits, and whether includes may leave the root file's directory."""

    limits: Limits = DEFAULT_LIMITS
    allow_outside_includes: bool = False
    # Where files come from: the disk, or a git revision in memory (`csorg diff REV:path`).
    files: FileSource = field(default_factory=DiskFiles)


@dataclass
class SourceFile:
    """One file that was read: its display name, real path, text and source map."""

    file: str
    path: Path
    text: str
    source_map: SourceMap
    # What was read from the disk (text and BOM): a command that writes a file from it (plan
    # --write) edits exactly these characters, and checks the disk still holds them. None for
    # stdin, a git revision, a document built in memory, or a file that could not be read.
    read: SourceText | None = None

    def changed_on_disk(self) -> bool:
        """The file on disk no longer holds the bytes that were read (or cannot be read)."""
        if self.read is None:
            return False
        expected = self.read.encoded()
        try:
            with self.path.open("rb") as handle:
                now = handle.read(len(expected) + 1)
        except OSError:
            return True
        return now != expected

    @cached_property
    def lines(self) -> list[str]:
        """The text's lines, split when a reporter quotes one (a list of a 100k-role org's lines
        is four times the size of its text)."""
        return self.text.splitlines()


@dataclass
class LoadedOrg:
    """The merged document of one org with the way back to every node's file, line and column."""

    file: str
    data: Any
    files: list[SourceFile] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    # Role id -> the source map of the file that defines it (roles may come from includes).
    role_sources: dict[str, SourceMap] = field(default_factory=dict)
    is_fragment: bool = False

    @property
    def main_map(self) -> SourceMap:
        return self.files[0].source_map if self.files else SourceMap(self.file, None)

    def source_map_for(self, path: DocPath) -> SourceMap:
        if len(path) >= 2 and path[0] == "roles":
            found = self.role_sources.get(str(path[1]))
            if found is not None:
                return found
        return self.main_map

    def locate(self, path: DocPath, at_key: bool = False) -> Location:
        """File, line and column of the node at ``path`` in the merged document."""
        source_map = self.source_map_for(path)
        line, column = source_map.locate(path, at_key)
        return Location(source_map.file, line, column)

    def changed_on_disk(self) -> list[str]:
        """The files of this org whose bytes on disk are no longer those that were read."""
        return [source.file for source in self.files if source.changed_on_disk()]

    @property
    def included_files(self) -> set[str]:
        return {os.path.realpath(f.path) for f in self.files[1:]}


def _diagnostic(
    rule: EmittedRule,
    message: str,
    location: Location,
    path: DocPath,
    hint: str | None = None,
    related: tuple[Location, ...] = (),
) -> Diagnostic:
    return emitted(
        rule,
        message,
        location.file,
        location.line,
        location.column,
        format_path(path),
        hint,
        related,
    )


def _display_name(base_display: str, relative: str) -> str:
    if base_display == STDIN_NAME:
        return os.path.normpath(relative)
    return os.path.normpath(os.path.join(os.path.dirname(base_display), relative))


def is_fragment_document(data: Any) -> bool:
    """An included-style file: roles (and perhaps the version line), no organization."""
    return (
        isinstance(data, dict)
        and "roles" in data
        and "organization" not in data
        and "segments" not in data
        and set(data) <= set(FRAGMENT_KEYS)
    )


class _OrgLoader:
    def __init__(self, options: LoadOptions, root_text: str | None = None) -> None:
        self.options = options
        # The root document when a command built it in memory rather than reading a file.
        self.root_text = root_text
        self.org: LoadedOrg | None = None
        self.loaded_real_paths: set[str] = set()
        self.root_dir = ""

    def parse_file(self, path: Path, display: str) -> tuple[Any, SourceMap, list[Diagnostic]]:
        from_disk = False
        if self.root_text is not None:
            source = SourceText(display, self.root_text)
            self.root_text = None  # only the root: included files are read from options.files
        else:
            source = self.options.files.read(path, display, self.options.limits.max_file_bytes)
            from_disk = isinstance(self.options.files, DiskFiles) and display != STDIN_NAME
        assert self.org is not None
        if source.text is None:
            assert source.diagnostic is not None
            self.org.files.append(SourceFile(display, path, "", SourceMap(display, None)))
            return None, SourceMap(display, None), [source.diagnostic]
        parsed = parse_yaml(source.text, display, self.options.limits)
        self.org.files.append(
            SourceFile(
                display,
                path,
                source.text,
                parsed.source_map,
                source if from_disk else None,
            )
        )
        return parsed.data, parsed.source_map, parsed.diagnostics

    def load(self, path: Path, display: str) -> LoadedOrg:
        self.org = LoadedOrg(file=display, data=None)
        real = self.options.files.real(path) if display != STDIN_NAME else STDIN_NAME
        self.root_dir = os.path.dirname(real) if display != STDIN_NAME else os.getcwd()
        self.loaded_real_paths.add(real)
        data, source_map, diagnostics = self.parse_file(path, display)
        self.org.diagnostics.extend(diagnostics)
        self.org.data = data
        if not isinstance(data, dict):
            return self.org
        self.org.is_fragment = is_fragment_document(data)
        roles = data.get("roles")
        if isinstance(roles, dict):
            for role_id in roles:
                self.org.role_sources[role_id] = source_map
        base_dir = Path(os.path.dirname(path)) if display != STDIN_NAME else Path.cwd()
        self._follow_includes(data, source_map, base_dir, display, [real])
        return self.org

    def _follow_includes(
        self,
        data: dict[str, Any],
        source_map: SourceMap,
        base_dir: Path,
        display: str,
        chain: list[str],
    ) -> None:
        assert self.org is not None
        patterns = data.get("include")
        if isinstance(patterns, str):
            patterns = [patterns]
            paths: list[DocPath] = [("include",)]
        elif isinstance(patterns, list):
            paths = [("include", index) for index in range(len(patterns))]
        else:
            return  # absent, or malformed: the schema check reports it
        for pattern, item_path in zip(patterns, paths, strict=False):
            if not isinstance(pattern, str) or not pattern.strip():
                continue
            line, column = source_map.locate(item_path)
            where = Location(source_map.file, line, column)
            for match in self._expand(pattern, base_dir, where, item_path):
                self._include(
                    base_dir / match, _display_name(display, match), where, item_path, chain
                )

    def _expand(
        self, pattern: str, base_dir: Path, where: Location, item_path: DocPath
    ) -> list[str]:
        assert self.org is not None
        if os.path.isabs(pattern) and not self.options.allow_outside_includes:
            self.org.diagnostics.append(
                _diagnostic(
                    include_rule,
                    f"include {pattern!r} is an absolute path",
                    where,
                    item_path,
                    hint="name included files relative to the file that includes them",
                )
            )
            return []
        if _GLOB_CHARS & set(pattern):
            matches = self.options.files.glob(pattern, base_dir)
            if not matches:
                self.org.diagnostics.append(
                    _diagnostic(
                        include_empty_rule,
                        f"include pattern {pattern!r} matches no file",
                        where,
                        item_path,
                        hint=f"patterns are relative to {where.file}",
                    )
                )
            return matches
        if not self.options.files.is_file(base_dir / pattern):
            self.org.diagnostics.append(
                _diagnostic(
                    include_rule,
                    f"included file {pattern!r} does not exist",
                    where,
                    item_path,
                    hint=f"paths are relative to the file that names them ({where.file})",
                )
            )
            return []
        return [pattern]

    def _include(
        self, path: Path, display: str, where: Location, item_path: DocPath, chain: list[str]
    ) -> None:
        assert self.org is not None
        real = self.options.files.real(path)
        if real in chain:
            cycle = " -> ".join(
                os.path.relpath(p, self.root_dir) for p in chain[chain.index(real) :]
            )
            message = (
                "the file includes itself"
                if real == chain[-1]
                else f"include cycle: {cycle} -> {os.path.relpath(real, self.root_dir)}"
            )
            self.org.diagnostics.append(
                _diagnostic(
                    include_rule,
                    message,
                    where,
                    item_path,
                    hint="remove the include that loops back",
                )
            )
            return
        if real in self.loaded_real_paths:
            return  # named by two patterns: read once
        if len(chain) > self.options.limits.max_include_depth:
            self.org.diagnostics.append(
                _diagnostic(
                    yaml_limits_rule,
                    f"includes nest more than {self.options.limits.max_include_depth} files deep",
                    where,
                    item_path,
                    hint="include the team files from the root file (or one level below)",
                )
            )
            return
        if (
            not self.options.allow_outside_includes
            and os.path.commonpath([real, self.root_dir]) != self.root_dir
        ):
            self.org.diagnostics.append(
                _diagnostic(
                    include_rule,
                    f"{display} is outside the directory of the root file",
                    where,
                    item_path,
                    hint="keep included files beside the org file, or pass "
                    "--allow-outside-includes",
                )
            )
            return
        if len(self.org.files) > self.options.limits.max_included_files:
            self.org.diagnostics.append(
                _diagnostic(
                    yaml_limits_rule,
                    f"more than {self.options.limits.max_included_files:,} files are included",
                    where,
                    item_path,
                    hint="include fewer, larger files",
                )
            )
            return
        self.loaded_real_paths.add(real)
        try:
            data, source_map, diagnostics = self.parse_file(path, display)
        except Exception as error:
            self.org.diagnostics.append(
                _diagnostic(include_rule, f"cannot read included file: {error}", where, item_path)
            )
            return
        self.org.diagnostics.extend(diagnostics)
        if data is None:
            return
        if not isinstance(data, dict):
            self.org.diagnostics.append(
                _diagnostic(
                    schema_rule,
                    "an included file must be a mapping with a `roles:` key",
                    Location(display, *source_map.locate(())),
                    (),
                    hint="write `roles:` at the top of the file",
                )
            )
            return
        for key in data:
            if key not in FRAGMENT_KEYS:
                self.org.diagnostics.append(
                    _diagnostic(
                        schema_rule,
                        f"an included file holds only roles; {key!r} belongs in the root file",
                        Location(display, *source_map.locate((key,), at_key=True)),
                        (key,),
                        hint=f"move {key!r} to {self.org.file}",
                    )
                )
        if "csorg" in data and data["csorg"] != 1:
            self.org.diagnostics.append(
                _diagnostic(
                    schema_rule,
                    f"unsupported format version {data['csorg']!r}; this csorg reads version 1",
                    Location(display, *source_map.locate(("csorg",))),
                    ("csorg",),
                    hint="write `csorg: 1`",
                )
            )
        self._merge_roles(data.get("roles"), source_map, display)
        self._follow_includes(data, source_map, path.parent, display, [*chain, real])

    def _merge_roles(self, roles: Any, source_map: SourceMap, display: str) -> None:
        assert self.org is not None
        if roles is None:
            return
        if not isinstance(roles, dict):
            self.org.diagnostics.append(
                _diagnostic(
                    schema_rule,
                    "`roles` must be a mapping of role id to role",
                    Location(display, *source_map.locate(("roles",))),
                    ("roles",),
                )
            )
            return
        root = self.org.data
        if not isinstance(root, dict):
            return
        merged = root.get("roles")
        if merged is None:
            merged = root["roles"] = {}
        if not isinstance(merged, dict):
            return
        for role_id, role in roles.items():
            if role_id in merged:
                first = self.org.locate(("roles", role_id), at_key=True)
                here = Location(display, *source_map.locate(("roles", role_id), at_key=True))
                self.org.diagnostics.append(
                    _diagnostic(
                        duplicate_role_rule,
                        f"role {role_id!r} is defined twice: here and at {first.file}:{first.line}:"
                        f"{first.column}",
                        here,
                        ("roles", role_id),
                        hint="role ids are unique across the org and its included files: rename or "
                        "remove one",
                        related=(first,),
                    )
                )
                continue
            merged[role_id] = role
            self.org.role_sources[role_id] = source_map


def load_org(
    path: Path | str,
    display: str | None = None,
    options: LoadOptions | None = None,
    text: str | None = None,
) -> LoadedOrg:
    """Read an org file and its includes.

    With ``text``, the root document is ``text`` rather than the file's content (a command that
    builds an org checks it before writing it); ``path`` still places it, so its ``include:``
    entries resolve beside it. Raises :class:`~csorg_cli.loading.files.InputError` when the root
    file cannot be read; every other problem is a diagnostic on the result.
    """
    path = Path(path)
    return _OrgLoader(options or LoadOptions(), text).load(path, display or str(path))
