"""Markdown that people write, made safe to show: rendered by markdown-it-py with raw HTML off,
then sanitised by nh3 with a short allow-list.

Two locks on one door, on purpose: markdown-it escapes raw HTML, and nh3 removes whatever
still slipped through (an `onerror=` attribute, a `javascript:` link, a tag not on the list).
A memorandum is written by one party and read by others; it must never run in their browsers.
"""

from __future__ import annotations

import nh3
from markdown_it import MarkdownIt
from markupsafe import Markup

__all__ = ["render_markdown"]

_TAGS = {
    "p", "br", "hr", "em", "strong", "code", "pre", "blockquote", "ul", "ol", "li",
    "h1", "h2", "h3", "h4", "h5", "h6", "a", "table", "thead", "tbody", "tr", "th", "td", "del",
}  # fmt: skip
_ATTRIBUTES = {"a": {"href", "title"}, "th": {"align"}, "td": {"align"}, "ol": {"start"}}
_SCHEMES = {"http", "https", "mailto"}

# commonmark with tables and strikethrough; html=False escapes any HTML written in the source.
_PARSER = MarkdownIt("commonmark", {"html": False, "linkify": False}).enable(
    ["table", "strikethrough"]
)


def render_markdown(source: str | None) -> Markup:
    """The HTML of `source`, safe to insert into a page: no script, no event handler, no link
    but http(s) and mailto, and links that tell the browser not to follow them blindly."""
    if not source:
        return Markup("")
    html = _PARSER.render(source)
    clean = nh3.clean(
        html,
        tags=_TAGS,
        attributes=_ATTRIBUTES,
        url_schemes=_SCHEMES,
        link_rel="noopener noreferrer nofollow",
    )
    return Markup(clean)
