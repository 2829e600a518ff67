"""`csorg render`: the org chart as SVG, PNG, PDF, DOT, Mermaid, Markdown or a text tree."""

from __future__ import annotations

import shutil
import sys

import typer

from csorg_cli.cli import completion
from csorg_cli.cli.common import (
    COLOR_OPTION,
    CONFIG_OPTION,
    EXIT_OK,
    EXIT_PROBLEMS,
    NO_CONFIG_OPTION,
    check_settings,
    fail,
    input_files,
    load_org_or_exit,
    print_diagnostics,
    write_output_or_fail,
)

NAME = "render"
HELP = """Draw the org chart: an interactive HTML page, SVG, PNG, PDF (through Graphviz `dot`), DOT source, Mermaid, Markdown or a text tree.

The format comes from the output's extension (.html .svg .png .pdf .dot/.gv .mmd .md .txt) or --format. Without -o, dot, mermaid, md, tree and svg print to stdout (dot by default); png and pdf need -o. svg, png and pdf need Graphviz (apt-get install graphviz, brew install graphviz); the others do not.

Each role is a box (title, holder or seats, segment and region) filled by function, with a legend; open seats have a dashed border, dotted-line managers a dashed line. Big teams stack into panels and wide levels wrap, so a 500-person org stays readable.

An .html file is one self-contained page that works offline (it loads nothing from a network): the org as a collapsible tree with search (title, person, role id, segment, region), fold and unfold, zoom, fit, focus on a team, a details panel per role with its findings, and export of the view to PNG and SVG. --depth opens it folded below that level and --root opens it on that role's team; direction and grouping do not apply.

An org with errors is still drawn as far as it can be: the errors go to stderr and the exit status is 1. An unreadable file or a bad option exits 2.

Examples:

  csorg render org.yaml -o org.html

  csorg render org.yaml -o chart.svg

  csorg render org.yaml -o chart.png --group-by segment --annotate coverage

  csorg render org.yaml --format tree --depth 3

  csorg render org.yaml --format mermaid --root vp-cs > org.mmd
"""


def _resolution(output_format: str, scale: float, dpi: float | None) -> float | None:
    """Graphviz's ``dpi`` for ``--scale`` and ``--dpi``: pixels per inch in a png, and a zoom of
    72 points per inch in svg and pdf (None: Graphviz's own default)."""
    if dpi is not None and output_format not in ("png", "dot"):
        fail("--dpi sets the pixels of a png; for svg and pdf use --scale")
    if (scale != 1.0 or dpi is not None) and output_format not in ("svg", "png", "pdf", "dot"):
        fail(f"--scale and --dpi apply to svg, png, pdf and dot, not {output_format}")
    if output_format in ("png", "dot"):
        return None if dpi is None and scale == 1.0 else (dpi or 96.0) * scale
    return None if scale == 1.0 else 72.0 * scale


def _annotations(values: list[str]) -> frozenset[str]:
    from csorg_cli.render.chart import ANNOTATIONS

    out: set[str] = set()
    for value in values:
        for item in value.split(","):
            item = item.strip().lower()
            if not item:
                continue
            if item not in ANNOTATIONS:
                fail(f"--annotate takes {' or '.join(ANNOTATIONS)}, not {item!r}")
            out.add(item)
    return frozenset(out)


def command(
    file: str = typer.Argument(..., metavar="FILE", help="The org file; - reads stdin."),
    output: str | None = typer.Option(
        None,
        "--output",
        "-o",
        metavar="FILE",
        help="Write the chart to FILE (atomically); - is stdout.",
    ),
    output_format: str | None = typer.Option(
        None,
        "--format",
        "-f",
        autocompletion=completion.choices(
            "html", "svg", "png", "pdf", "dot", "mermaid", "md", "tree"
        ),
        help="html, svg, png, pdf, dot, mermaid, md or tree (default: from -o's extension, else dot).",
    ),
    theme: str = typer.Option(
        "default",
        "--theme",
        "-t",
        autocompletion=completion.themes,
        help="default, dark, minimal or mono.",
    ),
    direction: str = typer.Option(
        "auto",
        "--direction",
        "-d",
        help="auto (top to bottom, or left to right when an org is too wide for one row per "
        "layer), TB (top to bottom) or LR (left to right).",
    ),
    group_by: str = typer.Option(
        "none",
        "--group-by",
        "-g",
        help="Draw a frame around each segment or region: segment, region or none.",
    ),
    depth: int | None = typer.Option(
        None,
        "--depth",
        min=1,
        help="Fold the tree below this level (the top is 1); folded boxes count the seats beneath.",
    ),
    root: str | None = typer.Option(
        None, "--root", metavar="ROLE", help="Draw only this role and the roles below it."
    ),
    annotate: list[str] = typer.Option(
        [],
        "--annotate",
        "-a",
        help="Add figures: spans (span of control on managers), "
        "coverage (accounts per seat per segment). "
        "Repeat or separate with commas.",
    ),
    highlight_problems: bool = typer.Option(
        False,
        "--highlight-problems",
        help="Mark the boxes of roles that `csorg validate` finds problems with.",
    ),
    legend: bool = typer.Option(True, "--legend/--no-legend", help="Draw the legend."),
    title: bool = typer.Option(
        True, "--title/--no-title", help="Draw the org's name, date and seat count on top."
    ),
    scale: float = typer.Option(
        1.0,
        "--scale",
        min=0.1,
        max=10.0,
        help="Draw svg, png and pdf this many times larger (2 for slides and high-DPI screens).",
    ),
    dpi: float | None = typer.Option(
        None,
        "--dpi",
        min=24,
        max=1200,
        help="Pixels per inch of a png (default 96); multiplied by --scale.",
    ),
    config_file: str | None = CONFIG_OPTION,
    no_config: bool = NO_CONFIG_OPTION,
    color: bool | None = COLOR_OPTION,
) -> None:

    from csorg_cli.render.chart import DIRECTIONS, GROUPINGS, ChartOptions
    from csorg_cli.render.themes import THEMES
    from csorg_cli.render.view import UnknownRoot
    from csorg_cli.render.writing import (
        BINARY,
        FORMATS,
        NEEDS_DOT,
        RenderError,
        format_for,
        run_dot,
    )

    to_stdout = output is None or output == "-"
    if output_format is not None:
        output_format = output_format.lower()
        if output_format == "mmd":
            output_format = "mermaid"
        if output_format not in FORMATS:
            fail(f"--format takes one of {', '.join(FORMATS)}, not {output_format!r}")
    elif not to_stdout:
        output_format = format_for(output)  # type: ignore[arg-type]
        if output_format is None:
            fail(
                f"cannot tell the format from {output!r}; name the file .html, .svg, .png, .pdf, "
                f".dot, .mmd, .md or .txt, or pass --format"
            )
    else:
        output_format = "dot"
    if output_format in BINARY and output is None:
        fail(
            f"{output_format} is a binary format: write it to a file with "
            f"-o chart.{output_format} (or -o - to pipe it)"
        )
    if theme not in THEMES:
        fail(f"--theme takes one of {', '.join(THEMES)}, not {theme!r}")
    direction = "auto" if direction.lower() == "auto" else direction.upper()
    if direction not in DIRECTIONS:
        fail(f"--direction takes {', '.join(DIRECTIONS)}, not {direction!r}")
    group_by = group_by.lower()
    if group_by not in GROUPINGS:
        fail(f"--group-by takes one of {', '.join(GROUPINGS)}, not {group_by!r}")
    options = ChartOptions(
        dpi=_resolution(output_format, scale, dpi),
        direction=direction,
        group_by=group_by,
        depth=depth,
        root=root,
        annotate=_annotations(annotate),
        highlight_problems=highlight_problems,
        legend=legend,
        title=title,
    )

    settings = check_settings(config_file, no_config)
    result = load_org_or_exit(file, settings, output)
    if result.tree is None:
        # Not an org at all (YAML or schema too broken to build a model): nothing to draw.
        print_diagnostics(result)
        raise typer.Exit(EXIT_PROBLEMS)
    failing = result.has_errors()
    if failing:
        print_diagnostics(result, quiet=True)
        print("csorg: warning: the org has errors; the chart shows it as written", file=sys.stderr)

    if options.depth is None and output_format in NEEDS_DOT:
        options = _fold_to_a_page(result.tree, options)
    try:
        data = _render(result, options, theme, output_format, color, to_stdout)
        if output_format in NEEDS_DOT:
            data = run_dot(data, output_format)  # type: ignore[arg-type]
    except UnknownRoot as error:
        fail(str(error))
    except RenderError as error:
        fail(str(error))
    write_output_or_fail(data, output, input_files(result, settings))
    raise typer.Exit(EXIT_PROBLEMS if failing else EXIT_OK)


def _fold_to_a_page(tree, options):
    """Options that fold a chart too big for a page (and for Graphviz) below the deepest level
    that fits, with a note on stderr; the options unchanged when it fits."""
    from dataclasses import replace

    from csorg_cli.render.view import PAGE_ROLES, page_depth

    depth = page_depth(tree, options.root)
    if depth is None:
        return options
    whole = f"'{options.root}''s team" if options.root else "the org"
    print(
        f"csorg: note: {whole} has more roles than a page shows ({PAGE_ROLES:,} of "
        f"{len(tree.roles):,} in the file): the chart "
        f"draws the top {depth} level{'s' if depth > 1 else ''} and folds the teams below "
        "(each folded box counts its seats); choose with --depth or --root, or draw every "
        "role in the interactive chart (-o org.html)",
        file=sys.stderr,
    )
    return replace(options, depth=depth)


def _render(result, options, theme: str, output_format: str, color: bool | None, to_stdout: bool):
    """The chart in ``output_format``: text, or a Digraph still to go through ``dot``."""
    from csorg_cli.render.chart import build_chart
    from csorg_cli.render.writing import NEEDS_DOT

    tree = result.tree
    diagnostics = result.diagnostics
    if output_format in ("mermaid", "md"):
        from csorg_cli.render.mermaid import build_mermaid, fenced

        source = build_mermaid(tree, options, theme, diagnostics)
        return fenced(source) if output_format == "md" else source
    if output_format == "html":
        from csorg_cli.render.interactive import build_html

        # Coverage in the details panel, against the benchmarks in force.
        return build_html(
            tree, diagnostics, result.metrics, theme, depth=options.depth, focus=options.root
        )
    if output_format == "tree":
        from csorg_cli.render.tree import tree_text
        from csorg_cli.reporters.text import use_color

        tty = to_stdout and sys.stdout.isatty()
        use = (use_color(tty) if color is None else color) and to_stdout
        width = shutil.get_terminal_size((120, 24)).columns if tty else 120
        return tree_text(tree, options, diagnostics, color=use, width=width)
    # Coverage figures against the benchmarks in force, as `csorg validate` judged them.
    metrics = result.metrics if "coverage" in options.annotate else None
    graph = build_chart(tree, options, theme, metrics, diagnostics)
    if output_format in NEEDS_DOT:
        return graph
    return graph.source
