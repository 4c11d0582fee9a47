"""One command, one transaction: a refused command leaves every table exactly as it was."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from support.cli import Cli, cli_on
from support.snapshot import table_contents


@pytest.fixture
def url(tmp_path: Path) -> str:
    return f"sqlite+pysqlite:///{tmp_path / 'cli.db'}"


@pytest.fixture
def run(url: str) -> Cli:
    cli = cli_on(url)
    assert cli("db", "upgrade").code == 0
    return cli


def refused_without_a_trace(run: Cli, url: str, *args: str, says: str) -> None:
    before = table_contents(url)
    outcome = run(*args)
    assert outcome.code == 2, outcome.stdout
    assert says in outcome.stderr
    assert len(outcome.stderr.strip().splitlines()) == 1
    assert table_contents(url) == before


def test_talks_with_an_unknown_template_are_not_created(run: Cli, url: str) -> None:
    refused_without_a_trace(
        run, url, "talks", "create", "X", "--template", "peace", says="unknown template 'peace'"
    )
    assert run("talks", "list", "--json").json() == []


def test_talks_are_created_with_their_template(run: Cli) -> None:
    talks_id = run("talks", "create", "Harbour transit", "--template", "labour").stdout.strip()
    framework = run("talks", "show", talks_id, "--json").json()["framework"]
    assert len(framework) == 6


def test_a_second_template_needs_add(run: Cli, url: str) -> None:
    talks_id = run("talks", "create", "Supply contract").stdout.strip()
    assert run("talks", "issue", talks_id, "Price", "--kind", "clause").code == 0
    refused_without_a_trace(run, url, "talks", "template", talks_id, "labour", says="with --add")
    added = run("talks", "template", talks_id, "labour", "--add")
    assert (added.code, added.stdout.strip()) == (0, "6 issues added")


def test_an_issue_is_corrected_and_removed_from_the_command_line(run: Cli, url: str) -> None:
    talks_id = run("talks", "create", "Supply contract").stdout.strip()
    run("talks", "issue", talks_id, "Price", "--kind", "range", "--low", "1", "--high", "9")
    edited = run("talks", "issue-edit", talks_id, "price", "--high", "20", "--low", "2")
    assert edited.code == 0, edited.stderr
    assert run("talks", "show", talks_id, "--json").json()["framework"][0]["range"]["high"] == 20
    refused_without_a_trace(
        run, url, "talks", "issue-edit", talks_id, "Price", "--option", "A", says="no options"
    )
    refused_without_a_trace(
        run, url, "talks", "issue-remove", talks_id, "Delivery", says="no issue Delivery"
    )
    assert run("talks", "issue-remove", talks_id, "Price").code == 0
    assert run("talks", "show", talks_id, "--json").json()["framework"] == []


def test_a_refused_import_leaves_the_database_as_it_was(run: Cli, url: str, tmp_path: Path) -> None:
    talks_id = run("talks", "create", "Supply contract", "--template", "labour").stdout.strip()
    exported = run("talks", "export", talks_id).json()
    exported["talks"]["issues"] = [{"title": 3}]
    file = tmp_path / "broken.json"
    file.write_text(json.dumps(exported), encoding="utf-8")
    before = table_contents(url)
    outcome = run("talks", "import", str(file))
    assert outcome.code in (1, 2)
    assert table_contents(url) == before


def test_a_refused_demo_leaves_nothing_half_loaded(run: Cli, url: str) -> None:
    # An account of the demo's cast that exists with another password stops the demo at its
    # first act; nothing of the demo may be left behind.
    added = run(
        "user",
        "add",
        "head@southland.example",
        "--name",
        "Someone",
        "--password-stdin",
        input="not the demo password\n",
    )
    assert added.code == 0, added.stderr
    before = table_contents(url)
    refused = run("demo")
    assert refused.code == 2
    assert "exists already" in refused.stderr
    assert table_contents(url) == before


def test_the_demo_is_idempotent(run: Cli, url: str) -> None:
    assert run("demo").code == 0
    loaded = table_contents(url)
    assert run("demo").code == 0
    assert table_contents(url) == loaded
