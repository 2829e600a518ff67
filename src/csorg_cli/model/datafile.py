"""Reading csorg's own data files (the archetype catalogue, the benchmarks): packaged YAML."""

from __future__ import annotations

import pkgutil
from typing import Any

import yaml


def packaged_text(name: str, package: str | None = None) -> str:
    """The text of a data file shipped in ``package`` (this one by default).

    Read through the package's loader (``pkgutil.get_data``: a file, or a member of a zip), which
    every command does at start: importlib.resources would import zipfile and tempfile, a few
    milliseconds of every `csorg validate`.
    """
    package = package or __package__ or "csorg_cli.model"
    data = pkgutil.get_data(package, name)
    if data is None:  # a loader that cannot read data files: a packaging problem
        raise FileNotFoundError(f"{package}/{name}: not readable from the installed package")
    return data.decode("utf-8")


def read_section(text: str, source: str, section: str, error: type[Exception]) -> dict[Any, Any]:
    """The mapping under the top-level key ``section``; ``error`` when the text is not that."""
    try:
        # The C loader: same result as safe_load, a tenth of csorg's startup faster.
        data = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError as exc:
        raise error(f"{source}: not valid YAML: {exc}") from exc
    if not isinstance(data, dict) or not isinstance(data.get(section), dict):
        article = "an" if section[0] in "aeiou" else "a"
        raise error(f"{source}: expected a mapping with {article} {section!r} mapping")
    return data[section]
