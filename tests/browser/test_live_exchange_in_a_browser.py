"""One exchange's page kept open by a head while the other head commits, in Chromium, on a demo
server of its own (the test opens a round and an exchange): Southland's commitment appears in
Northland's page without a reload (the talks' event stream, then the region's htmx fragment);
Northland commits through the form of the refreshed region; the reveal then appears in
Southland's page, without a reload either, and its browser verifies both commitments. Southland's
dashboard, open in another tab, drops the exchange from what waits for it, and the mediator's
list of exchanges, left open, shows the commitment and the reveal. The mediator then opens
another exchange: it appears in Northland's list, and the refresh it brings to Southland's
exchange page keeps the verdicts already computed, while a commitment whose digest changed goes
back to "not verified yet". Then Northland's head starts answering a clarification while
Southland asks another: the new question arrives once the field is left, and the words typed
are still there. Nothing of the other side's document
shows before the reveal, no request leaves 127.0.0.1 and no page logs an error. Screenshots
under test-output/screenshots/live-exchange-*.png."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from urllib.parse import urlparse

import pytest

from browser.conftest import SCREENSHOTS, demo_server, require_chromium
from browser.test_pages_in_a_browser import ROLES, sign_in_by_keyboard

SOUTH_HEAD = ("head@southland.example", "southland-head-demo")
VENUE = "Harbour Pavilion"
EXCHANGE = "Live commitments"
LATER = "Later papers"
FIRST_QUESTION = "Where does the line you describe meet the river?"
SECOND_QUESTION = "Which crossings stay open while the line is marked?"
TYPED = "At the old ford, as our annexed map shows"
LIVE = 15000  # ms: how long the event stream and the fragment have to arrive


@pytest.fixture(scope="module")
def own_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A demo of its own: the exchange opened and revealed here leaves the shared one be."""
    require_chromium()
    with demo_server(tmp_path_factory.mktemp("served-live")) as base:
        yield base


def _viewer(browser, server: str, email: str, password: str, seen: dict[str, list[str]]):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.on("request", lambda request: seen["requests"].append(request.url))
    context.on(
        "response",
        lambda r: seen["errors"].append(f"{r.status} {r.url}") if r.status >= 400 else None,
    )
    page = context.new_page()
    page.on(
        "console",
        lambda m: seen["errors"].append(m.text) if m.type == "error" else None,
    )
    page.on("dialog", lambda dialog: dialog.accept())  # "Seal this version?"
    sign_in_by_keyboard(page, server, email, password)
    talks = page.eval_on_selector_all(
        "main a[href^='/talks/']", "els => els.map(e => e.getAttribute('href'))"
    )[0]
    return context, page, talks


def _submit(page, locator) -> None:
    with page.expect_navigation():
        locator.click()
    assert page.locator("p.error[role='alert']").count() == 0, page.inner_text("main")


def _shot(page, step: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"live-exchange-{step}.png"), full_page=True)


def _open_in_the_round(mediator, title: str) -> None:
    """The mediator, on the list of exchanges, opens exchange `title` in the round at VENUE."""
    mediator.fill("#ex-title", title)
    mediator.select_option(
        "#ex-round", label=mediator.locator("#ex-round option", has_text=VENUE).inner_text()
    )
    _submit(mediator, mediator.get_by_role("button", name="Open the exchange"))


def _open_exchange(pages: dict[str, object], server: str, talks: str) -> str:
    """Northland's head proposes a round, Southland's accepts, the mediator opens it and an
    exchange in it; returns the exchange page's path (the mediator stays on the list)."""
    north, south, mediator = pages["north"], pages["south"], pages["mediator"]
    starts = datetime.now(UTC).replace(second=0, microsecond=0) + timedelta(hours=3)
    north.goto(f"{server}{talks}/rounds")
    north.fill("#starts_at", starts.strftime("%Y-%m-%dT%H:%M"))
    north.fill("#time_zone", "UTC")
    north.fill("#venue", VENUE)
    _submit(north, north.get_by_role("button", name="Propose the round"))
    number = int(
        north.locator("article", has_text=VENUE).last.locator("h3").inner_text().split()[1]
    )
    south.goto(f"{server}{talks}/rounds")
    proposal = south.locator("article", has_text=VENUE).last
    _submit(south, proposal.get_by_role("button", name="Accept"))
    mediator.goto(f"{server}{talks}/rounds")
    _submit(mediator, mediator.get_by_role("button", name=f"Open round {number}"))
    mediator.goto(f"{server}{talks}/exchanges")
    _open_in_the_round(mediator, EXCHANGE)
    link = mediator.locator("article.exchange h2 a", has_text=EXCHANGE)
    href = link.get_attribute("href")
    assert href
    return href


def test_a_head_sees_the_other_sides_commitment_and_the_reveal_without_reloading(
    own_server, browser
):
    from playwright.sync_api import expect

    server = own_server
    seen: dict[str, list[str]] = {"requests": [], "errors": []}
    north, n_page, talks = _viewer(browser, server, *ROLES["head"], seen)
    south, s_page, _ = _viewer(browser, server, *SOUTH_HEAD, seen)
    mediator, m_page, _ = _viewer(browser, server, *ROLES["mediator"], seen)
    exchange = _open_exchange({"north": n_page, "south": s_page, "mediator": m_page}, server, talks)
    # The mediator keeps the list of exchanges open.
    listed = m_page.locator("#exchange-list article.exchange", has_text=EXCHANGE)
    m_page.evaluate("window.__not_reloaded = true")

    # Northland's head keeps the exchange page open; nobody has committed yet.
    n_page.goto(f"{server}{exchange}")
    region = n_page.locator("#exchange-region")
    southland = region.locator("tr", has_text="Southland")
    expect(southland).to_contain_text("not committed yet")
    n_page.evaluate("window.__not_reloaded = true")
    _shot(n_page, "1-before")

    # Southland's dashboard, in a second tab, says the exchange waits for it.
    s_dash = south.new_page()
    s_dash.goto(f"{server}{talks}")
    waiting = s_dash.locator("#waiting")
    expect(waiting).to_contain_text(f"Commit to the exchange “{EXCHANGE}”")
    s_dash.evaluate("window.__not_reloaded = true")

    # Southland's head commits, in its own browser.
    s_page.goto(f"{server}{talks}/exchanges")
    article = s_page.locator("article.exchange", has_text=EXCHANGE)
    _submit(s_page, article.get_by_role("button", name="Commit"))
    assert urlparse(s_page.url).path == exchange
    s_digest = s_page.locator("#exchange-region tr", has_text="Southland").locator("code.digest")
    digest = s_digest.inner_text()
    assert len(digest) == 64

    # It appears in Northland's page: no reload, no navigation, nothing of the document.
    expect(southland.locator("code.digest")).to_be_visible(timeout=LIVE)
    expect(southland.locator("code.digest")).to_have_text(digest)
    assert n_page.evaluate("window.__not_reloaded") is True
    assert urlparse(n_page.url).path == exchange
    assert region.locator("[data-commitment]").count() == 0
    assert "data-salt" not in n_page.content()
    expect(region.locator("tr", has_text="Northland")).to_contain_text("not committed yet")
    _shot(n_page, "2-southland-committed")
    expect(waiting).not_to_contain_text(EXCHANGE, timeout=LIVE)  # the dashboard followed
    expect(listed.locator("code.digest")).to_have_text(digest, timeout=LIVE)  # and the list
    assert s_dash.evaluate("window.__not_reloaded") is True
    s_dash.close()

    # Southland's page stays open in turn; Northland commits through the refreshed form.
    s_page.evaluate("window.__not_reloaded = true")
    _submit(n_page, region.get_by_role("button", name="Commit"))
    assert urlparse(n_page.url).path == exchange
    expect(n_page.locator("#exchange-status")).to_have_text("revealed")

    # All or nothing: both committed, revealed at once, and Southland's page shows it live.
    expect(s_page.locator("#exchange-status")).to_have_text("revealed", timeout=LIVE)
    expect(s_page.locator("#exchange-region [data-commitment]")).to_have_count(2)
    assert s_page.evaluate("window.__not_reloaded") is True
    assert urlparse(s_page.url).path == exchange
    s_page.click("#verify-commitments")  # a button swapped in by the refresh still works
    s_page.wait_for_function(
        "[...document.querySelectorAll('[data-commitment]')].every(a => a.dataset.verdict)"
    )
    for n in range(2):
        verdict = s_page.locator("[data-commitment]").nth(n).get_attribute("data-verdict")
        assert verdict == "verified"
    _shot(s_page, "3-revealed-live")
    expect(listed.locator("h2 .badge")).to_have_text("revealed", timeout=LIVE)
    expect(listed.locator("code.digest")).to_have_count(2)
    assert m_page.evaluate("window.__not_reloaded") is True
    _verdicts_survive_a_refresh(north, m_page, s_page, f"{server}{talks}", exchange)
    _clarifications_arrive_and_a_typed_answer_stays(n_page, s_page, f"{server}{talks}")

    outside = [u for u in seen["requests"] if urlparse(u).hostname != "127.0.0.1"]
    assert outside == []
    assert seen["errors"] == []
    for context in (north, south, mediator):
        context.close()


def _refreshed(page, step) -> None:
    """Do `step`, then wait until the exchange's region has been swapped and settled."""
    page.evaluate("window.__region = document.querySelector('#exchange-status')")
    step()
    page.wait_for_function(
        "() => document.querySelector('#exchange-status') !== window.__region"
        " && !document.querySelector('#exchange-region .htmx-settling')"
        " && !document.querySelector('#exchange-region.htmx-settling')",
        timeout=LIVE,
    )


def _verdicts_survive_a_refresh(north, m_page, s_page, base: str, exchange: str) -> None:
    """Southland's head has verified both commitments. The mediator opens another exchange from
    the list: Northland's list, open in a tab, shows it without a reload, and Southland's
    exchange page is refreshed with the same commitments, whose verdicts stay. A refresh that
    brings one commitment with another digest (the fragment altered on its way, as a changed
    commitment would be) resets that one to "not verified yet" and keeps the other's verdict."""
    from playwright.sync_api import expect

    n_list = north.new_page()
    n_list.goto(f"{base}/exchanges")
    expect(n_list.locator("#exchange-list")).not_to_contain_text(LATER)
    n_list.evaluate("window.__not_reloaded = true")
    documents = s_page.locator("#exchange-region [data-commitment]")
    _refreshed(s_page, lambda: _open_in_the_round(m_page, LATER))
    expect(n_list.locator("#exchange-list article.exchange", has_text=LATER)).to_contain_text(
        "not committed yet", timeout=LIVE
    )
    assert n_list.evaluate("window.__not_reloaded") is True
    n_list.close()
    expect(documents).to_have_count(2)
    for n in range(2):
        assert documents.nth(n).get_attribute("data-verdict") == "verified"
        expect(documents.nth(n).locator(".verdict")).to_contain_text("verified: the document")
    assert s_page.evaluate("window.__not_reloaded") is True

    changed = documents.nth(0).get_attribute("data-digest")
    kept = documents.nth(1).get_attribute("data-digest")
    assert changed
    assert kept

    def altered(route) -> None:
        served = route.fetch()
        body = served.text().replace(f'data-digest="{changed}"', f'data-digest="{"0" * 64}"')
        route.fulfill(response=served, body=body)

    s_page.route(f"**{exchange}/commitments", altered)
    # The event live.js fires on a record entry, fired here so the altered fragment is fetched.
    _refreshed(
        s_page, lambda: s_page.evaluate("htmx.trigger('#exchange-region', 'pourparler:entry')")
    )
    s_page.unroute(f"**{exchange}/commitments")
    reset = s_page.locator(f'[data-commitment][data-digest="{"0" * 64}"]')
    expect(reset.locator(".verdict")).to_have_text("not verified yet")
    assert reset.get_attribute("data-verdict") is None
    still = s_page.locator(f'[data-commitment][data-digest="{kept}"]')
    assert still.get_attribute("data-verdict") == "verified"
    _shot(s_page, "3b-verdicts-after-refresh")


def _ask(page, base: str, question: str) -> None:
    page.goto(f"{base}/clarifications")
    page.fill("#clar-question", question)
    _submit(page, page.get_by_role("button", name="Ask"))


def _clarifications_arrive_and_a_typed_answer_stays(n_page, s_page, base: str) -> None:
    """Northland's head keeps the clarifications open and starts an answer; Southland asks
    again; once the field is left, the new question is in the list and the words typed are
    still in the field (the refresh waited for the focus to leave, and kept the field)."""
    from playwright.sync_api import expect

    _ask(s_page, base, FIRST_QUESTION)
    n_page.goto(f"{base}/clarifications")
    listed = n_page.locator("#clarification-list")
    asked = listed.locator("article", has_text=FIRST_QUESTION)
    field = asked.locator("textarea[name='answer']")
    field.fill(TYPED)
    n_page.evaluate("window.__not_reloaded = true")
    _ask(s_page, base, SECOND_QUESTION)
    n_page.locator("main h1").click()  # the field left: the waiting refresh may come
    expect(listed).to_contain_text(SECOND_QUESTION, timeout=LIVE)
    assert n_page.evaluate("window.__not_reloaded") is True
    expect(listed.locator("article", has_text=FIRST_QUESTION).locator("textarea")).to_have_value(
        TYPED
    )
    _shot(n_page, "4-clarification-live")
