"""`csorg init`: write a starter org-definition repository from a template."""

from __future__ import annotations

import typer

from csorg_cli.cli import completion

NAME = "init"
HELP = """Write a starter org-definition repository: org.yaml, config, pre-commit hook and CI.

Templates follow the structures of the background documents: startup, segmented, strategic-scaled and digital-led. Writes org.yaml, csorg.schema.json (editor completion), .csorg.yaml (extends: recommended), .pre-commit-config.yaml (hook csorg-validate) and .github/workflows/csorg.yml (validate, render, report). Never overwrites a file: when any exists, nothing is written (exit 2).

Examples:

  csorg init --list

  csorg init --template segmented my-cs-org
"""


def command(
    directory: str = typer.Argument(
        ".", metavar="[DIR]", help="Where to write the files (created if missing)."
    ),
    template: str | None = typer.Option(
        None,
        "--template",
        "-t",
        autocompletion=completion.template_names,
        help="Template name (see --list).",
    ),
    list_templates: bool = typer.Option(
        False, "--list", "-l", help="List the templates, one line each, and exit."
    ),
) -> None:
    from csorg_cli.cli.common import fail
    from csorg_cli.templates import InitError, init_repo, templates

    if list_templates:
        available = templates()
        width = max(len(t.name) for t in available)
        for item in available:
            print(f"{item.name:<{width}}  {item.summary}")
        return
    if template is None:
        fail("choose a template with --template NAME (csorg init --list shows them)")
    try:
        written = init_repo(template, directory)
    except InitError as error:
        fail(str(error))
    for path in written:
        print(f"wrote {path}")
    print(f"next: csorg validate {directory.rstrip('/') + '/' if directory != '.' else ''}org.yaml")
