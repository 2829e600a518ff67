"""Text output to a pipe is printed without rich (a tenth of start-up) and is the very text rich
prints on a terminal, less the colours: tabs, control characters and wide characters included."""

from __future__ import annotations

import re
from pathlib import Path

from csorg_cli.checking import CheckSettings, check_paths
from csorg_cli.config import load_config
from csorg_cli.reporters import ReportOptions
from csorg_cli.reporters.text import render

HOSTILE = (
    "csorg: 1\n"
    "organization: {name: Acme}\n"
    "roles:\n"
    '  vp: {title: "VP\\tCustomer\\rSuccess\\u0007", kpis: [nrr]}\n'
    '  a: {title: "客户成功经理 🚀", reports_to: "no\\tbody\\u000c"}\n'
    "  b:\t{title: CSM, reports_to: 'ghost'}\n"
    f"  c: {{title: {'x' * 300}, reports_to: nobody}}\n"
)
ANSI = re.compile(r"\x1b\[[0-9;]*m")


def test_plain_text_is_rich_text_without_colour(tmp_path: Path) -> None:
    org = tmp_path / "org.yaml"
    org.write_text(HOSTILE, encoding="utf-8")
    result = check_paths([str(org)], CheckSettings(load_config(None)))
    plain = render(result, ReportOptions(color=False, statistics=True))
    coloured = render(result, ReportOptions(color=True, statistics=True))
    assert "\x1b[" not in plain and "\x1b[" in coloured
    assert plain.count("\n") > 10  # several diagnostics, with their lines and hints
    assert plain == ANSI.sub("", coloured)
