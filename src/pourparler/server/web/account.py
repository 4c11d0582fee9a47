"""Signing in and out, changing one's password, accepting an invitation, personal API tokens.

The session cookie is HttpOnly (no script reads it), SameSite=Lax (another site's form does
not carry it), and Secure whenever the request came over HTTPS. The sign-in and invitation
forms, which have no session yet, carry a one-off token of their own (a cookie and a hidden
field that must match), so another site cannot sign a browser in to an account of its choosing.
"""

from __future__ import annotations

from secrets import compare_digest, token_urlsafe
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from pourparler.domain.error import InvalidInput, NotFound, PourparlerError
from pourparler.server.auth import SESSION_COOKIE, services
from pourparler.server.problem import status_of
from pourparler.server.web.render import page, translate
from pourparler.server.web.session import Acting, Viewing
from pourparler.services import credential, invitation

__all__ = ["router"]

router = APIRouter(include_in_schema=False)

FORM_COOKIE = "pourparler_form"
FORM_FIELD = "form_token"


def _safe_next(target: str | None) -> str:
    """Only a path of this site: never '//elsewhere' nor 'https://elsewhere'."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return "/talks"


def _anonymous_form(
    request: Request, template: str, context: dict[str, Any], status_code: int = 200
) -> Response:
    token = request.cookies.get(FORM_COOKIE) or token_urlsafe(24)
    response = page(request, template, {**context, "form_token": token}, status_code=status_code)
    response.set_cookie(
        FORM_COOKIE,
        token,
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https",
        path="/",
    )
    return response


def _anonymous_form_checked(request: Request, form: Any) -> bool:
    sent = form.get(FORM_FIELD)
    kept = request.cookies.get(FORM_COOKIE)
    return bool(isinstance(sent, str) and kept and compare_digest(sent, kept))


def _signed_in(request: Request, opened: credential.Opened, target: str) -> Response:
    response = RedirectResponse(_safe_next(target), status_code=303)
    response.set_cookie(
        SESSION_COOKIE,
        opened.secret,
        # a lifetime, not a date: the browser's clock need not agree with the server's
        max_age=max(0, int((opened.expires_at - services(request).clock()).total_seconds())),
        httponly=True,
        samesite="lax",
        secure=request.url.scheme == "https",
        path="/",
    )
    response.delete_cookie(FORM_COOKIE, path="/")
    return response


@router.get("/")
def home() -> Response:
    return RedirectResponse("/talks", status_code=303)


@router.get("/sign-in")
def sign_in_form(request: Request, next: str = "/talks") -> Response:
    return _anonymous_form(request, "sign_in.html", {"next": _safe_next(next), "email": ""})


@router.post("/sign-in")
async def sign_in(request: Request) -> Response:
    form = await request.form()
    email = str(form.get("email", "")).strip()
    target = _safe_next(str(form.get("next", "/talks")))
    context: dict[str, Any] = {"next": target, "email": email}
    if not _anonymous_form_checked(request, form):
        context["error"] = translate("This form has expired: please sign in again.")
        return _anonymous_form(request, "sign_in.html", context, status_code=403)
    try:
        opened = credential.sign_in(
            services(request),
            email=email,
            password=str(form.get("password", "")),
            address=request.client.host if request.client else "",
            kind="web",
        )
    except PourparlerError as refused:
        context["error"] = refused.message
        return _anonymous_form(request, "sign_in.html", context, status_code=status_of(refused))
    return _signed_in(request, opened, target)


@router.post("/sign-out")
def sign_out(request: Request, act: Acting) -> Response:
    secret = request.cookies.get(SESSION_COOKIE, "")
    credential.sign_out(services(request), secret)
    response = RedirectResponse("/sign-in", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


@router.get("/password")
def password_form(request: Request, viewer: Viewing) -> Response:
    return page(request, "password.html", {"section": "password"})


@router.post("/password")
def change_password(request: Request, act: Acting) -> Response:
    new = act.text("new")
    context: dict[str, Any] = {"section": "password"}
    try:
        if new != act.text("repeat"):
            raise InvalidInput(translate("the new password and its repetition differ"))
        credential.change_password(
            services(request),
            act.viewer.principal,
            current=act.text("current"),
            new=new,
            keep_session_id=act.viewer.session_id,
        )
    except PourparlerError as refused:
        context["error"] = refused.message
        return page(request, "password.html", context, status_code=422)
    context["messages"] = [translate("Your password is changed; your other sessions have ended.")]
    return page(request, "password.html", context)


@router.get("/invitations/{secret}")
def invitation_form(request: Request, secret: str) -> Response:
    """The form to choose a password; whether the link is still good is checked when it is
    sent, so that the page itself tells nothing about the invitation to whoever opens it."""
    return _anonymous_form(request, "invitation.html", {})


@router.post("/invitations/{secret}")
async def accept_invitation(request: Request, secret: str) -> Response:
    svc = services(request)
    form = await request.form()
    password = str(form.get("password", ""))
    context: dict[str, Any] = {}
    try:
        if not _anonymous_form_checked(request, form):
            raise InvalidInput(translate("this form has expired: reload the page"))
        if password != str(form.get("repeat", "")):
            raise InvalidInput(translate("the password and its repetition differ"))
        email = invitation.accept_invitation(svc, secret=secret, password=password)
        opened = credential.sign_in(
            svc,
            email=email,
            password=password,
            address=request.client.host if request.client else "",
            kind="web",
        )
    except NotFound:
        raise
    except PourparlerError as refused:
        spent = _SPENT.get(refused.message)
        if spent is not None:  # no password can help: say what became of the link, no form
            title = translate(spent)
            back = {"title": title, "detail": refused.message, "back": "/sign-in"}
            return page(request, "error.html", back, status_code=422)
        context["error"] = refused.message
        return _anonymous_form(request, "invitation.html", context, status_code=422)
    return _signed_in(request, opened, "/talks")


# The title of the page for a link that no password can make work any more.
_SPENT = {
    invitation.USED: "Invitation used",
    invitation.EXPIRED: "Invitation expired",
    invitation.INVALID: "Invitation not valid",
}


@router.get("/tokens")
def tokens(request: Request, viewer: Viewing) -> Response:
    found = credential.list_tokens(services(request), viewer.principal)
    return page(request, "tokens.html", {"tokens": found, "section": "tokens"})


@router.post("/tokens")
def create_token(request: Request, act: Acting) -> Response:
    svc = services(request)
    context: dict[str, Any] = {"section": "tokens"}
    try:
        issued = credential.create_token(
            svc,
            email=act.viewer.email,
            password=act.text("password"),
            name=act.text("name"),
            address=request.client.host if request.client else "",
        )
        context["created"] = issued.token  # shown once, on this page, never again
    except PourparlerError as refused:
        context["error"] = refused.message
    context["tokens"] = credential.list_tokens(svc, act.viewer.principal)
    return page(request, "tokens.html", context, status_code=422 if "error" in context else 201)


@router.post("/tokens/{token_id}/revoke")
def revoke_token(request: Request, token_id: str, act: Acting) -> Response:
    credential.revoke_token(services(request), act.viewer.principal, token_id)
    return RedirectResponse("/tokens", status_code=303)
