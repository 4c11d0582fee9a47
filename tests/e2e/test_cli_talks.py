"""The talks core through the command line, on a real SQLite file."""

from __future__ import annotations

import json

import pytest

from support.cli import Cli, cli_on

PASSWORD = {"POURPARLER_PASSWORD": "long enough password"}
NORTH, SOUTH, ENVOY = "north@example.org", "south@example.org", "envoy@example.org"


@pytest.fixture
def talks(cli: Cli) -> str:
    for email, name in ((NORTH, "Anna North"), (SOUTH, "Dara South"), (ENVOY, "Farah Envoy")):
        assert cli("user", "add", email, "--name", name, env=PASSWORD).code == 0
    made = cli("talks", "create", "Ceasefire talks", "--template", "ceasefire")
    talks_id = made.stdout.strip()
    cli("talks", "party", talks_id, "Northland")
    cli("talks", "party", talks_id, "Southland")
    cli("talks", "seat", talks_id, NORTH, "head", "--party", "Northland")
    cli("talks", "seat", talks_id, SOUTH, "head", "--party", "Southland")
    cli("talks", "seat", talks_id, ENVOY, "mediator")
    return talks_id


def rounds(cli: Cli, talks_id: str) -> list[dict]:
    return cli("talks", "show", talks_id, "--json").json()["rounds"]


def test_a_round_is_proposed_countered_and_scheduled(cli: Cli, talks: str) -> None:
    proposed = cli(
        "round",
        "propose",
        talks,
        "--at",
        "2099-03-16T10:00",
        "--tz",
        "Europe/Istanbul",
        "--venue",
        "Harbour City",
        as_=NORTH,
    )
    assert proposed.code == 0, proposed.stderr
    (first,) = rounds(cli, talks)
    countered = cli(
        "round",
        "counter",
        talks,
        first["id"],
        "--at",
        "2099-03-19T10:00",
        "--tz",
        "Europe/Istanbul",
        as_=SOUTH,
    )
    assert countered.code == 0, countered.stderr
    second = next(r for r in rounds(cli, talks) if r["status"] == "proposed")
    assert cli("round", "accept", talks, second["id"], as_=NORTH).code == 0
    by_id = {r["id"]: r for r in rounds(cli, talks)}
    assert by_id[first["id"]]["status"] == "superseded"
    assert by_id[second["id"]]["status"] == "scheduled"
    assert by_id[second["id"]]["local_start"].startswith("2099-03-19T10:00")


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (
            (
                "round",
                "propose",
                "nosuchtalks",
                "--at",
                "2099-01-01T10:00",
                "--tz",
                "UTC",
                "--venue",
                "X",
            ),
            "no talks nosuchtalks",
        ),
        (
            (
                "round",
                "propose",
                "{talks}",
                "--at",
                "2001-01-01T10:00",
                "--tz",
                "UTC",
                "--venue",
                "X",
            ),
            "in the past",
        ),
        (
            (
                "round",
                "propose",
                "{talks}",
                "--at",
                "2099-01-01T10:00",
                "--tz",
                "Mars/Base",
                "--venue",
                "X",
            ),
            "unknown time zone",
        ),
        (
            ("round", "propose", "{talks}", "--at", "next tuesday", "--tz", "UTC", "--venue", "X"),
            "not a date-time",
        ),
        (
            (
                "round",
                "propose",
                "{talks}",
                "--at",
                "2099-01-01T10:00",
                "--tz",
                "UTC",
                "--venue",
                " ",
            ),
            "venue must not be empty",
        ),
        (("round", "open", "{talks}", "{round}"), "only a scheduled round opens"),
        (("round", "accept", "{talks}", "{round}"), "own proposal"),
    ],
)
def test_bad_input_gets_one_clear_line_and_changes_nothing(
    cli: Cli, talks: str, arguments: tuple[str, ...], message: str
) -> None:
    cli(
        "round",
        "propose",
        talks,
        "--at",
        "2099-02-01T10:00",
        "--tz",
        "UTC",
        "--venue",
        "Here",
        as_=NORTH,
    )
    round_id = rounds(cli, talks)[0]["id"]
    before = cli("talks", "export", talks, as_=NORTH).stdout
    who = ENVOY if arguments[1] == "open" else NORTH
    result = cli(*(a.format(talks=talks, round=round_id) for a in arguments), as_=who)
    assert result.code == 2
    assert message in result.stderr
    assert result.stderr.startswith("error: ")
    assert result.stderr.count("\n") == 1
    assert "Traceback" not in result.stdout + result.stderr
    assert cli("talks", "export", talks, as_=NORTH).stdout == before


def test_an_empty_name_is_refused(cli: Cli) -> None:
    result = cli("user", "add", "x@example.org", "--name", "  ", env=PASSWORD)
    assert (result.code, result.stderr) == (2, "error: a name must not be empty\n")
    assert cli("talks", "create", "  ").code == 2
    assert cli("talks", "list", "--json").json() == []


def test_a_role_without_the_right_is_refused(cli: Cli, talks: str) -> None:
    result = cli("talks", "party", talks, "Eastland", as_=NORTH)
    assert result.code == 2
    assert "only the secretariat or the mediator" in result.stderr


def test_memoranda_are_saved_from_json_and_compared(cli: Cli, talks: str, tmp_path) -> None:
    north = cli("memo", "create", talks, "Vision", as_=NORTH).stdout.strip()
    south = cli("memo", "create", talks, "Vision", as_=SOUTH).stdout.strip()
    for memo, who, scope in (
        (north, NORTH, "Contact line only"),
        (south, SOUTH, "Entire territory"),
    ):
        paper = tmp_path / f"{who}.json"
        paper.write_text(
            json.dumps(
                {
                    "sections": [{"key": "intro", "heading": "Introduction", "body": "Our view"}],
                    "positions": [
                        {
                            "issue": "Geographic scope",
                            "asked_options": [scope],
                            "acceptable_options": ["Contested districts"],
                        }
                    ],
                }
            )
        )
        saved = cli("memo", "save", talks, memo, str(paper), as_=who)
        assert saved.code == 0, saved.stderr
    assert cli("memo", "compare", talks, north, south, as_=ENVOY).code == 2  # not shared
    for memo, who in ((north, NORTH), (south, SOUTH)):
        assert cli("memo", "share", talks, memo, "1", as_=who).code == 0
    compared = cli("memo", "compare", talks, north, south, "--json", as_=ENVOY).json()
    scope = next(c for c in compared if c["issue"] == "Geographic scope")
    assert scope == {
        "issue": "Geographic scope",
        "standing": "compatible",
        "common_ground": "Contested districts",
        "red_lines": [False, False],
    }


def test_a_malformed_memorandum_file_is_refused(cli: Cli, talks: str, tmp_path) -> None:
    memo = cli("memo", "create", talks, "Vision", as_=NORTH).stdout.strip()
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    result = cli("memo", "save", talks, memo, str(bad), as_=NORTH)
    assert result.code == 2
    assert "is not JSON" in result.stderr
    missing = cli("memo", "save", talks, memo, str(tmp_path / "nope.json"), as_=NORTH)
    assert missing.code == 2
    assert "cannot read" in missing.stderr


def test_export_import_export_gives_the_same_document(cli: Cli, talks: str, tmp_path) -> None:
    cli(
        "round",
        "propose",
        talks,
        "--at",
        "2099-02-01T10:00",
        "--tz",
        "UTC",
        "--venue",
        "Here",
        as_=NORTH,
    )
    exported = cli("talks", "export", talks, as_=NORTH).stdout
    (tmp_path / "talks.json").write_text(exported)
    other = cli_on(f"sqlite+pysqlite:///{tmp_path / 'other.db'}")
    assert other("db", "upgrade").code == 0
    imported = other("talks", "import", str(tmp_path / "talks.json"))
    assert imported.code == 0, imported.stderr
    assert other("talks", "export", talks, as_=NORTH).json() == json.loads(exported)
    assert other("record", "verify", talks).code == 0


def test_import_refuses_what_is_not_an_export(cli: Cli, tmp_path) -> None:
    junk = tmp_path / "junk.json"
    junk.write_text('{"hello": 1}')
    result = cli("talks", "import", str(junk))
    assert result.code == 2
    assert "not a Pourparler export" in result.stderr


def test_a_seat_in_a_party_waits_for_its_head_to_confirm_it(cli: Cli, talks: str) -> None:
    adviser = "adviser@example.org"
    assert cli("user", "add", adviser, "--name", "Cleo Adviser", env=PASSWORD).code == 0
    seated = cli("talks", "seat", talks, adviser, "adviser", "--party", "Northland", as_=ENVOY)
    assert seated.code == 0, seated.stderr
    assert "talks confirm" in seated.stdout
    shown = cli("talks", "show", talks, as_=NORTH)
    assert "adviser (awaiting confirmation)" in shown.stdout
    refused = cli("profile", "show", talks, as_=adviser)
    assert refused.code == 2
    assert "Traceback" not in refused.stderr
    assert len(refused.stderr.strip().splitlines()) == 1
    wrong = cli("talks", "confirm", talks, adviser, as_=SOUTH)
    assert wrong.code == 2
    assert len(wrong.stderr.strip().splitlines()) == 1
    confirmed = cli("talks", "confirm", talks, adviser, as_=NORTH)
    assert confirmed.code == 0, confirmed.stderr
    assert "awaiting confirmation" not in cli("talks", "show", talks, as_=NORTH).stdout
    record = cli("talks", "show", talks, "--json").json()["record"]
    last = record[-1]
    assert (last["act"], last["actor"], last["data"]["person"]) == (
        "seat confirmed",
        "Anna North",
        "Cleo Adviser",
    )
