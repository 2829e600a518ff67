"""Materialise an org file as it was at a git revision (``REV:path``), with its included files."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

# `REV:path`, where REV has no path separators before the colon (HEAD~1, main, v1.2, a sha).
_REV_RE = re.compile(r"^([^:/\\\s][^:\s]*):(.+)$")
_YAML_SUFFIXES = (".yaml", ".yml")
MAX_FILES = 1000


class GitError(Exception):
    """The revision cannot be read (exit 2)."""


def split_rev(argument: str) -> tuple[str, str] | None:
    """``("HEAD~1", "org.yaml")`` for ``HEAD~1:org.yaml``; None for a plain path.

    A path that exists on disk is a path even when it holds a colon.
    """
    if os.path.exists(argument):
        return None
    match = _REV_RE.match(argument)
    if match is None or (len(match.group(1)) == 1 and argument[1:2] == ":" and os.name == "nt"):
        return None
    return match.group(1), match.group(2)


def _git(args: list[str], cwd: Path) -> bytes:
    try:
        completed = subprocess.run(
            ["git", *args], cwd=cwd, capture_output=True, check=False, timeout=60
        )
    except FileNotFoundError:
        raise GitError("git is not installed (needed for REV:path)") from None
    except subprocess.TimeoutExpired:
        raise GitError(f"git {' '.join(args)} timed out") from None
    if completed.returncode != 0:
        message = completed.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GitError(message[-1] if message else f"git {' '.join(args)} failed")
    return completed.stdout


def materialise(rev: str, path: str, destination: Path) -> Path:
    """Write ``path`` at ``rev``, and the YAML files beside and below it, under ``destination``.

    ``path`` is relative to the current directory, as ``git show REV:./path`` reads it. Returns the
    materialised root file. The YAML files of its directory come along so ``include:`` resolves
    as it did at that revision.
    """
    file_path = Path(path)
    directory = file_path.parent if str(file_path.parent) else Path(".")
    if not directory.is_dir():
        raise GitError(f"{path}: directory {directory} does not exist here")
    top = _git(["rev-parse", "--show-toplevel"], directory).decode().strip()
    prefix = os.path.relpath(os.path.realpath(directory), os.path.realpath(top))
    prefix = "" if prefix == "." else prefix.replace(os.sep, "/") + "/"
    if prefix.startswith("../"):
        raise GitError(f"{path} is outside the git repository at {top}")
    name = file_path.name
    listing = _git(["ls-tree", "-r", "-z", "--name-only", rev, "--", prefix or "."], Path(top))
    names = [n for n in listing.decode("utf-8", "replace").split("\0") if n]
    wanted = [n for n in names if n.endswith(_YAML_SUFFIXES)]
    if prefix + name not in names:
        raise GitError(f"{path} does not exist at revision {rev}")
    if len(wanted) > MAX_FILES:
        wanted = [prefix + name]  # a huge tree: the root file alone, includes then go missing
    for item in wanted:
        content = _git(["show", f"{rev}:{item}"], Path(top))
        target = destination / item[len(prefix) :]
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
    return destination / name
