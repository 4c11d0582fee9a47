"""`pourparler user allow EMAIL --open-talks`: the operator lets an account open talks, and the
demo's secretariat may; whoever opens talks so sits in them as their secretariat."""

from __future__ import annotations

from support.cli import Cli

DESK = "desk@harbour.example"
PASSWORD = "a long enough password"


def _add(cli: Cli, email: str, *flags: str) -> None:
    made = cli("user", "add", email, "--name", "Dana Desk", "--password-stdin", *flags,
               input=PASSWORD + "\n")  # fmt: skip
    assert made.code == 0, made.stderr


def test_the_operator_lets_an_account_open_talks_and_takes_it_back(cli: Cli) -> None:
    _add(cli, DESK)
    refused = cli("talks", "create", "Harbour talks", as_=DESK)
    assert refused.code == 2
    assert "lets open talks" in refused.stderr
    allowed = cli("user", "allow", DESK, "--open-talks")
    assert allowed.code == 0, allowed.stderr
    assert f"{DESK} may open talks" in allowed.stdout
    made = cli("talks", "create", "Harbour talks", as_=DESK)
    assert made.code == 0, made.stderr
    shown = cli("talks", "list", "--json", as_=DESK).json()
    assert [t["title"] for t in shown] == ["Harbour talks"]
    taken_back = cli("user", "allow", DESK, "--no-open-talks")
    assert "may no longer open talks" in taken_back.stdout
    assert cli("talks", "create", "Other talks", as_=DESK).code == 2


def test_only_the_operator_allows_and_a_choice_is_required(cli: Cli) -> None:
    _add(cli, DESK, "--opens-talks")
    _add(cli, "other@harbour.example")
    refused = cli("user", "allow", "other@harbour.example", "--open-talks", as_=DESK)
    assert refused.code == 2
    assert "only the installation's operator" in refused.stderr
    assert cli("user", "allow", DESK).code == 2  # neither --open-talks nor --no-open-talks
    unknown = cli("user", "allow", "nobody@harbour.example", "--open-talks")
    assert unknown.code != 0
    assert "no account" in unknown.stderr


def test_the_demo_s_secretariat_opens_talks(cli: Cli) -> None:
    assert cli("demo").code == 0
    made = cli("talks", "create", "Fisheries talks", as_="secretariat@harbour.example")
    assert made.code == 0, made.stderr
    assert cli("talks", "create", "Not mine", as_="observer@eastmark.example").code == 2
