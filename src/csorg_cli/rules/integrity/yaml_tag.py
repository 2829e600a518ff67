"""The file uses a YAML tag other than the standard data types.

csorg reads plain data only. Tags such as ``!!python/object`` could run code in loaders that honour
them, and custom tags (``!secret``) mean nothing to csorg; both are refused.

Bad::

    organization:
      name: !!python/object/apply:os.system ["echo hi"]

Good::

    organization:
      name: Acme Customer Success
"""

from __future__ import annotations

from csorg_cli.diagnostics import Severity

NAME = "yaml-tag"
SUMMARY = "A YAML tag other than the standard data types is used."
CATEGORY = "integrity"
DEFAULT_SEVERITY = Severity.ERROR
