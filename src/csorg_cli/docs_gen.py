"""Generate docs/rules/ from the rule registry: one page per rule and an index.

Run ``python -m csorg_cli.docs_gen`` to rewrite docs/rules/, or ``--check`` to fail (exit 1) when
the committed pages differ from what the registry produces; tests/test_docs_drift.py does the
same. ``csorg rules explain`` uses the same option and benchmark descriptions, so the terminal and
the docs never disagree.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import types
import typing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from csorg_cli.model.benchmarks import Benchmark, Benchmarks
from csorg_cli.rules import RULES
from csorg_cli.rules.base import RuleSpec
from csorg_cli.rules.thresholds import Band, option_benchmarks, rule_benchmarks

REGENERATE = "python -m csorg_cli.docs_gen"
CATEGORY_ORDER = ("integrity", "structure", "coverage", "functions", "naming", "book")


@dataclass(frozen=True)
class OptionRow:
    """One option of a rule, as documented."""

    name: str
    type: str
    default: str
    description: str
    benchmark: str | None


def _type_name(annotation: Any) -> str:
    origin = typing.get_origin(annotation)
    args = [a for a in typing.get_args(annotation) if a is not type(None)]
    if origin in (typing.Union, types.UnionType):
        inner = " or ".join(_type_name(a) for a in args)
        return inner
    if origin is typing.Literal:
        return "one of " + ", ".join(str(a) for a in typing.get_args(annotation))
    if origin is list:
        return f"list of ({_type_name(args[0])})" if args else "list"
    if annotation is Band:
        return "band {min, max}"
    names = {bool: "boolean", int: "integer", float: "number", str: "text"}
    return names.get(annotation, getattr(annotation, "__name__", str(annotation)))


def option_rows(
    spec: RuleSpec, benchmarks: Benchmarks, values: BaseModel | None = None
) -> list[OptionRow]:
    """The options of a rule with their defaults (or the configured ``values``); an option that
    follows a benchmark shows the benchmark's numbers."""
    linked = option_benchmarks(spec.options)
    defaults = values if values is not None else spec.options()
    rows: list[OptionRow] = []
    for name, info in spec.options.model_fields.items():
        key = linked.get(name)
        value = getattr(defaults, name)
        if key is not None and value is None:
            default = f"benchmark {key}: {band_text(benchmarks.get(key))}"
        elif isinstance(value, BaseModel):
            default = json.dumps(value.model_dump())
        else:
            default = json.dumps(value)
        rows.append(
            OptionRow(name, _type_name(info.annotation), default, info.description or "", key)
        )
    return rows


def band_text(benchmark: Benchmark) -> str:
    """The numbers of a benchmark without its source: ``5-10 (target 7)``."""
    text = benchmark.describe()
    return text[: text.rindex(" [")] if " [" in text else text


def benchmark_rows(spec: RuleSpec, benchmarks: Benchmarks) -> list[Benchmark]:
    """The benchmarks behind a rule's defaults, in the order the rule names them."""
    return [benchmarks.get(key) for key in rule_benchmarks(spec)]


def rules_in_order() -> list[RuleSpec]:
    """Every registered rule, by category in documentation order, then registry order."""
    rank = {category: i for i, category in enumerate(CATEGORY_ORDER)}
    return sorted(RULES.values(), key=lambda spec: rank.get(spec.category, len(rank)))


# --- markdown --------------------------------------------------------------------------------

_LITERAL_BLOCK = re.compile(r"::\s*$")


def docstring_markdown(doc: str) -> str:
    """A rule docstring (reST-ish: ``Bad::`` and an indented block) as Markdown."""
    lines = doc.splitlines()
    out: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        if _LITERAL_BLOCK.search(line) and line.strip() != "::":
            lead = _LITERAL_BLOCK.sub("", line).rstrip().replace("``", "`")
            out.append(f"**{lead}:**" if lead and " " not in lead.strip() else f"{lead}:")
            i += 1
            block: list[str] = []
            while i < len(lines) and (not lines[i].strip() or lines[i].startswith((" ", "\t"))):
                block.append(lines[i])
                i += 1
            while block and not block[-1].strip():
                block.pop()
            while block and not block[0].strip():
                block.pop(0)
            indent = min((len(b) - len(b.lstrip()) for b in block if b.strip()), default=0)
            out.append("")
            out.append("```yaml")
            out.extend(b[indent:] for b in block)
            out.append("```")
            out.append("")
            continue
        out.append(line.replace("``", "`"))
        i += 1
    return "\n".join(out).strip() + "\n"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def rule_page(spec: RuleSpec, benchmarks: Benchmarks) -> str:
    """The Markdown page of one rule."""
    doc_body = "\n".join(spec.doc.splitlines()[1:]).strip()
    parts = [
        f"# {spec.name}",
        "",
        f"{spec.summary}",
        "",
        f"- Category: {spec.category}",
        f"- Default severity: {spec.default_severity.value}",
        f"- Runs: {'as a check over the org' if spec.check else 'in the loader or model builder'}",
        "",
    ]
    if doc_body:
        parts += [docstring_markdown(doc_body)]
    rows = option_rows(spec, benchmarks)
    parts += ["## Options", ""]
    if rows:
        parts += ["| option | type | default | description |", "|---|---|---|---|"]
        parts += [
            f"| `{r.name}` | {_cell(r.type)} | {_cell(r.default)} | {_cell(r.description)} |"
            for r in rows
        ]
    else:
        parts += ["None."]
    parts += [""]
    sources = benchmark_rows(spec, benchmarks)
    if sources:
        parts += [
            "## Benchmarks behind the defaults",
            "",
            "| benchmark | numbers | source | year | link |",
            "|---|---|---|---|---|",
        ]
        parts += [
            f"| `{b.key}` | {_cell(band_text(b))} | {_cell(b.source)} | "
            f"{b.year if b.year is not None else 'undated'} | "
            f"{f'<{b.url}>' if b.url else 'not public'} |"
            for b in sources
        ]
        parts += [""]
        notes = [f"- `{b.key}`: {b.note}" for b in sources if b.note]
        if notes:
            parts += [*notes, ""]
        parts += [
            "Benchmarks can be overridden in configuration; a rule option set for this "
            "rule wins over both.",
            "",
        ]
    from csorg_cli.rules.engine import ALWAYS_ERRORS

    if spec.name in ALWAYS_ERRORS:
        configuration = [
            "Always an error: configuration, `# csorg: disable` comments and baselines do not "
            "change or hide it (a file that cannot be read, or a crash, must never pass).",
        ]
    else:
        configuration = [
            "```yaml",
            "rules:",
            f"  {spec.name}: {spec.default_severity.value}    # or off, info, warning, error",
            "```",
        ]
    parts += [
        "## Configuration",
        "",
        *configuration,
        "",
        f"<!-- generated by `{REGENERATE}`; do not edit -->",
        "",
    ]
    return "\n".join(parts)


def index_page(specs: list[RuleSpec]) -> str:
    """docs/rules/README.md: every rule with its category, default severity and summary."""
    parts = [
        "# csorg rules",
        "",
        "Every rule csorg runs, generated from the registry (`csorg rules` prints the same "
        "list). Integrity rules find definitions that are broken or contradictory and "
        "default to error; the others judge the health of a design against public "
        "benchmarks and default to warning or info.",
        "",
        "| rule | category | default severity | summary |",
        "|---|---|---|---|",
    ]
    for spec in specs:
        parts.append(
            f"| [{spec.name}]({spec.name}.md) | {spec.category} | "
            f"{spec.default_severity.value} | {_cell(spec.summary)} |"
        )
    parts += ["", f"<!-- generated by `{REGENERATE}`; do not edit -->", ""]
    return "\n".join(parts)


def generate(benchmarks: Benchmarks | None = None) -> dict[str, str]:
    """File name -> content of every page of docs/rules/."""
    benchmarks = benchmarks or Benchmarks.load()
    specs = rules_in_order()
    pages = {f"{spec.name}.md": rule_page(spec, benchmarks) for spec in specs}
    pages["README.md"] = index_page(specs)
    return pages


def drift(directory: Path) -> list[str]:
    """Pages in ``directory`` that are missing, stale, or no longer generated."""
    pages = generate()
    problems = []
    for name, text in pages.items():
        path = directory / name
        if not path.is_file():
            problems.append(f"{path}: missing")
        elif path.read_text(encoding="utf-8") != text:
            problems.append(f"{path}: out of date")
    if directory.is_dir():
        problems += [
            f"{path}: not generated by any rule"
            for path in sorted(directory.glob("*.md"))
            if path.name not in pages
        ]
    return problems


def default_directory() -> Path:
    """docs/rules/ of the source checkout this module lives in."""
    return Path(__file__).resolve().parents[2] / "docs" / "rules"


def main(argv: list[str] | None = None) -> int:
    """Write docs/rules/ (or check it with ``--check``); returns the exit status."""
    parser = argparse.ArgumentParser(prog="python -m csorg_cli.docs_gen", description=__doc__)
    parser.add_argument("--check", action="store_true", help="fail when the docs are stale")
    parser.add_argument("--directory", type=Path, default=None, help="default: docs/rules/")
    args = parser.parse_args(argv)
    directory: Path = args.directory or default_directory()
    if args.check:
        problems = drift(directory)
        for problem in problems:
            print(problem, file=sys.stderr)
        if problems:
            print(f"docs/rules/ is out of date; run `{REGENERATE}`", file=sys.stderr)
        return 1 if problems else 0
    from csorg_cli.outputs import write_output

    directory.mkdir(parents=True, exist_ok=True)
    pages = generate()
    for stale in directory.glob("*.md"):
        if stale.name not in pages:
            stale.unlink()
    for name, text in pages.items():
        write_output(text, directory / name)
    print(f"wrote {len(pages)} pages to {directory}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
