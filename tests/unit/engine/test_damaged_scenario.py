"""A damaged scenario file is analysed or refused with a clear error, never a crash."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pourparler.domain.error import PourparlerError
from pourparler.engine.analysis import analyze
from pourparler.engine.scenario import scenario_from_json
from support.damage import damaged
from support.scenarios import SCENARIO


def test_the_sample_scenario_is_valid() -> None:
    result = analyze(scenario_from_json(json.dumps(SCENARIO)), "auto")
    assert len(result.frontier) > 0


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_a_damaged_scenario_is_analysed_or_refused_clearly(data: st.DataObject) -> None:
    document = data.draw(damaged(SCENARIO))
    try:
        scenario = scenario_from_json(json.dumps(document))
        analyze(scenario, data.draw(st.sampled_from(["auto", "enumerate"])))
    except PourparlerError:
        pass
