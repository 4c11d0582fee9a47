"""A whole round of the demo ceasefire talks played in three browser contexts open at once:
the head of Northland, the head of Southland and the mediator, each through the pages' forms
and buttons alone, on a demo server of its own (the agreement concludes its talks).

The demo has held its first two rounds already, so the round played here is the next one, run
as the demo's second round was: proposed and accepted, opened; memoranda drafted and committed
in a sealed exchange, the other side seeing the commitment and nothing of the draft; revealed
and verified by the browser's Web Crypto; a clarification asked and answered; the single text
settled by the mediator and the same version accepted by both heads; the agreement banner
appearing live, from the talks' event stream, in the pages the others hold open. No request
leaves 127.0.0.1. Screenshots of every step under test-output/screenshots/second-round-*.png."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from urllib.parse import urlparse

import pytest

from browser.conftest import SCREENSHOTS, demo_server, require_chromium
from browser.test_pages_in_a_browser import ROLES, sign_in_by_keyboard

SOUTH_HEAD = ("head@southland.example", "southland-head-demo")
VENUE = "Lakeside Annex"
EXCHANGE = "Memoranda of the new round"
# Unique words in each draft: found nowhere on the other side's pages before the reveal.
NORTH_MARK, SOUTH_MARK = "quillwort-north-3141", "bladderwrack-south-2718"
NORTH_TITLE = f"Northland: positions for the round ({NORTH_MARK})"
SOUTH_TITLE = f"Southland: positions for the round ({SOUTH_MARK})"
QUESTION = "Which districts does the contact line of your section cross?"
ANSWER = "Only the three northern districts, as drawn on the annexed map."
OUTCOME = "Agreement reached on every clause of the text."
LIVE = 15000  # ms: how long the event stream has to bring the banner


@pytest.fixture(scope="module")
def own_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    require_chromium()
    with demo_server(tmp_path_factory.mktemp("served-round")) as base:
        yield base


def _viewer(browser, server: str, email: str, password: str, seen: dict[str, list[str]]):
    """A context of its own, signed in; every request URL and console error kept in `seen`."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.on("request", lambda request: seen["requests"].append(request.url))
    page = context.new_page()
    page.on(
        "console",
        lambda m: (
            seen["errors"].append(f"{m.text} {m.location['url']}") if m.type == "error" else None
        ),
    )
    context.on(
        "response",
        lambda r: seen["errors"].append(f"{r.status} {r.url}") if r.status >= 400 else None,
    )
    page.on("dialog", lambda dialog: dialog.accept())  # the pages' data-confirm questions
    sign_in_by_keyboard(page, server, email, password)
    talks = page.eval_on_selector_all(
        "main a[href^='/talks/']", "els => els.map(e => e.getAttribute('href'))"
    )[0]
    return context, page, talks


def _shot(page, step: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"second-round-{step}.png"), full_page=True)


def _submit(page, locator) -> None:
    with page.expect_navigation():
        locator.click()
    assert page.locator("p.error[role='alert']").count() == 0, page.inner_text("main")


def _draft(page, server: str, talks: str, title: str, mark: str, scope: str) -> None:
    """A new memorandum: one section carrying `mark`, one position; saved as version 1."""
    page.goto(f"{server}{talks}/memoranda")
    page.fill("#memo-title", title)
    _submit(page, page.get_by_role("button", name="Start and edit"))
    page.fill("#section-heading-0", "Line of contact")
    page.fill("#section-body-0", f"Our reading of the line: *{mark}*.")
    position = page.locator("fieldset.position-edit", has_text="Geographic scope")
    position.locator("fieldset.choices").first.get_by_label(scope).check()
    position.get_by_label("Rationale (Markdown)").fill(f"Rationale {mark}.")
    _submit(page, page.get_by_role("button", name="Save a new version"))
    assert "version=1" in page.url
    assert mark in page.inner_text("main")


def _commit(page, server: str, talks: str, title: str) -> None:
    page.goto(f"{server}{talks}/exchanges")
    article = page.locator("article.exchange", has_text=EXCHANGE)
    article.get_by_label("Version to commit").select_option(label=f"{title}, version 1")
    _submit(page, article.get_by_role("button", name="Commit"))


def _verify(page) -> None:
    page.click("#verify-commitments")
    page.wait_for_function(
        "[...document.querySelectorAll('[data-commitment]')].every(a => a.dataset.verdict)"
    )
    documents = page.locator("[data-commitment]")
    assert documents.count() == 2
    for n in range(2):
        assert documents.nth(n).get_attribute("data-verdict") == "verified"
        assert "verified" in documents.nth(n).locator(".verdict").inner_text()


def _settle(page) -> str:
    """In the editor: the first bracketed clause resolved in favour of Northland's option,
    every other clause agreed ad referendum as it stands. Returns the resolved wording."""
    count = int(page.locator("input[name='clauses']").get_attribute("value") or "0")
    statuses = [page.locator(f"#clause-{n}-status").input_value() for n in range(count - 1)]
    chosen = statuses.index("bracketed")
    options = (
        page.locator("fieldset.clause-fields").nth(chosen).locator("fieldset.alternative-fields")
    )
    resolved = next(
        options.nth(m).locator("textarea").input_value()
        for m in range(options.count())
        if options.nth(m).get_by_label("Northland").is_checked()
    )
    assert resolved.strip()
    for n in range(count - 1):  # the last slot is for a new clause
        page.select_option(f"#clause-{n}-status", "agreed ad referendum")
        wording = page.locator(f"#clause-{n}-text")
        if n == chosen:
            wording.fill(resolved)
        elif not wording.input_value().strip():
            wording.fill(f"Agreed wording of article {n + 1}.")
        for box in page.locator(f"input[name^='clause-{n}-alt-'][type='checkbox']").all():
            if box.is_checked():
                box.uncheck(force=True)
        for alternative in page.locator(f"textarea[name^='clause-{n}-alt-']").all():
            alternative.fill("", force=True)
    return resolved


def test_a_whole_round_in_three_browsers_at_once(own_server, browser):
    from playwright.sync_api import expect

    server = own_server
    seen: dict[str, list[str]] = {"requests": [], "errors": []}
    north, n_page, talks = _viewer(browser, server, *ROLES["head"], seen)
    south, s_page, _ = _viewer(browser, server, *SOUTH_HEAD, seen)
    mediator, m_page, _ = _viewer(browser, server, *ROLES["mediator"], seen)

    # 1. Northland's head proposes the round for a few hours from now; Southland's head
    # accepts; the mediator, who conducts mediated talks, opens it.
    starts = datetime.now(UTC).replace(second=0, microsecond=0) + timedelta(hours=3)
    n_page.goto(f"{server}{talks}/rounds")
    n_page.fill("#starts_at", starts.strftime("%Y-%m-%dT%H:%M"))
    n_page.fill("#time_zone", "UTC")
    n_page.fill("#venue", VENUE)
    _submit(n_page, n_page.get_by_role("button", name="Propose the round"))
    proposed = n_page.locator("article", has_text=VENUE).last
    heading = proposed.locator("h3").inner_text()
    assert "proposed" in heading
    number = int(heading.split()[1])
    s_page.goto(f"{server}{talks}/rounds")
    _submit(
        s_page, s_page.locator("article", has_text=VENUE).last.get_by_role("button", name="Accept")
    )
    assert "scheduled" in s_page.locator("article", has_text=VENUE).last.inner_text()
    m_page.goto(f"{server}{talks}/rounds")
    _submit(m_page, m_page.get_by_role("button", name=f"Open round {number}"))
    assert "open" in m_page.locator("article", has_text=VENUE).last.locator("h3").inner_text()
    _shot(m_page, "1-round-opened")

    # 2. The mediator opens the exchange; each head drafts and commits; before the reveal the
    # other side sees Northland's commitment and nothing of its draft.
    m_page.goto(f"{server}{talks}/exchanges")
    m_page.fill("#ex-title", EXCHANGE)
    m_page.select_option(
        "#ex-round", label=m_page.locator("#ex-round option", has_text=VENUE).inner_text()
    )
    _submit(m_page, m_page.get_by_role("button", name="Open the exchange"))
    _draft(n_page, server, talks, NORTH_TITLE, NORTH_MARK, "Contact line only")
    _draft(s_page, server, talks, SOUTH_TITLE, SOUTH_MARK, "Entire territory")
    _commit(n_page, server, talks, NORTH_TITLE)
    s_page.goto(f"{server}{talks}/exchanges")
    sealed = s_page.locator("article.exchange", has_text=EXCHANGE)
    north_digest = sealed.locator("tr", has_text="Northland").locator("code.digest").inner_text()
    assert len(north_digest) == 64
    _shot(s_page, "2-commitment-seen-by-the-other-side")
    for path in ("exchanges", "memoranda", "clarifications", "", "record"):
        s_page.goto(f"{server}{talks}/{path}".rstrip("/"))
        assert NORTH_MARK not in s_page.content(), path
    n_page.goto(f"{server}{talks}/exchanges")
    assert SOUTH_MARK not in n_page.content()  # drafted, not committed: Southland's alone
    m_page.goto(f"{server}{talks}/exchanges")
    assert NORTH_MARK not in m_page.content()  # nor does the mediator, before the reveal
    assert SOUTH_MARK not in m_page.content()
    _commit(s_page, server, talks, SOUTH_TITLE)

    # 3. Both committed: revealed at once. Each head reads the other's memorandum and its
    # browser recomputes both commitments.
    for page, name, other_mark, other_title in (
        (s_page, "southland", NORTH_MARK, NORTH_TITLE),
        (n_page, "northland", SOUTH_MARK, SOUTH_TITLE),
    ):
        page.goto(f"{server}{talks}/exchanges")
        page.locator("article.exchange", has_text=EXCHANGE).get_by_role(
            "link", name=EXCHANGE
        ).click()
        page.wait_for_selector("#verify-commitments")
        assert other_mark in page.inner_text("main")
        _verify(page)
        # the digest Southland saw before the reveal is the one Northland's document matches
        assert page.locator(f"[data-commitment][data-digest='{north_digest}']").count() == 1
        _shot(page, f"3-verified-by-{name}")
        page.goto(f"{server}{talks}/memoranda")
        with page.expect_navigation():
            page.get_by_role("link", name=other_title).click()
        assert other_mark in page.inner_text("main")
        assert "revealed" in page.inner_text("main")

    # 4. Southland's head asks about the section of Northland's memorandum; Northland's head
    # answers; Southland's head reads the answer.
    s_page.goto(f"{server}{talks}/clarifications")
    about = s_page.locator(
        f"#clar-about optgroup[label*='{NORTH_MARK}'] option", has_text="Line of contact"
    )
    s_page.select_option("#clar-about", value=about.get_attribute("value"))
    s_page.fill("#clar-question", QUESTION)
    _submit(s_page, s_page.get_by_role("button", name="Ask"))
    n_page.goto(f"{server}{talks}/clarifications")
    asked = n_page.locator("article.clarification", has_text=QUESTION)
    asked.get_by_label("Your party's answer (Markdown)").fill(ANSWER)
    _submit(n_page, asked.get_by_role("button", name="Answer"))
    s_page.goto(f"{server}{talks}/clarifications")
    answered = s_page.locator("article.clarification", has_text=QUESTION)
    assert ANSWER in answered.locator(".answer").inner_text()
    assert "answered" in answered.locator(".badge").inner_text()
    _shot(s_page, "4-clarification-answered")

    # 5. The mediator settles the single text, resolving a bracketed clause for one option,
    # and both heads accept the version it makes.
    m_page.goto(f"{server}{talks}/text")
    _submit(m_page, m_page.get_by_role("link", name="Edit the text"))
    resolved = _settle(m_page)
    _submit(m_page, m_page.get_by_role("button", name="Save a new version"))
    assert urlparse(m_page.url).path == f"{talks}/text"
    assert m_page.locator(".badge", has_text="bracketed").count() == 0
    assert resolved.strip().split("\n")[0][:40] in m_page.inner_text("main")
    version = int(m_page.locator("main h2", has_text="Version").first.inner_text().split()[1])
    digest = m_page.locator("main code.hash").inner_text()
    _shot(m_page, "5-text-settled")
    n_page.goto(f"{server}{talks}/text")
    assert n_page.locator("main code.hash").inner_text() == digest
    _submit(n_page, n_page.get_by_role("button", name="Accept version"))
    assert "accepted the current version" in n_page.locator("#text-status").inner_text()
    assert n_page.locator("#agreement-banner").count() == 0

    # 6. Southland's head accepts the same version; the pages the mediator and Northland's
    # head hold open, marked to tell a reload, show the banner the event stream brought.
    for page in (m_page, n_page):
        page.evaluate("window.__not_reloaded = true")
    s_page.goto(f"{server}{talks}/text")
    assert s_page.locator("main code.hash").inner_text() == digest  # the same version
    _submit(s_page, s_page.get_by_role("button", name="Accept version"))
    assert s_page.locator("#agreement-banner").is_visible()
    standing = s_page.locator("#text-status tbody tr")
    assert standing.count() == 2
    for n in range(2):  # both parties stand on the one version whose hash they were shown
        assert "accepted the current version" in standing.nth(n).inner_text()
    assert s_page.locator("#text-status caption code").inner_text() == digest[:12]
    for page in (m_page, n_page):
        banner = page.locator("#agreement-banner")
        expect(banner).to_be_visible(timeout=LIVE)
        assert f"accepted version {version} of the text" in banner.inner_text()
        assert page.evaluate("window.__not_reloaded") is True
    _shot(n_page, "6-agreement-live-northland")
    _shot(m_page, "6-agreement-live-mediator")

    # 7. The mediator closes the round with its outcome; its minutes are there to print.
    m_page.goto(f"{server}{talks}/rounds")
    held = m_page.locator("article", has_text=VENUE).last
    held.get_by_label("Outcome").fill(OUTCOME)
    _submit(m_page, held.get_by_role("button", name=f"Close round {number}"))
    held = m_page.locator("article", has_text=VENUE).last
    assert "closed" in held.locator("h3").inner_text()
    assert OUTCOME in held.inner_text()
    with m_page.expect_navigation():
        held.get_by_role("link", name=f"Minutes of round {number}").click()
    minutes = m_page.inner_text("main .minutes")
    for said in ("documents revealed", "clarification answered", QUESTION, ANSWER, OUTCOME,
                 f"agreement reached (version {version})"):  # fmt: skip
        assert said in minutes, said
    _shot(m_page, "7-minutes")

    outside = [u for u in seen["requests"] if urlparse(u).hostname != "127.0.0.1"]
    assert outside == []
    assert seen["errors"] == []
    for context in (north, south, mediator):
        context.close()
