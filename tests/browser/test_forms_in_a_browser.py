"""The forms of issue 9's leftovers in Chromium: the mediator postpones a round a head proposed,
and the head may then give it a new date; the secretariat invites a delegate into Northland and
Northland's head confirms the seat from the members page."""

from __future__ import annotations

from browser.test_acts_in_a_browser import _signed_in


def test_the_mediator_postpones_a_round_and_the_proposer_may_reschedule_it(server, browser):
    north, north_page, talks = _signed_in(browser, server, "head")
    north_page.goto(f"{server}{talks}/rounds")
    north_page.fill("#starts_at", "2031-03-04T09:30")
    north_page.fill("#time_zone", "Europe/Vienna")
    north_page.fill("#venue", "Postponement Hall")
    with north_page.expect_navigation():
        north_page.click("text=Propose the round")
    article = north_page.locator("article", has_text="Postponement Hall").last
    assert article.get_by_role("button", name="Postpone").count() == 0  # the mediator conducts

    mediator, page, _ = _signed_in(browser, server, "mediator")
    page.goto(f"{server}{talks}/rounds")
    article = page.locator("article", has_text="Postponement Hall").last
    article.get_by_label("Reason for postponing").fill("The venue is being **repaired**")
    with page.expect_navigation():
        article.get_by_role("button", name="Postpone").click()
    article = page.locator("article", has_text="Postponement Hall").last
    assert "postponed" in article.locator(".badge").first.inner_text()
    assert "The venue is being **repaired**" in article.inner_text()

    north_page.goto(f"{server}{talks}/rounds")
    article = north_page.locator("article", has_text="Postponement Hall").last
    article.get_by_label("New date and time").fill("2031-04-01T14:00")
    with north_page.expect_navigation():
        article.get_by_role("button", name="Reschedule").click()
    article = north_page.locator("article", has_text="Postponement Hall").last
    assert "proposed" in article.locator(".badge").first.inner_text()
    assert "Europe/Vienna" in article.inner_text()
    north.close()
    mediator.close()


def test_the_head_confirms_a_seat_the_secretariat_gave_in_the_party(server, browser):
    desk, page, talks = _signed_in(browser, server, "secretariat")
    page.goto(f"{server}{talks}/members")
    page.fill("#invite-email", "new.delegate@northland.example")
    page.fill("#invite-name", "Nell Newdelegate")
    page.select_option("#invite-role", "delegate")
    page.select_option("#invite-party", label="Northland")
    page.click("text=Make the invitation link")
    assert "shown this once" in page.content()
    row = page.locator("tr", has_text="new.delegate@northland.example")
    assert "awaiting confirmation" in row.inner_text()
    desk.close()

    north, north_page, _ = _signed_in(browser, server, "head")
    north_page.goto(f"{server}{talks}")
    north_page.get_by_role("link", name="Members").click()
    confirm = north_page.get_by_role("button", name="Confirm the seat of Nell Newdelegate")
    with north_page.expect_navigation():
        confirm.click()
    row = north_page.locator("tr", has_text="new.delegate@northland.example")
    assert "in effect" in row.inner_text()
    assert (
        north_page.get_by_role("button", name="Confirm the seat of Nell Newdelegate").count() == 0
    )
    north.close()
