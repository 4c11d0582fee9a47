"""The demo, loaded once (as `make run` does before it serves), its logins printed every time,
and the walkthrough of it in the terminal."""

from __future__ import annotations

from support.cli import Cli


def test_the_walkthrough_needs_the_demo(cli: Cli) -> None:
    result = cli("walkthrough")
    assert result.code == 2
    assert "run 'pourparler demo' first" in result.stderr


def test_the_walkthrough_tours_the_demo_as_the_mediator(cli: Cli) -> None:
    loaded = cli("demo", "--if-empty")
    assert loaded.code == 0
    assert "Who is who" in loaded.stdout
    again = cli("demo", "--if-empty")
    assert again.stdout.startswith("the database holds talks already: demo not loaded\n")
    for login in ("head@northland.example", "northland-head-demo", "head@transitunion.example"):
        assert login in again.stdout  # `make run` prints the logins of both demo talks again
    tour = cli("walkthrough", as_="envoy@harbour.example")
    assert tour.code == 0, tour.stderr
    text = tour.stdout
    for expected in (
        "Northland–Southland ceasefire talks",
        "Ended without a ceasefire",  # round 1
        "superseded",  # Northland's proposal, countered by Southland
        "exchange Vision of the modalities of settlement and ceasefire (all_or_nothing): revealed",
        "Which line is meant",  # a clarification
        "10 bracketed, 5 agreed ad referendum",  # the single text
        "Northland and Southland, issue by issue",  # the comparison
        "compatible",
        "conflict",
        "The Nash package would give Northland",
    ):
        assert expected in text, expected
    assert "Secret reasoning" not in text


def test_the_walkthrough_shows_only_what_its_member_may_read(cli: Cli) -> None:
    """Issue 11, §5: run by anyone, the tour used to show the mediator's view."""
    assert cli("demo").code == 0
    mediator = cli("walkthrough", as_="envoy@harbour.example").stdout
    secretariat = cli("walkthrough")
    assert secretariat.code == 0, secretariat.stderr
    text = secretariat.stdout
    assert "Seen as the secretariat" in text
    assert "Harbour Transit collective agreement, is concluded with agreement" in text
    for hidden in ("Positions", "issue by issue", "Mediator analysis", "Nash package"):
        assert hidden in mediator, hidden
        assert hidden not in text, hidden
    observer = cli("walkthrough", as_="observer@eastmark.example").stdout
    assert "Mediator analysis" not in observer
    party = cli("walkthrough", as_="adviser@northland.example")
    assert party.code == 0, party.stderr
    assert "Mediator analysis" not in party.stdout
