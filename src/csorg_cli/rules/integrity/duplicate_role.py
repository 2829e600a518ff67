"""A role id is defined in two files.

Role ids are unique across the org file and the files it includes. The diagnostic is at the second
definition and names the first, so both places are visible.

Bad::

    # org.yaml
    include: [teams/*.yaml]
    roles:
      csm-emea: {title: CSM, reports_to: vp-cs}
    # teams/emea.yaml
    roles:
      csm-emea: {title: CSM, reports_to: dir-emea}

Good: one definition, in the file that owns the team.
"""

from __future__ import annotations

from csorg_cli.diagnostics import Severity

NAME = "duplicate-role"
SUMMARY = "A role id is defined in two files."
CATEGORY = "integrity"
DEFAULT_SEVERITY = Severity.ERROR
