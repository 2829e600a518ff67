"""A rule crashed: csorg itself failed on this org, so the result cannot be trusted.

Reported at error severity, always: it cannot be switched off, made less severe, suppressed by a
comment or hidden by a baseline, so a crash never reads as a clean run (exit 1). The message names
the rule, the place in csorg's code and the exception; please report it with the file.

Bad: any org that makes a rule fail; there is no way to write one on purpose.

Good: nothing to fix in the org; the other rules' diagnostics still stand. Report the crash.
"""

from __future__ import annotations

from csorg_cli.diagnostics import Severity

NAME = "internal-error"
SUMMARY = "A rule crashed on this org (a bug in csorg): always an error."
CATEGORY = "integrity"
DEFAULT_SEVERITY = Severity.ERROR
