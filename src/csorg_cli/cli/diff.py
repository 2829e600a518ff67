"""`csorg diff`: what changed between two versions of an org."""

from __future__ import annotations

import typer

from csorg_cli.cli import completion
from csorg_cli.cli.common import CONFIG_OPTION, NO_CONFIG_OPTION

NAME = "diff"
HELP = """Compare two versions of an org, or a planned org with a people export from the HRIS.

Reports roles added, removed, renamed (same role under a new id), moved (new manager) and re-titled; seats and vacancies changed; each segment's accounts, target ratio and coverage before and after; and the diagnostics the change introduced and fixed. Either side may be REV:path to read a file from git (HEAD~1:org.yaml, main:org.yaml). Both sides are checked with the same configuration as validate: --config, else $CSORG_CONFIG, else the nearest .csorg.yaml upward from the working directory. Exit status: 0 no introduced diagnostic at or above --fail-on-new, 1 the new version introduces some, 2 a side cannot be read.

Examples:

  csorg diff old.yaml org.yaml

  csorg diff main:org.yaml org.yaml --format markdown > comment.md

  csorg diff HEAD~1:org.yaml org.yaml --format json --fail-on-new warning

With a people export as NEW (.csv, .tsv, .xlsx; read as `csorg import` reads it), the plan is compared with reality: seats filled that the plan has open, plan vacancies filled, people in roles the plan does not have or beyond its seats, people under a different manager or in a different role, planned people not in the export, and headcount per team that differs. Exit status 1 when they disagree (0 with --fail-on-new none).

  csorg diff org.yaml people.csv

  csorg diff org.yaml bamboohr.xlsx --titles titles.yaml --format markdown
"""


def command(
    old: str = typer.Argument(..., metavar="OLD", help="The earlier version: a file or REV:path."),
    new: str = typer.Argument(..., metavar="NEW", help="The later version: a file or REV:path."),
    output_format: str = typer.Option(
        "text",
        "--format",
        "-f",
        autocompletion=completion.choices("text", "markdown", "json"),
        help="Output format: text, markdown or json.",
    ),
    output: str | None = typer.Option(
        None, "--output", "-o", help="Write to this file (atomically)."
    ),
    fail_on_new: str = typer.Option(
        "error",
        "--fail-on-new",
        help="Exit 1 when NEW introduces a diagnostic at or above "
        "this severity: error, warning, info, or none.",
    ),
    config_file: str | None = CONFIG_OPTION,
    no_config: bool = NO_CONFIG_OPTION,
    mapping: str | None = typer.Option(
        None, "--mapping", "-m", help="With a people export: use this ready mapping."
    ),
    user_map: str | None = typer.Option(
        None, "--map", metavar="FILE|PAIRS", help="With a people export: your column mapping."
    ),
    titles: str | None = typer.Option(
        None, "--titles", metavar="FILE", help="With a people export: your title table."
    ),
    all_departments: bool = typer.Option(
        False, "--all-departments", help="With a people export: compare everyone, not only CS."
    ),
    cs_department: list[str] = typer.Option(
        [],
        "--cs-department",
        help="With a people export: a department that is part of CS (repeatable).",
    ),
) -> None:
    from dataclasses import replace

    from csorg_cli.checking import FileResult, load_checked
    from csorg_cli.cli.common import (
        EXIT_OK,
        EXIT_PROBLEMS,
        check_outputs_or_fail,
        check_settings,
        fail,
        input_files,
        parse_severity,
        write_output_or_fail,
    )
    from csorg_cli.diff import diff_results
    from csorg_cli.diff.git import GitError, git_revision, split_rev
    from csorg_cli.diff.output import FORMATS, render
    from csorg_cli.loading.files import InputError

    if output_format not in FORMATS:
        fail(f"--format takes one of {', '.join(FORMATS)}, not {output_format!r}")
    threshold = (
        None if fail_on_new.lower() == "none" else parse_severity(fail_on_new, "--fail-on-new")
    )
    settings = check_settings(config_file, no_config)
    from csorg_cli.tabular import is_tabular

    if is_tabular(new) and split_rev(new) is None:
        from csorg_cli.hris.importer import ReadOptions
        from csorg_cli.hris.reality import run_reality_diff

        read = ReadOptions(
            mapping=mapping,
            user_map=user_map,
            titles=titles,
            all_departments=all_departments,
            cs_departments=list(cs_department) or None,
        )
        raise typer.Exit(
            run_reality_diff(old, new, read, settings, output_format, output, threshold is None)
        )
    sides = [(old, split_rev(old)), (new, split_rev(new))]
    on_disk = [argument for argument, rev in sides if rev is None and argument != "-"]
    check_outputs_or_fail([output], [*on_disk, *settings.files])
    inputs: list[str] = [*settings.files]

    def load(argument: str, rev: tuple[str, str] | None) -> FileResult:
        try:
            if rev is None:
                result = load_checked(argument, settings)
                inputs.extend(input_files(result))
                return result
            # Read in memory from git: nothing of the revision is ever written to disk.
            files, path = git_revision(*rev)
            in_revision = replace(
                settings, load_options=replace(settings.load_options, files=files)
            )
            return load_checked(path, in_revision, display=argument)
        except (InputError, GitError) as error:
            fail(f"{argument}: {error}" if rev is not None else str(error))

    before = load(*sides[0])
    after = load(*sides[1])
    diff = diff_results(before, after)
    write_output_or_fail(render(diff, output_format), output, inputs)
    failing = threshold is not None and any(d.severity >= threshold for d in diff.introduced)
    raise typer.Exit(EXIT_PROBLEMS if failing else EXIT_OK)
