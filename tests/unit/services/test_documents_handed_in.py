"""Documents users hand in are read by one typed definition each: what they say is kept as said,
or refused in one line naming the key, value or path, and a refusal changes nothing."""

from __future__ import annotations

import copy

import pytest

from pourparler.domain.error import Conflict, InvalidInput
from pourparler.services import memorandum, profile, text
from pourparler.services.document import read_memorandum
from pourparler.services.view import talks_document
from support.caller import by
from support.process import commit, exchanged
from support.world import MEDIATOR, NORTH_DELEGATE, NORTH_HEAD, OBSERVER, SOUTH_HEAD

SCOPE = {"issue": "Geographic scope", "asked_options": ["Contact line only"]}


def saving(world, document):
    """A call that saves `document` as a version of a new memorandum."""
    memo = memorandum.create_memorandum(
        world.svc, by(NORTH_DELEGATE), world.talks_id, title="Vision"
    )
    sections, positions = read_memorandum(document)
    return lambda: memorandum.save_memorandum(
        world.svc,
        by(NORTH_DELEGATE),
        world.talks_id,
        memo.id,
        sections=sections,
        positions=positions,
    )


def refuses(store, call, error=InvalidInput) -> str:
    before, commits = copy.deepcopy(store.committed), store.commits
    with pytest.raises(error) as refusal:
        call()
    assert store.commits == commits
    assert store.committed.talks.keys() == before.talks.keys()
    return refusal.value.message


def test_a_memorandum_with_an_unknown_key_is_refused_not_saved_empty():
    with pytest.raises(InvalidInput, match=r"unknown key 'position' \(known keys: sections, pos"):
        read_memorandum({"position": [SCOPE]})


@pytest.mark.parametrize(
    ("document", "path"),
    [
        ({"positions": [SCOPE, {"issue": "Initial duration", "asked_range": [1]}]}, "positions[1]"),
        ({"positions": [{**SCOPE, "red_line": "maybe"}]}, "positions[0].red_line"),
        ({"sections": [{"key": "a"}]}, "sections[0].heading"),
        ({"positions": [{**SCOPE, "issue_id": "x"}]}, "positions[0]: a position names its issue"),
        ({"positions": [{**SCOPE, "ratonale": "typo"}]}, "unknown key 'ratonale' in positions[0]"),
        ({"sections": [{"key": "a", "haeding": "A"}]}, "unknown key 'haeding' in sections[0]"),
        ([], "the document is a JSON object"),
    ],
)
def test_a_memorandum_error_names_where_it_lies(document, path):
    with pytest.raises(InvalidInput) as refusal:
        read_memorandum(document)
    assert path in refusal.value.message


def test_an_acceptable_range_leaving_out_what_is_asked_is_refused_not_widened(world, store):
    duration = {"issue": "Initial duration", "asked_range": [65, 70], "acceptable_range": [72, 80]}
    message = refuses(store, saving(world, {"positions": [duration]}))
    assert "asks for 65–70, outside what it could accept (72–80)" in message


def test_a_red_line_with_other_acceptable_options_is_refused_as_contradictory(world, store):
    scope = {**SCOPE, "acceptable_options": ["Contested districts"], "red_line": True}
    message = refuses(store, saving(world, {"positions": [scope]}))
    assert "is a red line, so only what it asks for is acceptable" in message


def test_saving_an_identical_memorandum_again_makes_no_new_version(world, store):
    again = saving(world, {"positions": [SCOPE]})
    assert again().number == 1
    assert "nothing changed: version 1" in refuses(store, again, Conflict)


def test_a_profile_with_a_misspelt_key_names_the_key(world, store):
    issue = {"issue": "Geographic scope", "weight": 1, "rating": {"Contact line only": 1}}
    message = refuses(
        store,
        lambda: profile.save_profile(
            world.svc, by(NORTH_DELEGATE), world.talks_id, {"issues": [issue]}
        ),
    )
    assert message.startswith("profile: unknown key 'rating' in issues[0]")
    assert "ratings" in message


@pytest.fixture
def drafted(world):
    exchange_id, north, south = exchanged(world)
    commit(world, NORTH_HEAD, exchange_id, north)
    commit(world, SOUTH_HEAD, exchange_id, south)
    return text.start_text(world.svc, by(MEDIATOR), world.talks_id, title="Draft agreement")


def scope_clause(*parties: str) -> dict:
    return {
        "key": "c1",
        "heading": "Geographic scope",
        "status": "bracketed",
        "issues": ["Geographic scope"],
        "alternatives": [
            {"parties": [parties[0]], "text": "The contact line."},
            {"parties": list(parties[1:]), "text": "The entire territory."},
        ],
    }


def test_a_clauses_file_names_parties_and_issues_by_name(world, drafted):
    version = text.revise_text_document(
        world.svc,
        by(MEDIATOR),
        world.talks_id,
        [scope_clause("Northland", "southland")],
    )
    (clause,) = version.clauses
    assert [a.party_id for a in clause.alternatives] == [world.north, world.south]
    assert clause.issue_ids == [world.issues["Geographic scope"]]


def test_an_alternative_from_an_unknown_party_is_refused_naming_it(world, store, drafted):
    message = refuses(
        store,
        lambda: text.revise_text_document(
            world.svc,
            by(MEDIATOR),
            world.talks_id,
            [scope_clause("Northland", "nope")],
        ),
    )
    assert message == "clause 'c1': no party 'nope' in these talks"


def test_a_clauses_file_with_an_unknown_key_is_refused_naming_its_path(world, store, drafted):
    clause = {**scope_clause("Northland", "Southland"), "stauts": "agreed"}
    message = refuses(
        store,
        lambda: text.revise_text_document(world.svc, by(MEDIATOR), world.talks_id, [clause]),
    )
    assert message.startswith("clauses: unknown key 'stauts' in [0] (known keys: key, heading, ")


def test_the_text_is_accepted_by_a_unique_prefix_of_its_hash(world, store, drafted):
    short = drafted.hash[:7]
    message = refuses(
        store,
        lambda: text.accept_text(world.svc, by(NORTH_HEAD), world.talks_id, version_hash=short),
    )
    assert "at least 8 hex digits" in message
    prefix = drafted.hash[:8].upper()
    assert text.accept_text(world.svc, by(NORTH_HEAD), world.talks_id, version_hash=prefix) is False
    (acceptance,) = talks_document(world.svc, by(OBSERVER), world.talks_id)["text"]["acceptances"]
    assert acceptance["hash"] == drafted.hash
