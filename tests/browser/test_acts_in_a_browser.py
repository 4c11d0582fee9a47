"""Acts through the forms in Chromium: a round proposed by one head and accepted by the other,
with its calendar file; a mediator's note carrying Markdown injections renders inert."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlparse

from browser.test_pages_in_a_browser import ROLES, sign_in_by_keyboard

INJECTIONS = (
    "<script>window.__owned = 'script'</script>\n\n"
    '<img src="x" onerror="window.__owned = \'img\'">\n\n'
    "[click me](javascript:window.__owned='link')\n\n"
    "**still bold**"
)


def _signed_in(browser, server, role):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    page = context.new_page()
    sign_in_by_keyboard(page, server, *ROLES[role])
    talks = page.eval_on_selector_all(
        "main a[href^='/talks/']", "els => els.map(e => e.getAttribute('href'))"
    )[0]
    return context, page, talks


def test_a_round_proposed_by_one_head_is_accepted_by_the_other(server, browser):
    north, north_page, talks = _signed_in(browser, server, "head")
    north_page.goto(f"{server}{talks}/rounds")
    north_page.fill("#starts_at", "2031-02-03T10:00")
    north_page.fill("#time_zone", "Europe/Istanbul")
    north_page.fill("#venue", "Browser Hall")
    with north_page.expect_navigation():
        north_page.click("text=Propose the round")
    assert "Browser Hall" in north_page.content()

    south = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    page = south.new_page()
    sign_in_by_keyboard(page, server, "head@southland.example", "southland-head-demo")
    page.goto(f"{server}{talks}")
    assert "Answer the proposal of round" in page.content()
    page.goto(f"{server}{talks}/rounds")
    article = page.locator("article", has_text="Browser Hall").last
    with page.expect_navigation():
        article.get_by_role("button", name="Accept").click()
    article = page.locator("article", has_text="Browser Hall").last
    assert "scheduled" in article.inner_text()
    with page.expect_download() as download:
        article.get_by_role("link", name="Calendar file").click()
    saved = download.value.path()
    calendar = Path(saved).read_text(encoding="utf-8")
    assert "LOCATION:Browser Hall" in calendar
    assert "DTSTART:20310203T070000Z" in calendar  # 10:00 in Istanbul is 07:00 UTC
    north.close()
    south.close()


def test_markdown_injections_in_a_note_render_inert(server, browser):
    context, page, talks = _signed_in(browser, server, "mediator")
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(f"{server}{talks}/notes")
    page.fill("#note-text", INJECTIONS)
    with page.expect_navigation():
        page.click("text=Keep the note")
    assert urlparse(page.url).path == f"{talks}/notes"
    assert page.locator("main strong", has_text="still bold").count() >= 1
    assert page.evaluate("window.__owned === undefined")
    assert page.locator("main img").count() == 0
    assert page.locator("main script").count() == 0
    hrefs = page.eval_on_selector_all("main a", "els => els.map(e => e.getAttribute('href'))")
    assert not [h for h in hrefs if h and h.strip().lower().startswith("javascript")]
    link = page.locator("main a", has_text="click me")
    if link.count():
        link.first.click()
    assert page.evaluate("window.__owned === undefined")
    assert dialogs == []
    context.close()
