"""Comparison: every party's position side by side, issue by issue, marked agreement,
compatible, conflict or not addressed (a class for the colour and always a word, never colour
alone), with what all could accept.

The columns are, for each party, its latest memorandum version the viewer may read (the own
party's latest for its members, the revealed ones for everyone else); which those are is the
services' to say (reading.list_memoranda, compare_memoranda and show_memorandum).
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from pourparler.domain.error import InvalidInput
from pourparler.server.auth import services
from pourparler.server.web.render import page
from pourparler.server.web.session import Viewing
from pourparler.server.web.talks import talks_context
from pourparler.services import reading

__all__ = ["router"]

router = APIRouter(include_in_schema=False)

STANDING_CLASS = {
    "agreement": "agreement",
    "compatible": "compatible",
    "conflict": "conflict",
    "not addressed": "unaddressed",
}


def _columns(rows: list[dict[str, Any]]) -> list[tuple[str, int]]:
    """Per party, its most recently saved memorandum with a version the viewer may read."""
    chosen: dict[str, dict[str, Any]] = {}
    for row in rows:
        if not row["readable"]:
            continue
        best = chosen.get(row["party"])
        # the rule of reading.compare_memoranda: the latest saved, then the highest number
        if best is None or (row["saved_at"], row["latest"]) > (best["saved_at"], best["latest"]):
            chosen[row["party"]] = row
    return [(r["id"], r["latest"]) for r in chosen.values()]


@router.get("/talks/{talks_id}/comparison")
def comparison_page(request: Request, talks_id: str, viewer: Viewing) -> Response:
    svc, who = services(request), viewer.principal
    context = talks_context(request, viewer, talks_id, "comparison")
    refs = _columns(reading.list_memoranda(svc, who, talks_id))
    context["issues"] = []
    try:
        names, found = reading.compare_memoranda(svc, who, talks_id, [(m, v) for m, v in refs])
    except InvalidInput:  # fewer than two memoranda the viewer may read: the page says so
        names, found = [], []
    shown = [reading.show_memorandum(svc, who, talks_id, m, v) for m, v in refs] if names else []
    context["columns"] = [
        {"name": name, "memo": memo} for name, memo in zip(names, shown, strict=False)
    ]
    for c in found:
        context["issues"].append(
            {
                "title": c.issue.title,
                "standing": c.standing.value,
                "css": STANDING_CLASS[c.standing.value],
                "overlap": c.overlap,
                "cells": [
                    next((p for p in memo["positions"] if p["issue_id"] == c.issue.id), None)
                    for memo in shown
                ],
            }
        )
    return page(request, "comparison.html", context)
