"""The signed-in viewer of a page, and the checks every browser form passes.

A page needs a web session (the cookie `pourparler_session`): without one, a GET is sent to
the sign-in form and comes back afterwards. Every form that changes anything carries the
session's CSRF token in a hidden field (htmx sends it as X-CSRF-Token, from <body hx-headers>);
a form without it, or with another session's, is refused before anything is read or written.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from secrets import compare_digest
from typing import Annotated
from urllib.parse import quote

from fastapi import Depends, Request
from fastapi.responses import RedirectResponse, Response
from starlette.datastructures import FormData

from pourparler.domain.error import InvalidInput, NotAllowed, NotFound, PourparlerError
from pourparler.server.auth import CSRF_HEADER, SESSION_COOKIE, services
from pourparler.server.problem import status_of
from pourparler.server.web.render import translate
from pourparler.services import credential
from pourparler.services.principal import Principal
from pourparler.services.viewer import whoami

__all__ = [
    "CSRF_FIELD",
    "LARGEST_VERSION",
    "Acting",
    "SignInFirst",
    "Viewer",
    "Viewing",
    "acted",
    "acting",
    "require_whole_number",
    "viewing",
    "whole_number",
]

CSRF_FIELD = "csrf_token"
LARGEST_VERSION = 1_000_000  # the API's bound on a version's number, kept by the pages too


class SignInFirst(Exception):
    """No web session: the page answers with a redirection to the sign-in form."""

    def __init__(self, back_to: str) -> None:
        super().__init__(back_to)
        self.back_to = back_to


@dataclass(frozen=True)
class Viewer:
    principal: Principal
    csrf: str
    name: str
    email: str
    secretariat: bool
    session_id: str
    opens_talks: bool = False


def _back_to(request: Request) -> str:
    path = request.url.path
    return path if request.method == "GET" else "/talks"


def viewing(request: Request) -> Viewer:
    """The viewer of this page, resolved from the session cookie (never from a bearer token:
    pages are for browsers)."""
    secret = request.cookies.get(SESSION_COOKIE)
    found = credential.authenticate(services(request), secret) if secret else None
    if found is None or found.bearer or not found.csrf:
        raise SignInFirst(_back_to(request))
    person = whoami(services(request), found.principal)
    viewer = Viewer(
        found.principal,
        found.csrf,
        person.name,
        person.email,
        person.secretariat,
        found.session_id,
        person.opens_talks,
    )
    request.state.viewer = viewer
    return viewer


@dataclass(frozen=True)
class Act:
    viewer: Viewer
    form: FormData

    def text(self, name: str, default: str = "") -> str:
        value = self.form.get(name, default)
        return value.strip() if isinstance(value, str) else default


def whole_number(raw: str, largest: int) -> int | None:
    """`raw` as a whole number from 0 to `largest`, or None when it is anything else.

    Only ASCII digits count: `str.isdigit` also holds for "²", which `int` refuses, and a
    number of thousands of digits is refused by `int` too, so neither may reach it.
    """
    if not (raw.isascii() and raw.isdigit()) or len(raw) > len(str(largest)):
        return None
    value = int(raw)
    return value if value <= largest else None


def require_whole_number(raw: str, largest: int, refusal: str) -> int:
    """`raw` as a whole number from 0 to `largest` (`whole_number`), or InvalidInput saying
    `refusal`, written for whoever typed it."""
    number = whole_number(raw, largest)
    if number is None:
        raise InvalidInput(refusal)
    return number


def check_csrf(expected: str, form: FormData, request: Request) -> None:
    sent = form.get(CSRF_FIELD) or request.headers.get(CSRF_HEADER) or ""
    if not (isinstance(sent, str) and expected and compare_digest(sent, expected)):
        raise NotAllowed(
            translate("this form has expired or did not come from this site: reload the page")
        )


async def acting(request: Request, viewer: Annotated[Viewer, Depends(viewing)]) -> Act:
    """A signed-in viewer's form, its CSRF token checked."""
    form = await request.form()
    check_csrf(viewer.csrf, form, request)
    return Act(viewer, form)


def acted(do: Callable[[], object], done: str, refused: Callable[..., Response]) -> Response:
    """A form's act: `do` it, then see `done` (303). When the rules refuse it, the page that
    `refused(error=message, status_code=status)` draws, with the API's status for the refusal;
    NotFound goes up to the 404 page, the same whether a thing is missing or not the viewer's."""
    try:
        do()
    except NotFound:
        raise
    except PourparlerError as refusal:
        return refused(error=refusal.message, status_code=status_of(refusal))
    return RedirectResponse(done, status_code=303)


def sign_in_location(back_to: str) -> str:
    return "/sign-in" if back_to in ("", "/", "/talks") else f"/sign-in?next={quote(back_to)}"


Viewing = Annotated[Viewer, Depends(viewing)]
Acting = Annotated[Act, Depends(acting)]
