"""The ``files`` input of the GitHub Action (action.yml), turned into ``csorg validate`` arguments.

``python -m csorg_cli.github_action`` reads ``INPUT_FILES`` and prints the arguments, each ended
by a NUL byte (bash reads them with ``mapfile -d ''``, so no path is ever split or globbed again):

* empty: ``--changed -- .``, every org of the repository, found as the pre-commit hook finds them
  (org files by name or by ``organization:``; a CI config or a manifest is never taken for an org);
* several lines: one path or glob per line, spaces kept (``People Ops/org.yaml``);
* one line: one path when it names an existing file or a glob that matches (``People Ops/*.yaml``),
  else shell words, so ``org.yaml teams/`` is two entries and quotes keep spaces;
* a glob (``orgs/*.yaml``, ``**/org.yaml``) expands to the files it matches, sorted; one that
  matches nothing is passed as written, so csorg reports it (exit 2) rather than checking nothing.
"""

from __future__ import annotations

import glob
import os
import shlex
import sys


def entries(text: str) -> list[str]:
    """The paths and globs named by the input."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if len(lines) > 1:
        return [_unquote(line) for line in lines]
    if not lines:
        return []
    line = _unquote(lines[0])
    if os.path.exists(line) or (glob.has_magic(line) and glob.glob(line, recursive=True)):
        return [line]
    try:
        return shlex.split(lines[0])
    except ValueError:  # an unbalanced quote: take the line as one path
        return [_unquote(lines[0])]


def _unquote(line: str) -> str:
    if len(line) >= 2 and line[0] == line[-1] and line[0] in "'\"":
        return line[1:-1]
    return line


def validate_arguments(text: str) -> list[str]:
    """``csorg validate`` arguments for the input: ``--`` and the files (globs expanded; after
    ``--`` a path that starts with a dash is still a path), or ``--changed -- .``."""
    named = entries(text)
    if not named:
        return ["--changed", "--", "."]
    arguments = ["--"]
    for entry in named:
        matches = sorted(glob.glob(entry, recursive=True)) if glob.has_magic(entry) else []
        arguments.extend(matches or [entry])
    return arguments


def main() -> None:
    for argument in validate_arguments(os.environ.get("INPUT_FILES", "")):
        sys.stdout.write(argument + "\0")


if __name__ == "__main__":
    main()
