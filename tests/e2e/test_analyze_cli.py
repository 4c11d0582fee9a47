"""`pourparler analyze` end to end, through the real application."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pourparler.cli.main import app
from support.scenarios import SCENARIO

GENIUS = Path(__file__).parents[2] / ".." / "shared" / "domains" / "genius"
KEYS = {
    "domain",
    "parties",
    "reservation",
    "outcomes",
    "frontier",
    "nash",
    "kalai_smorodinsky",
    "egalitarian",
    "utilitarian",
    "zopa",
    "seconds",
}


@pytest.fixture
def scenario_file(tmp_path: Path) -> Path:
    path = tmp_path / "venue.json"
    path.write_text(json.dumps(SCENARIO))
    return path


def run(*args: str):
    return CliRunner().invoke(app, ["analyze", *args])


@pytest.mark.parametrize("method", ["auto", "additive", "enumerate"])
def test_json_output_has_exactly_the_documented_keys(scenario_file, method):
    result = run(str(scenario_file), "--json", "--method", method)
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert set(document) == KEYS
    assert document["parties"] == ["North", "South"]
    assert document["reservation"] == [0.2, 0.0]
    assert document["outcomes"] == 12
    assert document["zopa"] == {"outcomes": 8}
    assert all(p["outcome"]["venue"] != "Geneva" for p in document["frontier"])
    assert set(document["nash"]) == {"outcome", "utilities"}
    assert isinstance(document["seconds"], float)


def test_a_genius_folder_is_analysed_with_parties_named_after_profile_files():
    folder = GENIUS / "y2011" / "Laptop"
    if not folder.is_dir():
        pytest.skip(f"{folder} is missing: the GENIUS fixtures live in ../shared beside the clone")
    result = run(str(folder), "--json")
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert document["parties"] == ["laptop_buyer_utility", "laptop_seller_utility"]
    assert document["outcomes"] == 27


def test_the_human_summary_shows_every_named_package(scenario_file):
    result = run(str(scenario_file))
    assert result.exit_code == 0, result.output
    for name in ("nash", "kalai_smorodinsky", "egalitarian", "utilitarian", "Venue and timing"):
        assert name in result.stdout


@pytest.mark.parametrize("suffix", [".svg", ".png"])
def test_plot_writes_a_picture(scenario_file, tmp_path, suffix):
    picture = tmp_path / f"analysis{suffix}"
    result = run(str(scenario_file), "--plot", str(picture))
    assert result.exit_code == 0, result.output
    assert picture.stat().st_size > 1000


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("/no/such/place",), "no such file or folder"),
        (("SCENARIO", "--method", "fastest"), "unknown method"),
        (("MALFORMED",), "not valid JSON"),
        (("SCENARIO", "--plot", "out.pdf"), ".svg or .png"),
    ],
)
def test_bad_input_exits_2_with_one_line_on_stderr(scenario_file, tmp_path, args, message):
    malformed = tmp_path / "broken.json"
    malformed.write_text('{"format": ')
    replace = {"SCENARIO": str(scenario_file), "MALFORMED": str(malformed)}
    result = run(*(replace.get(a, a) for a in args))
    assert result.exit_code == 2
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.output


def test_the_additive_method_on_a_table_profile_is_refused_in_one_line(tmp_path):
    document = json.loads(json.dumps(SCENARIO))
    first = document["parties"][0]
    names = [i["name"] for i in document["issues"]]
    options = [i["options"][0] if i["kind"] == "options" else i["min"] for i in document["issues"]]
    document["parties"][0] = {
        "name": first["name"],
        "kind": "table",
        "packages": [{"outcome": dict(zip(names, options, strict=True)), "value": 1.0}],
    }
    file = tmp_path / "table.json"
    file.write_text(json.dumps(document))
    result = run(str(file), "--method", "additive")
    assert result.exit_code == 2
    assert "additive method needs every party's profile to be additive" in result.stderr
    assert run(str(file), "--method", "enumerate").exit_code == 0


def test_brackets_in_a_domain_name_print_as_written(tmp_path):
    document = json.loads(json.dumps(SCENARIO))
    document["name"] = "Lease [/x] [bold]terms"
    file = tmp_path / "brackets.json"
    file.write_text(json.dumps(document))
    result = run(str(file))
    assert result.exit_code == 0, result.output
    assert "Lease [/x] [bold]terms" in result.stdout
