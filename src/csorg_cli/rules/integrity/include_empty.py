"""An ``include:`` pattern matches no file.

A glob that matches nothing is not an error in itself (a ``teams/*.yaml`` folder may be empty while
an org is being set up), but it often means a typo in the folder name, and then every role in those
files is silently missing from the org.

Bad::

    include: [team/*.yaml]     # the folder is called teams/

Good::

    # org.yaml
    include: [teams/*.yaml]
    # teams/emea.yaml
    roles:
      csm-emea: {title: Customer Success Manager}
"""

from __future__ import annotations

from csorg_cli.diagnostics import Severity

NAME = "include-empty"
SUMMARY = "An include: pattern matches no file."
CATEGORY = "integrity"
DEFAULT_SEVERITY = Severity.WARNING
