"""The commands' cores: a plain options object in, an exit code out, no CLI inside.

Each ``csorg`` command in :mod:`csorg_cli.cli` parses its flags into the options object of its
core here and calls it (pre-commit's ``commands/*.py``, check-jsonschema's ``execute()``); tests
and other programs call the core directly. A core that cannot run as asked raises
:class:`UsageError` (the CLI prints ``csorg: error: ...`` and exits 2).
"""

from __future__ import annotations

EXIT_OK = 0
EXIT_PROBLEMS = 1
EXIT_USAGE = 2


class UsageError(Exception):
    """The command cannot run as asked (exit 2); ``str()`` is the one-line message."""
