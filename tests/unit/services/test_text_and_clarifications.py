import pytest

from pourparler.domain.error import Conflict, InvalidInput, NotAllowed, NotFound, RuleViolation
from pourparler.domain.text import Alternative, Clause, ClauseStatus
from pourparler.services import clarification, setup, text
from pourparler.services.view import talks_document
from support.caller import OPERATOR, by
from support.process import commit, exchanged
from support.world import CLERK, MEDIATOR, NORTH_DELEGATE, NORTH_HEAD, OBSERVER, SOUTH_HEAD


@pytest.fixture
def revealed(world):
    exchange_id, north, south = exchanged(world)
    commit(world, NORTH_HEAD, exchange_id, north)
    commit(world, SOUTH_HEAD, exchange_id, south)
    return north, south


def ask(world, who, memo, anchor="position", key=None, question="What do you mean?"):
    return clarification.ask_clarification(
        world.svc,
        by(who),
        world.talks_id,
        memorandum_id=memo[0],
        version=memo[1],
        anchor=anchor,
        key=key or world.issues["Geographic scope"],
        question=question,
    )


def test_a_clarification_is_anchored_answered_and_closed(world, revealed):
    north, _ = revealed
    asked = ask(world, SOUTH_HEAD, north)
    assert asked.round is not None
    with pytest.raises(RuleViolation, match="only the party whose document"):
        clarification.answer_clarification(
            world.svc,
            by(SOUTH_HEAD),
            world.talks_id,
            asked.id,
            answer="We answer ourselves",
        )
    clarification.answer_clarification(
        world.svc,
        by(NORTH_DELEGATE),
        world.talks_id,
        asked.id,
        answer="The line of 1 March.",
    )
    clarification.close_clarification(world.svc, by(SOUTH_HEAD), world.talks_id, asked.id)
    (doc,) = talks_document(world.svc, by(OBSERVER), world.talks_id)["clarifications"]
    assert (doc["status"], doc["answer"]) == ("closed", "The line of 1 March.")
    assert (
        "question" not in talks_document(world.svc, by(CLERK), world.talks_id)["clarifications"][0]
    )


def test_a_party_does_not_ask_about_its_own_document(world, revealed):
    north, _ = revealed
    with pytest.raises(RuleViolation, match="own document"):
        ask(world, NORTH_HEAD, north)


def test_clarifications_need_a_revealed_document(world):
    from support.world import draft

    north = draft(world, NORTH_HEAD, scope="Contact line only", days=(30, 60))
    with pytest.raises(NotFound):
        ask(world, SOUTH_HEAD, north)


@pytest.mark.parametrize(
    ("anchor", "key", "message"),
    [
        ("section", "nowhere", "no section"),
        ("position", "x", "no position"),
        ("clause", None, "anchor it as position"),
        ("footnote", None, "unknown anchor"),
    ],
)
def test_an_anchor_must_name_a_point_of_the_document(world, revealed, anchor, key, message):
    with pytest.raises(InvalidInput, match=message):
        ask(world, SOUTH_HEAD, revealed[0], anchor=anchor, key=key)


@pytest.mark.parametrize("who", [OBSERVER, MEDIATOR])
def test_observers_and_the_mediator_do_not_ask(world, revealed, who):
    with pytest.raises(NotAllowed):
        ask(world, who, revealed[0])


def test_the_text_starts_from_the_revealed_memoranda(world, revealed):
    version = text.start_text(world.svc, by(MEDIATOR), world.talks_id, title="Draft agreement")
    clauses = {c.heading: c for c in version.clauses}
    scope = clauses["Geographic scope"]
    assert scope.status is ClauseStatus.BRACKETED
    assert {a.party_id for a in scope.alternatives} == {world.north, world.south}
    assert clauses["Type of ceasefire"].status is ClauseStatus.OPEN
    markdown = text.text_markdown(world.svc, by(OBSERVER), world.talks_id)
    assert "- Option 1 (Northland): [Geographic scope: Contact line only.]" in markdown
    assert "- Option 2 (Southland): [Geographic scope: Entire territory.]" in markdown


def test_only_the_mediator_drafts_in_mediated_talks(world, revealed):
    with pytest.raises(NotAllowed):
        text.start_text(world.svc, by(NORTH_HEAD), world.talks_id, title="Ours")


def agreed(version) -> list[Clause]:
    def wording(c) -> str:
        return c.text or (c.alternatives[0].text if c.alternatives else f"{c.heading}: agreed.")

    return [
        Clause(c.key, c.heading, ClauseStatus.AGREED, wording(c), issue_ids=tuple(c.issue_ids))
        for c in version.clauses
    ]


def test_nothing_is_agreed_until_everything_is_agreed(world, revealed):
    first = text.start_text(world.svc, by(MEDIATOR), world.talks_id, title="Draft agreement")
    assert (
        text.accept_text(world.svc, by(NORTH_HEAD), world.talks_id, version_hash=first.hash)
        is False
    )
    assert (
        text.accept_text(world.svc, by(SOUTH_HEAD), world.talks_id, version_hash=first.hash)
        is False
    )
    final = text.revise_text(world.svc, by(MEDIATOR), world.talks_id, clauses=agreed(first))
    doc = talks_document(world.svc, by(OBSERVER), world.talks_id)
    assert all(a["withdrawn_at"] for a in doc["text"]["acceptances"])
    acts = [e.get("act") for e in doc["record"]]
    assert acts.count("acceptance withdrawn by edit") == 2
    with pytest.raises(Conflict, match="not the current version"):
        text.accept_text(world.svc, by(NORTH_HEAD), world.talks_id, version_hash=first.hash)
    assert (
        text.accept_text(world.svc, by(NORTH_HEAD), world.talks_id, version_hash=final.hash)
        is False
    )
    assert (
        text.accept_text(world.svc, by(SOUTH_HEAD), world.talks_id, version_hash=final.hash) is True
    )
    assert (
        talks_document(world.svc, OPERATOR, world.talks_id)["status"] == "concluded with agreement"
    )
    with pytest.raises(RuleViolation, match="concluded"):
        text.revise_text(world.svc, by(MEDIATOR), world.talks_id, clauses=[])


def test_only_heads_accept_the_text(world, revealed):
    first = text.start_text(world.svc, by(MEDIATOR), world.talks_id, title="Draft agreement")
    for who in (NORTH_DELEGATE, MEDIATOR, OBSERVER):
        with pytest.raises(NotAllowed):
            text.accept_text(world.svc, by(who), world.talks_id, version_hash=first.hash)


def test_a_bracketed_clause_needs_two_attributed_alternatives():
    with pytest.raises(InvalidInput, match="two or more"):
        Clause("c1", "Scope", ClauseStatus.BRACKETED, alternatives=(Alternative(("n",), "x"),))


def test_the_diff_between_versions_is_readable(world, revealed):
    first = text.start_text(world.svc, by(MEDIATOR), world.talks_id, title="Draft agreement")
    text.revise_text(world.svc, by(MEDIATOR), world.talks_id, clauses=agreed(first))
    diff = text.diff_text(world.svc, by(SOUTH_HEAD), world.talks_id, 1, 2)
    assert "--- version 1" in diff
    assert "+++ version 2" in diff
    assert "-- Option 1 (Northland): [Geographic scope: Contact line only.]" in diff


def test_the_secretariat_does_not_read_the_text(world, revealed):
    text.start_text(world.svc, by(MEDIATOR), world.talks_id, title="Draft agreement")
    with pytest.raises(NotAllowed):
        text.text_markdown(world.svc, by(CLERK), world.talks_id)
    meta = talks_document(world.svc, by(CLERK), world.talks_id)["text"]
    assert "clauses" not in meta["versions"][0]


def test_the_mediator_concludes_without_agreement_with_a_statement(world):
    with pytest.raises(InvalidInput, match="statement"):
        setup.set_status(
            world.svc,
            by(MEDIATOR),
            world.talks_id,
            status="concluded without agreement",
        )
    setup.set_status(
        world.svc,
        by(MEDIATOR),
        world.talks_id,
        status="concluded without agreement",
        statement="The parties could not agree on scope.",
    )
    assert talks_document(world.svc, by(OBSERVER), world.talks_id)["statement"].startswith("The")
