"""What the engine says about itself matches what it computes (issue 10, section 5): GENIUS
weights that do not sum to 1, Adjusted Winner's points and split, and the Kalai–Smorodinsky
rule."""

from __future__ import annotations

import random
from pathlib import Path

import numpy as np

from pourparler.engine import adjusted_winner, kalai_smorodinsky_point
from pourparler.engine.genius import read_genius_folder

DOMAIN = """<negotiation_template><utility_space><objective name="root">
<issue index="1" name="a" type="discrete"><item index="1" value="x"/><item index="2" value="y"/>
</issue><issue index="2" name="b" type="discrete"><item index="1" value="p"/>
<item index="2" value="q"/></issue></objective></utility_space></negotiation_template>"""


def _profile(w1: float, w2: float) -> str:
    return f"""<utility_space><objective name="root">
<issue index="1" name="a" type="discrete"><item value="x" evaluation="1"/>
<item value="y" evaluation="0.5"/></issue>
<issue index="2" name="b" type="discrete"><item value="p" evaluation="0.2"/>
<item value="q" evaluation="1"/></issue>
<weight index="1" value="{w1}"/><weight index="2" value="{w2}"/></objective></utility_space>"""


def test_genius_weights_off_one_are_divided_by_their_sum_and_the_notes_say_so(tmp_path: Path):
    (tmp_path / "domain.xml").write_text(DOMAIN)
    (tmp_path / "buyer.xml").write_text(_profile(0.6, 0.4000518))
    (tmp_path / "seller.xml").write_text(_profile(0.5, 0.5))
    scenario = read_genius_folder(tmp_path)
    assert scenario.notes == (
        "buyer: issue weights sum to 1.0000518, divided by their sum here "
        "(GENIUS uses them as written and caps utilities at 1)",
    )


def _brute_adjusted_winner_checks(first: dict[str, float], second: dict[str, float]) -> None:
    r = adjusted_winner(first, second)
    assert all(type(p) is float for p in r.points)
    a = sum(r.share[i] * first[i] for i in first)
    b = sum((1 - r.share[i]) * second[i] for i in first)
    assert abs(a - b) < 1e-6  # equitable
    assert abs(r.points[0] - a) < 1e-6
    assert abs(r.points[1] - b) < 1e-6
    fractional = [i for i in first if 0.0 < r.share[i] < 1.0]
    assert len(fractional) <= 1
    assert r.split == (fractional[0] if fractional else None)


def test_an_item_that_changes_hands_whole_is_not_called_split():
    r = adjusted_winner({"x": 50, "y": 50}, {"x": 50, "y": 50})
    assert r.split is None
    assert r.points == (50.0, 50.0)
    assert type(r.points[0]) is float
    _brute_adjusted_winner_checks({"x": 50, "y": 50}, {"x": 50, "y": 50})


def test_points_are_floats_and_split_names_only_a_divided_item_on_many_allocations():
    rng = random.Random(10)

    def points() -> dict[str, float]:
        cuts = sorted(rng.sample(range(0, 101, 5), 3))
        return dict(zip("abcd", np.diff([0, *cuts, 100]).tolist(), strict=True))

    for _ in range(300):
        _brute_adjusted_winner_checks(points(), points())


def test_kalai_smorodinsky_is_the_ratio_rule_not_the_point_nearest_the_segment():
    u = np.array([[1.0, 0.1], [0.9, 0.5], [0.48, 0.52], [0.2, 1.0]])
    ideal = u.max(axis=0)
    ratio = [min(row / ideal) for row in u]
    nearest = [abs(row[0] / ideal[0] - row[1] / ideal[1]) for row in u]
    assert int(np.argmax(ratio)) == 1
    assert int(np.argmin(nearest)) == 2  # the two rules disagree here
    assert kalai_smorodinsky_point(u, [0.0, 0.0]) == 1
