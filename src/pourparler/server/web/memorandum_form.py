"""The memorandum editor's form: read into sections and positions, and back into what the
editor shows, so that a refused save (someone else saved first, a position out of range) gives
the writer back every word they typed.

Field names: `section_key_N`, `section_heading_N`, `section_body_N` for the sections (a row
with neither heading nor body is dropped); for each framework issue `ISSUE`, `asked_ISSUE` and
`acceptable_ISSUE` (options, repeated) or `asked_low_ISSUE`, `asked_high_ISSUE`,
`acceptable_low_ISSUE`, `acceptable_high_ISSUE` (a range), `text_ISSUE` (a clause),
`red_line_ISSUE` and `rationale_ISSUE`. An issue left blank takes no position.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from starlette.datastructures import FormData

from pourparler.domain.error import InvalidInput
from pourparler.domain.memorandum import Position, Section
from pourparler.server.web.render import translate

__all__ = ["EXTRA_SECTIONS", "edited", "positions_of", "sections_of"]

EXTRA_SECTIONS = 2  # empty rows the editor offers for new sections
_MAX_SECTIONS = 200


def _text(form: FormData, name: str) -> str:
    value = form.get(name, "")
    return value if isinstance(value, str) else ""


def _key_from(heading: str, taken: set[str]) -> str:
    """A new section's key (what clarifications anchor to), from its heading."""
    base = re.sub(r"[^a-z0-9]+", "-", heading.lower()).strip("-")[:60] or "section"
    key, n = base, 2
    while key in taken:
        key, n = f"{base}-{n}", n + 1
    return key


def sections_of(form: FormData) -> list[Section]:
    rows = []
    for n in range(_MAX_SECTIONS):
        if f"section_heading_{n}" not in form and f"section_body_{n}" not in form:
            break
        key = _text(form, f"section_key_{n}").strip()
        heading = _text(form, f"section_heading_{n}").strip()
        body = _text(form, f"section_body_{n}").replace("\r\n", "\n")
        if heading or body.strip():
            rows.append((key, heading, body))
    taken = {key for key, _, _ in rows if key}
    sections = []
    for key, heading, body in rows:
        if not key:
            key = _key_from(heading, taken)
            taken.add(key)
        sections.append(Section(key, heading, body))
    return sections


def _number(form: FormData, name: str, title: str) -> float | None:
    raw = _text(form, name).strip().replace(",", ".")
    if not raw:
        return None
    try:
        return float(raw)
    except ValueError:
        raise InvalidInput(
            translate(
                "the position on %(title)r: %(raw)r is not a number", title=title, raw=raw[:40]
            )
        ) from None


def _pair(form: FormData, prefix: str, issue: Mapping[str, Any]) -> tuple[float, float] | None:
    low = _number(form, f"{prefix}_low_{issue['id']}", issue["title"])
    high = _number(form, f"{prefix}_high_{issue['id']}", issue["title"])
    if low is None and high is None:
        return None
    if low is None or high is None:
        raise InvalidInput(
            translate(
                "the position on %(title)r: give both ends of the interval", title=issue["title"]
            )
        )
    return (low, high)


def _position(form: FormData, issue: Mapping[str, Any]) -> Position | None:
    iid = issue["id"]
    red_line = _text(form, f"red_line_{iid}") == "on"
    rationale = _text(form, f"rationale_{iid}").strip()
    kind = issue["kind"]
    if kind == "options":
        asked = tuple(v for v in form.getlist(f"asked_{iid}") if isinstance(v, str))
        acceptable = tuple(v for v in form.getlist(f"acceptable_{iid}") if isinstance(v, str))
        if not asked and not acceptable:
            return None
        return Position(iid, asked, acceptable, red_line=red_line, rationale=rationale)
    if kind == "range":
        asked_range = _pair(form, "asked", issue)
        acceptable_range = _pair(form, "acceptable", issue)
        if asked_range is None and acceptable_range is None:
            return None
        return Position(
            iid,
            asked_range=asked_range,
            acceptable_range=acceptable_range,
            red_line=red_line,
            rationale=rationale,
        )
    text = _text(form, f"text_{iid}").strip()
    if not text:
        return None
    return Position(iid, text=text, red_line=red_line, rationale=rationale)


def positions_of(form: FormData, framework: list[Mapping[str, Any]]) -> list[Position]:
    found = [_position(form, issue) for issue in framework]
    return [p for p in found if p is not None]


def edited(form: FormData, framework: list[Mapping[str, Any]]) -> dict[str, Any]:
    """What the writer typed, in the shape the editor shows (as `latest_memorandum` gives a
    version), read leniently: a refused form comes back as it was sent."""
    sections = [s.to_dict() for s in sections_of(form)]
    positions = []
    for issue in framework:
        iid = issue["id"]
        positions.append(
            {
                "issue_id": iid,
                "asked_options": [v for v in form.getlist(f"asked_{iid}") if isinstance(v, str)],
                "acceptable_options": [
                    v for v in form.getlist(f"acceptable_{iid}") if isinstance(v, str)
                ],
                "asked_range": [
                    _text(form, f"asked_low_{iid}"),
                    _text(form, f"asked_high_{iid}"),
                ],
                "acceptable_range": [
                    _text(form, f"acceptable_low_{iid}"),
                    _text(form, f"acceptable_high_{iid}"),
                ],
                "text": _text(form, f"text_{iid}"),
                "red_line": _text(form, f"red_line_{iid}") == "on",
                "rationale": _text(form, f"rationale_{iid}"),
            }
        )
    return {"sections": sections, "positions": positions}
