"""The single negotiating text in Chromium, on a server of its own (the agreement concludes the
demo talks, which the other browser tests need open): the mediator settles every clause in the
editor, each head accepts the version, and the agreement banner appears in the pages the other
viewers hold open, without a reload (the talks' event stream and an htmx fragment). The
preferences, secret bids and analysis pages render, axe-core finds no serious or critical
violation on them, and nothing is requested outside 127.0.0.1. Screenshots under
test-output/screenshots/."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urlparse

import pytest

from browser.conftest import SCREENSHOTS, demo_server, require_chromium
from browser.test_pages_in_a_browser import ROLES, serious_violations, sign_in_by_keyboard

SOUTH_HEAD = ("head@southland.example", "southland-head-demo")


@pytest.fixture(scope="module")
def own_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A server over a demo of its own, so that concluding its talks leaves the shared one be."""
    require_chromium()
    with demo_server(tmp_path_factory.mktemp("served-text")) as base:
        yield base


def _viewer(browser, server: str, email: str, password: str, requests: list[str]):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.on("request", lambda request: requests.append(request.url))
    page = context.new_page()
    page.on("dialog", lambda dialog: dialog.accept())  # "Accept the whole of version N?"
    sign_in_by_keyboard(page, server, email, password)
    talks = page.eval_on_selector_all(
        "main a[href^='/talks/']", "els => els.map(e => e.getAttribute('href'))"
    )[0]
    return context, page, talks


def _shot(page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def _settle_every_clause(page) -> None:
    """In the editor: every clause agreed ad referendum, with a wording, its alternatives gone."""
    count = int(page.locator("input[name='clauses']").get_attribute("value") or "0")
    for n in range(count - 1):  # the last slot is for a new clause
        page.select_option(f"#clause-{n}-status", "agreed ad referendum")
        wording = page.locator(f"#clause-{n}-text")
        if not wording.input_value().strip():
            wording.fill(f"Agreed wording of article {n + 1}.")
        for box in page.locator(f"input[name^='clause-{n}-alt-'][type='checkbox']").all():
            if box.is_checked():
                box.uncheck(force=True)
        for alternative in page.locator(f"textarea[name^='clause-{n}-alt-']").all():
            alternative.fill("", force=True)


def test_the_agreement_banner_appears_live_in_the_other_viewers_pages(own_server, browser):
    server = own_server
    requests: list[str] = []
    mediator, m_page, talks = _viewer(browser, server, *ROLES["mediator"], requests)
    m_page.goto(f"{server}{talks}/text")
    assert m_page.locator("main h1").inner_text() == "Single negotiating text"
    assert m_page.locator(".clause").count() > 0
    assert m_page.locator(".badge", has_text="bracketed").count() > 0
    _shot(m_page, "mediator-text")
    assert serious_violations(m_page) == []

    m_page.click("text=Edit the text")
    assert m_page.locator("main h1").inner_text() == "Edit the text"
    _shot(m_page, "mediator-text-edit")
    assert serious_violations(m_page) == []
    _settle_every_clause(m_page)
    with m_page.expect_navigation():
        m_page.click("text=Save a new version")
    assert urlparse(m_page.url).path == f"{talks}/text"
    assert m_page.locator(".badge", has_text="bracketed").count() == 0
    current = m_page.locator("#text-status caption").inner_text()

    north, n_page, _ = _viewer(browser, server, *ROLES["head"], requests)
    n_page.goto(f"{server}{talks}/text")
    with n_page.expect_navigation():
        n_page.get_by_role("button", name="Accept version").click()
    assert "accepted the current version" in n_page.locator("#text-status").inner_text()
    assert n_page.locator("#agreement-banner").count() == 0

    # The pages held open by the mediator and Northland's head, marked to tell a reload.
    m_page.goto(f"{server}{talks}/text")
    for page in (m_page, n_page):
        page.evaluate("window.__not_reloaded = true")
        assert page.locator("#agreement-banner").count() == 0

    south, s_page, _ = _viewer(browser, server, *SOUTH_HEAD, requests)
    s_page.goto(f"{server}{talks}/text")
    assert s_page.locator("#text-status caption").inner_text() == current
    with s_page.expect_navigation():
        s_page.get_by_role("button", name="Accept version").click()
    assert s_page.locator("#agreement-banner").is_visible()

    for page in (m_page, n_page):  # no reload: the event stream brought it
        page.wait_for_selector("#agreement-banner", timeout=15000)
        assert "Agreement reached" in page.locator("#agreement-banner").inner_text()
        assert page.evaluate("window.__not_reloaded") is True
    _shot(m_page, "mediator-text-agreed")
    assert serious_violations(m_page) == []

    m_page.goto(f"{server}{talks}/text/print")
    m_page.emulate_media(media="print")
    assert not m_page.locator(".main-nav").is_visible()
    assert m_page.locator(".clause").count() > 0
    _shot(m_page, "mediator-text-print")
    m_page.emulate_media(media="screen")
    m_page.goto(f"{server}{talks}/text/diff")
    assert m_page.locator("pre.diff").count() == 1
    _shot(m_page, "mediator-text-diff")
    assert serious_violations(m_page) == []

    outside = [u for u in requests if urlparse(u).hostname != "127.0.0.1"]
    assert outside == []
    for context in (mediator, north, south):
        context.close()


def test_preferences_secret_bids_and_analysis_render_and_pass_axe(server, browser):
    requests: list[str] = []
    head, page, talks = _viewer(browser, server, *ROLES["head"], requests)
    page.goto(f"{server}{talks}/preferences")
    assert page.locator("main h1").inner_text().startswith("Preferences of")
    sliders = page.locator("input[type='range'][data-weight]")
    assert sliders.count() >= 2
    first = sliders.nth(0)
    value = int(first.input_value())
    first.fill(str(value - 1 if value > 0 else value + 1))  # the sum, shown live, leaves 100
    assert page.locator("[data-weight-sum]").inner_text() != "100"
    assert "bad" in (page.locator("[data-weight-sum]").get_attribute("class") or "")
    first.fill(str(value))
    assert page.locator("[data-weight-sum]").inner_text() == "100"
    _shot(page, "head-preferences")
    assert serious_violations(page) == []
    page.goto(f"{server}{talks}/secret")
    _shot(page, "head-secret")
    assert serious_violations(page) == []
    head.close()

    mediator, m_page, _ = _viewer(browser, server, *ROLES["mediator"], requests)
    m_page.goto(f"{server}{talks}/analysis")
    chart = m_page.locator("svg#frontier-chart")
    assert chart.is_visible()
    assert m_page.locator("svg#frontier-chart circle.frontier-point").count() > 0
    _shot(m_page, "mediator-analysis")
    assert serious_violations(m_page) == []
    m_page.set_viewport_size({"width": 800, "height": 900})
    assert m_page.evaluate("document.documentElement.scrollWidth") <= 800
    _shot(m_page, "mediator-analysis-800")
    outside = [u for u in requests if urlparse(u).hostname != "127.0.0.1"]
    assert outside == []
    mediator.close()
