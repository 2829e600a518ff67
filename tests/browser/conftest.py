"""One headless Chromium for the whole session, driven by Playwright, and a page per test.

The browser is Debian's ``/usr/bin/chromium`` (``scripts/bootstrap.sh dev`` installs it), never
one Playwright downloads. Each page records console messages, page errors and every request it
makes, so tests can assert that a chart loads cleanly and fetches nothing.

Without Chromium the tests skip on a developer machine; in CI (``CI`` set) they fail instead.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from helpers import in_ci

from csorg_cli.render.interactive import CHROMIUM_FLAGS

CHROMIUM = os.environ.get("CSORG_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"


def _missing() -> str | None:
    try:
        import playwright  # noqa: F401
    except ImportError:
        return "the playwright package is not installed (pip install -e '.[dev]')"
    if not Path(CHROMIUM).exists():
        return f"Chromium is not at {CHROMIUM}: run scripts/bootstrap.sh dev (apt-get install chromium)"
    return None


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    reason = _missing()
    if reason:
        if in_ci():
            pytest.fail(f"{reason}; CI is set, so browser tests must not be skipped", pytrace=False)
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="csorg-chromium-") as profile, sync_playwright() as p:
        context = p.chromium.launch_persistent_context(
            profile,
            executable_path=CHROMIUM,
            headless=True,
            args=list(CHROMIUM_FLAGS),
            viewport={"width": 1400, "height": 900},
            accept_downloads=True,
        )
        yield context
        context.close()


@dataclass
class Opened:
    page: Any
    console: list[tuple[str, str]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)

    def network(self, own: str) -> list[str]:
        """Requests other than the page's own file and in-page data: and blob: URLs."""
        return [
            url for url in self.requests if url != own and not url.startswith(("data:", "blob:"))
        ]


@pytest.fixture
def open_page(browser: Any) -> Iterator[Any]:
    """``open_page(path)`` -> :class:`Opened`, with the page loaded and its first boxes drawn."""
    pages: list[Any] = []

    def load(path: Path, hash: str = "") -> Opened:
        page = browser.new_page()
        pages.append(page)
        opened = Opened(page)
        page.on("console", lambda m: opened.console.append((m.type, m.text)))
        page.on("pageerror", lambda e: opened.errors.append(str(e)))
        page.on("request", lambda r: opened.requests.append(r.url))
        page.goto(path.resolve().as_uri() + hash)
        page.wait_for_selector(".csorg-box")
        # Boxes fly in from their manager for 300 ms: clicks aim at where they come to rest.
        page.wait_for_timeout(500)
        return opened

    yield load
    for page in pages:
        page.close()
