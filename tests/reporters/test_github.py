"""GitHub Actions annotations: one workflow command per diagnostic, correctly escaped."""

from __future__ import annotations

from csorg_cli.diagnostics import Diagnostic, Severity
from csorg_cli.reporters import ReportOptions, get_reporter
from csorg_cli.reporters.github import annotation, escape_data, escape_property


def test_escaping_rules():
    assert escape_data("50% done\r\nnext") == "50%25 done%0D%0Anext"
    assert escape_property("a,b:c%\n") == "a%2Cb%3Ac%25%0A"


def test_annotation_of_each_severity():
    diagnostic = Diagnostic(
        "unknown-manager",
        Severity.ERROR,
        "role 'b' reports to 'x,y: z'",
        "teams/we,ird:name.yaml",
        12,
        16,
        "roles.b.reports_to",
        hint="100% sure\nfix it",
    )
    assert annotation(diagnostic) == (
        "::error file=teams/we%2Cird%3Aname.yaml,line=12,col=16,title=unknown-manager::"
        "role 'b' reports to 'x,y: z'%0Ahint: 100%25 sure%0Afix it"
    )
    warning = Diagnostic("multiple-roots", Severity.WARNING, "m", "org.yaml", 1, 2)
    info = Diagnostic("kpis-defined", Severity.INFO, "m", "org.yaml", 3, 4)
    assert annotation(warning) == "::warning file=org.yaml,line=1,col=2,title=multiple-roots::m"
    assert annotation(info) == "::notice file=org.yaml,line=3,col=4,title=kpis-defined::m"


def test_report_has_an_annotation_per_diagnostic_then_a_summary(checked):
    lines = get_reporter("github")(checked, ReportOptions()).splitlines()
    assert lines[0] == (
        "::notice file=org.yaml,line=4,col=15,title=short-title::"
        "title 'VP Customer Success' is short (named max 25)"
    )
    assert lines[4].startswith(
        "::error file=org.yaml,line=6,col=31,title=schema::reports_to "
        "of role 'b' is the text 'no:body,really', which is not valid "
        "here%0Ahint: "
    )
    assert lines[5] == "csorg: 1 error(s), 1 warning(s), 3 info in 2 file(s)"
    assert len(lines) == 6


def test_a_format_is_a_module_of_the_reporters_package():
    """The registry is the package: each public module is a format --format and --output take,
    in help and completion order (text, the default, first)."""
    from pathlib import Path

    import csorg_cli.reporters as package
    from csorg_cli.reporters import REPORTERS

    modules = sorted(p.stem for p in Path(package.__file__).parent.glob("[!_]*.py"))
    assert sorted(REPORTERS) == modules
    assert REPORTERS[0] == "text"
    for name in REPORTERS:
        assert callable(get_reporter(name))
