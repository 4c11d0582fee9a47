"""Secret bids through the command line, on the demo talks."""

from __future__ import annotations

from support.cli import Cli

NORTH, SOUTH, ENVOY = "head@northland.example", "head@southland.example", "envoy@harbour.example"


def test_bids_are_placed_and_only_the_verdict_comes_out(cli: Cli) -> None:
    assert cli("demo").code == 0
    talks = next(
        t["id"] for t in cli("talks", "list", "--json").json() if "ceasefire" in t["title"]
    )
    waiting = cli("analysis", "secret", talks, "--json", as_=ENVOY).json()
    assert waiting == {"ready": False, "waiting_for": 2}
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
