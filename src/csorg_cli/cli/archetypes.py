"""`csorg archetypes`: the role catalogue that types are inferred from, and how a title reads."""

from __future__ import annotations

import json
import sys
from typing import TYPE_CHECKING

import typer

from csorg_cli.cli import completion
from csorg_cli.cli.common import CONFIG_OPTION, NO_CONFIG_OPTION

if TYPE_CHECKING:
    from csorg_cli.model.catalogue import Archetype, Catalogue

NAME = "archetypes"
HELP = """List the role archetypes (id, function, level, coverage, synonyms), show one, or explain
how a job title is read.

A role's `type:` is one of these ids; when it is omitted, csorg infers it from the title: the
function from the words of the job, the level from seniority words (Chief, VP, Head, Director,
Manager, Lead). `csorg archetypes explain TITLE` shows how a title is read and why. In an org
file the reporting tree then checks the level: someone with reports leads at least a team, and a
manager of managers leads managers.
Company archetypes declared under `archetypes:` in the configuration are listed first.

Examples:

  csorg archetypes

  csorg archetypes --format json

  csorg archetypes csm

  csorg archetypes explain "Director of Renewals"

  csorg archetypes explain "Manager, Onboarding" --format json
"""


def command(
    words: list[str] | None = typer.Argument(
        None,
        metavar="[ID | explain TITLE]",
        autocompletion=completion.archetype_ids,
        help="An archetype id shows that archetype; `explain TITLE` shows how a title is read.",
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
    from csorg_cli.model.catalogue import Catalogue

    if output_format not in ("text", "json"):
        fail(f"--format takes text or json, not {output_format!r}")
    words = list(words or [])
    catalogue = check_settings(config_file, no_config).config.catalogue or Catalogue.load()
    if words and words[0] == "explain":
        title = " ".join(words[1:]).strip()
        if not title:
            fail('usage: csorg archetypes explain TITLE (quote it: "VP Customer Support")')
        _explain(catalogue, title, output_format)
        return
    if len(words) > 1:
        fail(f"unknown arguments {' '.join(words)!r}; usage: csorg archetypes [ID | explain TITLE]")
    chosen = list(catalogue)
    if words:
        archetype_id = words[0]
        found = catalogue.get(archetype_id)
        if found is None:
            from csorg_cli.model.build import did_you_mean

            suggestion = did_you_mean(archetype_id, [a.id for a in catalogue])
            fail(
                f"no archetype {archetype_id!r}"
                + (f"; {suggestion}" if suggestion else "")
                + " (`csorg archetypes` lists them)"
            )
        chosen = [found]
    if output_format == "json":
        rows = [
            {
                "id": a.id,
                "name": a.name,
                "function": a.function,
                "in_cs_org": a.in_cs,
                "coverage": a.coverage,
                "coverage_kind": a.coverage_kind,
                "level": a.level,
                "responsibilities": list(a.responsibilities),
                "synonyms": list(a.synonyms),
                "description": a.description,
            }
            for a in chosen
        ]
        sys.stdout.write(json.dumps(rows, indent=2) + "\n")
        return
    if words:
        _describe(chosen[0])
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(title="Role archetypes", show_lines=False)
    for column in ("id", "function", "level", "coverage", "synonyms"):
        table.add_column(column, overflow="fold")
    for archetype in catalogue:
        function = archetype.function if archetype.in_cs else f"{archetype.function} (outside CS)"
        table.add_row(
            archetype.id,
            function,
            archetype.level,
            "" if archetype.coverage_kind == "none" else archetype.coverage_kind,
            ", ".join(archetype.synonyms[:4]) + (" ..." if len(archetype.synonyms) > 4 else ""),
        )
    Console().print(table)


def _describe(archetype: Archetype) -> None:
    """One archetype, as plain lines (it is read, not scanned)."""
    where = "" if archetype.in_cs else " (outside the CS org)"
    print(f"{archetype.id}: {archetype.name}")
    print(
        f"  function: {archetype.function}{where}; level: {archetype.level}; coverage: "
        f"{archetype.coverage_kind}"
    )
    if archetype.responsibilities:
        print(f"  responsibilities: {', '.join(archetype.responsibilities)}")
    if archetype.synonyms:
        print(f"  synonyms: {', '.join(archetype.synonyms)}")
    if archetype.description:
        print(f"  {archetype.description.strip()}")


def _explain(catalogue: Catalogue, title: str, output_format: str) -> None:
    reading = catalogue.read(title)
    if output_format == "json":
        sys.stdout.write(json.dumps(reading.to_dict(), indent=2) + "\n")
        return
    archetype = reading.archetype
    lines = [f"{title!r}", f"  read as:   {' '.join(reading.words) or '(no words)'}"]
    if archetype is None:
        lines.append("  archetype: none: the title cannot be placed")
        closest = catalogue.closest(title)
        if closest:
            lines.append("  closest:   " + ", ".join(a.id for a in closest))
        lines.append("  set `type:` on the role to say what it is (`csorg archetypes` lists them)")
    else:
        where = "in the CS org" if archetype.in_cs else "outside the CS org"
        lines += [
            f"  archetype: {archetype.id} ({archetype.name})",
            f"  function:  {archetype.function} ({where})",
        ]
    lines.append(f"  level:     {reading.level}")
    if archetype is not None:
        lines.append(f"  coverage:  {'yes' if reading.coverage else 'no'}")
    lines.append("  why:")
    lines += [f"    - {reason}" for reason in reading.reasons]
    lines.append(
        "  in an org file the tree checks the level: a role with reports leads at least a team, "
        "one with managers under it leads managers"
    )
    sys.stdout.write("\n".join(lines) + "\n")
