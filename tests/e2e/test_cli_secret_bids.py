"""Secret bids through the command line, on the demo talks."""

from __future__ import annotations

import json

from support.cli import Cli

NORTH, SOUTH, ENVOY = "head@northland.example", "head@southland.example", "envoy@harbour.example"


def test_bids_are_placed_and_only_the_verdict_comes_out(cli: Cli) -> None:
    assert cli("demo").code == 0
    talks = next(
        t["id"] for t in cli("talks", "list", "--json").json() if "ceasefire" in t["title"]
    )
    waiting = cli("analysis", "secret", talks, "--json", as_=ENVOY).json()
    assert waiting == {"ready": False}
    told = cli("analysis", "secret", talks, as_=SOUTH)
    assert told.stdout.splitlines() == [
        "no outcome yet: it comes once every party has a bid standing",
        "your party has no bid standing",
    ]
    assert cli("profile", "bid", talks, "0.4321", as_=NORTH).code == 0
    assert cli("profile", "bid", talks, "0.5", as_=SOUTH).code == 0
    outcome = cli("analysis", "secret", talks, "--json", as_=NORTH).json()
    assert outcome["ready"] is True
    assert outcome["overlap"] is True
    assert outcome["your_utility"] >= 0.5 - 1e-9
    assert "0.4321" not in cli("talks", "export", talks, as_=SOUTH).stdout
    assert "0.4321" in cli("talks", "export", talks, as_=NORTH).stdout
    refused = cli("analysis", "secret", talks, as_="observer@eastmark.example")
    assert refused.code == 2
    assert "only the parties and the mediator" in refused.stderr
    both = cli("profile", "bid", talks, "0.5", "--withdraw", as_=NORTH)
    assert both.code == 2
    assert "either a minimum" in both.stderr


def test_a_delegate_probing_the_other_bid_through_the_profile_learns_nothing(
    cli: Cli, tmp_path
) -> None:
    """Issue 11, §1, through the command line: seven probes of Southland's threshold."""
    assert cli("demo").code == 0
    talks = next(
        t["id"] for t in cli("talks", "list", "--json").json() if "ceasefire" in t["title"]
    )
    assert cli("profile", "bid", talks, "0.3", as_=NORTH).code == 0
    assert cli("profile", "bid", talks, "0.3", as_=SOUTH).code == 0
    assert cli("analysis", "secret", talks, "--json", as_=NORTH).json()["ready"] is True
    answers = []
    for t in (50, 75, 62, 56, 53, 51, 52):
        probe = tmp_path / f"probe-{t}.json"
        issue = {"issue": "Initial duration", "weight": 1, "curve": "rising"}
        probe.write_text(
            json.dumps({"issues": [{**issue, "acceptable_range": [7, t]}]}), encoding="utf-8"
        )
        saved = cli("profile", "set", talks, str(probe), as_="delegate@northland.example")
        assert saved.code == 0, saved.stderr
        answers.append(
            cli("analysis", "secret", talks, "--json", as_="delegate@northland.example").json()
        )
    assert answers == [{"ready": False, "your_bid_stands": False}] * 7
    seen_by = {
        who: [
            e.get("act") for e in cli("talks", "export", talks, as_=who).json()["talks"]["record"]
        ]
        for who in (SOUTH, ENVOY, "observer@eastmark.example")
    }
    assert "secret bidding reopened" in seen_by[SOUTH]
    assert "secret bidding reopened" in seen_by[ENVOY]
    assert "secret bidding reopened" not in seen_by["observer@eastmark.example"]
