"""A file that holds only roles was checked on its own.

Files named by ``include:`` hold only ``roles:`` (and perhaps ``csorg: 1``). Checked on their own,
as pre-commit does with a changed team file, csorg checks each role's shape, but reporting lines
and segments can only be checked with the org that includes the file. Passed together with that
org file (``csorg validate org.yaml teams/emea.yaml``), the fragment is checked as part of it and
this notice does not appear.

Bad::

    csorg validate teams/emea.yaml

Good::

    csorg validate org.yaml            # includes teams/*.yaml
"""

from __future__ import annotations

from csorg_cli.diagnostics import Severity

NAME = "fragment"
SUMMARY = "A file that holds only roles was checked on its own."
CATEGORY = "integrity"
DEFAULT_SEVERITY = Severity.INFO
