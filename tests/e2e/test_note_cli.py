"""`pourparler note` on a real SQLite file: the mediator's alone."""

from __future__ import annotations

import pytest

from support.cli import Cli

PASSWORD = {"POURPARLER_PASSWORD": "long enough password"}
NORTH, ENVOY, GUARANTOR = "north@example.org", "envoy@example.org", "guarantor@example.org"
REFUSAL = "error: only the mediator keeps mediator notes\n"


@pytest.fixture
def talks(cli: Cli) -> tuple[str, str]:
    for email, name in ((NORTH, "Anna North"), (ENVOY, "Farah Envoy"), (GUARANTOR, "Gus G")):
        assert cli("user", "add", email, "--name", name, env=PASSWORD).code == 0
    talks_id = cli("talks", "create", "Ceasefire talks").stdout.strip()
    cli("talks", "party", talks_id, "Northland")
    cli("talks", "party", talks_id, "Southland")
    cli("talks", "seat", talks_id, NORTH, "head", "--party", "Northland")
    cli("talks", "seat", talks_id, ENVOY, "mediator")
    cli("talks", "seat", talks_id, GUARANTOR, "observer")
    proposed = cli(
        "round",
        "propose",
        talks_id,
        "--at",
        "2099-03-16T10:00",
        "--tz",
        "UTC",
        "--venue",
        "Harbour",
        as_=ENVOY,
    )
    assert proposed.code == 0, proposed.stderr
    round_id = cli("talks", "show", talks_id, "--json").json()["rounds"][0]["id"]
    return talks_id, round_id


def test_the_mediator_adds_lists_and_deletes_notes(cli: Cli, talks: tuple[str, str]) -> None:
    talks_id, round_id = talks
    first = cli("note", "add", talks_id, "North may move — الشمال", as_=ENVOY)
    assert first.code == 0, first.stderr
    second = cli("note", "add", talks_id, "Ask about phasing", "--round", round_id, as_=ENVOY)
    assert second.code == 0, second.stderr
    listed = cli("note", "list", talks_id, "--json", as_=ENVOY).json()
    assert [(n["id"], n["text"], n["round"]) for n in listed] == [
        (first.stdout.strip(), "North may move — الشمال", None),
        (second.stdout.strip(), "Ask about phasing", round_id),
    ]
    on_round = cli("note", "list", talks_id, "--round", round_id, "--json", as_=ENVOY).json()
    assert [n["text"] for n in on_round] == ["Ask about phasing"]
    table = cli("note", "list", talks_id, as_=ENVOY)
    assert "Ask about phasing" in table.stdout
    deleted = cli("note", "delete", talks_id, first.stdout.strip(), as_=ENVOY)
    assert (deleted.code, deleted.stdout.strip()) == (0, "deleted")
    assert [n["text"] for n in cli("note", "list", talks_id, "--json", as_=ENVOY).json()] == [
        "Ask about phasing"
    ]
    minutes = cli("minutes", round_id, as_=ENVOY).stdout
    assert "## Mediator's notes" in minutes
    assert "Ask about phasing" in minutes


@pytest.mark.parametrize("who", [NORTH, GUARANTOR, None])
def test_anyone_else_gets_one_line_and_exit_2_whether_or_not_notes_exist(
    cli: Cli, talks: tuple[str, str], who: str | None
) -> None:
    talks_id, round_id = talks
    before = [
        cli("note", "list", talks_id, as_=who),
        cli("note", "add", talks_id, "mine", as_=who),
        cli("note", "delete", talks_id, "0123456789ab", as_=who),
    ]
    written = cli("note", "add", talks_id, "SECRET-NOTE-p1", "--round", round_id, as_=ENVOY)
    after = [
        cli("note", "list", talks_id, "--round", round_id, "--json", as_=who),
        cli("note", "add", talks_id, "mine", as_=who),
        cli("note", "delete", talks_id, written.stdout.strip(), as_=who),
    ]
    for outcome in (*before, *after):
        assert (outcome.code, outcome.stdout, outcome.stderr) == (2, "", REFUSAL)
    for command in (("talks", "show", talks_id), ("record", "show", talks_id, "--json")):
        shown = cli(*command, as_=who)
        assert shown.code == 0
        assert "SECRET-NOTE-p1" not in shown.stdout
        assert "note written" not in shown.stdout
    assert "SECRET-NOTE-p1" not in cli("minutes", round_id, as_=who).stdout


def test_bad_input_is_one_line_and_exit_2(cli: Cli, talks: tuple[str, str]) -> None:
    talks_id, _ = talks
    empty = cli("note", "add", talks_id, "   ", as_=ENVOY)
    assert (empty.code, empty.stderr) == (2, "error: a note must not be empty\n")
    too_long = cli("note", "add", talks_id, "x" * 20_001, as_=ENVOY)
    assert (too_long.code, too_long.stderr) == (
        2,
        "error: a note is longer than 20000 characters\n",
    )
    nowhere = cli("note", "add", talks_id, "x", "--round", "0123456789ab", as_=ENVOY)
    assert (nowhere.code, nowhere.stderr) == (2, "error: no round 0123456789ab in these talks\n")
    missing = cli("note", "delete", talks_id, "0123456789ab", as_=ENVOY)
    assert (missing.code, missing.stderr) == (2, "error: no note 0123456789ab in these talks\n")
