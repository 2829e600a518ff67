"""Org charts: the org (and a theme, and options) in; Graphviz, Mermaid or a text tree out.

``chart.build_chart`` is a pure function to a ``graphviz.Digraph``; ``mermaid`` and ``tree`` need
no binary; ``writing`` runs ``dot`` and writes files atomically.
"""

from __future__ import annotations

from csorg_cli.render.chart import build_chart
from csorg_cli.render.options import ChartOptions
from csorg_cli.render.themes import THEMES, Theme, get_theme
from csorg_cli.render.view import UnknownRoot

__all__ = ["THEMES", "ChartOptions", "Theme", "UnknownRoot", "build_chart", "get_theme"]
