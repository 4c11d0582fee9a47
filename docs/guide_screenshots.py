"""Take the user guide's screenshots of the memoranda, exchange, comparison and clarifications
pages, and of the single text as the secretariat sees it: `.venv/bin/python
docs/guide_screenshots.py`.

Serves a fresh demo on a free port of 127.0.0.1 from a temporary SQLite file, signs in as the
member each picture is of, and drives Debian's Chromium (/usr/bin/chromium) through Playwright
at 1280 x 900, like the browser tests. Each picture is cut to the part the guide talks about,
reduced to a palette of 256 colours and saved in docs/images/guide/.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path
from typing import Any

from PIL import Image

IMAGES = Path(__file__).parent / "images" / "guide"
CHROMIUM = "/usr/bin/chromium"
WIDTH = 1280
HEAD = ("head@northland.example", "northland-head-demo")
DELEGATE = ("delegate@northland.example", "northland-pen-demo")
SECRETARIAT = ("secretariat@harbour.example", "harbour-desk-demo")


@dataclass(frozen=True)
class Shot:
    """One picture: who takes it, on which page of the ceasefire talks, and how much of it."""

    name: str
    member: tuple[str, str]
    page: str  # after /talks/ID/; "first:SECTION" opens the first link of that section's list
    height: int | None = None  # cut to this many pixels; None for the rest of the page
    top: str | None = None  # cut from this element (less a margin), else from the page's top
    then: Callable[[Any], None] | None = None  # something to do on the page before the picture


def _verify(page: Any) -> None:
    page.click("text=Verify in my browser")
    page.wait_for_selector("text=verified", timeout=10_000)


SHOTS = (
    Shot("memoranda-list", HEAD, "memoranda", 630),
    Shot("memorandum-editor-sections", DELEGATE, "first:memoranda/edit", 985),
    Shot(
        "memorandum-editor-positions", DELEGATE, "first:memoranda/edit", 880, "h2:text('Positions')"
    ),
    Shot("exchange-verified", HEAD, "first:exchanges", 1000, then=_verify),
    Shot("comparison", HEAD, "comparison"),
    Shot("clarifications", HEAD, "clarifications", 950),
    Shot("single-text-secretariat", SECRETARIAT, "text"),
)


@contextmanager
def demo_server(folder: Path) -> Iterator[str]:
    """The demo served from a database of its own in `folder`; yields its base URL."""
    env = {**os.environ, "POURPARLER_DATABASE_URL": f"sqlite+pysqlite:///{folder / 'demo.db'}"}
    cli = str(Path(sys.executable).parent / "pourparler")
    for command in (["db", "upgrade"], ["demo"]):
        subprocess.run([cli, *command], env=env, check=True, capture_output=True)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = int(s.getsockname()[1])
    server = subprocess.Popen(
        [cli, "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                with urllib.request.urlopen(f"{base}/healthz"):
                    break
            except OSError:
                time.sleep(0.1)
        yield base
    finally:
        server.terminate()
        server.wait()


def save(png: bytes, name: str, top: int, height: int | None) -> None:
    picture = Image.open(BytesIO(png)).convert("RGB")
    bottom = picture.height if height is None else min(top + height, picture.height)
    picture = picture.crop((0, top, WIDTH, bottom))
    palette = Image.Quantize.MEDIANCUT
    reduced = picture.quantize(colors=256, method=palette, dither=Image.Dither.NONE)
    reduced.save(IMAGES / f"{name}.png", optimize=True)


def open_page(page: Any, base: str, talks: str, where: str) -> None:
    if not where.startswith("first:"):
        page.goto(f"{base}{talks}/{where}")
        return
    section, _, rest = where.removeprefix("first:").partition("/")
    page.goto(f"{base}{talks}/{section}")
    first = page.get_attribute(f"main a[href^='{talks}/{section}/']", "href")
    page.goto(f"{base}{first}/{rest}" if rest else f"{base}{first}")


def take(browser: Any, base: str, shot: Shot) -> None:
    context = browser.new_context(viewport={"width": WIDTH, "height": 900})
    page = context.new_page()
    page.goto(f"{base}/sign-in")
    page.fill("#email", shot.member[0])
    page.fill("#password", shot.member[1])
    with page.expect_navigation():
        page.click("main button[type=submit]")
    talks = page.get_attribute("main a[href^='/talks/']:has-text('ceasefire')", "href")
    open_page(page, base, talks, shot.page)
    if shot.then is not None:
        shot.then(page)
    top = 0
    if shot.top is not None:
        box = page.locator(shot.top).bounding_box()
        top = max(0, int(box["y"] + page.evaluate("window.scrollY")) - 24)
    save(page.screenshot(full_page=True), shot.name, top, shot.height)
    context.close()


def main() -> None:
    os.environ["PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD"] = "1"
    from playwright.sync_api import sync_playwright

    IMAGES.mkdir(parents=True, exist_ok=True)
    with (
        tempfile.TemporaryDirectory() as folder,
        demo_server(Path(folder)) as base,
        sync_playwright() as playwright,
    ):
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True)
        for shot in SHOTS:
            take(browser, base, shot)
        browser.close()


if __name__ == "__main__":
    main()
