"""The Pourparler scenario JSON format: validation, round trip, errors naming the field."""

from __future__ import annotations

import json

import pytest

from pourparler.domain.error import InvalidInput
from pourparler.engine.analysis import analyze
from pourparler.engine.genius import (
    genius_domain_from_xml,
    genius_profile_from_xml,
    geniusweb_profile_from_json,
)
from pourparler.engine.scenario import scenario_from_json, scenario_to_json

DOCUMENT = {
    "format": "pourparler-scenario/1",
    "name": "Ceasefire modalities",
    "issues": [
        {"name": "duration", "kind": "range", "min": 30, "max": 90, "step": 30, "unit": "days"},
        {"name": "monitoring", "kind": "options", "options": ["UN", "regional", "joint"]},
    ],
    "parties": [
        {
            "name": "North",
            "kind": "additive",
            "weights": {"duration": 0.6, "monitoring": 0.4},
            "ratings": {"monitoring": {"UN": 3, "regional": 5, "joint": 1}},
            "curves": {"duration": {"shape": "peaked", "peak": 60}},
            "reservation": 0.3,
            "red_lines": {"monitoring": ["joint"]},
        },
        {
            "name": "South",
            "kind": "table",
            "packages": [{"outcome": {"duration": 90, "monitoring": "UN"}, "value": 0.8}],
            "default": 0.2,
        },
    ],
}


def test_a_scenario_survives_a_round_trip_through_json():
    scenario = scenario_from_json(json.dumps(DOCUMENT))
    again = scenario_from_json(scenario_to_json(scenario))
    assert again == scenario
    assert again.space.issues[0].values == (30, 60, 90)
    assert again.profiles[0].red_lines == {"monitoring": frozenset({"joint"})}


@pytest.mark.parametrize(
    ("path", "value", "named"),
    [
        (("parties", 0, "weights", "duration"), "heavy", "parties[0].weights.duration"),
        (("issues", 0, "step"), 0, "issues[0].step"),
        (("parties", 0, "curves", "duration", "shape"), "wavy", "parties[0].curves.duration.shape"),
        (("format",), "other/2", "field format"),
    ],
)
def test_an_invalid_field_is_named_in_the_error(path, value, named):
    document = json.loads(json.dumps(DOCUMENT))
    target = document
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    with pytest.raises(InvalidInput, match=named.replace("[", r"\[").replace("]", r"\]")):
        scenario_from_json(json.dumps(document))


def test_malformed_json_is_invalid_input_not_a_traceback():
    with pytest.raises(InvalidInput, match="not valid JSON"):
        scenario_from_json("{ not json")


def test_a_rating_for_an_unknown_option_is_refused():
    document = json.loads(json.dumps(DOCUMENT))
    document["parties"][0]["ratings"]["monitoring"]["NATO"] = 2
    scenario = scenario_from_json(json.dumps(document))
    with pytest.raises(InvalidInput, match="NATO"):
        analyze(scenario)


DOMAIN = """<negotiation_template><utility_space><objective name="root">
<issue index="1" name="price" type="integer" lowerbound="0" upperbound="4"/>
<issue index="2" name="share" type="real"><range lowerbound="0" upperbound="1"/></issue>
<issue index="3" name="venue" type="discrete"><item index="1" value="Geneva"/>
<item index="2" value="Oslo"/></issue>
</objective></utility_space></negotiation_template>"""

PROFILE = """<utility_space><objective name="root">
<issue index="1" name="price" type="integer" lowerbound="0" upperbound="4">
  <evaluator ftype="linear" offset="1.0" slope="-0.25"/></issue>
<issue index="2" name="share" type="real"><range lowerbound="0" upperbound="1"/>
  <evaluator ftype="linear" parameter0="0.2" parameter1="0.8"/></issue>
<issue index="3" name="venue" type="discrete"><item index="1" value="Geneva" evaluation="2"/>
  <item index="2" value="Oslo" evaluation="8"/></issue>
<weight index="1" value="0.5"/><weight index="2" value="0.3"/><weight index="3" value="0.2"/>
</objective><reservation value="0.25"/><discount_factor value="0.9"/></utility_space>"""


def test_genius_integer_real_and_discrete_issues_are_evaluated_as_genius_does():
    space = genius_domain_from_xml(DOMAIN)
    assert space.shape == (5, 11, 2)
    profile = genius_profile_from_xml(PROFILE, space, "buyer")
    assert profile.reservation == 0.25
    assert profile.discount == 0.9
    assert profile.ratings["price"] == {0: 1.0, 1: 0.75, 2: 0.5, 3: 0.25, 4: 0.0}
    assert profile.ratings["share"][1.0] == pytest.approx(1.0)
    assert profile.ratings["venue"] == {"Geneva": 0.25, "Oslo": 1.0}


@pytest.mark.parametrize("text", ["<negotiation_template><unclosed>", "not xml at all", "<other/>"])
def test_malformed_genius_xml_is_invalid_input(text):
    with pytest.raises(InvalidInput):
        genius_domain_from_xml(text)


def test_a_geniusweb_profile_gives_its_domain_weights_and_reservation_bid_utility():
    profile = {
        "LinearAdditiveUtilitySpace": {
            "name": "buyer",
            "domain": {
                "name": "d",
                "issuesValues": {
                    "colour": {"values": ["red", "blue"]},
                    "price": {"range": ["0", "10", "5"]},
                },
            },
            "issueUtilities": {
                "colour": {"discreteutils": {"valueUtilities": {"red": 0.4, "blue": 1}}},
                "price": {
                    "numberutils": {
                        "lowValue": 0,
                        "lowUtility": 1,
                        "highValue": 10,
                        "highUtility": 0,
                    }
                },
            },
            "issueWeights": {"colour": 0.5, "price": 0.5},
            "reservationBid": {"issuevalues": {"colour": "red", "price": 5}},
        }
    }
    space, parsed = geniusweb_profile_from_json(json.dumps(profile))
    assert space.shape == (2, 3)
    assert parsed.name == "buyer"
    assert parsed.reservation == pytest.approx(0.5 * 0.4 + 0.5 * 0.5)


def test_a_json_document_that_is_no_geniusweb_profile_is_refused():
    with pytest.raises(InvalidInput, match="GeniusWeb"):
        geniusweb_profile_from_json('{"something": "else"}')
