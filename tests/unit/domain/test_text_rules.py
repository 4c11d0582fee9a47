"""The single text: shared wordings keep every supporter, and versions are named as git does."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime

import pytest

from pourparler.domain.drafting import clauses_from_positions, render_markdown
from pourparler.domain.error import Conflict, InvalidInput, NotFound
from pourparler.domain.framework import Issue, IssueKind
from pourparler.domain.memorandum import MemorandumVersion, Position
from pourparler.domain.text import (
    Alternative,
    Clause,
    ClauseStatus,
    NegotiatingText,
    TextVersion,
    text_hash,
)

NOW = datetime(2026, 3, 2, tzinfo=UTC)
SCOPE = Issue("Scope", IssueKind.OPTIONS, options=("Line", "All"), id="scope", order=0)


def paper(option: str) -> MemorandumVersion:
    return MemorandumVersion(1, NOW, "x", (), (Position("scope", asked_options=(option,)),))


def test_identical_wordings_become_one_alternative_attributed_to_every_supporter():
    documents = {"north": paper("Line"), "south": paper("All"), "east": paper("Line")}
    (clause,) = clauses_from_positions([SCOPE], documents)
    assert clause.status is ClauseStatus.BRACKETED
    assert clause.alternatives == (
        Alternative(("north", "east"), "Scope: Line."),
        Alternative(("south",), "Scope: All."),
    )
    version = TextVersion(1, (clause,), NOW, "mo", text_hash((clause,)))
    names = {"north": "Northland", "south": "Southland", "east": "Eastmark"}
    markdown = render_markdown("Draft", version, names)
    assert "- Option 1 (Northland, Eastmark): [Scope: Line.]" in markdown
    assert "- Option 2 (Southland): [Scope: All.]" in markdown


def bracketed(*alternatives: Alternative) -> Clause:
    return Clause("c1", "Scope", ClauseStatus.BRACKETED, alternatives=alternatives)


def test_a_shared_alternative_is_stored_with_its_parties_and_read_back():
    clause = bracketed(Alternative(("north", "east"), "Line"), Alternative(("south",), "All"))
    stored = clause.to_dict()
    assert stored["alternatives"] == [
        {"party_ids": ["north", "east"], "text": "Line"},
        {"party_id": "south", "text": "All"},
    ]
    assert Clause.from_dict(stored) == clause


def test_a_text_of_single_proposers_keeps_the_hash_it_had_before_alternatives_could_be_shared():
    clause = bracketed(Alternative(("north",), "Line"), Alternative(("south",), "All"))
    written_before = {
        "key": "c1",
        "heading": "Scope",
        "status": "bracketed",
        "text": "",
        "alternatives": [
            {"party_id": "north", "text": "Line"},
            {"party_id": "south", "text": "All"},
        ],
        "issue_ids": [],
    }
    canonical = json.dumps([written_before], sort_keys=True, separators=(",", ":"))
    assert text_hash((clause,)) == hashlib.sha256(canonical.encode()).hexdigest()


def test_an_alternative_names_each_of_its_parties_once():
    with pytest.raises(InvalidInput, match="one party twice"):
        Alternative(("north", "north"), "Line")
    with pytest.raises(InvalidInput, match="names the party"):
        Alternative((), "Line")


def text_of(*hashes: str) -> NegotiatingText:
    versions = [TextVersion(n, (), NOW, "mo", h) for n, h in enumerate(hashes, start=1)]
    return NegotiatingText("Draft", versions)


A = "abcdef12" + "0" * 56
B = "abcdef12" + "1" * 56


def test_a_version_is_accepted_by_a_unique_prefix_of_its_hash():
    text = text_of(A, "9" * 64)
    accepted = text.accept("north", "99999999", "anna", NOW)
    assert accepted.version_hash == "9" * 64


@pytest.mark.parametrize(
    ("given", "error", "message"),
    [
        ("abcdef1", InvalidInput, "too short: give at least 8 hex digits"),
        ("abcdef12", InvalidInput, "begins the hashes of versions 1 and 2: give more digits"),
        ("not-a-hash", InvalidInput, "is not a version hash"),
        ("12345678", NotFound, "no version of the text has a hash beginning 12345678"),
        ("abcdef120", Conflict, "that is version 1, not the current version 2"),
    ],
)
def test_a_short_ambiguous_unknown_or_stale_prefix_is_refused(given, error, message):
    text = text_of(A, B)
    with pytest.raises(error, match=message):
        text.accept("north", given, "anna", NOW)
    assert text.acceptances == []
