"""The mediator's analysis prints its JSON and nothing else, on the demo case where HiGHS once
wrote to standard output from C (issue 10: Northland's reservation at 0.5555)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pourparler.cli.main import app

ENVOY, NORTH_DELEGATE = "envoy@harbour.example", "delegate@northland.example"
KEYS = ("ratings", "curve", "peak", "points", "red_options", "acceptable_range")


def _invoke(url: str, *args: str):
    result = CliRunner().invoke(app, ["--db", url, *args])
    assert result.exit_code == 0, result.output
    return result


def test_the_mediator_analysis_is_only_json_when_the_solver_prints(
    tmp_path: Path, capfd: pytest.CaptureFixture[str]
):
    url = f"sqlite+pysqlite:///{tmp_path / 'pourparler.db'}"
    _invoke(url, "db", "upgrade")
    _invoke(url, "demo")
    listed = json.loads(_invoke(url, "talks", "list", "--json").stdout)
    talks = next(t["id"] for t in listed if "ceasefire" in t["title"])
    shown = json.loads(
        _invoke(url, "profile", "show", talks, "--json", "--as", NORTH_DELEGATE).stdout
    )
    issues = [
        {"issue_id": i["issue_id"], "weight": i["weight"]}
        | {k: i[k] for k in KEYS if i.get(k) not in (None, [], {})}
        for i in shown["issues"]
    ]
    path = tmp_path / "north.json"
    path.write_text(json.dumps({"reservation": 0.5555, "issues": issues}))
    _invoke(url, "profile", "set", talks, str(path), "--as", NORTH_DELEGATE)
    capfd.readouterr()
    result = _invoke(url, "analysis", "mediator", talks, "--json", "--as", ENVOY)
    document = json.loads(result.stdout)
    assert document["parties"] == ["Northland", "Southland"]
    assert document["improvement"] is not None
    assert capfd.readouterr().out == ""  # nothing written to descriptor 1 behind Python
