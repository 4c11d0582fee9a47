"""What users hand in is taken as said, or refused in one line that names the problem."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pourparler.cli.common import moment
from pourparler.domain.error import InvalidInput
from pourparler.services.account import MAX_PASSWORD
from support.cli import Cli

PASSWORD = {"POURPARLER_PASSWORD": "long enough password"}
NORTH, SOUTH, ENVOY = "north@example.org", "south@example.org", "envoy@example.org"


@pytest.fixture
def talks(cli: Cli) -> str:
    for email, name in ((NORTH, "Anna North"), (SOUTH, "Dara South"), (ENVOY, "Farah Envoy")):
        assert cli("user", "add", email, "--name", name, env=PASSWORD).code == 0
    talks_id = cli("talks", "create", "Ceasefire talks", "--template", "ceasefire").stdout.strip()
    cli("talks", "party", talks_id, "Northland")
    cli("talks", "party", talks_id, "Southland")
    cli("talks", "seat", talks_id, NORTH, "head", "--party", "Northland")
    cli("talks", "seat", talks_id, SOUTH, "head", "--party", "Southland")
    cli("talks", "seat", talks_id, ENVOY, "mediator")
    return talks_id


def state(cli: Cli, talks_id: str) -> str:
    """Everything the mediator and both heads can read of the talks, record included."""
    return "".join(
        cli("talks", "show", talks_id, "--json", as_=who).stdout for who in (NORTH, SOUTH, ENVOY)
    )


def refused(cli: Cli, talks_id: str, *arguments: str, as_: str | None = None) -> str:
    """Run a command that must be refused; return its one line, having checked nothing changed."""
    before = state(cli, talks_id)
    outcome = cli(*arguments, as_=as_)
    assert outcome.code == 2, outcome.stdout
    assert len(outcome.stderr.strip().splitlines()) == 1, outcome.stderr
    assert state(cli, talks_id) == before
    return outcome.stderr.strip()


def propose(talks_id: str, at: str, tz: str) -> tuple[str, ...]:
    return ("round", "propose", talks_id, "--at", at, "--tz", tz, "--venue", "Vienna")


def test_a_date_whose_offset_disagrees_with_its_zone_is_refused(cli: Cli, talks: str) -> None:
    line = refused(
        cli, talks, *propose(talks, "2099-03-16T10:00+02:00", "Europe/Vienna"), as_=NORTH
    )
    assert "disagrees with Europe/Vienna" in line


def test_a_local_time_that_does_not_exist_or_occurs_twice_is_refused(cli: Cli, talks: str) -> None:
    skipped = refused(cli, talks, *propose(talks, "2099-03-29T02:30", "Europe/Vienna"), as_=NORTH)
    assert "does not exist in Europe/Vienna" in skipped
    twice = refused(cli, talks, *propose(talks, "2099-10-25T02:30", "Europe/Vienna"), as_=NORTH)
    assert "occurs twice in Europe/Vienna" in twice


def test_a_date_without_a_time_of_day_is_refused_not_read_as_midnight(cli: Cli, talks: str) -> None:
    line = refused(cli, talks, *propose(talks, "2099-03-16", "Europe/Vienna"), as_=NORTH)
    assert line == (
        "error: '2099-03-16' is a date without a time of day: write the time too, "
        "such as 2099-03-16T10:00"
    )


def test_an_offset_that_agrees_with_the_zone_keeps_the_time_given(cli: Cli, talks: str) -> None:
    assert cli(*propose(talks, "2099-07-16T10:00+02:00", "Europe/Vienna"), as_=NORTH).code == 0
    (proposed,) = cli("talks", "show", talks, "--json").json()["rounds"]
    assert proposed["local_start"].startswith("2099-07-16T10:00")


def test_a_counter_proposal_names_the_zone_of_its_new_date(cli: Cli, talks: str) -> None:
    assert cli(*propose(talks, "2099-07-16T10:00", "Europe/Vienna"), as_=NORTH).code == 0
    (proposed,) = cli("talks", "show", talks, "--json").json()["rounds"]
    counter = ("round", "counter", talks, proposed["id"], "--at", "2099-07-17T10:00")
    assert "--at needs --tz" in refused(cli, talks, *counter, as_=SOUTH)


def write(tmp_path: Path, name: str, document: object) -> str:
    path = tmp_path / name
    path.write_text(json.dumps(document), encoding="utf-8")
    return str(path)


@pytest.fixture
def memo(cli: Cli, talks: str) -> str:
    return cli("memo", "create", talks, "Our vision", as_=NORTH).stdout.strip()


SCOPE = {"issue": "Geographic scope", "asked_options": ["Contact line only"]}


def test_a_memorandum_with_an_unknown_key_is_refused_naming_it(
    cli: Cli, talks: str, memo: str, tmp_path: Path
) -> None:
    file = write(tmp_path, "memo.json", {"position": [SCOPE]})
    line = refused(cli, talks, "memo", "save", talks, memo, file, as_=NORTH)
    assert "unknown key 'position'" in line
    assert "positions" in line


def test_a_memorandum_error_names_its_path(cli: Cli, talks: str, memo: str, tmp_path: Path) -> None:
    duration = {"issue": "Initial duration", "asked_range": [30, "soon"]}
    file = write(tmp_path, "memo.json", {"positions": [SCOPE, duration]})
    line = refused(cli, talks, "memo", "save", talks, memo, file, as_=NORTH)
    assert "positions[1].asked_range[1]" in line


def test_an_acceptable_range_that_leaves_out_what_is_asked_is_refused(
    cli: Cli, talks: str, memo: str, tmp_path: Path
) -> None:
    duration = {"issue": "Initial duration", "asked_range": [65, 70], "acceptable_range": [72, 80]}
    file = write(tmp_path, "memo.json", {"positions": [duration]})
    line = refused(cli, talks, "memo", "save", talks, memo, file, as_=NORTH)
    assert "'Initial duration' asks for 65–70, outside what it could accept (72–80)" in line


def test_a_red_line_that_lists_other_acceptable_options_is_refused(
    cli: Cli, talks: str, memo: str, tmp_path: Path
) -> None:
    scope = {**SCOPE, "acceptable_options": ["Contested districts"], "red_line": True}
    file = write(tmp_path, "memo.json", {"positions": [scope]})
    line = refused(cli, talks, "memo", "save", talks, memo, file, as_=NORTH)
    assert "is a red line" in line
    assert "'Contested districts'" in line


def test_saving_the_same_memorandum_again_says_nothing_changed(
    cli: Cli, talks: str, memo: str, tmp_path: Path
) -> None:
    file = write(tmp_path, "memo.json", {"positions": [SCOPE]})
    assert cli("memo", "save", talks, memo, file, as_=NORTH).stdout.strip() == "version 1 saved"
    line = refused(cli, talks, "memo", "save", talks, memo, file, as_=NORTH)
    assert "nothing changed: version 1" in line


def test_a_profile_with_a_misspelt_key_is_refused_naming_it(
    cli: Cli, talks: str, tmp_path: Path
) -> None:
    issue = {"issue": "Geographic scope", "weight": 1, "rating": {"Contact line only": 1}}
    file = write(tmp_path, "profile.json", {"issues": [issue]})
    line = refused(cli, talks, "profile", "set", talks, file, as_=NORTH)
    assert "unknown key 'rating' in issues[0]" in line
    assert "ratings" in line


def clauses(*parties: str) -> list[dict]:
    return [
        {
            "key": "c1",
            "heading": "Scope",
            "status": "bracketed",
            "issues": ["Geographic scope"],
            "alternatives": [
                {"parties": [parties[0]], "text": "The contact line."},
                {"parties": list(parties[1:]), "text": "The entire territory."},
            ],
        }
    ]


@pytest.fixture
def text_started(cli: Cli, talks: str) -> str:
    started = cli("text", "start", talks, "Draft", "--empty", as_=ENVOY)
    assert started.code == 0, started.stderr
    return started.stdout.split()[-1]


def test_text_revise_refuses_an_alternative_from_an_unknown_party(
    cli: Cli, talks: str, text_started: str, tmp_path: Path
) -> None:
    file = write(tmp_path, "clauses.json", clauses("Northland", "nope"))
    line = refused(cli, talks, "text", "revise", talks, file, as_=ENVOY)
    assert line == "error: clause 'c1': no party 'nope' in these talks"


def test_text_revise_takes_party_names_and_the_text_is_accepted_by_a_hash_prefix(
    cli: Cli, talks: str, text_started: str, tmp_path: Path
) -> None:
    file = write(tmp_path, "clauses.json", clauses("Northland", "Southland"))
    revised = cli("text", "revise", talks, file, as_=ENVOY)
    assert revised.code == 0, revised.stderr
    digest = revised.stdout.split()[-1]
    shown = cli("text", "show", talks, as_=NORTH).stdout
    assert "- Option 2 (Southland): [The entire territory.]" in shown
    assert "at least 8 hex digits" in refused(
        cli, talks, "text", "accept", talks, digest[:6], as_=NORTH
    )
    accepted = cli("text", "accept", talks, digest[:8], as_=NORTH)
    assert (accepted.code, accepted.stdout.strip()) == (0, "accepted")


def test_a_date_option_without_a_zone_keeps_its_offset_or_is_utc() -> None:
    assert moment("2099-07-16T10:00+02:00", None).isoformat() == "2099-07-16T10:00:00+02:00"
    assert moment("2099-07-16T10:00", None).isoformat() == "2099-07-16T10:00:00+00:00"
    with pytest.raises(InvalidInput, match="disagrees with UTC"):
        moment("2099-07-16T10:00+02:00", "UTC")


def test_user_add_refuses_an_over_long_password_and_makes_no_account(cli: Cli) -> None:
    too_long = "x" * (MAX_PASSWORD + 1)
    for how in ({"env": {"POURPARLER_PASSWORD": too_long}}, {"input": too_long + "\n"}):
        flags = () if "env" in how else ("--password-stdin",)
        made = cli("user", "add", NORTH, "--name", "Anna North", *flags, **how)
        assert made.code == 2
        assert f"the password is longer than {MAX_PASSWORD} characters" in made.stderr
        assert too_long not in made.stderr + made.stdout
    assert cli("user", "add", NORTH, "--name", "Anna North", env=PASSWORD).code == 0
