"""The mediator's analysis as tables: it says when it shows part of the frontier, why there is no
suggestion, which issues are free, and whether a zone of possible agreement exists."""

from __future__ import annotations

from pourparler.cli.analysis import FRONTIER_ROWS, _mediator_tables
from pourparler.cli.common import console


def point(k: int) -> dict:
    return {"package": {"Scope": f"option {k}"}, "utilities": {"North": 0.5, "South": 0.25}}


def document(frontier: int, *, proposals: int, suggestions: int) -> dict:
    return {
        "parties": ["North", "South"],
        "parties_without_consent": [],
        "left_out": [],
        "free_issues": ["Venue", "Languages"],
        "outcomes": 40,
        "frontier": {"size": frontier, "points": [point(k) for k in range(frontier)]},
        "nash": point(0),
        "kalai_smorodinsky": point(0),
        "egalitarian": None,
        "utilitarian": point(1),
        "zopa": {"exists": False},
        "proposals": [{"package": {}} for _ in range(proposals)],
        "improvement": None,
        "suggestions": [point(k) for k in range(suggestions)],
    }


def shown(doc: dict) -> str:
    with console.capture() as captured:
        _mediator_tables(doc)
    return " ".join(captured.get().split())


def test_a_long_frontier_says_how_much_of_it_is_shown():
    text = shown(document(30, proposals=2, suggestions=20))
    assert f"Pareto frontier: {FRONTIER_ROWS} of 30 packages (--json lists them all)" in text
    assert f"Suggestions: {FRONTIER_ROWS} of 20" in text
    assert "option 29" not in text


def test_a_short_frontier_is_shown_whole_without_a_note():
    text = shown(document(3, proposals=2, suggestions=1))
    assert "Pareto frontier" in text
    assert " of 3 packages" not in text


def test_no_suggestion_is_a_sentence_saying_why():
    assert "No suggestions: no proposal is visible to you yet" in shown(
        document(3, proposals=0, suggestions=0)
    )
    assert "No suggestions: no frontier package lies, for every party, between" in shown(
        document(3, proposals=2, suggestions=0)
    )


def test_free_issues_and_the_zone_are_said_plainly():
    text = shown(document(3, proposals=0, suggestions=0))
    assert "free (no consenting profile weighs them, any option will do): Venue, Languages" in text
    assert "ZOPA: no package clears every consenting party's reservation value" in text
    assert "North 0.50, South 0.25" in text
