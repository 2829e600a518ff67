"""Which orgs a set of changed files affects: what ``csorg validate --changed`` checks.

pre-commit passes the files a commit changes, and a commit may change only a team file that an org
includes (``include: [teams/*.yaml]``): checked alone, that file is a fragment with nothing to
say, so a broken ``reports_to`` in it would pass. Here every changed file is mapped to the orgs
it belongs to:

* an org file itself: its name matches :data:`ORG_FILE_PATTERN` (``org.yaml``, ``acme-org.yml``,
  anything under ``org/`` or ``orgs/`` but dotfiles), or it declares ``organization:``;
* a file that orgs of the repository include: each of those orgs (found among the repository's
  YAML files that have an ``include:`` line, loaded to follow their globs);
* the configuration (``.csorg.yaml``): every org of the repository, since every verdict may change;
* anything else (CI configs, manifests, the configuration of other tools) belongs to no org and is
  not csorg's business.
"""

from __future__ import annotations

import os
import re
import subprocess
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from csorg_cli.loading.files import InputError
from csorg_cli.loading.org import LoadOptions, load_org

YAML_SUFFIXES = (".yaml", ".yml")
# The usual names of org files, matched against the path from the repository root (pre-commit
# matches its `files` the same way). Dotfiles never match: `.csorg.yaml` is the configuration.
ORG_FILE_PATTERN = r"(^|/)(orgs?/(.*/)?[^/.][^/]*|([^/.][^/]*)?org)\.ya?ml$"
CONFIG_NAMES = (".csorg.yaml", ".csorg.yml")
_ORG_FILE = re.compile(ORG_FILE_PATTERN)
_DECLARES_ORG = re.compile(r"^organization\s*:", re.MULTILINE)
_INCLUDES = re.compile(r"^include\s*:", re.MULTILINE)
# Directories that hold other projects' files, never an org (when git cannot list the files).
_NOT_SEARCHED = {"node_modules", "venv", "site-packages", "__pycache__"}


def repository_root(start: Path | None = None) -> Path:
    """The top level of the git repository holding ``start`` (default: the working directory),
    else ``start`` itself."""
    here = Path(os.path.realpath(start or Path.cwd()))
    for directory in (here, *here.parents):
        if (directory / ".git").exists():  # a directory, or a file in a worktree or submodule
            return directory
    return here


def repository_yaml_files(root: Path) -> list[Path]:
    """The YAML files of the repository at ``root``: tracked and untracked but not ignored, as git
    lists them; without git, every YAML file outside hidden and vendored directories."""
    try:
        listed = subprocess.run(
            ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
            cwd=root,
            capture_output=True,
            check=True,
            timeout=60,
        ).stdout.decode("utf-8", "surrogateescape")
        names = [name for name in listed.split("\0") if name.endswith(YAML_SUFFIXES)]
        return [root / name for name in sorted(set(names)) if (root / name).is_file()]
    except (OSError, subprocess.SubprocessError):
        return _walk(root)


def _yaml_files_below(directory: Path, root: Path) -> list[Path]:
    """The YAML files under ``directory``: those git lists (ignored ones are not the org's) when it
    is inside the repository, else every one outside hidden and vendored directories."""
    real = Path(os.path.realpath(directory))
    if real == root or root in real.parents:
        return [p for p in repository_yaml_files(root) if real in Path(os.path.realpath(p)).parents]
    return _walk(real)


def _walk(top: Path) -> list[Path]:
    found: list[Path] = []
    for directory, subdirectories, files in os.walk(top):
        subdirectories[:] = sorted(
            d for d in subdirectories if not d.startswith(".") and d not in _NOT_SEARCHED
        )
        found.extend(Path(directory, f) for f in sorted(files) if f.endswith(YAML_SUFFIXES))
    return found


def is_org_file(path: Path, root: Path) -> bool:
    """Whether ``path`` is an org by its name (under ``root``) or by declaring ``organization:``."""
    try:
        relative = Path(os.path.realpath(path)).relative_to(root).as_posix()
    except ValueError:
        relative = path.as_posix()
    if _ORG_FILE.search(relative):
        return True
    return bool(_DECLARES_ORG.search(_text(path)))


def _text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""


@dataclass
class AffectedOrgs:
    """The orgs to check for some changed files, and the changed files that belong to none."""

    orgs: list[str] = field(default_factory=list)
    unrelated: list[str] = field(default_factory=list)


def affected_orgs(changed: list[str], load_options: LoadOptions | None = None) -> AffectedOrgs:
    """The orgs that ``changed`` files (as pre-commit passes them) belong to, each once."""
    root = repository_root()
    found = AffectedOrgs()
    chosen: dict[str, str] = {}  # real path -> the name to show

    def choose(path: Path, shown: str | None = None) -> None:
        real = os.path.realpath(path)
        if real not in chosen:
            chosen[real] = shown or _shown(path)

    pending: dict[str, str] = {}  # real path -> argument, for changed files not yet placed
    config_changed = False
    arguments: list[str] = []
    for argument in changed:
        if argument != "-" and Path(argument).is_dir():
            # A directory stands for every YAML file below it (`--changed .`: the repository).
            arguments.extend(_shown(p) for p in _yaml_files_below(Path(argument), root))
        else:
            arguments.append(argument)
    for argument in arguments:
        path = Path(argument)
        if argument == "-" or not path.exists():
            choose(path, argument)  # stdin, or a missing file: reported as csorg validate does
        elif path.name in CONFIG_NAMES:
            config_changed = True
        elif path.suffix in YAML_SUFFIXES and is_org_file(path, root):
            choose(path, argument)
        else:
            pending[os.path.realpath(path)] = argument

    candidates = repository_yaml_files(root)
    if config_changed:
        for path in candidates:
            if is_org_file(path, root):
                choose(path)
    if pending or chosen:
        placed = _includers(candidates, set(pending) | set(chosen), load_options, choose)
        found.unrelated = [arg for real, arg in pending.items() if real not in placed]
    found.orgs = list(chosen.values())
    return found


def _includers(
    candidates: list[Path],
    wanted: set[str],
    load_options: LoadOptions | None,
    choose: Callable[[Path], None],
) -> set[str]:
    """Choose every candidate org that includes one of ``wanted``; the included ones placed."""
    placed: set[str] = set()
    for path in candidates:
        if not _INCLUDES.search(_text(path)):
            continue
        try:
            loaded = load_org(path, _shown(path), load_options)
        except InputError:
            continue
        hits = loaded.included_files & wanted
        if hits and not loaded.is_fragment:
            choose(path)
            placed |= hits
    return placed


def _shown(path: Path) -> str:
    """A path as the user would type it: relative to the working directory (``../org.yaml`` from
    a subdirectory of the repository)."""
    try:
        return os.path.relpath(os.path.realpath(path), os.path.realpath(Path.cwd()))
    except ValueError:  # another drive, on Windows
        return str(path)
