"""Configuration: ``.csorg.yaml`` files and the built-in presets, turned into a ``RuleConfig``.

The configuration says which rules run, how severe each is and with which options, per file
(``overrides:``), and which benchmark numbers replace the packaged ones. Presets
(``recommended``, ``strict``, ``minimal``) are data files in ``presets/``, read by the same code as
a user's file. See docs/configuration.md.
"""

from __future__ import annotations

from csorg_cli.config.loader import (
    CONFIG_ENV,
    CONFIG_NAMES,
    PRESETS,
    ConfigError,
    find_config,
    load_config,
    load_preset,
    resolve_config_path,
)

__all__ = [
    "CONFIG_ENV",
    "CONFIG_NAMES",
    "PRESETS",
    "ConfigError",
    "find_config",
    "load_config",
    "load_preset",
    "resolve_config_path",
]
