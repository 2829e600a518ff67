"""An ``include:`` entry cannot be followed.

Included files are resolved relative to the file that names them. csorg reports a file that does
not exist, a file that includes itself, include
cycles, and files outside the root file's directory (unless ``--allow-outside-includes``). A glob
that matches nothing is the separate rule ``include-empty``.

Bad::

    include: [teams/emea.yml]      # the file is teams/emea.yaml

Good::

    # org.yaml
    include: [teams/emea.yaml]
    # teams/emea.yaml
    roles:
      csm-emea: {title: Customer Success Manager}
"""

from __future__ import annotations

from csorg_cli.diagnostics import Severity

NAME = "include"
SUMMARY = "An include: entry cannot be followed."
CATEGORY = "integrity"
DEFAULT_SEVERITY = Severity.ERROR
