import json
from datetime import UTC, datetime

import pytest

from pourparler.domain.comparison import Standing, compare
from pourparler.domain.error import Conflict, InvalidInput
from pourparler.domain.framework import Issue, IssueKind, NumericRange
from pourparler.domain.memorandum import Memorandum, Position, Section
from pourparler.domain.template import ceasefire_framework

NOW = datetime(2026, 3, 2, tzinfo=UTC)

SCOPE = Issue("Scope", IssueKind.OPTIONS, options=("Line", "Districts", "All"), id="scope", order=0)
DAYS = Issue("Duration", IssueKind.RANGE, range=NumericRange(7, 180, 1, "days"), id="days", order=1)
LINK = Issue("Link", IssueKind.CLAUSE, id="link", order=2)
FRAMEWORK = [SCOPE, DAYS, LINK]


def save(*positions: Position, sections: tuple[Section, ...] = ()) -> Memorandum:
    memo = Memorandum("north", "Vision")
    memo.save(
        framework=FRAMEWORK,
        sections=list(sections),
        positions=list(positions),
        author_id="anna",
        now=NOW,
    )
    return memo


def test_every_save_appends_an_immutable_version():
    memo = save(Position("scope", asked_options=("Line",)))
    memo.save(
        framework=FRAMEWORK,
        sections=[],
        positions=[Position("scope", asked_options=("All",))],
        author_id="anna",
        now=NOW,
    )
    assert [v.number for v in memo.versions] == [1, 2]
    assert memo.version(1).positions[0].asked_options == ("Line",)
    assert memo.latest is memo.version(2)


def test_what_a_party_asks_is_part_of_what_it_can_accept():
    memo = save(
        Position("scope", asked_options=("All",), acceptable_options=("Districts",)),
        Position("days", asked_range=(30, 60), acceptable_range=(20, 90)),
    )
    scope, days = memo.latest.positions  # type: ignore[union-attr]
    assert scope.acceptable_options == ("Districts", "All")
    assert days.acceptable_range == (20, 90)


def test_an_acceptable_range_that_leaves_out_what_is_asked_is_refused_not_widened():
    with pytest.raises(InvalidInput, match=r"'Duration' asks for 30–60, outside .* \(20–40\)"):
        save(Position("days", asked_range=(30, 60), acceptable_range=(20, 40)))


def test_a_red_line_means_nothing_but_what_is_asked_is_acceptable():
    memo = save(
        Position("scope", asked_options=("Line",), red_line=True),
        Position("days", asked_range=(30, 60), acceptable_range=(30, 60), red_line=True),
    )
    scope, days = memo.latest.positions  # type: ignore[union-attr]
    assert scope.acceptable_options == ("Line",)
    assert days.acceptable_range == (30, 60)


@pytest.mark.parametrize(
    ("position", "named"),
    [
        (
            Position("scope", asked_options=("Line",), acceptable_options=("All",), red_line=True),
            "drop 'All' from acceptable_options",
        ),
        (
            Position("days", asked_range=(30, 60), acceptable_range=(20, 60), red_line=True),
            "make acceptable_range 30–60",
        ),
    ],
)
def test_a_red_line_that_lists_anything_else_as_acceptable_is_refused(position, named):
    with pytest.raises(InvalidInput, match=f"is a red line.*{named}"):
        save(position)


def test_saving_what_the_latest_version_says_already_changes_nothing():
    memo = save(Position("scope", asked_options=("Line",)), sections=(Section("a", "A", "x"),))
    with pytest.raises(Conflict, match="nothing changed: version 1"):
        memo.save(
            framework=FRAMEWORK,
            sections=[Section("a", " A ", "x")],
            positions=[Position("scope", asked_options=("Line",))],
            author_id="anna",
            now=NOW,
        )
    assert [v.number for v in memo.versions] == [1]


@pytest.mark.parametrize(
    ("position", "message"),
    [
        (Position("scope", asked_options=("Moon",)), "no option 'Moon'"),
        (Position("scope"), "asks for no option"),
        (Position("days", asked_range=(1, 10)), "outside 7–180"),
        (Position("days", asked_range=(60, 30)), "upside down"),
        (Position("link"), "proposed wording"),
        (Position("nowhere", asked_options=("Line",)), "no issue 'nowhere'"),
    ],
)
def test_a_position_that_does_not_fit_its_issue_is_refused(position, message):
    with pytest.raises(InvalidInput, match=message):
        save(position)


def test_two_positions_on_one_issue_are_refused():
    with pytest.raises(InvalidInput, match="two positions"):
        save(Position("scope", asked_options=("Line",)), Position("scope", asked_options=("All",)))


def test_two_sections_with_one_key_are_refused():
    with pytest.raises(InvalidInput, match="share one key"):
        save(sections=(Section("a", "One"), Section("a", "Two")))


def test_canonical_bytes_are_stable_and_unicode():
    memo = save(
        Position("link", text="Le cessez-le-feu s’applique"),
        sections=(Section("intro", "Введение", "текст"),),
    )
    version = memo.latest
    assert version is not None
    first = version.canonical_bytes("Vision", "Northland")
    assert first == version.canonical_bytes("Vision", "Northland")
    assert "Введение".encode() in first
    assert json.loads(first) == version.content("Vision", "Northland")
    assert first.startswith(b'{"party":"Northland","positions":[{"acceptable_options":[],')


def versions(a: list[Position], b: list[Position]):
    first, second = Memorandum("north", "A"), Memorandum("south", "B")
    va = first.save(framework=FRAMEWORK, sections=[], positions=a, author_id="x", now=NOW)
    vb = second.save(framework=FRAMEWORK, sections=[], positions=b, author_id="y", now=NOW)
    return {c.issue.id: c for c in compare(FRAMEWORK, va, vb)}


def test_comparison_finds_agreement_compatibility_conflict_and_silence():
    result = versions(
        [
            Position("scope", asked_options=("Line",), acceptable_options=("Districts",)),
            Position("days", asked_range=(30, 60)),
            Position("link", text="Talks  follow"),
        ],
        [
            Position("scope", asked_options=("All",), acceptable_options=("Districts",)),
            Position("days", asked_range=(90, 120), acceptable_range=(50, 120)),
            Position("link", text="Talks follow", red_line=True),
        ],
    )
    assert result["scope"].standing is Standing.COMPATIBLE
    assert result["scope"].overlap_options == ("Districts",)
    assert result["days"].standing is Standing.COMPATIBLE
    assert result["days"].overlap_range == (50, 60)
    assert result["link"].standing is Standing.AGREEMENT
    assert result["link"].red_lines == (False, True)


def test_comparison_reports_conflict_and_issues_not_addressed():
    result = versions(
        [Position("scope", asked_options=("Line",))],
        [Position("scope", asked_options=("All",)), Position("days", asked_range=(30, 30))],
    )
    assert result["scope"].standing is Standing.CONFLICT
    assert result["scope"].overlap_label() == ""
    assert result["days"].standing is Standing.NOT_ADDRESSED
    assert result["link"].standing is Standing.NOT_ADDRESSED


def test_agreement_when_both_ask_for_a_common_option():
    result = versions(
        [Position("scope", asked_options=("Line", "All"))],
        [Position("scope", asked_options=("All",))],
    )
    assert result["scope"].standing is Standing.AGREEMENT
    assert result["scope"].overlap_label() == "All"


def test_the_ceasefire_template_covers_the_usual_modalities():
    framework = ceasefire_framework()
    categories = {i.category for i in framework}
    for expected in (
        "Definitions and type",
        "Parties bound",
        "Timing",
        "Geographic scope",
        "Prohibited and permitted acts",
        "Separation of forces",
        "Monitoring and verification",
        "Violations and dispute resolution",
        "Humanitarian access and civilians",
        "Prisoners and detainees",
        "Follow-on security",
        "Link to the political process",
    ):
        assert expected in categories
    assert [i.order for i in framework] == list(range(len(framework)))
    assert all(len(i.options) >= 2 for i in framework if i.kind is IssueKind.OPTIONS)
