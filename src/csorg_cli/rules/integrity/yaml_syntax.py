"""The file is not valid YAML.

Reported by the loader with the line and column where the YAML parser gave up. Nothing else in the
file can be checked until it parses.

Bad::

    roles:
      cco:
        title: Chief Customer Officer
       reports_to: ceo        # indented by one space less than its siblings

Good::

    roles:
      cco:
        title: Chief Customer Officer
        reports_to: ceo
"""

from __future__ import annotations

from csorg_cli.diagnostics import Severity

NAME = "yaml-syntax"
SUMMARY = "The file is not valid YAML."
CATEGORY = "integrity"
DEFAULT_SEVERITY = Severity.ERROR
