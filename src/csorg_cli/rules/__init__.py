"""The rules: one module per rule (its name, severity, options, docstring and check).

``RULES`` (name -> :class:`~csorg_cli.rules.base.RuleSpec`) and ``RULE_MODULES`` live in
:mod:`csorg_cli.rules.registry` and are imported from here on first use, so the loader can name
the rules it emits (``from csorg_cli.rules.integrity import yaml_syntax``) without importing every
rule, and every rule's imports, first.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from csorg_cli.rules.base import Problem, RuleContext, RuleSpec

if TYPE_CHECKING:
    from csorg_cli.rules.registry import RULE_MODULES, RULES


def __getattr__(name: str) -> Any:
    if name in ("RULES", "RULE_MODULES"):
        from csorg_cli.rules import registry

        return getattr(registry, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["RULES", "RULE_MODULES", "Problem", "RuleContext", "RuleSpec"]
