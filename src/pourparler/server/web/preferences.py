"""A party's preferences and its secret bid: the profile editor (weights as sliders that sum to
100, option ratings, value curves, reservation value, red lines), consent to the mediator's
analysis, the party's own analysis, and secret bids with their outcome.

A profile is its own party's alone (DESIGN.md, "Who sees what"): these pages read it through
services/profile.py, which answers the party's members only, and the menu offers them to the
party's members alone. The secret-bids page shows the outcome the services give the parties and
the mediator; a party's own bid is shown to its members only, read from its own profile.
"""

from __future__ import annotations

import math
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from pourparler.domain.error import InvalidInput, NotFound, PourparlerError
from pourparler.server.auth import services
from pourparler.server.web.render import page, translate
from pourparler.server.web.session import Act, Acting, Viewer, Viewing, whole_number
from pourparler.server.web.talks import talks_context
from pourparler.services import profile as profiles
from pourparler.services import secret
from pourparler.services.analysis import own_analysis

__all__ = ["hundredths", "profile_from_form", "router"]

router = APIRouter(include_in_schema=False)

CURVES = ("rising", "falling", "peaked", "points")
WEIGHTS_TOTAL = 100


def hundredths(weights: list[float]) -> list[int]:
    """Weights as whole numbers that add up to 100 (largest remainders), for the sliders of a
    profile whose weights were written on another scale (e.g. through the API)."""
    total = sum(weights)
    if total <= 0:
        return [0] * len(weights)
    exact = [w * WEIGHTS_TOTAL / total for w in weights]
    whole = [math.floor(x) for x in exact]
    short = WEIGHTS_TOTAL - sum(whole)
    for k in sorted(range(len(exact)), key=lambda k: whole[k] - exact[k])[:short]:
        whole[k] += 1
    return whole


def scored_issues(talks: dict[str, Any]) -> list[dict[str, Any]]:
    """The framework's issues a profile can weigh: options and range issues (clause issues are
    not scored)."""
    return [i for i in talks["framework"] if i["kind"] in ("options", "range")]


def _rows(issues: list[dict[str, Any]], kept: dict[str, Any] | None) -> list[dict[str, Any]]:
    """One row of the editor per scored issue, filled from the kept profile (if any)."""
    by_issue = {p["issue_id"]: p for p in (kept or {}).get("issues", [])}
    weights = hundredths([float(by_issue.get(i["id"], {}).get("weight", 0)) for i in issues])
    rows = []
    for issue, weight in zip(issues, weights, strict=True):
        given = by_issue.get(issue["id"], {})
        ratings = given.get("ratings") or {}
        accepted = given.get("acceptable_range") or [None, None]
        rows.append(
            {
                "issue": issue,
                "weight": weight,
                "ratings": [_number(ratings.get(o)) for o in issue["options"]],
                "red": set(given.get("red_options") or []),
                "curve": given.get("curve") or "rising",
                "peak": _number(given.get("peak")),
                "points": "; ".join(f"{v:g}: {r:g}" for v, r in given.get("points") or []),
                "low": _number(accepted[0]),
                "high": _number(accepted[1]),
            }
        )
    return rows


def _number(value: Any) -> str:
    return "" if value is None else f"{float(value):g}"


def _float(act: Act, name: str, label: str, *, required: bool = False) -> float | None:
    raw = act.text(name)
    if not raw:
        if required:
            raise InvalidInput(translate("%(what)s: give a number", what=label))
        return None
    try:
        value = float(raw)
    except ValueError:
        raise InvalidInput(
            translate("%(what)s: %(raw)r is not a number", what=label, raw=raw[:20])
        ) from None
    if not math.isfinite(value):
        raise InvalidInput(translate("%(what)s: give a finite number", what=label))
    return value


def _points(raw: str, title: str) -> list[tuple[float, float]]:
    found = []
    for pair in (p for p in raw.split(";") if p.strip()):
        value, _, rating = pair.partition(":")
        try:
            found.append((float(value), float(rating)))
        except ValueError:
            raise InvalidInput(
                translate(
                    "%(title)s: write the curve's points as “value: rating; value: rating”",
                    title=title,
                )
            ) from None
    return found


def profile_from_form(act: Act, issues: list[dict[str, Any]]) -> dict[str, Any]:
    """The profile document (services/document.py ProfileDocument) the editor's form describes.
    The weights are whole numbers from 0 to 100 that must add up to 100: a form whose weights
    add up to anything else is refused, naming the sum."""
    weights = []
    for n, issue in enumerate(issues):
        weight = whole_number(act.text(f"issue-{n}-weight") or "0", WEIGHTS_TOTAL)
        if weight is None:
            raise InvalidInput(
                translate(
                    "the weight of %(title)r: a whole number from 0 to 100", title=issue["title"]
                )
            )
        weights.append(weight)
    if sum(weights) != WEIGHTS_TOTAL:
        raise InvalidInput(
            translate(
                "the weights add up to %(sum)d: they must add up to exactly 100 "
                "(move the sliders until the sum shows 100)",
                sum=sum(weights),
            )
        )
    reservation = _float(act, "reservation", translate("the reservation value"), required=True)
    entries = []
    for n, (issue, weight) in enumerate(zip(issues, weights, strict=True)):
        entry: dict[str, Any] = {"issue_id": issue["id"], "weight": weight}
        title = issue["title"]
        if issue["kind"] == "options":
            ratings = {}
            for k, option in enumerate(issue["options"]):
                rating = _float(act, f"issue-{n}-rating-{k}", f"{title}, {option}")
                if rating is not None:
                    ratings[option] = rating
            entry["ratings"] = ratings
            red = set(act.form.getlist(f"issue-{n}-red"))
            entry["red_options"] = [o for k, o in enumerate(issue["options"]) if str(k) in red]
        else:
            curve = act.text(f"issue-{n}-curve") or "rising"
            if curve not in CURVES:
                raise InvalidInput(
                    translate("%(title)s: choose a value curve from the list", title=title)
                )
            entry["curve"] = curve
            if curve == "peaked":
                entry["peak"] = _float(
                    act,
                    f"issue-{n}-peak",
                    translate("%(title)s, best value", title=title),
                    required=True,
                )
            if curve == "points":
                entry["points"] = _points(act.text(f"issue-{n}-points"), title)
            low = _float(
                act, f"issue-{n}-low", translate("%(title)s, lowest acceptable", title=title)
            )
            high = _float(
                act, f"issue-{n}-high", translate("%(title)s, highest acceptable", title=title)
            )
            if (low is None) != (high is None):
                raise InvalidInput(
                    translate(
                        "%(title)s: give both ends of the acceptable range, or neither", title=title
                    )
                )
            if low is not None and high is not None:
                entry["acceptable_range"] = [low, high]
        entries.append(entry)
    return {"reservation": reservation, "issues": entries}


def _writes(context: dict[str, Any]) -> bool:
    """Whether the form is offered for saving: a head or a delegate writes the profile (the
    services decide; an adviser reads it)."""
    return bool(context["seats"].confirmed_roles & {"head", "delegate"})


def _preferences_page(
    request: Request,
    viewer: Viewer,
    talks_id: str,
    *,
    rows: list[dict[str, Any]] | None = None,
    reservation: str | None = None,
    error: str = "",
    status_code: int = 200,
) -> Response:
    context = talks_context(request, viewer, talks_id, "preferences")
    svc, who = services(request), viewer.principal
    try:
        kept: dict[str, Any] | None = profiles.read_profile(svc, who, talks_id)
    except NotFound:
        kept = None  # no profile yet (a viewer without a seat was refused above)
    issues = scored_issues(context["talks"])
    context["rows"] = rows if rows is not None else _rows(issues, kept)
    context["profile"] = kept
    context["reservation"] = (
        reservation if reservation is not None else _number(kept["reservation"] if kept else 0.5)
    )
    context["writes"] = _writes(context)
    context["analysis"] = own_analysis(svc, who, talks_id) if kept else None
    context["curves"] = CURVES
    context["error"] = error
    return page(request, "preferences.html", context, status_code=status_code)


@router.get("/talks/{talks_id}/preferences")
def preferences_page(request: Request, talks_id: str, viewer: Viewing) -> Response:
    return _preferences_page(request, viewer, talks_id)


@router.post("/talks/{talks_id}/preferences")
def save(request: Request, talks_id: str, act: Acting) -> Response:
    svc, who = services(request), act.viewer.principal
    context = talks_context(request, act.viewer, talks_id, "preferences")
    issues = scored_issues(context["talks"])
    try:
        document = profile_from_form(act, issues)
        profiles.save_profile(svc, who, talks_id, document)
    except NotFound:
        raise
    except PourparlerError as refused:
        return _preferences_page(
            request, act.viewer, talks_id, rows=_rows_from_form(act, issues),
            reservation=act.text("reservation"), error=refused.message, status_code=422,
        )  # fmt: skip
    return RedirectResponse(f"/talks/{talks_id}/preferences#saved", status_code=303)


def _rows_from_form(act: Act, issues: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The editor's rows as the viewer filled them, to show a refused form again unchanged."""
    rows = []
    for n, issue in enumerate(issues):
        red = set(act.form.getlist(f"issue-{n}-red"))
        rows.append(
            {
                "issue": issue,
                "weight": whole_number(act.text(f"issue-{n}-weight"), WEIGHTS_TOTAL) or 0,
                "ratings": [
                    act.text(f"issue-{n}-rating-{k}")[:40] for k in range(len(issue["options"]))
                ],
                "red": {o for k, o in enumerate(issue["options"]) if str(k) in red},
                "curve": act.text(f"issue-{n}-curve") or "rising",
                "peak": act.text(f"issue-{n}-peak")[:40],
                "points": act.text(f"issue-{n}-points")[:400],
                "low": act.text(f"issue-{n}-low")[:40],
                "high": act.text(f"issue-{n}-high")[:40],
            }
        )
    return rows


@router.post("/talks/{talks_id}/preferences/consent")
def consent(request: Request, talks_id: str, act: Acting) -> Response:
    talks_context(request, act.viewer, talks_id, "preferences")  # no seat: the 404 page
    try:
        profiles.set_consent(
            services(request), act.viewer.principal, talks_id, consent=act.text("consent") == "yes"
        )
    except PourparlerError as refused:  # a missing profile included: said on the page
        return _preferences_page(
            request, act.viewer, talks_id, error=refused.message, status_code=409
        )
    return RedirectResponse(f"/talks/{talks_id}/preferences", status_code=303)


# Secret bids ---------------------------------------------------------------------------------


def _secret_page(
    request: Request, viewer: Viewer, talks_id: str, *, error: str = "", status_code: int = 200
) -> Response:
    context = talks_context(request, viewer, talks_id, "secret")
    svc, who = services(request), viewer.principal
    context["outcome"] = secret.secret_outcome(svc, who, talks_id)
    own: dict[str, Any] | None = None
    if context["seats"].in_party:
        try:
            own = profiles.read_profile(svc, who, talks_id)
        except NotFound:
            own = None
    context["own"] = own
    context["error"] = error
    return page(request, "secret.html", context, status_code=status_code)


@router.get("/talks/{talks_id}/secret")
def secret_page(request: Request, talks_id: str, viewer: Viewing) -> Response:
    return _secret_page(request, viewer, talks_id)


@router.post("/talks/{talks_id}/secret")
def bid(request: Request, talks_id: str, act: Acting) -> Response:
    talks_context(request, act.viewer, talks_id, "secret")  # no seat: the 404 page
    try:
        minimum = None
        if act.text("action") != "withdraw":
            minimum = _float(act, "minimum", translate("your secret minimum"), required=True)
        secret.set_secret_minimum(
            services(request), act.viewer.principal, talks_id, minimum=minimum
        )
    except PourparlerError as refused:  # a missing profile included: said on the page
        return _secret_page(request, act.viewer, talks_id, error=refused.message, status_code=409)
    return RedirectResponse(f"/talks/{talks_id}/secret", status_code=303)
