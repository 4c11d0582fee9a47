"""What is waiting for a viewer, read from the talks document the services gave them."""

from pourparler.server.web.menu import Seats
from pourparler.server.web.talks import waiting_for

HEAD = Seats("p1", frozenset({"head"}), "north", frozenset({"head"}))
DELEGATE = Seats("p2", frozenset({"delegate"}), "north", frozenset({"delegate"}))
MEDIATOR = Seats("p3", frozenset({"mediator"}), None, frozenset({"mediator"}))


def document(**changes):
    base = {
        "id": "t1",
        "rounds": [],
        "clarifications": [{"status": "open", "answering_party": "north"}],
        "text": {
            "versions": [{"number": 1, "hash": "h1"}, {"number": 2, "hash": "h2"}],
            "acceptances": [{"party": "north", "hash": "h1", "withdrawn_at": None}],
        },
        "exchanges": [
            {
                "title": "Visions",
                "status": "open",
                "parties": ["north", "south"],
                "commitments": [{"party": "south", "withdrawn_at": None}],
            },
        ],
    }
    return {**base, **changes}


def whats(found):
    return [(item["what"] % item["args"]) for item in found]


def test_a_head_is_asked_to_answer_accept_and_commit():
    assert whats(waiting_for(document(), HEAD)) == [
        "Answer a clarification",
        "Accept version 2 of the single text",
        "Commit to the exchange “Visions”",
    ]


def test_a_delegate_answers_clarifications_but_heads_accept_and_commit():
    assert whats(waiting_for(document(), DELEGATE)) == ["Answer a clarification"]


def test_nothing_waits_for_someone_of_no_party():
    assert waiting_for(document(), MEDIATOR) == []


def test_what_is_done_no_longer_waits():
    done = document(
        clarifications=[{"status": "answered", "answering_party": "north"}],
        text={
            "versions": [{"number": 1, "hash": "h1"}],
            "acceptances": [{"party": "north", "hash": "h1", "withdrawn_at": None}],
        },
        exchanges=[
            {
                "title": "Visions",
                "status": "open",
                "parties": ["north", "south"],
                "commitments": [{"party": "north", "withdrawn_at": None}],
            },
        ],
    )
    assert waiting_for(done, HEAD) == []


def test_a_withdrawn_acceptance_or_commitment_waits_again():
    again = document(
        text={
            "versions": [{"number": 1, "hash": "h1"}],
            "acceptances": [{"party": "north", "hash": "h1", "withdrawn_at": "2026-01-01"}],
        },
        exchanges=[
            {
                "title": "Visions",
                "status": "open",
                "parties": ["north"],
                "commitments": [{"party": "north", "withdrawn_at": "2026-01-01"}],
            },
        ],
        clarifications=[],
    )
    assert whats(waiting_for(again, HEAD)) == [
        "Accept version 1 of the single text",
        "Commit to the exchange “Visions”",
    ]
