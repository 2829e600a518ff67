"""Shell completion (`csorg --install-completion`): what each argument can be, for typer.

File arguments offer nothing here, on purpose: typer's scripts then fall back to the shell's own
file completion (bash ``complete -o default``, zsh ``_files``, fish's default), which knows
directories, ``~`` and quoting better than a list could. Everything else offers its real values,
with a description where the shell shows one (zsh, fish): rule names with their summaries,
archetype ids with their names, formats, severities, themes and templates. Each function imports
what it lists only when the shell asks, so `csorg validate` does not pay for completion.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

Candidates = list[tuple[str, str]]


def _matching(items: Iterable[tuple[str, str]], incomplete: str) -> Candidates:
    return [(value, text) for value, text in items if value.startswith(incomplete)]


def choices(*values: str) -> Callable[[str], Candidates]:
    """Complete one of ``values`` (an option's fixed vocabulary, e.g. its formats)."""

    def complete(incomplete: str) -> Candidates:
        return _matching(((value, "") for value in values), incomplete)

    return complete


def rule_names(incomplete: str) -> Candidates:
    from csorg_cli.rules import RULES

    return _matching(((name, spec.summary) for name, spec in RULES.items()), incomplete)


def archetype_ids(incomplete: str) -> Candidates:
    from csorg_cli.model.catalogue import Catalogue

    return _matching(((a.id, a.name) for a in Catalogue.load()), incomplete)


def validate_formats(incomplete: str) -> Candidates:
    from csorg_cli.reporters import REPORTERS

    return _matching(((name, "") for name in REPORTERS), incomplete)


def severities(incomplete: str) -> Candidates:
    return _matching((("error", ""), ("warning", ""), ("info", "")), incomplete)


def themes(incomplete: str) -> Candidates:
    from csorg_cli.render.themes import THEMES

    return _matching(((name, "") for name in THEMES), incomplete)


def template_names(incomplete: str) -> Candidates:
    from csorg_cli.templates import templates

    return _matching(((t.name, t.summary) for t in templates()), incomplete)


def rules_words(ctx: Any, incomplete: str) -> Candidates:
    """``csorg rules [list | explain NAME | NAME]``: the words typed so far are in ``ctx``."""
    words = [w for w in (ctx.params.get("words") or ()) if w != incomplete]
    if not words:
        return _matching((("list", "every rule"), ("explain", "one rule")), incomplete) + (
            rule_names(incomplete)
        )
    if words == ["explain"]:
        return rule_names(incomplete)
    return []
