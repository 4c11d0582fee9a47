"""The editor's fields read into sections and positions: blank rows and issues dropped, new
sections keyed from their headings, numbers read or refused in words."""

from __future__ import annotations

import pytest
from starlette.datastructures import FormData

from pourparler.domain.error import InvalidInput
from pourparler.server.web.memorandum_form import edited, positions_of, sections_of

FRAMEWORK = [
    {"id": "scope", "title": "Scope", "kind": "options"},
    {"id": "days", "title": "Duration", "kind": "range"},
    {"id": "link", "title": "Link", "kind": "clause"},
]


def test_blank_rows_are_dropped_and_new_sections_keyed_from_their_heading():
    form = FormData(
        [
            ("section_key_0", "intro"), ("section_heading_0", "Introduction"),
            ("section_body_0", "Text\r\nmore"),
            ("section_key_1", ""), ("section_heading_1", "Our View!"), ("section_body_1", "b"),
            ("section_key_2", ""), ("section_heading_2", "Our view"), ("section_body_2", "c"),
            ("section_key_3", ""), ("section_heading_3", ""), ("section_body_3", "  "),
        ]
    )  # fmt: skip
    sections = sections_of(form)
    assert [s.key for s in sections] == ["intro", "our-view", "our-view-2"]
    assert sections[0].body == "Text\nmore"


def test_positions_are_read_per_kind_and_blank_issues_take_none():
    form = FormData(
        [
            ("asked_scope", "A"), ("acceptable_scope", "B"), ("red_line_scope", "on"),
            ("asked_low_days", "30"), ("asked_high_days", "60,5"),
            ("acceptable_low_days", ""), ("acceptable_high_days", ""),
            ("text_link", "  "),
        ]
    )  # fmt: skip
    positions = positions_of(form, FRAMEWORK)
    assert [p.issue_id for p in positions] == ["scope", "days"]
    assert positions[0].asked_options == ("A",)
    assert positions[0].acceptable_options == ("B",)
    assert positions[0].red_line
    assert positions[1].asked_range == (30.0, 60.5)
    assert positions[1].acceptable_range is None


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ([("asked_low_days", "thirty"), ("asked_high_days", "60")], "'thirty' is not a number"),
        ([("asked_low_days", "30"), ("asked_high_days", "")], "give both ends"),
    ],
)
def test_a_bad_number_is_refused_in_words(fields, message):
    with pytest.raises(InvalidInput, match=message):
        positions_of(FormData(fields), FRAMEWORK)


def test_a_refused_form_comes_back_as_it_was_sent():
    form = FormData([("asked_low_days", "thirty"), ("text_link", "Wording"),
                     ("section_heading_0", "H"), ("section_body_0", "B")])  # fmt: skip
    shown = edited(form, FRAMEWORK)
    days = next(p for p in shown["positions"] if p["issue_id"] == "days")
    assert days["asked_range"] == ["thirty", ""]
    assert shown["sections"][0]["heading"] == "H"
