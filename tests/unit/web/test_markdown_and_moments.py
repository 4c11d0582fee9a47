"""The Markdown that people write renders inert, and moments are shown in two named zones."""

from datetime import UTC, datetime
from html.parser import HTMLParser

import pytest

from pourparler.server.web.markdown import render_markdown
from pourparler.server.web.moment import moment


def test_markdown_renders_its_formatting():
    html = render_markdown("# Scope\n\n**Contact line** only, see [the map](https://example.org/m)")
    assert "<h1>Scope</h1>" in html
    assert "<strong>Contact line</strong>" in html
    assert 'href="https://example.org/m"' in html
    assert 'rel="noopener noreferrer nofollow"' in html


@pytest.mark.parametrize(
    "source",
    [
        "<script>alert('x')</script>",
        "before <script>alert('x')</script> after",
        '<img src="x" onerror="alert(1)">',
        "[click](javascript:alert(1))",
        "[click](JAVASCRIPT:alert(1))",
        '<a href="javascript:alert(1)">click</a>',
        "![pic](javascript:alert(1))",
        '<svg onload="alert(1)"></svg>',
        "<iframe src='https://example.org'></iframe>",
    ],
)
def test_markdown_injections_render_inert(source):
    tags = Elements()
    tags.feed(str(render_markdown(source)))
    assert tags.found, "the sanitiser gave an empty page for " + source
    for tag, attributes in tags.found:
        assert tag in {"p", "a"}, tag
        for name, value in attributes:
            assert not name.startswith("on"), name
            assert name not in ("src", "style"), name
            assert not (value or "").strip().lower().startswith("javascript"), value


class Elements(HTMLParser):
    """The elements of an HTML fragment as a browser's parser sees them (escaped text is
    text, not an element)."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, attrs))


def test_markdown_escapes_html_as_text():
    assert "&lt;script&gt;" in render_markdown("<script>alert('x')</script>")


def test_empty_markdown_is_empty():
    assert render_markdown("") == ""
    assert render_markdown(None) == ""


MOMENT = datetime(2026, 3, 3, 9, 0, tzinfo=UTC)


def test_a_moment_is_shown_in_the_viewers_zone_named():
    assert moment(MOMENT, "Europe/Paris") == "Tue 03 Mar 2026, 10:00 Europe/Paris"


def test_a_moment_is_shown_in_the_rounds_zone_too_when_it_differs():
    shown = moment(MOMENT.isoformat(), "Europe/Paris", "America/New_York")
    assert shown.startswith("Tue 03 Mar 2026, 10:00 Europe/Paris")
    assert "(Tue 03 Mar 2026, 04:00 America/New_York, the round's time)" in shown


def test_the_rounds_zone_is_not_repeated_when_it_is_the_viewers():
    assert moment(MOMENT, "UTC", "UTC") == "Tue 03 Mar 2026, 09:00 UTC"


def test_an_unknown_or_missing_zone_is_shown_as_utc_named():
    assert moment(MOMENT, "Mars/Olympus") == "Tue 03 Mar 2026, 09:00 UTC"
    assert moment(MOMENT, None) == "Tue 03 Mar 2026, 09:00 UTC"
    assert moment("2026-03-03T09:00:00", "Asia/Tokyo") == "Tue 03 Mar 2026, 18:00 Asia/Tokyo"


def test_no_moment_shows_nothing():
    assert moment(None, "UTC") == ""
