"""`csorg rules`: the rules csorg runs, and `csorg rules explain NAME` for one of them."""

from __future__ import annotations

import json
import sys
from typing import TYPE_CHECKING

import typer

from csorg_cli.cli import completion
from csorg_cli.cli.common import CONFIG_OPTION, NO_CONFIG_OPTION

if TYPE_CHECKING:
    from csorg_cli.checking import CheckSettings

NAME = "rules"
HELP = """List every rule with its category, default severity and summary, or explain one.

`csorg rules explain NAME` prints the rule's documentation, its severity and options, and the benchmarks behind them with their public sources (and years). Those are the ones in force: the configuration that validate would use (--config, else $CSORG_CONFIG, else the nearest .csorg.yaml; --no-config for the packaged defaults), whose benchmark overrides are marked as such.

Examples:

  csorg rules

  csorg rules --format json

  csorg rules explain span-of-control
"""


def command(
    words: list[str] | None = typer.Argument(
        None,
        metavar="[explain NAME]",
        autocompletion=completion.rules_words,
        help="`explain NAME` explains one rule.",
    ),
    output_format: str = typer.Option(
        "text",
        "--format",
        "-f",
        autocompletion=completion.choices("text", "json"),
        help="text or json.",
    ),
    config_file: str | None = CONFIG_OPTION,
    no_config: bool = NO_CONFIG_OPTION,
) -> None:
    from csorg_cli.cli.common import check_settings, fail

    if output_format not in ("text", "json"):
        fail(f"--format takes text or json, not {output_format!r}")
    words = list(words or [])
    if words and words[0] == "list":
        words = words[1:]
        if words:
            fail(f"`csorg rules list` takes no arguments, got {' '.join(words)!r}")
    if not words:
        _list(output_format)
        return
    if words[0] == "explain":
        if len(words) != 2:
            fail("usage: csorg rules explain NAME (one rule name; `csorg rules` lists them)")
        _explain(words[1], output_format, check_settings(config_file, no_config))
        return
    if len(words) == 1:
        # `csorg rules span-of-control` reads the same
        _explain(words[0], output_format, check_settings(config_file, no_config))
        return
    fail(f"unknown arguments {' '.join(words)!r}; usage: csorg rules [explain NAME]")


def _list(output_format: str) -> None:
    from csorg_cli.docs_gen import rules_in_order

    specs = rules_in_order()
    if output_format == "json":
        rows = [
            {
                "name": s.name,
                "category": s.category,
                "default_severity": s.default_severity.value,
                "summary": s.summary,
            }
            for s in specs
        ]
        sys.stdout.write(json.dumps(rows, indent=2) + "\n")
        return
    width = max(len(s.name) for s in specs)
    for spec in specs:
        print(
            f"{spec.name:<{width}}  {spec.category:<9}  {spec.default_severity.value:<7}  "
            f"{spec.summary}"
        )
    print(f"\n{len(specs)} rules; `csorg rules explain NAME` for one of them")


def _explain(name: str, output_format: str, settings: CheckSettings) -> None:
    from csorg_cli.cli.common import fail
    from csorg_cli.docs_gen import band_text, benchmark_rows, option_rows
    from csorg_cli.rules import RULES
    from csorg_cli.suggest import did_you_mean

    spec = RULES.get(name)
    if spec is None:
        suggestion = did_you_mean(name, RULES)
        fail(
            f"no rule named {name!r}"
            + (f"; {suggestion}" if suggestion else "")
            + " (`csorg rules` lists them)"
        )
    config = settings.config
    benchmarks = settings.benchmarks
    options = option_rows(spec, benchmarks, config.options(spec))
    sources = benchmark_rows(spec, benchmarks)
    severity = config.severity(spec.name)
    severity_word = severity.value if severity is not None else "off"
    if output_format == "json":
        document = {
            "name": spec.name,
            "category": spec.category,
            "default_severity": spec.default_severity.value,
            # What a run with this configuration uses (None: the packaged defaults).
            "config": config.source,
            "severity": severity_word,
            "summary": spec.summary,
            "doc": spec.doc,
            "options": [
                {
                    "name": o.name,
                    "type": o.type,
                    "default": o.default,
                    "benchmark": o.benchmark,
                    "description": o.description,
                }
                for o in options
            ],
            "benchmarks": [
                {
                    "key": b.key,
                    "value": b.value,
                    "min": b.min,
                    "max": b.max,
                    "source": b.source,
                    "year": b.year,
                    "url": b.url,
                    "note": b.note,
                }
                for b in sources
            ],
        }
        sys.stdout.write(json.dumps(document, indent=2) + "\n")
        return
    configured = f" in {config.source}" if config.source else ""
    out = [
        f"{spec.name} ({spec.category}, default severity: {spec.default_severity.value})",
        "",
        spec.doc,
        "",
    ]
    if config.source:
        out += [f"Configuration in force: {config.source} (severity: {severity_word})", ""]
    out.append(f"Options{configured}:")
    if options:
        for option in options:
            label = "value" if config.source else "default"
            out.append(f"  {option.name} ({option.type}), {label}: {option.default}")
            if option.description:
                out.append(f"      {option.description}")
    else:
        out.append("  none")
    if sources:
        out += [
            "",
            f"Benchmarks in force{configured}:"
            if config.benchmarks
            else "Benchmarks behind the defaults:",
        ]
        for benchmark in sources:
            year = benchmark.year if benchmark.year is not None else "undated"
            out.append(f"  {benchmark.key}: {band_text(benchmark)}")
            out.append(f"      source: {benchmark.source} ({year})")
            if benchmark.url:
                out.append(f"      url: {benchmark.url}")
            if benchmark.note:
                out.append(f"      note: {benchmark.note}")
    out += ["", f"Configure it in .csorg.yaml: rules: {{{spec.name}: off|info|warning|error}}"]
    print("\n".join(out))
