"""A memorandum drafted and saved in Chromium (its Markdown previewed through htmx), sealed
into an exchange by both heads, revealed, and every commitment recomputed by the browser's own
Web Crypto SHA-256: the same digest as the server's, and "does not match" once a byte moves."""

from __future__ import annotations

import hashlib
from urllib.parse import urlparse

from browser.conftest import SCREENSHOTS
from browser.test_acts_in_a_browser import _signed_in
from browser.test_pages_in_a_browser import serious_violations, sign_in_by_keyboard

TITLE = "Browser vision of the modalities"
EXCHANGE = "Papers sealed in the browser"
VENUE = "Verification Hall"


def _accept_dialogs(page) -> None:
    page.on("dialog", lambda dialog: dialog.accept())


def _shot(page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def test_draft_commit_reveal_and_verify_in_the_browser(server, browser):
    requests: list[str] = []
    north, page, talks = _signed_in(browser, server, "head")
    north.on("request", lambda request: requests.append(request.url))
    _accept_dialogs(page)

    # Draft: start a memorandum, write a section, preview it, take a position, save.
    page.goto(f"{server}{talks}/memoranda")
    page.fill("#memo-title", TITLE)
    with page.expect_navigation():
        page.click("text=Start and edit")
    assert urlparse(page.url).path.endswith("/edit")
    page.fill("#section-heading-0", "Opening")
    page.fill("#section-body-0", "We seek a *durable* ceasefire.")
    page.locator("fieldset.section-edit").first.get_by_role("button", name="Preview").click()
    page.wait_for_selector("#preview-0 em")
    assert page.inner_text("#preview-0 em") == "durable"
    scope = page.locator("fieldset.position-edit", has_text="Geographic scope")
    scope.locator("fieldset.choices").first.get_by_label("Contact line only").check()
    assert serious_violations(page) == []
    _shot(page, "head-memorandum-editor")
    with page.expect_navigation():
        page.click("text=Save a new version")
    assert "version=1" in page.url
    assert page.inner_text("main em") == "durable"
    assert "Contact line only" in page.inner_text("main table.positions")

    # The mediator proposes a round, both heads accept it, and the mediator opens an exchange.
    mediator, mediator_page, _ = _signed_in(browser, server, "mediator")
    mediator.on("request", lambda request: requests.append(request.url))
    south = browser.new_context(viewport={"width": 1280, "height": 900})
    south.on("request", lambda request: requests.append(request.url))
    south_page = south.new_page()
    _accept_dialogs(south_page)
    sign_in_by_keyboard(south_page, server, "head@southland.example", "southland-head-demo")
    mediator_page.goto(f"{server}{talks}/rounds")
    mediator_page.fill("#starts_at", "2031-04-05T10:00")
    mediator_page.fill("#time_zone", "UTC")
    mediator_page.fill("#venue", VENUE)
    with mediator_page.expect_navigation():
        mediator_page.click("text=Propose the round")
    for head_page in (page, south_page):
        head_page.goto(f"{server}{talks}/rounds")
        proposal = head_page.locator("article", has_text=VENUE).last
        with head_page.expect_navigation():
            proposal.get_by_role("button", name="Accept").click()
    mediator_page.goto(f"{server}{talks}/exchanges")
    mediator_page.fill("#ex-title", EXCHANGE)
    round_label = mediator_page.locator("#ex-round option", has_text=VENUE).inner_text()
    mediator_page.select_option("#ex-round", label=round_label)
    with mediator_page.expect_navigation():
        mediator_page.click("text=Open the exchange")
    assert EXCHANGE in mediator_page.content()

    # Northland's head commits the new version.
    page.goto(f"{server}{talks}/exchanges")
    article = page.locator("article.exchange", has_text=EXCHANGE)
    article.get_by_label("Version to commit").select_option(label=f"{TITLE}, version 1")
    with page.expect_navigation():
        article.get_by_role("button", name="Commit").click()

    # Southland's head sees the commitment only, then commits its own paper.
    south_page.goto(f"{server}{talks}/exchanges")
    article = south_page.locator("article.exchange", has_text=EXCHANGE)
    assert "durable" not in article.inner_text()
    assert article.locator("code.digest").count() == 1
    with south_page.expect_navigation():
        article.get_by_role("button", name="Commit").click()

    # Every party committed: revealed at once. Verify in the browser.
    assert "/exchanges/" in urlparse(south_page.url).path  # the commit leads to the exchange
    south_page.wait_for_selector("#verify-commitments")
    assert "durable" in south_page.inner_text("main")
    documents = south_page.locator("[data-commitment]")
    assert documents.count() == 2
    south_page.click("#verify-commitments")
    south_page.wait_for_function(
        "[...document.querySelectorAll('[data-commitment]')].every(a => a.dataset.verdict)"
    )
    for n in range(2):
        document = documents.nth(n)
        assert document.get_attribute("data-verdict") == "verified"
        assert "verified" in document.locator(".verdict").inner_text()
        computed = document.get_attribute("data-computed")
        served = document.get_attribute("data-digest")
        assert computed == served
        salt, text = document.get_attribute("data-salt"), document.get_attribute("data-document")
        assert salt
        assert text is not None
        assert hashlib.sha256(bytes.fromhex(salt) + text.encode("utf-8")).hexdigest() == computed
    assert serious_violations(south_page) == []
    _shot(south_page, "head-exchange-verified")

    # One byte changed in the page: the browser says so.
    south_page.evaluate(
        "() => { const a = [...document.querySelectorAll('[data-commitment]')]"
        ".find(e => e.dataset.document.includes('durable'));"
        " a.dataset.document = a.dataset.document.replace('durable', 'durablE'); }"
    )
    south_page.click("#verify-commitments")
    south_page.wait_for_function(
        "[...document.querySelectorAll('[data-commitment]')]"
        ".some(a => a.dataset.verdict === 'does not match')"
    )
    tampered = south_page.locator("[data-commitment]", has_text="durable")
    assert "does not match" in tampered.locator(".verdict").inner_text()
    untouched = south_page.locator("[data-commitment]:not(:has-text('durable'))")
    assert untouched.get_attribute("data-verdict") == "verified"

    outside = [u for u in requests if urlparse(u).hostname != "127.0.0.1"]
    assert outside == []
    for context in (north, mediator, south):
        context.close()
