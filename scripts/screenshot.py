"""Take the README's screenshot: chapter 2 with the perceptron figure live, after training.

Run: .venv/bin/python scripts/screenshot.py   (writes docs/screenshot-perceptron.png)
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from playwright.sync_api import sync_playwright  # noqa: E402

from app.local_server import serve  # noqa: E402

ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]


def main() -> None:
    with serve() as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", headless=True, args=ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(base + "/chapters/perceptron")
        figure = page.locator('figure.widget[data-widget="perceptron"]').first
        page.wait_for_selector('figure.widget[data-widget="perceptron"][data-status="live"]', timeout=120_000)
        figure.get_by_role("button", name="Train").click()
        figure.locator(".widget-message").filter(has_text="Converged").wait_for(timeout=60_000)
        figure.scroll_into_view_if_needed()
        page.evaluate("window.scrollBy(0, -140)")
        page.wait_for_timeout(300)
        page.screenshot(path=str(ROOT / "docs" / "screenshot-perceptron.png"))
        browser.close()


if __name__ == "__main__":
    main()
