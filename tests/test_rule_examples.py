"""The Bad and Good examples in every rule's docstring are run: Bad finds the rule, Good does not.

The docstrings are the rule documentation (docs/rules/ and `csorg rules explain`), so an example
that no longer shows what it claims is a documentation bug this test catches. Examples are
excerpts, completed the way a reader would:

- ``csorg: 1`` and ``organization:`` are added when the excerpt has none;
- a manager or segment the excerpt names but does not define is added as a stub (a role with a
  neutral title; a segment of 100 named accounts), and findings about stubs are ignored;
- a ``# path.yaml`` line at the left margin starts another file (the first one is the org file),
  and so does ``# accounts.csv`` (the accounts file of the book rules);
- a block that is a shell command (``csorg ...``) is not a file and is skipped.
"""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import pytest
import yaml

from csorg_cli.checking import check_file
from csorg_cli.diagnostics import Severity
from csorg_cli.rules import RULES
from csorg_cli.rules.engine import RuleConfig

# These rules are about the id an excerpt does not define: their examples get no stubs.
ABOUT_MISSING_IDS = {
    "unknown-manager",
    "unknown-dotted-manager",
    "unknown-segment",
    "unknown-reference",
}
_FILE_MARKER = re.compile(r"^# (\S+\.(?:ya?ml|csv|tsv))\b.*$")
_LITERAL = re.compile(r"^(Bad|Good)(?: \(with ``(.+?)``\))?::\s*$")


def examples(doc: str) -> list[tuple[str, str, str | None]]:
    """The ``Bad::`` and ``Good::`` literal blocks of a docstring, dedented, with the options a
    ``Bad (with ``max_rate: 0.2``)::`` label sets."""
    lines = doc.splitlines()
    out: list[tuple[str, str, str | None]] = []
    index = 0
    while index < len(lines):
        match = _LITERAL.match(lines[index].strip())
        index += 1
        if match is None:
            continue
        block: list[str] = []
        while index < len(lines) and (not lines[index].strip() or lines[index][0] in " \t"):
            block.append(lines[index])
            index += 1
        text = textwrap.dedent("\n".join(block)).strip("\n") + "\n"
        out.append((match.group(1), text, match.group(2)))
    return out


def split_files(text: str) -> dict[str, str]:
    """File name -> text; without markers, the whole excerpt is org.yaml."""
    files: dict[str, list[str]] = {}
    current = "org.yaml"
    for line in text.splitlines(keepends=True):
        marker = _FILE_MARKER.match(line)
        if marker:
            current = marker.group(1)
            files.setdefault(current, [])
            continue
        files.setdefault(current, []).append(line)
    return {name: "".join(lines) for name, lines in files.items() if "".join(lines).strip()}


def _defined_and_named(texts: list[str]) -> tuple[set[str], set[str], set[str], set[str]]:
    roles: set[str] = set()
    managers: set[str] = set()
    segments: set[str] = set()
    served: set[str] = set()
    for text in texts:
        try:
            data = yaml.safe_load(text)
        except yaml.YAMLError:
            continue
        if not isinstance(data, dict):
            continue
        for sid in data.get("segments") or {}:
            segments.add(str(sid))
        for rid, role in (data.get("roles") or {}).items():
            roles.add(str(rid))
            if not isinstance(role, dict):
                continue
            for key in ("reports_to",):
                if isinstance(role.get(key), str):
                    managers.add(role[key])
            managers.update(m for m in role.get("dotted_to") or [] if isinstance(m, str))
            if isinstance(role.get("segment"), str):
                served.add(role["segment"])
    return roles, managers - roles, segments, served - segments


def _insert_under(text: str, key: str, lines: list[str]) -> str:
    """``lines`` appended to the block mapping under the top-level ``key:`` (created if absent)."""
    if not lines:
        return text
    source = text.splitlines(keepends=True)
    start = next((i for i, line in enumerate(source) if line.rstrip() == f"{key}:"), None)
    if start is None:
        return text + f"{key}:\n" + "".join(f"  {line}\n" for line in lines)
    end = start + 1
    while end < len(source) and (not source[end].strip() or source[end][0] in " \t#"):
        end += 1
    stub = "".join(f"  {line}\n" for line in lines)
    return "".join(source[:end]) + stub + "".join(source[end:])


def complete(files: dict[str, str], stub: bool = True) -> tuple[dict[str, str], set[str]]:
    """The excerpt made whole, and the ids of the stub roles added."""
    org = files["org.yaml"]
    _, missing_managers, _, missing_segments = _defined_and_named(list(files.values()))
    if not stub:
        missing_managers, missing_segments = set(), set()
    if not re.search(r"^organization:", org, re.M):
        org = "organization: {name: Acme}\n" + org
    if not re.search(r"^csorg:", org, re.M):
        org = "csorg: 1\n" + org
    # Appended at the end of their blocks, so the excerpt's own lines keep their positions
    # relative to each other (tests never compare line numbers here).
    org = _insert_under(
        org, "roles", [f"{m}: {{title: Customer Success Leader}}" for m in sorted(missing_managers)]
    )
    org = _insert_under(
        org,
        "segments",
        [f"{s}: {{accounts: 100, motion: named}}" for s in sorted(missing_segments)],
    )
    return {**files, "org.yaml": org}, missing_managers


CASES = [
    pytest.param(name, label, text, options, id=f"{name}-{label}-{index}")
    for name, spec in RULES.items()
    for index, (label, text, options) in enumerate(examples(spec.doc))
    if not text.lstrip().startswith("csorg ")
]


def test_every_rule_with_a_check_shows_a_bad_example():
    showing = {values[0] for values in (case.values for case in CASES) if values[1] == "Bad"}
    missing = [
        name for name, spec in RULES.items() if spec.check is not None and name not in showing
    ]
    assert missing == []


@pytest.mark.parametrize(("rule", "label", "text", "options"), CASES)
def test_docstring_example(
    rule: str, label: str, text: str, options: str | None, tmp_path: Path
) -> None:
    spec = RULES[rule]
    config = RuleConfig()
    if options is not None:
        values = spec.options.model_validate(yaml.safe_load("{" + options + "}"))
        config = config.with_rule(rule, spec.default_severity, values)
    files, stubs = complete(split_files(text), stub=rule not in ABOUT_MISSING_IDS)
    for name, content in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, encoding="utf-8")
    result = check_file(tmp_path / "org.yaml", "org.yaml", config)
    about_the_example = [
        d
        for d in result.diagnostics
        if not any(d.path == f"roles.{s}" or d.path.startswith(f"roles.{s}.") for s in stubs)
    ]
    # A Good example is otherwise a valid org: an error of another rule is a mistake in it.
    other_errors = [d for d in about_the_example if d.rule != rule and d.severity is Severity.ERROR]
    about_the_example = [d for d in about_the_example if d.rule == rule]
    shown = "\n".join(
        f"{d.file}:{d.line}:{d.column} [{d.rule}] {d.message}" for d in result.diagnostics
    )
    if label == "Bad":
        assert about_the_example, f"the Bad example of {rule} finds nothing:\n{files}\n{shown}"
    else:
        assert not about_the_example, f"the Good example of {rule} is reported:\n{files}\n{shown}"
        assert not other_errors, f"the Good example of {rule} has errors:\n{files}\n{shown}"
