"""Loading: files on disk -> YAML nodes with line and column -> plain data, includes merged."""

from __future__ import annotations

from csorg_cli.loading.files import InputError, read_source
from csorg_cli.loading.org import LoadedOrg, LoadOptions, SourceFile, load_org
from csorg_cli.loading.yamlsource import DEFAULT_LIMITS, Limits, SourceMap, parse_yaml

__all__ = [
    "DEFAULT_LIMITS",
    "InputError",
    "Limits",
    "LoadOptions",
    "LoadedOrg",
    "SourceFile",
    "SourceMap",
    "load_org",
    "parse_yaml",
    "read_source",
]
