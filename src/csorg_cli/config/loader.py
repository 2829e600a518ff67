"""Read ``.csorg.yaml`` (and what it extends) into a :class:`~csorg_cli.rules.engine.RuleConfig`.

Every mistake raises :class:`ConfigError` with the file, line and column of the node at fault, so
``csorg`` can print ``csorg: error: .csorg.yaml:7:5: ...`` and exit 2. Files are parsed with the
loader that reads org files (YAML 1.2 scalars, duplicate keys refused, alias limits), so
``severity: off`` means off and a key written twice is an error, not a silent overwrite.

Layers apply in order: each ``extends:`` entry (recursively), then the file's own ``categories:``,
``rules:``, ``overrides:`` and ``benchmarks:``.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from csorg_cli.diagnostics import DocPath, Severity, format_path
from csorg_cli.loading.yamlsource import Limits, SourceMap, parse_yaml
from csorg_cli.rules import RULES
from csorg_cli.rules.engine import (
    ALWAYS_ERRORS,
    OFF,
    FileOverride,
    RuleConfig,
    RuleOverride,
    RuleSetting,
)
from csorg_cli.suggest import did_you_mean

CONFIG_NAMES = (".csorg.yaml", ".csorg.yml")
CONFIG_ENV = "CSORG_CONFIG"
PRESETS = ("recommended", "strict", "minimal")

_TOP_KEYS = ("extends", "rules", "categories", "overrides", "benchmarks", "archetypes")
_RULE_KEYS = ("severity", "options")
_OVERRIDE_KEYS = ("files", "rules")
_SEVERITY_WORDS = ("off", "info", "warning", "error")
# A configuration file is a few dozen lines; anything near this is a mistake or an attack.
_CONFIG_LIMITS = Limits(max_file_bytes=1024 * 1024, max_alias_nodes=10_000, max_depth=50)
_MAX_EXTENDS_DEPTH = 20


class ConfigError(Exception):
    """A configuration that cannot be used; ``str()`` is ``file:line:col: message``."""

    def __init__(self, file: str, line: int, column: int, message: str) -> None:
        super().__init__(f"{file}:{line}:{column}: {message}")
        self.file = file
        self.line = line
        self.column = column
        self.message = message


def _did_you_mean(word: str, choices: Any) -> str:
    hint = did_you_mean(str(word), [str(c) for c in choices])
    return f"; {hint}" if hint else ""


def _display(path: Path) -> str:
    """The path as the user would write it: relative to the working directory when inside it."""
    try:
        relative = os.path.relpath(path)
    except ValueError:
        return str(path)
    return relative if not relative.startswith("..") else str(path)


def find_config(start: Path | None = None) -> Path | None:
    """The nearest ``.csorg.yaml`` (or ``.csorg.yml``) in ``start`` or a parent directory."""
    directory = (start or Path.cwd()).resolve()
    for candidate_dir in (directory, *directory.parents):
        for name in CONFIG_NAMES:
            candidate = candidate_dir / name
            if candidate.is_file():
                return candidate
    return None


def resolve_config_path(
    explicit: str | None = None, environ: Mapping[str, str] | None = None, start: Path | None = None
) -> Path | None:
    """Which configuration file applies: ``--config``, else ``$CSORG_CONFIG``, else the nearest
    ``.csorg.yaml`` upward from the working directory; None when there is none (the defaults).

    An explicit file that does not exist raises :class:`ConfigError`.
    """
    env = os.environ if environ is None else environ
    chosen = explicit or env.get(CONFIG_ENV) or None
    if chosen:
        path = Path(chosen)
        if not path.is_file():
            origin = "--config" if explicit else CONFIG_ENV
            raise ConfigError(chosen, 1, 1, f"configuration file not found (from {origin})")
        return path
    return find_config(start)


@dataclass
class _Document:
    """One parsed configuration file (or preset)."""

    display: str
    data: dict[str, Any]
    source_map: SourceMap
    base: Path  # the directory its relative paths (extends, overrides globs) start from

    def error(self, path: DocPath, message: str, at_key: bool = False) -> ConfigError:
        line, column = self.source_map.locate(path, at_key)
        return ConfigError(self.display, line, column, message)


def _parse(text: str, display: str, base: Path) -> _Document:
    parsed = parse_yaml(text, display, _CONFIG_LIMITS)
    for diagnostic in parsed.diagnostics:
        if diagnostic.severity is Severity.ERROR:
            raise ConfigError(display, diagnostic.line, diagnostic.column, diagnostic.message)
    data = parsed.data
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ConfigError(
            display, 1, 1, "a configuration file is a mapping with keys " + ", ".join(_TOP_KEYS)
        )
    return _Document(display, data, parsed.source_map, base)


def _read_file(path: Path, display: str, where: tuple[_Document, DocPath] | None) -> _Document:
    try:
        if path.stat().st_size > _CONFIG_LIMITS.max_file_bytes:
            raise OSError("the file is larger than 1 MB")
        raw = path.read_bytes()
        text = raw.decode("utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        reason = getattr(error, "strerror", None) or str(error)
        if where is not None:
            document, doc_path = where
            raise document.error(doc_path, f"cannot read {display}: {reason}") from None
        raise ConfigError(display, 1, 1, f"cannot read the configuration: {reason}") from None
    return _parse(text, display, path.resolve().parent)


def _read_preset(name: str) -> _Document:
    from csorg_cli.model.datafile import packaged_text

    text = packaged_text(f"presets/{name}.yaml", "csorg_cli.config")
    return _parse(text, f"<preset {name}>", Path.cwd())


def _categories() -> list[str]:
    seen: dict[str, None] = {}
    for spec in RULES.values():
        seen.setdefault(spec.category, None)
    return list(seen)


@dataclass
class _Builder:
    """Accumulates the layers of a configuration in the order they apply."""

    settings: dict[str, RuleSetting] = field(default_factory=dict)
    overrides: list[FileOverride] = field(default_factory=list)
    benchmarks: dict[str, dict[str, Any]] = field(default_factory=dict)
    archetypes: dict[str, Any] = field(default_factory=dict)  # id -> Archetype, later layers win
    stack: list[str] = field(default_factory=list)
    # Every configuration file read (the file and what it extends): outputs never replace them.
    files: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.settings = {
            name: RuleSetting(spec.default_severity, spec.default_options())
            for name, spec in RULES.items()
        }

    # -- documents

    def apply(self, document: _Document) -> None:
        data = document.data
        for key in data:
            if key not in _TOP_KEYS:
                raise document.error(
                    (key,),
                    f"unknown key {key!r}{_did_you_mean(key, _TOP_KEYS)}"
                    f" (a configuration has {', '.join(_TOP_KEYS)})",
                    at_key=True,
                )
        if "extends" in data:
            self._extends(document, data["extends"])
        if "categories" in data:
            self._categories(document, data["categories"])
        if "rules" in data:
            rules = data["rules"]
            if rules is not None and not isinstance(rules, dict):
                raise document.error(
                    ("rules",),
                    "rules: takes a mapping of rule name to "
                    "off, info, warning, error or {severity, options}",
                )
            for rule, value in (rules or {}).items():
                severity, options = self._rule_value(
                    document,
                    ("rules", rule),
                    rule,
                    value,
                    self.settings[self._known_rule(document, ("rules", rule), rule)].options,
                )
                current = self.settings[rule]
                self.settings[rule] = RuleSetting(
                    current.severity
                    if severity is None
                    else (None if severity == OFF else severity),  # type: ignore[arg-type]
                    options if options is not None else current.options,
                )
        if "overrides" in data:
            self._overrides(document, data["overrides"])
        if "benchmarks" in data:
            self._benchmarks(document, data["benchmarks"])
        if "archetypes" in data:
            self._archetypes(document, data["archetypes"])

    def _archetypes(self, document: _Document, value: Any) -> None:
        """A company's own role archetypes, used for `type:` and title inference."""
        from csorg_cli.model.catalogue import (
            Catalogue,
            CatalogueError,
            parse_custom_archetype,
        )

        if value is None:
            return
        if not isinstance(value, dict):
            raise document.error(
                ("archetypes",),
                "archetypes: takes a mapping of archetype id to {function, level, coverage, "
                "synonyms, ...}",
            )
        for key, entry in value.items():
            try:
                archetype = parse_custom_archetype(str(key), entry, "archetypes")
            except CatalogueError as error:
                message = str(error).removeprefix("archetypes: ")
                raise document.error(("archetypes", key), message, at_key=True) from None
            self.archetypes[archetype.id] = archetype
        try:  # a synonym of two company archetypes reading alike is refused here, not later
            Catalogue.load().with_custom(self.archetypes.values())
        except CatalogueError as error:
            raise document.error(("archetypes",), str(error), at_key=True) from None

    def _extends(self, document: _Document, value: Any) -> None:
        items = value if isinstance(value, list) else [value]
        for index, item in enumerate(items):
            path: DocPath = ("extends", index) if isinstance(value, list) else ("extends",)
            if not isinstance(item, str) or not item.strip():
                raise document.error(
                    path,
                    "extends: takes a preset name ("
                    + ", ".join(PRESETS)
                    + ") or a path to another configuration file",
                )
            if len(self.stack) >= _MAX_EXTENDS_DEPTH:
                raise document.error(
                    path, f"extends: nests more than {_MAX_EXTENDS_DEPTH} files deep"
                )
            is_file = "/" in item or "\\" in item or item.endswith((".yaml", ".yml"))
            if not is_file:
                if item not in PRESETS:
                    raise document.error(
                        path,
                        f"unknown preset {item!r}"
                        f"{_did_you_mean(item, PRESETS)} (presets: "
                        f"{', '.join(PRESETS)}; a file path needs a / or a "
                        ".yaml suffix)",
                    )
                key = f"preset:{item}"
                if key in self.stack:
                    raise document.error(path, f"extends: {item} extends itself")
                self.stack.append(key)
                self.apply(_read_preset(item))
                self.stack.pop()
                continue
            target = (document.base / item).resolve()
            key = str(target)
            if key in self.stack:
                raise document.error(
                    path,
                    f"extends: {item} is already being read (a configuration cannot extend itself)",
                )
            if not target.is_file():
                raise document.error(
                    path, f"extends: {item}: no such file (relative to {_display(document.base)})"
                )
            self.stack.append(key)
            self.files.append(key)
            self.apply(_read_file(target, _display(target), (document, path)))
            self.stack.pop()

    def _categories(self, document: _Document, value: Any) -> None:
        if not isinstance(value, dict):
            raise document.error(
                ("categories",),
                "categories: takes a mapping of category "
                '(or "*") to a severity, off, default or {from: to}',
            )
        known = _categories()
        named = [c for c in value if c != "*"]
        for category in named:
            if category not in known:
                raise document.error(
                    ("categories", category),
                    f"unknown category {category!r}"
                    f"{_did_you_mean(category, known)} (categories: "
                    f"{', '.join(known)})",
                    at_key=True,
                )
        order = (["*"] if "*" in value else []) + named
        for category in order:
            change = value[category]
            path: DocPath = ("categories", category)
            for rule, spec in RULES.items():
                if category == "*" and spec.category in named:
                    continue
                if category != "*" and spec.category != category:
                    continue
                current = self.settings[rule]
                new = self._category_change(
                    document, path, change, current.severity, spec.default_severity
                )
                self.settings[rule] = RuleSetting(new, current.options)
            if not RULES:  # still validate the value when no rule matched
                self._category_change(document, path, change, None, Severity.ERROR)

    def _category_change(
        self,
        document: _Document,
        path: DocPath,
        change: Any,
        current: Severity | None,
        default: Severity,
    ) -> Severity | None:
        if isinstance(change, str):
            if change == "default":
                return default
            return _severity_word(document, path, change)
        if isinstance(change, dict):
            for source in change:
                if source not in _SEVERITY_WORDS:
                    raise document.error(
                        (*path, source),
                        f"{source!r} is not a severity{_did_you_mean(source, _SEVERITY_WORDS)}",
                        at_key=True,
                    )
            words = {k: _severity_word(document, (*path, k), v) for k, v in change.items()}
            key = "off" if current is None else current.value
            return words.get(key, current)
        raise document.error(
            path,
            "a category takes off, info, warning, error, default, or a "
            "mapping such as {warning: error, info: warning}",
        )

    def _known_rule(self, document: _Document, path: DocPath, rule: Any) -> str:
        if not isinstance(rule, str) or rule not in RULES:
            raise document.error(
                path,
                f"unknown rule {rule!r}{_did_you_mean(rule, RULES)} (csorg rules lists them)",
                at_key=True,
            )
        return rule

    def _rule_value(
        self, document: _Document, path: DocPath, rule: str, value: Any, base_options: BaseModel
    ) -> tuple[Severity | str | None, BaseModel | None]:
        """(severity or OFF or None when unchanged, validated options or None when unchanged)."""
        spec = RULES[rule]
        if isinstance(value, str) or value is None or isinstance(value, bool):
            if not isinstance(value, str):
                raise document.error(
                    path,
                    f"rule {rule}: takes off, info, warning, error or "
                    f"{{severity, options}}, not {value!r}",
                )
            word = _severity_or_off(document, path, value)
            _refuse_to_lower(document, path, rule, word)
            return word, None
        if not isinstance(value, dict):
            raise document.error(
                path, f"rule {rule}: takes off, info, warning, error or {{severity, options}}"
            )
        for key in value:
            if key not in _RULE_KEYS:
                raise document.error(
                    (*path, key),
                    f"rule {rule}: unknown key {key!r}"
                    f"{_did_you_mean(key, _RULE_KEYS)} (a rule takes severity "
                    "and options)",
                    at_key=True,
                )
        severity: Severity | str | None = None
        if "severity" in value:
            if not isinstance(value["severity"], str):
                raise document.error(
                    (*path, "severity"),
                    f"rule {rule}: severity takes off, "
                    f"info, warning or error, not {value['severity']!r}",
                )
            severity = _severity_or_off(document, (*path, "severity"), value["severity"])
            _refuse_to_lower(document, (*path, "severity"), rule, severity)
        options: BaseModel | None = None
        if "options" in value and value["options"] is not None:
            options = _validate_options(
                document, (*path, "options"), spec.options, rule, value["options"], base_options
            )
        return severity, options

    def _overrides(self, document: _Document, value: Any) -> None:
        if not isinstance(value, list):
            raise document.error(
                ("overrides",), "overrides: takes a list of {files: [globs], rules: {...}}"
            )
        for index, entry in enumerate(value):
            path: DocPath = ("overrides", index)
            if not isinstance(entry, dict):
                raise document.error(
                    path, "an override is a mapping {files: [globs], rules: {...}}"
                )
            for key in entry:
                if key not in _OVERRIDE_KEYS:
                    raise document.error(
                        (*path, key),
                        f"unknown key {key!r} in an override"
                        f"{_did_you_mean(key, _OVERRIDE_KEYS)} (it takes files "
                        "and rules)",
                        at_key=True,
                    )
            if "files" not in entry:
                raise document.error(path, "an override needs files: [globs]")
            files = entry["files"]
            globs = files if isinstance(files, list) else [files]
            if not globs or not all(isinstance(g, str) and g.strip() for g in globs):
                raise document.error(
                    (*path, "files"),
                    "files: takes a glob or a list of globs (relative to this configuration file)",
                )
            rules = entry.get("rules") or {}
            if not isinstance(rules, dict):
                raise document.error(
                    (*path, "rules"),
                    "rules: takes a mapping of rule name to "
                    "off, info, warning, error or {severity, options}",
                )
            changes: dict[str, RuleOverride] = {}
            for rule, rule_value in rules.items():
                rule_path: DocPath = (*path, "rules", rule)
                self._known_rule(document, rule_path, rule)
                severity, options = self._rule_value(
                    document, rule_path, rule, rule_value, RULES[rule].default_options()
                )
                raw_options = (
                    dict(rule_value.get("options") or {}) if isinstance(rule_value, dict) else {}
                )
                changes[rule] = RuleOverride(severity, raw_options if options is not None else {})
            self.overrides.append(FileOverride(tuple(globs), changes, document.base))

    def _benchmarks(self, document: _Document, value: Any) -> None:
        from csorg_cli.model.benchmarks import BenchmarkError, Benchmarks

        if not isinstance(value, dict):
            raise document.error(
                ("benchmarks",),
                "benchmarks: takes a mapping of benchmark key to {value, min, max} or a number",
            )
        defaults = Benchmarks.load()
        for key, override in value.items():
            path: DocPath = ("benchmarks", key)
            try:
                defaults.with_overrides({key: override})
            except BenchmarkError as error:
                at_key = str(key) not in defaults
                raise document.error(path, str(error), at_key=at_key) from None
            fields = override if isinstance(override, dict) else {"value": override}
            merged = {**self.benchmarks.get(str(key), {}), **fields}
            try:
                defaults.with_overrides({key: merged})
            except BenchmarkError as error:  # e.g. min from one layer above max from another
                raise document.error(path, str(error)) from None
            self.benchmarks[str(key)] = merged

    def build(self, source: str | None) -> RuleConfig:
        benchmarks = None
        if self.benchmarks:
            from csorg_cli.model.benchmarks import Benchmarks

            benchmarks = Benchmarks.load().with_overrides(self.benchmarks)
        catalogue = None
        if self.archetypes:
            from csorg_cli.model.catalogue import Catalogue

            catalogue = Catalogue.load().with_custom(self.archetypes.values())
        return RuleConfig(
            settings=dict(self.settings),
            benchmarks=benchmarks,
            catalogue=catalogue,
            overrides=tuple(self.overrides),
            source=source,
            files=tuple(self.files),
        )


def _refuse_to_lower(
    document: _Document, path: DocPath, rule: str, severity: Severity | str
) -> None:
    """A file that cannot be read can never pass: say so rather than ignore the setting."""
    if rule in ALWAYS_ERRORS and severity != Severity.ERROR:
        raise document.error(
            path,
            f"rule {rule} is always an error and cannot be set to {_word(severity)}: a file "
            "that cannot be read cannot be checked (remove this setting)",
        )


def _word(severity: Severity | str) -> str:
    return severity.value if isinstance(severity, Severity) else str(severity)


def _severity_word(document: _Document, path: DocPath, word: Any) -> Severity | None:
    if not isinstance(word, str) or word.lower() not in _SEVERITY_WORDS:
        raise document.error(
            path,
            f"{word!r} is not a severity"
            f"{_did_you_mean(word, _SEVERITY_WORDS)} (off, info, warning, "
            "error)",
        )
    return None if word.lower() == "off" else Severity(word.lower())


def _severity_or_off(document: _Document, path: DocPath, word: str) -> Severity | str:
    severity = _severity_word(document, path, word)
    return OFF if severity is None else severity


def _validate_options(
    document: _Document, path: DocPath, model: type[BaseModel], rule: str, raw: Any, base: BaseModel
) -> BaseModel:
    if not isinstance(raw, dict):
        raise document.error(path, f"rule {rule}: options: takes a mapping")
    accepted: set[str] = set()
    for name, info in model.model_fields.items():
        accepted.add(name)
        if info.alias:
            accepted.add(info.alias)
    for key in raw:
        if key not in accepted:
            known = sorted(model.model_fields)
            listing = ", ".join(known) if known else "none"
            raise document.error(
                (*path, key),
                f"rule {rule}: unknown option {key!r}"
                f"{_did_you_mean(key, accepted)} (options: {listing})",
                at_key=True,
            )
    try:
        return model.model_validate({**base.model_dump(by_alias=True), **raw})
    except ValidationError as error:
        first = error.errors()[0]
        loc = tuple(first.get("loc", ()))
        where: DocPath = (*path, *loc) if loc and str(loc[0]) in raw else path
        option = format_path(loc) if loc else "options"
        raise document.error(where, f"rule {rule}: option {option}: {first['msg']}") from None


def load_preset(name: str) -> RuleConfig:
    """The configuration of a built-in preset (``recommended``, ``strict``, ``minimal``)."""
    if name not in PRESETS:
        raise ConfigError(
            f"<preset {name}>", 1, 1, f"unknown preset {name!r}{_did_you_mean(name, PRESETS)}"
        )
    builder = _Builder(stack=[f"preset:{name}"])
    builder.apply(_read_preset(name))
    return builder.build(f"<preset {name}>")


def load_config(path: Path | str | None) -> RuleConfig:
    """The configuration in ``path`` with everything it extends; the defaults when None.

    Raises :class:`ConfigError` (file, line, column, message) for any mistake.
    """
    if path is None:
        return RuleConfig()
    path = Path(path)
    display = _display(path.resolve()) if path.is_absolute() else str(path)
    builder = _Builder(stack=[str(path.resolve())], files=[str(path.resolve())])
    builder.apply(_read_file(path, display, None))
    return builder.build(display)
