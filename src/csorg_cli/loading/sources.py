"""Where the org loader reads files from: the disk, or a git revision held in memory.

The loader asks four questions of a :class:`FileSource`: read this file, what is its real path,
is this a file, which files does this ``include:`` glob match. :class:`DiskFiles` answers from
the file system; :class:`GitRevisionFiles` answers from one revision's tree through ``git
cat-file``, so ``csorg diff REV:path`` never writes a file anywhere (a crafted tree with ``..``
entries has nothing to write over) and includes resolve inside that revision.

Recursive globs (``**``) walk directories themselves rather than through :mod:`glob`, which
follows directory symlinks into loops: each real directory is entered once, and at most
:data:`MAX_GLOB_DIRECTORIES` of them.
"""

from __future__ import annotations

import glob
import os
import subprocess
from pathlib import Path
from typing import Protocol

from csorg_cli.globs import glob_regex
from csorg_cli.loading.files import InputError, SourceText, decode, read_source, too_large

# A `**` include walks at most this many directories (each real directory once, so symlink
# loops end): far more than any org repository, far fewer than a runaway walk of a home folder.
MAX_GLOB_DIRECTORIES = 10_000
_GLOB_CHARS = frozenset("*?[")


class FileSource(Protocol):
    """What the loader needs from a place holding files (paths are as the loader builds them)."""

    def read(self, path: Path, display: str, max_bytes: int) -> SourceText: ...

    def real(self, path: Path) -> str: ...

    def is_file(self, path: Path) -> bool: ...

    def glob(self, pattern: str, base_dir: Path) -> list[str]: ...


def _hidden(part: str) -> bool:
    return part.startswith(".") and part not in (".", "..")


def _split_literal_prefix(pattern: str) -> tuple[str, str]:
    """``("teams", "**/*.yaml")`` for ``teams/**/*.yaml``: the directories without glob
    characters, where a walk can start, and the rest."""
    parts = pattern.split("/")
    literal: list[str] = []
    while len(parts) > 1 and not (_GLOB_CHARS & set(parts[0])):
        literal.append(parts.pop(0))
    return "/".join(literal), "/".join(parts)


def _matches(pattern: str, relative: str) -> bool:
    """``relative`` (``/``-separated) matches ``pattern`` as :func:`glob.glob` would: wildcards
    do not match hidden names (starting with a dot) unless the pattern has a dotted part."""
    if not glob_regex(pattern).fullmatch(relative):
        return False
    if any(part.startswith(".") for part in pattern.split("/")):
        return True
    return not any(_hidden(part) for part in relative.split("/"))


class DiskFiles:
    """Files on disk, as the user's shell sees them."""

    def read(self, path: Path, display: str, max_bytes: int) -> SourceText:
        return read_source(path, display, max_bytes)

    def real(self, path: Path) -> str:
        return os.path.realpath(path)

    def is_file(self, path: Path) -> bool:
        try:
            return path.is_file()
        except (OSError, ValueError):  # a name too long, a NUL: no such file
            return False

    def glob(self, pattern: str, base_dir: Path) -> list[str]:
        """Files under ``base_dir`` matching ``pattern``, relative to it, sorted."""
        while pattern.startswith("./"):
            pattern = pattern[2:]
        if "**" not in pattern:
            # One level per pattern part: glob never recurses, symlinks cannot loop it.
            found = glob.glob(pattern, root_dir=base_dir)
            return sorted(m for m in found if self.is_file(base_dir / m))
        literal, _rest = _split_literal_prefix(pattern)
        start = base_dir / literal if literal else base_dir
        if not start.is_dir():
            return []
        matches: list[str] = []
        seen: set[tuple[int, int]] = set()
        walked = 0
        for directory, subdirectories, names in os.walk(start, followlinks=True):
            walked += 1
            try:
                status = os.stat(directory)
            except OSError:
                subdirectories[:] = []
                continue
            identity = (status.st_dev, status.st_ino)
            if identity in seen or walked > MAX_GLOB_DIRECTORIES:
                subdirectories[:] = []  # a symlink back up, or a walk too large: stop here
                continue
            seen.add(identity)
            relative_dir = os.path.relpath(directory, base_dir).replace(os.sep, "/")
            prefix = "" if relative_dir == "." else relative_dir + "/"
            for name in names:
                relative = prefix + name
                if _matches(pattern, relative) and self.is_file(base_dir / relative):
                    matches.append(relative)
        return sorted(matches)


class GitRevisionFiles:
    """The files of one git revision, read into memory with ``git cat-file``; nothing on disk.

    Paths are the ones the files would have in the work tree (``top/relative``), so the loader's
    directory rules (includes stay beside the root file) apply unchanged.
    """

    def __init__(self, top: Path, blobs: dict[str, tuple[str, int]], rev: str) -> None:
        self.top = top
        self.rev = rev
        self._blobs = blobs  # "dir/file.yaml" -> (object id, size)

    def _key(self, path: Path) -> str | None:
        relative = os.path.relpath(os.path.normpath(os.path.abspath(path)), self.top)
        key = relative.replace(os.sep, "/")
        return None if key.startswith("../") or key == ".." else key

    def read(self, path: Path, display: str, max_bytes: int) -> SourceText:
        key = self._key(path)
        if key is None or key not in self._blobs:
            raise InputError(f"{display}: no such file at revision {self.rev}")
        object_id, size = self._blobs[key]
        if size > max_bytes:
            return too_large(display, max_bytes)
        return decode(run_git(["cat-file", "blob", object_id], self.top), display)

    def real(self, path: Path) -> str:
        return os.path.normpath(os.path.abspath(path))

    def is_file(self, path: Path) -> bool:
        key = self._key(path)
        return key is not None and key in self._blobs

    def glob(self, pattern: str, base_dir: Path) -> list[str]:
        while pattern.startswith("./"):
            pattern = pattern[2:]
        base = self._key(base_dir)
        if base is None:
            return []
        prefix = "" if base == "." else base + "/"
        return sorted(
            key[len(prefix) :]
            for key in self._blobs
            if key.startswith(prefix) and _matches(pattern, key[len(prefix) :])
        )


class GitError(Exception):
    """A revision cannot be read (exit 2)."""


def run_git(args: list[str], cwd: Path) -> bytes:
    """``git ARGS`` in ``cwd``, its stdout; :class:`GitError` with git's last line on failure."""
    try:
        completed = subprocess.run(
            ["git", *args], cwd=cwd, capture_output=True, check=False, timeout=60
        )
    except FileNotFoundError:
        raise GitError("git is not installed (needed for REV:path)") from None
    except subprocess.TimeoutExpired:
        raise GitError(f"git {args[0]} timed out") from None
    if completed.returncode != 0:
        message = completed.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GitError(message[-1] if message else f"git {args[0]} failed")
    return completed.stdout


def _valid_tree_name(name: str) -> bool:
    """A path git may store but no checkout could create: ``..``, ``.``, empty or absolute parts
    are dropped (they are never read, and nothing is ever written)."""
    return bool(name) and all(part not in ("", ".", "..") for part in name.split("/"))


def git_revision(rev: str, path: str) -> tuple[GitRevisionFiles, Path]:
    """The files of ``rev`` and the work-tree path of ``path`` in it.

    ``path`` is relative to the current directory, as ``git show REV:./path`` reads it. Only the
    files under the root file's directory are listed: includes may not leave it.
    """
    if not rev or rev.startswith("-"):
        raise GitError(f"{rev!r} is not a revision (a revision never starts with '-')")
    file_path = Path(path)
    directory = file_path.parent if str(file_path.parent) else Path(".")
    if not directory.is_dir():
        raise GitError(f"{path}: directory {directory} does not exist here")
    top = Path(run_git(["rev-parse", "--show-toplevel"], directory).decode().strip())
    prefix = os.path.relpath(os.path.realpath(directory), os.path.realpath(top))
    prefix = "" if prefix == "." else prefix.replace(os.sep, "/")
    if prefix.startswith("../") or prefix == "..":
        raise GitError(f"{path} is outside the git repository at {top}")
    # Resolve the revision to an object id first: from here on git sees hex, never an option.
    try:
        verify = ["rev-parse", "--verify", "--quiet", "--end-of-options", f"{rev}^{{commit}}"]
        commit = run_git(verify, top).decode().strip()
    except GitError:
        commit = ""
    if not commit:
        raise GitError(f"unknown revision {rev!r}")
    tree_spec = f"{commit}:{prefix}" if prefix else f"{commit}^{{tree}}"
    try:
        tree = run_git(["rev-parse", "--verify", "--quiet", tree_spec], top).decode().strip()
    except GitError:
        tree = ""
    if not tree:
        raise GitError(f"{path} does not exist at revision {rev}")
    listing = run_git(["ls-tree", "-r", "-l", "-z", tree], top)
    blobs: dict[str, tuple[str, int]] = {}
    for entry in listing.split(b"\0"):
        if not entry:
            continue
        meta, _, raw_name = entry.partition(b"\t")
        fields = meta.split()
        if len(fields) < 4 or fields[1] != b"blob" or fields[0] == b"120000":
            continue  # submodules, trees, symlinks: not org files
        name = raw_name.decode("utf-8", "surrogateescape")
        if not _valid_tree_name(name):
            continue
        key = f"{prefix}/{name}" if prefix else name
        blobs[key] = (fields[2].decode(), int(fields[3]))
    root_key = f"{prefix}/{file_path.name}" if prefix else file_path.name
    if root_key not in blobs:
        raise GitError(f"{path} does not exist at revision {rev}")
    return GitRevisionFiles(top, blobs, rev), top / root_key


__all__ = [
    "MAX_GLOB_DIRECTORIES",
    "DiskFiles",
    "FileSource",
    "GitError",
    "GitRevisionFiles",
    "git_revision",
    "run_git",
]
