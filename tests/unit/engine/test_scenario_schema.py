"""One definition of the scenario document: the shipped JSON Schema is generated from the typed
models that read it, unknown keys are refused, and errors name the field's path (issue 7)."""

from __future__ import annotations

import copy
import json
from importlib import resources

import jsonschema
import pytest

from pourparler.domain.error import InvalidInput
from pourparler.engine.scenario import scenario_from_json, scenario_schema, schema_text
from support.scenarios import SCENARIO


def test_the_shipped_schema_is_the_generated_one():
    shipped = resources.files("pourparler.engine").joinpath("scenario.schema.json").read_text()
    assert shipped == schema_text(), (
        'regenerate: python -c "from pourparler.engine.scenario import schema_text; '
        "print(schema_text(), end='')\" > src/pourparler/engine/scenario.schema.json"
    )


def test_the_schema_is_a_valid_draft_2020_12_schema_that_accepts_the_sample():
    jsonschema.Draft202012Validator.check_schema(scenario_schema())
    jsonschema.Draft202012Validator(scenario_schema()).validate(SCENARIO)


def test_the_schema_states_the_accepted_range_of_numbers():
    party = scenario_schema()["$defs"]["AdditiveParty"]["properties"]
    assert party["weights"]["additionalProperties"]["maximum"] == 1e6
    assert party["weights"]["additionalProperties"]["minimum"] == 0
    value = scenario_schema()["$defs"]["TablePackage"]["properties"]["value"]
    assert (value["minimum"], value["maximum"]) == (-1e6, 1e6)


def _with(change) -> str:
    document = copy.deepcopy(SCENARIO)
    change(document)
    return json.dumps(document)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d.update(comment="x"), "scenario field comment: extra inputs are not permitted"),
        (
            lambda d: d["parties"][0].update(colour="red"),
            "scenario field parties[0].colour: extra inputs are not permitted",
        ),
        (
            lambda d: d["issues"][0].update(unit="km"),
            "scenario field issues[0].unit: extra inputs are not permitted",
        ),
        (
            lambda d: d["parties"][0]["curves"]["start"].update(slope=2),
            "scenario field parties[0].curves.start.slope: extra inputs are not permitted",
        ),
        (lambda d: d["parties"][0].pop("kind"), "scenario field parties[0].kind: field required"),
        (
            lambda d: d["parties"][1].update(kind="tabular"),
            "scenario field parties[1].kind: input should be one of 'additive', 'table'",
        ),
        (
            lambda d: d["parties"][0]["weights"].update(venue=1e308),
            "scenario field parties[0].weights.venue: input should be less than or equal to "
            "1000000 (got 1e+308)",
        ),
        (
            lambda d: d["parties"][0]["weights"].update(venue="2"),
            "scenario field parties[0].weights.venue: input should be a valid number (got '2')",
        ),
        (
            lambda d: d["parties"][1]["red_lines"].update(venue=[None]),
            "scenario field parties[1].red_lines.venue[0]: input should be a label or a number",
        ),
    ],
)
def test_a_bad_document_is_refused_with_one_line_naming_the_path(change, message):
    with pytest.raises(InvalidInput) as caught:
        scenario_from_json(_with(change))
    assert str(caught.value).startswith(message)
    assert "\n" not in str(caught.value)


def test_infinite_and_undefined_numbers_are_refused():
    text = _with(lambda d: d["parties"][0]["weights"].update(venue=0.5)).replace("0.5", "NaN")
    with pytest.raises(InvalidInput, match=r"weights\.venue: input should be a finite number"):
        scenario_from_json(text)
