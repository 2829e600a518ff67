"""Chart themes: colours and fonts as data, one place for every visual default.

Each theme fills a role's box by its function (from the archetype catalogue) and says how open seats,
problems, dotted lines and clusters look. The default prints well in colour and in grey: light fills
under black text, and nothing is said by colour alone (open seats are dashed and say "open",
problems carry a marker line, the legend names each fill).

Fonts: DejaVu Sans comes with fontconfig on Debian and Ubuntu (fonts-dejavu-core, pulled in by
Graphviz through libgd/fontconfig); fontconfig substitutes a sans font where it is missing.
"""

from __future__ import annotations

from dataclasses import dataclass, field

FONT = "DejaVu Sans"

# Functions of the archetype catalogue, in the order the legend lists them.
FUNCTIONS: tuple[str, ...] = (
    "executive",
    "customer-success",
    "onboarding",
    "renewals",
    "support",
    "services",
    "education",
    "digital",
    "operations",
    "enablement",
    "analytics",
    "unclassified",
)


def function_label(function: str) -> str:
    """How people say a function: ``"Customer success"`` for ``customer-success``."""
    words = function.replace("-", " ").replace("_", " ").strip()
    return words[:1].upper() + words[1:] if words else function


@dataclass(frozen=True)
class Theme:
    """Everything a chart needs to know about how it looks."""

    name: str
    description: str
    font: str = FONT
    background: str = "white"
    text: str = "#1a1a1a"
    muted: str = "#555555"  # secondary lines: holder, segment, region
    border: str = "#4d4d4d"
    edge: str = "#5f6368"
    dotted: str = "#8a8f98"
    panel_fill: str = "#f4f6f8"  # the panel that stacks a manager's many direct reports
    panel_border: str = "#c5cbd3"
    cluster_fill: str = "#fafafa"
    cluster_border: str = "#9aa0a6"
    open_fill: str = "#ffffff"  # a fully vacant seat
    problem: str = "#c62828"
    problem_text: str = "#b71c1c"
    fills: dict[str, str] = field(default_factory=dict)
    function_line: bool = False  # name the function in each box (themes without colours)
    legend_colours: bool = True

    def fill(self, function: str | None) -> str:
        """The fill of a box whose role has ``function`` (None: unclassified)."""
        return self.fills.get(function or "unclassified", self.fills.get("unclassified", "white"))


# Light fills of distinct lightness, so a grey print still separates neighbours.
_DEFAULT_FILLS = {
    "executive": "#cfd8dc",
    "customer-success": "#bbdefb",
    "onboarding": "#c8e6c9",
    "renewals": "#ffe0b2",
    "support": "#f8bbd0",
    "services": "#d1c4e9",
    "education": "#fff59d",
    "digital": "#b2ebf2",
    "operations": "#e0e0e0",
    "enablement": "#dcedc8",
    "analytics": "#f0f4c3",
    "unclassified": "#ffffff",
}

_DARK_FILLS = {
    "executive": "#37474f",
    "customer-success": "#1e4a72",
    "onboarding": "#2e5e33",
    "renewals": "#7a4a12",
    "support": "#7a2348",
    "services": "#4a3b78",
    "education": "#6b6216",
    "digital": "#135e66",
    "operations": "#4a4a4a",
    "enablement": "#45602b",
    "analytics": "#5b6318",
    "unclassified": "#2b2b33",
}

_MONO_FILLS = {
    "executive": "#c8c8c8",
    "customer-success": "#ffffff",
    "onboarding": "#ededed",
    "renewals": "#dcdcdc",
    "support": "#f5f5f5",
    "services": "#e4e4e4",
    "education": "#fafafa",
    "digital": "#efefef",
    "operations": "#d4d4d4",
    "enablement": "#f0f0f0",
    "analytics": "#e8e8e8",
    "unclassified": "#ffffff",
}

THEMES: dict[str, Theme] = {
    "default": Theme(
        name="default",
        description="light fills by function; prints in colour and in grey",
        fills=_DEFAULT_FILLS,
    ),
    "dark": Theme(
        name="dark",
        description="for dark slides and dark-mode wikis",
        background="#1b1d23",
        text="#eceff1",
        muted="#b0bec5",
        border="#90a4ae",
        edge="#90a4ae",
        dotted="#78909c",
        panel_fill="#23262e",
        panel_border="#455a64",
        cluster_fill="#20232a",
        cluster_border="#546e7a",
        open_fill="#1b1d23",
        problem="#ff5252",
        problem_text="#ff8a80",
        fills=_DARK_FILLS,
    ),
    "minimal": Theme(
        name="minimal",
        description="black lines on white, the function written in each box",
        border="#333333",
        panel_fill="white",
        panel_border="#bbbbbb",
        cluster_fill="white",
        cluster_border="#bbbbbb",
        fills={"unclassified": "#ffffff"},
        function_line=True,
        legend_colours=False,
    ),
    "mono": Theme(
        name="mono",
        description="greys only, for black-and-white printers",
        border="#000000",
        edge="#333333",
        dotted="#666666",
        panel_fill="#fbfbfb",
        panel_border="#999999",
        problem="#000000",
        problem_text="#000000",
        fills=_MONO_FILLS,
        function_line=True,
    ),
}


def get_theme(name: str) -> Theme:
    """The theme called ``name``; raises KeyError for an unknown name."""
    return THEMES[name]
