"""Pages from Jinja2 templates: one environment, autoescaped, with gettext-style translation.

Every string a template shows goes through `_()` (jinja2.ext.i18n), and every string a page's
Python builds for it (a flash message, an error page's title, a label) through `translate`, the
same catalogue (`TRANSLATIONS`). The translations are null today, so the interface reads in
English; installing a real `gettext.GNUTranslations` as `TRANSLATIONS` is all it takes to
translate both.
"""

from __future__ import annotations

import gettext
from collections.abc import Mapping
from importlib.resources import files
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, pass_context, select_autoescape
from jinja2.runtime import Context

from pourparler.server.web.label import words
from pourparler.server.web.markdown import render_markdown
from pourparler.server.web.moment import ZONE_COOKIE, moment

__all__ = ["ENVIRONMENT", "TRANSLATIONS", "page", "translate"]

_TEMPLATES = str(files("pourparler.server.web").joinpath("templates"))

ENVIRONMENT = Environment(
    loader=FileSystemLoader(_TEMPLATES),
    autoescape=select_autoescape(["html", "xml"], default=True),
    extensions=["jinja2.ext.i18n"],
    trim_blocks=True,
    lstrip_blocks=True,
)
TRANSLATIONS: gettext.NullTranslations = gettext.NullTranslations()
ENVIRONMENT.install_gettext_translations(TRANSLATIONS, newstyle=True)  # type: ignore[attr-defined]


def translate(message: str, **values: object) -> str:
    """`message` from the templates' catalogue, its `%(name)s` places filled with `values`:
    what `{{ _(message, **values) }}` gives in a template, for strings built in Python."""
    translated = TRANSLATIONS.gettext(message)
    return translated % values if values else translated


ENVIRONMENT.filters["markdown"] = render_markdown


def _label(value: Any, vocabulary: str) -> str:
    """`{{ r.format | label("format") }}`: a vocabulary's value in words, translated."""
    return translate(words(value, vocabulary))


ENVIRONMENT.filters["label"] = _label


@pass_context
def _moment(context: Context, value: Any, own_zone: str | None = None) -> str:
    """`{{ round.starts_at | moment(round.time_zone) }}`: in the viewer's zone, named, and in
    the round's own zone."""
    return moment(value, context.get("viewer_zone"), own_zone)


ENVIRONMENT.filters["moment"] = _moment


def page(
    request: Request,
    template: str,
    context: Mapping[str, Any] | None = None,
    *,
    status_code: int = 200,
    headers: Mapping[str, str] | None = None,
) -> HTMLResponse:
    """The page `template` for this request: the viewer (if any), their CSRF token and their
    time zone are known to every template, so the layout can show navigation and forms."""
    viewer = getattr(request.state, "viewer", None)
    body = ENVIRONMENT.get_template(template).render(
        request=request,
        viewer=viewer,
        csrf=viewer.csrf if viewer is not None else "",
        viewer_zone=request.cookies.get(ZONE_COOKIE),
        **(context or {}),
    )
    response = HTMLResponse(body, status_code=status_code, headers=dict(headers or {}))
    response.headers["cache-control"] = "no-store"  # pages hold what only this viewer may see
    return response
