"""Every document a user hands in, however damaged, gets a clear error or is accepted:
never a crash, and never a half-written change."""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pourparler.domain.error import PourparlerError
from pourparler.domain.memorandum import Position
from pourparler.domain.text import Clause
from pourparler.services import profile
from pourparler.services.document import ClausesDocument, read_document, read_memorandum
from pourparler.services.transfer import import_talks
from support.caller import OPERATOR, by
from support.damage import damaged
from support.exports import PROFILE, fresh_world, valid_export
from support.memory import memory_services
from support.world import NORTH_HEAD

FUZZ = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def fails_cleanly(call: Any) -> bool:
    """True when `call` succeeded, False when it raised a PourparlerError; anything else fails."""
    try:
        call()
    except PourparlerError:
        return False
    return True


@FUZZ
@given(st.data())
def test_a_damaged_export_is_imported_whole_or_refused_clearly(data: st.DataObject) -> None:
    document = data.draw(damaged(valid_export()))
    svc, store = memory_services()
    if not fails_cleanly(lambda: import_talks(svc, OPERATOR, document)):
        assert store.commits == 0, "a refused import changed the store"


@FUZZ
@given(st.data())
def test_a_damaged_profile_is_saved_or_refused_clearly(data: st.DataObject) -> None:
    world, store = fresh_world()  # each example its own talks: none sees another's profile
    document = data.draw(damaged(PROFILE))
    before = store.commits
    if not fails_cleanly(
        lambda: profile.save_profile(world.svc, by(NORTH_HEAD), world.talks_id, document)
    ):
        # The memory store changes only on commit, as a transaction does: no commit, no change.
        assert store.commits == before, "a refused profile changed the talks"


CLAUSES = [
    {
        "key": "c1",
        "heading": "Scope",
        "status": "bracketed",
        "alternatives": [{"party_id": "p1", "text": "Line"}, {"party_id": "p2", "text": "All"}],
    },
    {"key": "c2", "heading": "Duration", "status": "agreed ad referendum", "text": "60 days"},
]


@FUZZ
@given(st.data())
def test_damaged_clauses_are_parsed_or_refused_clearly(data: st.DataObject) -> None:
    document = data.draw(damaged(CLAUSES))
    fails_cleanly(lambda: [Clause.from_dict(c) for c in document])
    fails_cleanly(lambda: read_document(ClausesDocument, document, "clauses"))


POSITION = {
    "issue_id": "x",
    "asked_options": ["A"],
    "acceptable_options": ["B"],
    "asked_range": [1, 2],
    "acceptable_range": [0, 3],
    "text": "t",
    "red_line": True,
    "rationale": "r",
}


@FUZZ
@given(st.data())
def test_damaged_positions_are_parsed_or_refused_clearly(data: st.DataObject) -> None:
    document = data.draw(damaged(POSITION))
    fails_cleanly(lambda: Position.from_dict(document))


MEMORANDUM = {
    "sections": [{"key": "intro", "heading": "Introduction", "body": "Our view"}],
    "positions": [POSITION, {"issue": "Geographic scope", "asked_options": ["A"]}],
}


@FUZZ
@given(st.data())
def test_a_damaged_memorandum_file_is_parsed_or_refused_clearly(data: st.DataObject) -> None:
    document = data.draw(damaged(MEMORANDUM))
    fails_cleanly(lambda: read_memorandum(document))


def test_a_memorandum_file_names_issues_by_title_or_id() -> None:
    sections, positions = read_memorandum(MEMORANDUM)
    assert [s.key for s in sections] == ["intro"]
    assert [p.issue_id for p in positions] == ["x", "Geographic scope"]
