#!/usr/bin/env python3
"""Screenshots of the interactive chart of every example, for docs/img (look at them in review).

    .venv/bin/python scripts/chart-screenshots.py            # docs/img/html-<example>.png
    .venv/bin/python scripts/chart-screenshots.py --out DIR

Renders each examples/*.yaml with `csorg render -o X.html`, opens it in Debian's headless Chromium
(/usr/bin/chromium, through Playwright; never a downloaded browser) and saves what a person sees
on a 1400x900 screen. The segmented example is also shown searching for a CSM by name, with the
details panel open.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "img")
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    from csorg_cli.render.interactive import CHROMIUM_FLAGS

    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as work, sync_playwright() as p:
        browser = p.chromium.launch_persistent_context(
            str(Path(work) / "profile"),
            executable_path=args.chromium,
            headless=True,
            args=list(CHROMIUM_FLAGS),
            viewport={"width": 1400, "height": 900},
        )
        for example in sorted((ROOT / "examples").glob("*.yaml")):
            page_file = Path(work) / f"{example.stem}.html"
            subprocess.run(
                [sys.executable, "-m", "csorg_cli", "render", str(example), "-o", str(page_file)],
                check=False,
            )
            page = browser.new_page()
            page.goto(page_file.as_uri())
            page.wait_for_selector(".csorg-box")
            page.wait_for_timeout(600)
            target = args.out / f"html-{example.stem}.png"
            page.screenshot(path=str(target))
            print(target.relative_to(ROOT) if target.is_relative_to(ROOT) else target)
            if example.stem == "segmented":
                page.fill("#csorg-search", "ana ruiz")
                page.keyboard.press("Enter")
                page.wait_for_timeout(800)
                target = args.out / "html-search-details.png"
                page.screenshot(path=str(target))
                print(target.relative_to(ROOT) if target.is_relative_to(ROOT) else target)
            page.close()
        browser.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
