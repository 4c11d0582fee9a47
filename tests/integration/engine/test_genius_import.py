"""Import of the real GENIUS domains in ../shared/domains/genius."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from pourparler.engine import evaluate, pareto_frontier_enumerate
from pourparler.engine.analysis import analyze, scenario_tables
from pourparler.engine.genius import read_genius_folder

GENIUS = Path(__file__).parents[3] / ".." / "shared" / "domains" / "genius"
FOLDERS = {
    "y2010/EnglandZimbabwe": (5, ["England", "Zimbabwe"]),
    "y2010/ItexvsCypress": (4, ["ItexvsCypress_Cypress", "ItexvsCypress_Itex"]),
    "y2010/Travel": (7, ["travel_chox", "travel_fanny"]),
    "y2011/Laptop": (3, ["laptop_buyer_utility", "laptop_seller_utility"]),
    "y2011/Grocery": (5, ["Grocery_domain_mary", "Grocery_domain_sam"]),
    "y2015/group2-politics": (8, ["Politics_util1", "Politics_util2", "Politics_util3"]),
}


@pytest.fixture(scope="module")
def genius() -> Path:
    if not GENIUS.is_dir():
        pytest.skip(f"{GENIUS} is missing: the GENIUS fixtures live in ../shared beside the clone")
    return GENIUS


@pytest.mark.parametrize("folder", sorted(FOLDERS))
def test_every_genius_domain_imports_with_parties_named_after_their_files(genius, folder):
    scenario = read_genius_folder(genius / folder)
    issues, parties = FOLDERS[folder]
    assert len(scenario.space.issues) == issues
    assert [p.name for p in scenario.profiles] == parties
    assert scenario.name == folder.split("/")[1]


@pytest.mark.parametrize("folder", sorted(FOLDERS))
def test_additive_and_enumerated_frontiers_agree_on_every_genius_domain(genius, folder):
    scenario = read_genius_folder(genius / folder)
    additive = analyze(scenario, "additive")
    enumerated = analyze(scenario, "enumerate")
    assert np.array_equal(additive.frontier.utilities, enumerated.frontier.utilities)
    assert additive.named == enumerated.named
    assert additive.zone == enumerated.zone


def test_genius_utilities_divide_each_evaluation_by_the_issue_maximum(genius):
    scenario = read_genius_folder(genius / "y2011/Laptop")
    space = scenario.space
    choice = np.array(
        [space.choice({"Laptop": "Dell", "Harddisk": "60 Gb", "External Monitor": "19'' LCD"})]
    )
    buyer = evaluate(space, scenario.profiles[:1], choice)[0, 0]
    expected = 0.4452125771655631 * 12 / 30 + 0.37808251708013424 * 30 / 30 + 0.1768 * 30 / 30
    assert buyer == pytest.approx(expected, abs=1e-4)


def test_all_genius_utilities_lie_between_zero_and_one(genius):
    scenario = read_genius_folder(genius / "y2010/Travel")
    tables = scenario_tables(scenario)
    lows = sum(t.min(axis=0) for t in tables)
    highs = sum(t.max(axis=0) for t in tables)
    assert np.all(lows >= 0)
    assert np.all(highs <= 1 + 1e-9)


def test_discount_factors_are_read_and_reported(genius):
    scenario = read_genius_folder(genius / "y2011/Grocery")
    assert [p.discount for p in scenario.profiles] == [0.805562132, 0.805562132]
    assert any("0.805562132" in note for note in scenario.notes)


def test_the_multilateral_politics_domain_has_a_three_party_frontier(genius):
    scenario = read_genius_folder(genius / "y2015/group2-politics")
    result = analyze(scenario)
    shape = scenario.space.shape
    assert result.method == "additive"
    assert result.frontier.utilities.shape[1] == 3
    enumerated = pareto_frontier_enumerate(shape, scenario_tables(scenario), chunk_size=1000)
    assert len(enumerated) == len(result.frontier)
