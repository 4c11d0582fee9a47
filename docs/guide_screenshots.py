"""Take every screenshot of the user guide again: `.venv/bin/python docs/guide_screenshots.py`.

Serves a fresh demo on a free port of 127.0.0.1 from a temporary SQLite file, signs in as the
member each picture is of, and drives Debian's Chromium (/usr/bin/chromium) through Playwright
at 1280 x 900, like the browser tests. Each picture is cut to the part the guide talks about,
reduced to a palette of 256 colours and saved in docs/images/guide/.

The pictures of the demo as it is come first. Two need the talks moved on, by hand as a member
would: the rounds thread once Northland proposed a third round and Southland accepted it, and
the agreement banner once the mediator agreed every article and both heads accepted (which
concludes the talks, so it is taken last).
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
SOUTH_HEAD = ("head@southland.example", "southland-head-demo")
MEDIATOR = ("envoy@harbour.example", "harbour-envoy-demo")
OBSERVER = ("observer@eastmark.example", "eastmark-watch-demo")


@dataclass(frozen=True)
class Shot:
    """One picture: who takes it, on which page of the ceasefire talks, and how much of it."""

    name: str
    member: tuple[str, str]
    # After /talks/ID/ ("" for the dashboard); "/PATH" for a page outside the talks;
    # "first:SECTION[/REST]" opens the first link of that section's list;
    # "SECTION>LINK TEXT" opens SECTION, then follows the link of that text.
    page: str
    height: int | None = None  # cut to this many pixels; None for the rest of the page
    top: str | None = None  # cut from this element (less a margin), else from the page's top
    then: Callable[[Any], None] | None = None  # something to do on the page before the picture
    before: Callable[[Any, str], None] | None = None  # (browser, base): move the talks on first


def _verify(page: Any) -> None:
    page.click("text=Verify in my browser")
    page.wait_for_selector("text=verified", timeout=10_000)


def _third_round(browser: Any, base: str) -> None:
    """Northland's head proposes round 3 on the Rounds page; Southland's head accepts it."""
    page, talks = signed_in(browser, base, HEAD)
    page.goto(f"{base}{talks}/rounds")
    page.fill("#starts_at", "2031-02-03T10:00")
    page.fill("#time_zone", "Europe/Istanbul")
    page.fill("#venue", "Harbour City, Palace of the Lakes")
    with page.expect_navigation():
        page.click("text=Propose the round")
    page.context.close()
    page, talks = signed_in(browser, base, SOUTH_HEAD)
    page.goto(f"{base}{talks}/rounds")
    with page.expect_navigation():
        page.click("article:has(h3:has-text('Round 3')) button:text-is('Accept')")
    page.context.close()


def _agreement(browser: Any, base: str) -> None:
    """The mediator agrees every article (an option's wording for a bracketed one), then both
    heads accept the new version."""
    page, talks = signed_in(browser, base, MEDIATOR)
    page.goto(f"{base}{talks}/text/edit")
    clauses = int(page.get_attribute("input[name=clauses]", "value")) - 1  # less the blank one
    for c in range(clauses):
        status = page.locator(f"#clause-{c}-status")
        if status.input_value() == "bracketed":
            wording = page.locator(f"#clause-{c}-alt-0-text").input_value()
            page.fill(f"#clause-{c}-text", wording)
            for option in page.locator(f"textarea[id^='clause-{c}-alt-']").all():
                option.fill("")  # an agreed clause holds no alternatives
            for party in page.locator(f"input[name^='clause-{c}-alt-'][type=checkbox]").all():
                party.uncheck()
        elif not page.locator(f"#clause-{c}-text").input_value().strip():
            page.fill(f"#clause-{c}-text", "Agreed wording.")
        status.select_option("agreed ad referendum")
    with page.expect_navigation():
        page.click("button:text('Save a new version')")
    page.context.close()
    for head in (HEAD, SOUTH_HEAD):
        page, talks = signed_in(browser, base, head)
        page.goto(f"{base}{talks}/text")
        page.on("dialog", lambda dialog: dialog.accept())
        with page.expect_navigation():
            page.click("button:has-text('Accept version')")
        page.context.close()


SHOTS = (
    Shot("my-talks", HEAD, "/talks", 520),
    Shot("dashboard-head", HEAD, "", 1500),
    Shot("memoranda-list", HEAD, "memoranda", 630),
    Shot("memorandum-editor-sections", DELEGATE, "first:memoranda/edit", 985),
    Shot(
        "memorandum-editor-positions", DELEGATE, "first:memoranda/edit", 880, "h2:text('Positions')"
    ),
    Shot("exchange-verified", HEAD, "first:exchanges", 1000, then=_verify),
    Shot("comparison", HEAD, "comparison"),
    Shot("clarifications", HEAD, "clarifications", 950),
    Shot("preferences-weights", HEAD, "preferences", 1100),
    Shot("secret-bids-head", HEAD, "secret", 800),
    Shot("round-minutes", MEDIATOR, "rounds>Minutes of round 1", 900),
    Shot("single-text-mediator", MEDIATOR, "text", 1500),
    Shot("mediator-analysis-chart", MEDIATOR, "analysis", 820, "#chart-heading"),
    Shot("mediator-notes", MEDIATOR, "notes", 800),
    Shot("record-observer", OBSERVER, "record", 1750),
    Shot("secretariat-members", SECRETARIAT, "members", 1200),
    Shot("single-text-secretariat", SECRETARIAT, "text"),
    Shot("rounds-thread", HEAD, "rounds", 1250, before=_third_round),
    Shot("single-text-agreement", MEDIATOR, "text", 760, before=_agreement),
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
    if where.startswith("/"):
        page.goto(f"{base}{where}")
        return
    if ">" in where:
        section, _, link = where.partition(">")
        page.goto(f"{base}{talks}/{section}")
        with page.expect_navigation():
            page.click(f"main a:text-is('{link}')")
        return
    if not where.startswith("first:"):
        page.goto(f"{base}{talks}/{where}" if where else f"{base}{talks}")
        return
    section, _, rest = where.removeprefix("first:").partition("/")
    page.goto(f"{base}{talks}/{section}")
    first = page.get_attribute(f"main a[href^='{talks}/{section}/']", "href")
    page.goto(f"{base}{first}/{rest}" if rest else f"{base}{first}")


def signed_in(browser: Any, base: str, member: tuple[str, str]) -> tuple[Any, str]:
    """A page of a new browser context signed in as `member`, and the ceasefire talks' path."""
    context = browser.new_context(viewport={"width": WIDTH, "height": 900})
    page = context.new_page()
    page.goto(f"{base}/sign-in")
    page.fill("#email", member[0])
    page.fill("#password", member[1])
    with page.expect_navigation():
        page.click("main button[type=submit]")
    talks = page.get_attribute("main a[href^='/talks/']:has-text('ceasefire')", "href")
    return page, str(talks)


def take(browser: Any, base: str, shot: Shot) -> None:
    if shot.before is not None:
        shot.before(browser, base)
    page, talks = signed_in(browser, base, shot.member)
    open_page(page, base, talks, shot.page)
    if shot.then is not None:
        shot.then(page)
    top = 0
    if shot.top is not None:
        box = page.locator(shot.top).first.bounding_box()
        top = max(0, int(box["y"] + page.evaluate("window.scrollY")) - 24)
    save(page.screenshot(full_page=True), shot.name, top, shot.height)
    page.context.close()


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
