"""What a practitioner reaches for on the command line: reading memoranda, who still has to
answer a round, and clarifications named by what they are about."""

from __future__ import annotations

import pytest

from support.cli import Cli, cli_on

ENVOY = "envoy@harbour.example"
NORTH_DELEGATE = "delegate@northland.example"
SOUTH_HEAD = "head@southland.example"
OBSERVER = "observer@eastmark.example"


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Cli, str, dict[str, str]]:
    run = cli_on(f"sqlite+pysqlite:///{tmp_path_factory.mktemp('demo') / 'demo.db'}")
    assert run("db", "upgrade").code == 0
    assert run("demo").code == 0
    talks = next(t for t in run("talks", "list", "--json").json() if "ceasefire" in t["title"])
    memos = {m["party"]: m["id"] for m in run("memo", "list", talks["id"], "--json").json()}
    return run, talks["id"], memos


def test_memo_list_shows_own_drafts_and_revealed_memoranda(demo) -> None:
    run, talks, _memos = demo
    rows = run("memo", "list", talks, "--json", as_=NORTH_DELEGATE).json()
    assert [(r["party"], r["own"], r["versions"]) for r in rows] == [
        ("Northland", True, [1, 2]),
        ("Southland", False, [2]),
    ]
    table = run("memo", "list", talks, as_=NORTH_DELEGATE).stdout
    assert "Northland (own)" in table
    assert "revealed" in table


def test_memo_show_reads_positions_by_issue_title(demo) -> None:
    run, talks, memos = demo
    shown = run("memo", "show", talks, memos["Northland"], "--json", as_=OBSERVER).json()
    assert shown["version"] == 2
    assert "Geographic scope" in [p["issue"] for p in shown["positions"]]
    text = run("memo", "show", talks, memos["Northland"], as_=OBSERVER).stdout
    assert "Geographic scope" in text
    assert "Positions" in text


def test_memo_diff_names_what_changed_between_versions(demo) -> None:
    run, talks, memos = demo
    diff = run("memo", "diff", talks, memos["Northland"], "1", "2", "--json", as_=NORTH_DELEGATE)
    assert diff.code == 0, diff.stderr
    changes = {c["change"] for c in diff.json()["changes"]}
    assert "added" in changes
    assert "unchanged" in changes
    assert "agreement" not in diff.stdout
    # Version 1 was never revealed: others cannot diff it, and are told so in one line.
    refused = run("memo", "diff", talks, memos["Northland"], "1", "2", as_=SOUTH_HEAD)
    assert refused.code == 2
    assert refused.stderr.startswith("error: no version 1 of memorandum")


def test_memo_compare_all_puts_every_party_side_by_side(demo) -> None:
    run, talks, memos = demo
    every = run("memo", "compare", talks, "--all", "--json", as_=ENVOY).json()
    pair = run(
        "memo", "compare", talks, memos["Northland"], memos["Southland"], "--json", as_=ENVOY
    ).json()
    assert every == pair
    both = run("memo", "compare", talks, memos["Northland"], "--all", as_=ENVOY)
    assert (both.code, both.stderr.count("\n")) == (2, 1)


def test_clarifications_name_the_issue_or_section_they_anchor_to(demo) -> None:
    run, talks, _ = demo
    listed = run("clarify", "list", talks, "--json", as_=OBSERVER).json()
    assert {c["anchor_name"] for c in listed} == {
        "position on 'Geographic scope'",
        "section 'Vision of the modalities of settlement and ceasefire'",
    }
    table = run("clarify", "list", talks, as_=OBSERVER).stdout
    assert "Geographic scope" in table
    rounds = run("talks", "show", talks, "--json", as_=OBSERVER).json()["rounds"]
    minutes = run("minutes", rounds[-1]["id"], as_=OBSERVER).stdout
    assert "(position on 'Geographic scope')" in minutes


def test_answering_a_round_says_who_still_has_to_answer(cli: Cli) -> None:
    heads = {"Northland": "n@x.example", "Southland": "s@x.example", "Eastland": "e@x.example"}
    talks = cli("talks", "create", "Three-way talks").stdout.strip()
    for party, head in heads.items():
        name = f"Head of {party}"
        assert (
            cli("user", "add", head, "--name", name, env={"POURPARLER_PASSWORD": "x" * 12}).code
            == 0
        )
        cli("talks", "party", talks, party)
        cli("talks", "seat", talks, head, "head", "--party", party)
    proposed = cli(
        "round",
        "propose",
        talks,
        "--at",
        "2030-03-16T10:00",
        "--tz",
        "UTC",
        "--venue",
        "Geneva",
        as_=heads["Northland"],
    )
    assert "waiting for the answers of Southland and Eastland" in proposed.stdout
    round_id = proposed.stdout.split("(")[1].split(")")[0]
    south = cli("round", "accept", talks, round_id, as_=heads["Southland"])
    assert "waiting for the answer of Eastland" in south.stdout
    east = cli("round", "accept", talks, round_id, as_=heads["Eastland"])
    assert "is scheduled" in east.stdout
    assert "waiting" not in east.stdout


def test_a_round_is_not_opened_long_before_its_date(cli: Cli) -> None:
    heads = {"Northland": "n@x.example", "Southland": "s@x.example"}
    talks = cli("talks", "create", "Two-way talks").stdout.strip()
    for party, head in heads.items():
        cli("user", "add", head, "--name", party, env={"POURPARLER_PASSWORD": "x" * 12})
        cli("talks", "party", talks, party)
        cli("talks", "seat", talks, head, "head", "--party", party)
    proposed = cli(
        "round",
        "propose",
        talks,
        "--at",
        "2030-03-16T10:00",
        "--tz",
        "UTC",
        "--venue",
        "Geneva",
        as_=heads["Northland"],
    )
    round_id = proposed.stdout.split("(")[1].split(")")[0]
    cli("round", "accept", talks, round_id, as_=heads["Southland"])
    refused = cli("round", "open", talks, round_id, as_=heads["Northland"])
    assert refused.code == 2
    assert "opens from 24 hours before" in refused.stderr
