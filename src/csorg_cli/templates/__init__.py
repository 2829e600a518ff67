"""Starter org-definition repositories for `csorg init`, stored as package data.

Each template is a folder holding its ``org.yaml`` (the matching example under examples/, with the
schema modeline pointing at the schema file that ``init`` writes beside it); the files every starter
repo shares live in ``common/`` under names the package-data globs include, and are written to their
real paths (``.csorg.yaml``, ``.pre-commit-config.yaml``, ``.github/workflows/csorg.yml``).
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import yaml

# Target path in the new repository -> file under templates/common/.
COMMON_FILES = {
    ".csorg.yaml": "csorg-config.yaml",
    ".pre-commit-config.yaml": "pre-commit-config.yaml",
    ".github/workflows/csorg.yml": "workflow.yaml",
}
ORG_FILE = "org.yaml"
SCHEMA_FILE = "csorg.schema.json"


class InitError(Exception):
    """The starter repository cannot be written (exit 2); nothing was written."""


@dataclass(frozen=True)
class Template:
    """One starter org: its name and a one-line summary."""

    name: str
    summary: str


def _root() -> resources.abc.Traversable:
    return resources.files(__name__)


def templates() -> list[Template]:
    """Every template, in the order of ``index.yaml``."""
    index = yaml.safe_load(_root().joinpath("index.yaml").read_text(encoding="utf-8"))
    return [Template(str(name), str(summary)) for name, summary in index.items()]


def template_files(name: str) -> dict[str, str]:
    """Relative path -> text of every file ``csorg init --template name`` writes."""
    from csorg_cli.model.schema import org_json_schema_text

    names = [t.name for t in templates()]
    if name not in names:
        from csorg_cli.suggest import did_you_mean

        close = did_you_mean(name, names)
        hint = f" ({close})" if close else ""
        raise InitError(f"unknown template {name!r}{hint}; choose one of {', '.join(names)}")
    root = _root()
    files = {ORG_FILE: root.joinpath(name, ORG_FILE).read_text(encoding="utf-8")}
    files[SCHEMA_FILE] = org_json_schema_text()
    for target, source in COMMON_FILES.items():
        files[target] = _fill(root.joinpath("common", source).read_text(encoding="utf-8"))
    return files


def _fill(text: str) -> str:
    """The shared files name the repository csorg installs from (csorg_cli.project), never a
    copy of it: ``@REPOSITORY@``, ``@RELEASE_REV@`` and ``@PIP_REQUIREMENT@``."""
    from csorg_cli.project import RELEASE_REV, REPOSITORY, pip_requirement

    return (
        text.replace("@REPOSITORY@", REPOSITORY)
        .replace("@RELEASE_REV@", RELEASE_REV)
        .replace("@PIP_REQUIREMENT@", pip_requirement())
    )


def init_repo(name: str, directory: Path | str) -> list[Path]:
    """Write the starter repository ``name`` into ``directory``; returns the files written.

    Nothing is overwritten: when any target exists, nothing at all is written and
    :class:`InitError` names every conflicting file.
    """
    from csorg_cli.outputs import OutputError, write_output

    directory = Path(directory)
    files = template_files(name)
    if directory.exists() and not directory.is_dir():
        raise InitError(f"{directory} exists and is not a directory")
    targets = {directory / relative: text for relative, text in files.items()}
    conflicts = [str(path) for path in targets if path.exists() or path.is_symlink()]
    # A folder the files need that exists as a file (`.github` as a regular file) would fail
    # half-way through: everything is checked before anything is written.
    folders = {directory / p for path in files for p in Path(path).parents if str(p) != "."}
    conflicts += sorted(str(f) for f in folders if f.exists() and not f.is_dir())
    if conflicts:
        raise InitError(
            f"refusing to overwrite existing files: {', '.join(conflicts)} (nothing was written)"
        )
    written: list[Path] = []
    try:
        for path, text in targets.items():
            path.parent.mkdir(parents=True, exist_ok=True)
            write_output(text, path)
            written.append(path)
    except (OSError, OutputError) as error:
        raise InitError(f"cannot write {directory}: {error}") from None
    return written
