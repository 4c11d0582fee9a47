"""`pourparler invite`: a seat and a single-use link with which the invitee sets a password."""

from __future__ import annotations

from pathlib import Path

from pourparler import bootstrap
from pourparler.services import account, invitation
from support.cli import Cli

NEWCOMER = "nia@north.example"


def talks(cli: Cli) -> str:
    talks_id = cli("talks", "create", "Harbour talks").stdout.strip()
    assert cli("talks", "party", talks_id, "Northland").code == 0
    return talks_id


def test_invite_prints_a_link_that_sets_the_invitees_password(cli: Cli, tmp_path: Path) -> None:
    talks_id = talks(cli)
    env = {"POURPARLER_BASE_URL": "https://talks.example.org/"}
    invited = cli(
        "invite", NEWCOMER, "--talks", talks_id, "--role", "head", "--party", "Northland",
        "--name", "Nia North", env=env,
    )  # fmt: skip
    assert invited.code == 0, invited.stderr
    link = invited.stdout.strip().splitlines()[-1]
    assert link.startswith("https://talks.example.org/invitations/")
    members = cli("talks", "show", talks_id, "--json").json()["members"]
    assert [(m["email"], m["role"]) for m in members] == [(NEWCOMER, "head")]
    svc = bootstrap.build(f"sqlite+pysqlite:///{tmp_path / 'cli.db'}")
    try:
        secret = link.rsplit("/", 1)[1]
        invitation.accept_invitation(svc, secret=secret, password="nia's own password")
        assert account.check_password(svc, email=NEWCOMER, password="nia's own password")
    finally:
        svc.close()


def test_invite_without_a_base_url_links_to_the_local_server(cli: Cli) -> None:
    invited = cli(
        "invite", NEWCOMER, "--talks", talks(cli), "--role", "observer", "--name", "Nia",
        env={"POURPARLER_BASE_URL": ""},
    )  # fmt: skip
    assert invited.code == 0, invited.stderr
    assert invited.stdout.strip().splitlines()[-1].startswith("http://127.0.0.1:8000/invitations/")


def test_invite_of_a_newcomer_needs_a_name_and_leaves_nothing_behind(cli: Cli) -> None:
    talks_id = talks(cli)
    refused = cli("invite", NEWCOMER, "--talks", talks_id, "--role", "observer")
    assert refused.code == 2
    assert "name the person" in refused.stderr
    assert cli("talks", "show", talks_id, "--json").json()["members"] == []


def test_invite_is_for_the_secretariat(cli: Cli) -> None:
    talks_id = talks(cli)
    add = cli(
        "user", "add", "x@north.example", "--name", "X", env={"POURPARLER_PASSWORD": "x" * 12}
    )
    assert add.code == 0
    cli("talks", "seat", talks_id, "x@north.example", "head", "--party", "Northland")
    refused = cli(
        "invite", NEWCOMER, "--talks", talks_id, "--role", "observer", "--name", "Nia",
        "--as", "x@north.example",
    )  # fmt: skip
    assert refused.code == 2
    assert "secretariat" in refused.stderr
