"""`csorg archetypes`: the role catalogue that types are inferred from."""

from __future__ import annotations

import json
import sys

import typer

NAME = "archetypes"
HELP = """List the role archetypes: id, function, whether seats count as coverage, synonyms.

A role's `type:` is one of these ids; when it is omitted, csorg infers it from the title.

Examples:

  csorg archetypes

  csorg archetypes --format json
"""


def command(
    output_format: str = typer.Option("text", "--format", "-f", help="text or json."),
) -> None:
    from csorg_cli.cli.common import fail
    from csorg_cli.model.catalogue import Catalogue

    catalogue = Catalogue.load()
    if output_format == "json":
        rows = [
            {
                "id": a.id,
                "name": a.name,
                "function": a.function,
                "coverage": a.coverage,
                "level": a.level,
                "responsibilities": list(a.responsibilities),
                "synonyms": list(a.synonyms),
                "description": a.description,
            }
            for a in catalogue
        ]
        sys.stdout.write(json.dumps(rows, indent=2) + "\n")
        return
    if output_format != "text":
        fail(f"--format takes text or json, not {output_format!r}")
    from rich.console import Console
    from rich.table import Table

    table = Table(title="Role archetypes", show_lines=False)
    for column in ("id", "function", "coverage", "synonyms"):
        table.add_column(column, overflow="fold")
    for archetype in catalogue:
        table.add_row(
            archetype.id,
            archetype.function,
            "yes" if archetype.coverage else "",
            ", ".join(archetype.synonyms[:4]) + (" ..." if len(archetype.synonyms) > 4 else ""),
        )
    Console().print(table)
