"""Rounds: the thread of proposals and counter-proposals; propose, answer, open, close,
postpone, cancel, reschedule; a calendar file for a scheduled round; the minutes of a round,
rendered and printable.

The forms offered follow the viewer's seats; whether an act is allowed is the services' to say
(a refusal comes back as a message on the page, with the API's status for it: 422 for bad
input, 403 for an act the viewer may not do, 409 for one the round's stage does not allow; it
changes nothing).
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from functools import partial
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from markupsafe import Markup

from pourparler.domain.base import local_moment, parse_moment
from pourparler.domain.error import InvalidInput, NotFound
from pourparler.domain.round import RoundChange
from pourparler.server.auth import services
from pourparler.server.web.markdown import render_markdown
from pourparler.server.web.moment import zone
from pourparler.server.web.render import page, translate
from pourparler.server.web.session import Act, Acting, Viewing, acted
from pourparler.server.web.talks import talks_context
from pourparler.services import round as rounds
from pourparler.services.minutes import round_minutes
from pourparler.services.view import talks_document

__all__ = ["minutes_html", "router", "thread"]

router = APIRouter(include_in_schema=False)


def thread(documents: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Rounds as threads: each proposal with the counter-proposals that superseded it nested
    under it, in the order they were made."""
    by_id = {r["id"]: {**r, "counters": []} for r in documents}
    roots: list[dict[str, Any]] = []
    for r in documents:
        node = by_id[r["id"]]
        parent = by_id.get(r["supersedes"] or "")
        (parent["counters"] if parent else roots).append(node)
    return roots


def _moment(
    act: Act, field: str, zone_field: str, *, fixed_zone: str | None = None
) -> tuple[datetime, str]:
    """A local date and time typed in a zone (`fixed_zone`, else the form's), as an aware
    moment, and the zone's name: by the API's rules (domain/base.local_moment), so a time the
    zone skips or shows twice, or an offset the zone does not have then, is refused rather
    than moved."""
    zone_name = fixed_zone or act.text(zone_field) or "UTC"
    local = act.text(field)
    try:
        typed = parse_moment(local)  # a date alone too: midnight is not what anyone typed
    except InvalidInput:
        raise InvalidInput(
            translate("%(field)s: give a date and time such as 2026-03-03T10:00", field=field)
        ) from None
    if zone(zone_name).key != zone_name:
        raise InvalidInput(
            translate("%(field)s: unknown time zone %(zone)r", field=zone_field, zone=zone_name)
        )
    return local_moment(typed, zone_name), zone_name


def _round_zone(svc: Any, who: Any, talks_id: str, round_id: str) -> str:
    """The round's own time zone, from the talks as the viewer reads them (not from the form,
    which could name another zone and move the round by hours without a word)."""
    document = talks_document(svc, who, talks_id, with_record=False)
    found = next((r for r in document["rounds"] if r["id"] == round_id), None)
    if found is None:
        raise NotFound(f"no round {round_id}")
    return str(found["time_zone"])


def _rounds_page(
    request: Request, viewer: Any, talks_id: str, *, error: str = "", status_code: int = 200
) -> Response:
    context = talks_context(request, viewer, talks_id, "rounds")
    context["threads"] = thread(context["talks"]["rounds"])
    context["error"] = error
    return page(request, "rounds.html", context, status_code=status_code)


@router.get("/talks/{talks_id}/rounds")
def rounds_page(request: Request, talks_id: str, viewer: Viewing) -> Response:
    return _rounds_page(request, viewer, talks_id)


def _acted(request: Request, act: Act, talks_id: str, do: Any) -> Response:
    refused = partial(_rounds_page, request, act.viewer, talks_id)
    return acted(do, f"/talks/{talks_id}/rounds", refused)


@router.post("/talks/{talks_id}/rounds")
def propose(request: Request, talks_id: str, act: Acting) -> Response:
    def do() -> None:
        starts_at, zone_name = _moment(act, "starts_at", "time_zone")
        rounds.propose_round(
            services(request),
            act.viewer.principal,
            talks_id,
            starts_at=starts_at,
            time_zone=zone_name,
            venue=act.text("venue"),
            format=act.text("format") or "in_person",
        )

    return _acted(request, act, talks_id, do)


@router.post("/talks/{talks_id}/rounds/{round_id}/{answer}")
def answer(request: Request, talks_id: str, round_id: str, answer: str, act: Acting) -> Response:
    svc, who = services(request), act.viewer.principal

    def do() -> None:
        if answer == "accept":
            rounds.accept_round(svc, who, talks_id, round_id)
        elif answer == "decline":
            rounds.decline_round(svc, who, talks_id, round_id, reason=act.text("reason"))
        elif answer == "counter":
            starts_at, zone_name = _moment(act, "starts_at", "time_zone")
            change = RoundChange(
                starts_at=starts_at, time_zone=zone_name, venue=act.text("venue") or None
            )
            rounds.counter_round(svc, who, talks_id, round_id, change=change)
        elif answer == "open":
            rounds.open_round(svc, who, talks_id, round_id)
        elif answer == "close":
            rounds.close_round(svc, who, talks_id, round_id, outcome=act.text("outcome"))
        elif answer == "postpone":
            rounds.postpone_round(svc, who, talks_id, round_id, reason=act.text("reason"))
        elif answer == "cancel":
            rounds.cancel_round(svc, who, talks_id, round_id, reason=act.text("reason"))
        elif answer == "reschedule":  # the round keeps its zone: the time is typed in it
            own = _round_zone(svc, who, talks_id, round_id)
            starts_at, _ = _moment(act, "starts_at", "time_zone", fixed_zone=own)
            rounds.reschedule_round(svc, who, talks_id, round_id, starts_at=starts_at)
        else:
            raise InvalidInput(translate("unknown act on a round: %(act)r", act=answer[:40]))

    return _acted(request, act, talks_id, do)


def _ics_text(value: str) -> str:
    """RFC 5545 TEXT: backslash, semicolon, comma and newline escaped."""
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _fold(line: str) -> str:
    """Lines longer than 75 octets folded as RFC 5545 asks (continuations start with a space)."""
    out, current = [], ""
    for char in line:
        if len((current + char).encode()) > 75:
            out.append(current)
            current = " " + char
        else:
            current += char
    out.append(current)
    return "\r\n".join(out)


def calendar(talks: dict[str, Any], meeting: dict[str, Any], host: str, now: datetime) -> str:
    """One VEVENT for a round, its start in UTC (every calendar converts it to its own zone)."""
    start = datetime.fromisoformat(meeting["starts_at"]).astimezone(UTC)
    stamp = now.astimezone(UTC)
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Pourparler//Rounds//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "BEGIN:VEVENT",
        f"UID:round-{meeting['id']}@{host}",
        f"DTSTAMP:{stamp:%Y%m%dT%H%M%SZ}",
        f"DTSTART:{start:%Y%m%dT%H%M%SZ}",
        f"SUMMARY:{_ics_text(talks['title'])}: round {meeting['number']}",
        f"LOCATION:{_ics_text(meeting['venue'])}",
        f"DESCRIPTION:{_ics_text('Time zone of the round: ' + meeting['time_zone'])}",
        "STATUS:CONFIRMED",
        "END:VEVENT",
        "END:VCALENDAR",
    ]
    return "\r\n".join(_fold(line) for line in lines) + "\r\n"


@router.get("/talks/{talks_id}/rounds/{round_id}.ics")
def round_calendar(request: Request, talks_id: str, round_id: str, viewer: Viewing) -> Response:
    context = talks_context(request, viewer, talks_id, "rounds")
    meeting = next((r for r in context["talks"]["rounds"] if r["id"] == round_id), None)
    if meeting is None or meeting["status"] not in ("scheduled", "open"):
        return page(
            request,
            "error.html",
            {
                "title": translate("No calendar file"),
                "detail": translate("Only a scheduled round has a calendar file."),
                "back": f"/talks/{talks_id}/rounds",
            },
            status_code=404,
        )
    body = calendar(
        context["talks"], meeting, request.url.hostname or "pourparler", services(request).clock()
    )
    return Response(
        body,
        media_type="text/calendar; charset=utf-8",
        headers={
            "content-disposition": f'attachment; filename="round-{meeting["number"]}.ics"',
            "cache-control": "no-store",
        },
    )


_HEADING = re.compile(r"<(/?)h([1-5])>")


def minutes_html(source: str) -> Markup:
    """The minutes' Markdown rendered and sanitised like everything people write (outcomes and
    answers are in it), each heading one level down under the page's own <h1>."""
    html = str(render_markdown(source))
    return Markup(_HEADING.sub(lambda m: f"<{m[1]}h{int(m[2]) + 1}>", html))


@router.get("/talks/{talks_id}/rounds/{round_id}/minutes")
def minutes(request: Request, talks_id: str, round_id: str, viewer: Viewing) -> Response:
    context = talks_context(request, viewer, talks_id, "rounds")
    if not any(r["id"] == round_id for r in context["talks"]["rounds"]):
        return page(
            request,
            "error.html",
            {
                "title": translate("Not found"),
                "detail": translate("Nothing here that you may see."),
                "back": "/talks",
            },
            status_code=404,
        )
    context["minutes"] = minutes_html(round_minutes(services(request), viewer.principal, round_id))
    context["round"] = next(r for r in context["talks"]["rounds"] if r["id"] == round_id)
    return page(request, "minutes.html", context)
