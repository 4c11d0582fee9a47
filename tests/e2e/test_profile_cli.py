"""`pourparler profile` and `pourparler analysis` end to end, on a SQLite file with the demo."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pourparler.cli.main import app

ENVOY, NORTH_HEAD = "envoy@harbour.example", "head@northland.example"
NORTH_ADVISER, SOUTH_HEAD = "adviser@northland.example", "head@southland.example"


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, str]:
    url = f"sqlite+pysqlite:///{tmp_path_factory.mktemp('cli') / 'pourparler.db'}"
    runner = CliRunner()
    for args in (["db", "upgrade"], ["demo"]):
        assert runner.invoke(app, ["--db", url, *args]).exit_code == 0
    listed = runner.invoke(app, ["--db", url, "talks", "list", "--json"])
    talks_id = next(t["id"] for t in json.loads(listed.stdout) if "ceasefire" in t["title"])
    return url, talks_id


def run(demo_db: tuple[str, str], *args: str, who: str | None = None) -> object:
    url, talks_id = demo_db
    command, rest = list(args[:2]), list(args[2:])
    extra = ["--as", who] if who else []
    return CliRunner().invoke(app, ["--db", url, *command, talks_id, *rest, *extra])


def test_the_mediator_sees_analysis_of_the_demo_and_no_profile(demo_db):
    result = run(demo_db, "analysis", "mediator", "--json", who=ENVOY)
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert doc["parties"] == ["Northland", "Southland"]
    assert doc["frontier"]["size"] > 0
    assert doc["nash"]["utilities"].keys() == {"Northland", "Southland"}
    assert len(doc["proposals"]) == 3  # two revealed memoranda and the negotiating text
    for key in ('"weight"', '"ratings"', '"reservation"', '"red_options"'):
        assert key not in result.stdout
    table = run(demo_db, "analysis", "mediator", who=ENVOY)
    assert "Named packages" in table.stdout


def test_a_party_shows_its_profile_and_its_own_analysis(demo_db):
    shown = run(demo_db, "profile", "show", "--json", who=NORTH_ADVISER)
    assert shown.exit_code == 0, shown.output
    assert json.loads(shown.stdout)["reservation"] == 0.35
    mine = run(demo_db, "analysis", "mine", "--json", who=NORTH_ADVISER)
    doc = json.loads(mine.stdout)
    assert doc["party"] == "Northland"
    assert len(doc["best"]) == 5


@pytest.mark.parametrize("who", [ENVOY, "observer@eastmark.example", None])
def test_others_are_refused_a_profile_with_one_line(demo_db, who):
    result = run(demo_db, "profile", "show", who=who)
    assert result.exit_code == 2
    assert result.output.startswith("error: ")
    assert "Traceback" not in result.output


def test_set_and_consent_from_the_command_line(demo_db, tmp_path: Path):
    file = tmp_path / "profile.json"
    file.write_text(
        json.dumps(
            {
                "reservation": 0.2,
                "issues": [
                    {"issue": "Monitoring body", "weight": 1, "ratings": {"Joint commission": 3}}
                ],
            }
        ),
        encoding="utf-8",
    )
    assert run(demo_db, "profile", "set", str(file), who=NORTH_ADVISER).exit_code == 2
    saved = run(demo_db, "profile", "set", str(file), who=NORTH_HEAD)
    assert saved.exit_code == 0, saved.output
    assert (
        json.loads(run(demo_db, "profile", "show", "--json", who=NORTH_HEAD).stdout)["reservation"]
        == 0.2
    )
    assert run(demo_db, "profile", "consent", "--no", who=SOUTH_HEAD).exit_code == 0
    refused = run(demo_db, "analysis", "mediator", who=ENVOY)
    assert refused.exit_code == 2
    assert "two parties" in refused.output
    assert run(demo_db, "profile", "consent", "--yes", who=SOUTH_HEAD).exit_code == 0
    (tmp_path / "bad.json").write_text("{not json", encoding="utf-8")
    bad = run(demo_db, "profile", "set", str(tmp_path / "bad.json"), who=NORTH_HEAD)
    assert bad.exit_code == 2
    assert "not JSON" in bad.output
