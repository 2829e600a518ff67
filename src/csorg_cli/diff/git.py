"""``REV:path`` arguments: an org file as it was at a git revision, read in memory.

The revision's files are never written to disk: :func:`csorg_cli.loading.sources.git_revision`
reads them with ``git cat-file`` and the loader resolves ``include:`` inside that revision's tree.
"""

from __future__ import annotations

import os
import re

from csorg_cli.loading.sources import GitError, git_revision

# `REV:path`, where REV has no path separators before the colon (HEAD~1, main, v1.2, a sha).
_REV_RE = re.compile(r"^([^:/\\\s][^:\s]*):(.+)$")


def split_rev(argument: str) -> tuple[str, str] | None:
    """``("HEAD~1", "org.yaml")`` for ``HEAD~1:org.yaml``; None for a plain path.

    A path that exists on disk is a path even when it holds a colon.
    """
    if os.path.lexists(argument):
        return None
    match = _REV_RE.match(argument)
    if match is None or (len(match.group(1)) == 1 and argument[1:2] == ":" and os.name == "nt"):
        return None
    return match.group(1), match.group(2)


__all__ = ["GitError", "git_revision", "split_rev"]
