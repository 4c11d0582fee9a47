import json

import pytest

from pourparler.domain.error import InvalidInput, NotAllowed, NotFound, RuleViolation
from pourparler.domain.framework import Issue, IssueKind, NumericRange
from pourparler.domain.memorandum import Position
from pourparler.services import account, analysis, profile, setup
from pourparler.services.preference import agenda_of, choice_from_positions
from pourparler.services.transfer import export_talks, import_talks
from pourparler.services.view import talks_document
from support.caller import OPERATOR, by
from support.memory import memory_services
from support.world import (
    CLERK,
    MEDIATOR,
    NORTH_ADVISER,
    NORTH_DELEGATE,
    NORTH_HEAD,
    OBSERVER,
    SOUTH_DELEGATE,
    SOUTH_HEAD,
    draft,
)

# Distinctive numbers: if they appear in a document, the profile leaked into it.
NORTH = {
    "reservation": 0.3141,
    "issues": [
        {
            "issue": "Geographic scope",
            "weight": 3,
            "ratings": {"Contact line only": 10, "Contested districts": 7.4321},
            "red_options": ["Entire territory"],
        },
        {"issue": "Initial duration", "weight": 1, "curve": "rising"},
    ],
}
SOUTH = {
    "reservation": 0.2718,
    "issues": [
        {
            "issue": "Geographic scope",
            "weight": 2.5813,
            "ratings": {"Entire territory": 10, "Contested districts": 6.1234},
        },
        {
            "issue": "Initial duration",
            "weight": 1,
            "curve": "peaked",
            "peak": 61,
            "acceptable_range": [20, 120],
        },
    ],
}
EAST = "east.head@example.org"
EAST_PROFILE = {
    "reservation": 0.9,
    "issues": [{"issue": "Monitoring body", "weight": 9.8765, "ratings": {"Joint commission": 1}}],
}
SECRETS = ("7.4321", "0.3141", "6.1234", "2.5813", "0.2718")
PROFILE_FIELDS = ("weight", "ratings", "reservation", "red_options", "acceptable_range", "curve")


def both_consent(world):
    profile.save_profile(world.svc, by(NORTH_DELEGATE), world.talks_id, NORTH)
    profile.save_profile(world.svc, by(SOUTH_DELEGATE), world.talks_id, SOUTH)
    profile.set_consent(world.svc, by(NORTH_HEAD), world.talks_id, consent=True)
    profile.set_consent(world.svc, by(SOUTH_HEAD), world.talks_id, consent=True)


def exported_by(world, who) -> str:
    return json.dumps(export_talks(world.svc, by(who), world.talks_id), ensure_ascii=False)


@pytest.mark.parametrize("who", [NORTH_HEAD, NORTH_DELEGATE, NORTH_ADVISER])
def test_the_own_party_reads_its_profile_and_finds_it_in_its_export(world, who):
    profile.save_profile(world.svc, by(NORTH_HEAD), world.talks_id, NORTH)
    read = profile.read_profile(world.svc, by(who), world.talks_id)
    assert read["reservation"] == 0.3141
    assert [i["issue"] for i in read["issues"]] == ["Initial duration", "Geographic scope"]
    assert "7.4321" in exported_by(world, who)


@pytest.mark.parametrize("who", [SOUTH_HEAD, SOUTH_DELEGATE, MEDIATOR, OBSERVER, CLERK, None])
def test_nobody_else_reads_a_profile_nor_finds_it_in_an_export(world, who):
    both_consent(world)
    if who in (SOUTH_HEAD, SOUTH_DELEGATE):
        assert profile.read_profile(world.svc, by(who), world.talks_id)["reservation"] == 0.2718
    else:
        with pytest.raises(NotAllowed):
            profile.read_profile(world.svc, by(who), world.talks_id)
    seen = exported_by(world, who) + json.dumps(talks_document(world.svc, by(who), world.talks_id))
    assert "7.4321" not in seen
    assert "0.3141" not in seen
    if who not in (SOUTH_HEAD, SOUTH_DELEGATE):
        assert not any(s in seen for s in SECRETS)


def test_a_party_without_a_profile_is_told_so(world):
    with pytest.raises(NotFound):
        profile.read_profile(world.svc, by(NORTH_HEAD), world.talks_id)


@pytest.mark.parametrize("who", [NORTH_ADVISER, MEDIATOR, OBSERVER, CLERK, None])
def test_only_heads_and_delegates_write_a_profile(world, store, who):
    commits = store.commits
    with pytest.raises(NotAllowed):
        profile.save_profile(world.svc, by(who), world.talks_id, NORTH)
    assert store.commits == commits


def test_saving_again_replaces_the_profile_and_keeps_the_consent(world):
    profile.save_profile(world.svc, by(NORTH_HEAD), world.talks_id, NORTH)
    profile.set_consent(world.svc, by(NORTH_HEAD), world.talks_id, consent=True)
    profile.save_profile(
        world.svc, by(NORTH_DELEGATE), world.talks_id, {**NORTH, "reservation": 0.5}
    )
    read = profile.read_profile(world.svc, by(NORTH_ADVISER), world.talks_id)
    assert read["reservation"] == 0.5
    assert read["consents_to_mediator"] is True
    assert len(talks_document(world.svc, by(NORTH_HEAD), world.talks_id)["profiles"]) == 1


def test_only_the_head_consents_and_the_acts_are_private_to_the_party(world):
    profile.save_profile(world.svc, by(NORTH_DELEGATE), world.talks_id, NORTH)
    with pytest.raises(NotAllowed):
        profile.set_consent(world.svc, by(NORTH_DELEGATE), world.talks_id, consent=True)
    with pytest.raises(NotFound):
        profile.set_consent(world.svc, by(SOUTH_HEAD), world.talks_id, consent=True)
    profile.set_consent(world.svc, by(NORTH_HEAD), world.talks_id, consent=True)
    own = talks_document(world.svc, by(NORTH_ADVISER), world.talks_id)["record"]
    assert [e["act"] for e in own[-2:]] == ["profile saved", "consent changed"]
    assert "7.4321" not in json.dumps(own)
    other = talks_document(world.svc, by(MEDIATOR), world.talks_id)["record"]
    assert all(e.get("stub") for e in other[-2:])


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"issues": [{"issue": "No such issue", "weight": 1}]}, "no issue"),
        ({"issues": [{"issue": "Geographic scope", "weight": 1, "ratings": {"Mars": 1}}]}, "Mars"),
        ({"issues": [{"issue": "Geographic scope", "weight": -1}]}, "weight: .*or equal to 0"),
        ({"issues": [{"issue": "Initial duration", "weight": 0, "curve": "rising"}]}, "above 0"),
        ({"issues": [{"issue": "Link to the political process", "weight": 1}]}, "not scored"),
        ({"issues": [{"issue": "Initial duration", "weight": 1, "curve": "wavy"}]}, "curve"),
        (
            {
                "issues": [
                    {"issue": "Initial duration", "weight": 1, "curve": "peaked", "peak": 999}
                ]
            },
            "peak",
        ),
        (
            {
                "issues": [
                    {
                        "issue": "Geographic scope",
                        "weight": 1,
                        "ratings": {"Entire territory": 1},
                        "red_options": [
                            "Contact line only",
                            "Contested districts",
                            "Entire territory",
                        ],
                    }
                ]
            },
            "no option",
        ),
        ({"reservation": 1.5}, "reservation"),
        ({"reservation": "high"}, "reservation"),
        ({"issues": "all"}, "issues"),
    ],
)
def test_a_bad_profile_is_refused_and_nothing_is_saved(world, store, change, message):
    commits = store.commits
    with pytest.raises(InvalidInput, match=message):
        profile.save_profile(world.svc, by(NORTH_HEAD), world.talks_id, {**NORTH, **change})
    assert store.commits == commits
    with pytest.raises(NotFound):
        profile.read_profile(world.svc, by(NORTH_HEAD), world.talks_id)


def test_own_analysis_places_a_proposal_at_its_utility(world):
    draft(world, NORTH_HEAD, scope="Contact line only", days=(30, 60))
    draft(world, SOUTH_HEAD, scope="Entire territory", days=(80, 100))
    profile.save_profile(world.svc, by(NORTH_HEAD), world.talks_id, NORTH)
    result = analysis.own_analysis(world.svc, by(NORTH_ADVISER), world.talks_id)
    # Weights 3 and 1 of 4; Contact line only is the top rating; 45 days on a rising curve
    # over 7..180 rates (45 - 7) / 173. South's draft is unrevealed: North cannot place it.
    [own] = result["proposals"]
    assert own["party"] == "Northland"
    assert own["package"] == {"Initial duration": 45, "Geographic scope": "Contact line only"}
    assert own["utility"] == pytest.approx(0.75 + 0.25 * 38 / 173)
    assert own["acceptable"] is True
    assert result["best"][0]["utility"] == pytest.approx(1.0)
    assert result["best"][0]["package"]["Geographic scope"] == "Contact line only"
    assert result["left_out"] == ["Link to the political process"]


def test_mediator_analysis_needs_two_consenting_parties(world):
    profile.save_profile(world.svc, by(NORTH_DELEGATE), world.talks_id, NORTH)
    profile.save_profile(world.svc, by(SOUTH_DELEGATE), world.talks_id, SOUTH)
    with pytest.raises(RuleViolation):
        analysis.mediator_analysis(world.svc, by(MEDIATOR), world.talks_id)
    profile.set_consent(world.svc, by(NORTH_HEAD), world.talks_id, consent=True)
    with pytest.raises(RuleViolation):
        analysis.mediator_analysis(world.svc, by(MEDIATOR), world.talks_id)
    profile.set_consent(world.svc, by(SOUTH_HEAD), world.talks_id, consent=True)
    assert analysis.mediator_analysis(world.svc, by(MEDIATOR), world.talks_id)["parties"] == [
        "Northland",
        "Southland",
    ]


@pytest.mark.parametrize("who", [NORTH_HEAD, SOUTH_HEAD, OBSERVER, CLERK, None])
def test_only_the_mediator_sees_mediator_analysis(world, who):
    both_consent(world)
    with pytest.raises(NotAllowed):
        analysis.mediator_analysis(world.svc, by(who), world.talks_id)


def test_mediator_analysis_uses_only_consenting_parties(world):
    both_consent(world)
    setup.add_party(world.svc, OPERATOR, world.talks_id, name="Eastland")
    account.add_user(world.svc, OPERATOR, name="Ida East", email=EAST, password="long enough pass")
    setup.seat(world.svc, OPERATOR, world.talks_id, email=EAST, role="head", party="Eastland")
    profile.save_profile(world.svc, by(EAST), world.talks_id, EAST_PROFILE)
    result = analysis.mediator_analysis(world.svc, by(MEDIATOR), world.talks_id)
    assert result["parties"] == ["Northland", "Southland"]
    assert result["parties_without_consent"] == ["Eastland"]
    assert "9.8765" not in json.dumps(result)
    for point in result["frontier"]["points"]:
        assert set(point["utilities"]) == {"Northland", "Southland"}
    profile.set_consent(world.svc, by(SOUTH_HEAD), world.talks_id, consent=False)
    with pytest.raises(RuleViolation):
        analysis.mediator_analysis(world.svc, by(MEDIATOR), world.talks_id)


def _keys(node, found):
    if isinstance(node, dict):
        for key, value in node.items():
            found.add(key)
            _keys(value, found)
    elif isinstance(node, list):
        for value in node:
            _keys(value, found)
    return found


def test_mediator_output_holds_analysis_and_no_profile(world):
    draft(world, NORTH_HEAD, scope="Contact line only", days=(30, 60))
    both_consent(world)
    result = analysis.mediator_analysis(world.svc, by(MEDIATOR), world.talks_id)
    text = json.dumps(result)
    assert not any(s in text for s in SECRETS)
    assert not _keys(result, set()) & set(PROFILE_FIELDS)
    assert result["frontier"]["size"] == len(result["frontier"]["points"]) > 0
    for point in result["frontier"]["points"]:
        assert set(point["utilities"]) == {"Northland", "Southland"}
        # Red lines of both hold on the frontier: North refuses the whole territory,
        # South any duration outside 20..120.
        assert point["package"]["Geographic scope"] != "Entire territory"
        assert 20 <= point["package"]["Initial duration"] <= 120
    assert result["nash"] is not None
    # Both profiles weigh two issues only: the other twelve are free, not 3.8e9 packages.
    assert result["outcomes"] == 3 * 174
    assert "Geographic scope" not in result["free_issues"]
    assert len(result["free_issues"]) == 12
    assert result["zopa"] == {"exists": True}
    assert result["proposals"] == []  # North's draft is neither revealed nor shared
    assert result["improvement"] is None


def test_mediator_improves_a_given_package(world):
    both_consent(world)
    given = {"Geographic scope": "Contested districts", "Initial duration": 30}
    result = analysis.mediator_analysis(world.svc, by(MEDIATOR), world.talks_id, tentative=given)
    improvement = result["improvement"]
    assert improvement["tentative"]["source"] == "given"
    assert improvement["efficient"] is False
    assert min(improvement["gains"].values()) > 0
    # Scope is already the compromise; the gain for both comes from the duration.
    assert improvement["package"]["Geographic scope"] == "Contested districts"
    assert improvement["package"]["Initial duration"] > 30


@pytest.mark.parametrize("duration", [1e308, -5, 0])
def test_a_given_package_beyond_a_range_is_refused_not_moved_to_its_bound(world, duration):
    both_consent(world)
    given = {"Geographic scope": "Contested districts", "Initial duration": duration}
    with pytest.raises(InvalidInput, match=r"'Initial duration' runs from .* is outside"):
        analysis.mediator_analysis(world.svc, by(MEDIATOR), world.talks_id, tentative=given)


def test_ranges_are_discretised_by_their_step_and_proposals_snap_to_it():
    framework = [
        Issue("Zone", IssueKind.RANGE, range=NumericRange(0, 10, 2.5, "km")),
        Issue("Text", IssueKind.CLAUSE),
        Issue("Venue", IssueKind.OPTIONS, options=("Geneva", "Oslo")),
    ]
    agenda = agenda_of(framework)
    assert agenda.space.issues[0].values == (0.0, 2.5, 5.0, 7.5, 10.0)
    assert agenda.left_out == ("Text",)
    choice = choice_from_positions(
        agenda,
        [
            Position(framework[0].id, asked_range=(3.0, 6.0)),
            Position(framework[2].id, asked_options=("Oslo",)),
        ],
    )
    assert agenda.package(choice) == {"Zone": 5.0, "Venue": "Oslo"}


def test_a_party_export_with_its_profile_round_trips(world):
    profile.save_profile(world.svc, by(NORTH_HEAD), world.talks_id, SOUTH | {"reservation": 0.4})
    profile.set_consent(world.svc, by(NORTH_HEAD), world.talks_id, consent=True)
    exported = export_talks(world.svc, by(NORTH_HEAD), world.talks_id)
    other, _ = memory_services()
    import_talks(other, OPERATOR, exported)
    assert export_talks(other, by(NORTH_HEAD), world.talks_id) == exported
    assert profile.read_profile(other, by(NORTH_ADVISER), world.talks_id)["reservation"] == 0.4
