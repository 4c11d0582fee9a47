"""`pourparler profile` and `pourparler analysis`: a party's preference profile, its own
analysis, and the mediator's analysis of the profiles whose parties consented."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from pourparler.cli.common import AsMember, Json, TalksId, console, emit_json, read_json, services
from pourparler.domain.error import InvalidInput
from pourparler.services import analysis as analyses
from pourparler.services import profile as profiles
from pourparler.services import secret
from pourparler.services.principal import OPERATOR

profile = typer.Typer(help="Your party's private preference profile.", no_args_is_help=True)
analysis = typer.Typer(help="Analysis from preference profiles.", no_args_is_help=True)

FRONTIER_ROWS = 12
"""How many frontier packages the table shows (--json gives them all)."""


@profile.command("set")
def set_(
    ctx: typer.Context,
    talks_id: TalksId,
    file: Annotated[
        Path, typer.Argument(metavar="FILE", help="JSON: {reservation, issues: [...]}")
    ],
    who: AsMember = OPERATOR,
) -> None:
    """Keep your party's profile (head or delegate); issues named by id or title. Saving it
    reopens any secret bidding: every party's bid is withdrawn."""
    profiles.save_profile(services(ctx), who, talks_id, read_json(file))
    console.print("profile saved (private to your party)")


@profile.command("show")
def show(
    ctx: typer.Context, talks_id: TalksId, json_: Json = False, who: AsMember = OPERATOR
) -> None:
    """Show your party's profile (its members only)."""
    doc = profiles.read_profile(services(ctx), who, talks_id)
    if json_:
        emit_json(doc)
        return
    consent = "consents" if doc["consents_to_mediator"] else "does not consent"
    console.print(f"reservation {doc['reservation']:g} · {consent} to mediator analysis")
    table = Table(
        "issue", "weight", "preference", "red line", title="Profile", title_justify="left"
    )
    for issue in doc["issues"]:
        if issue["curve"]:
            shape = issue["curve"] + (f" at {issue['peak']:g}" if issue["peak"] is not None else "")
            if issue["points"]:
                shape += " " + ", ".join(f"{x:g}→{y:g}" for x, y in issue["points"])
            red = (
                "outside {:g}–{:g}".format(*issue["acceptable_range"])
                if issue["acceptable_range"]
                else ""
            )
        else:
            shape = ", ".join(f"{o} {r:g}" for o, r in issue["ratings"].items())
            red = ", ".join(issue["red_options"])
        table.add_row(issue["issue"], f"{issue['weight']:g}", shape, red)
    console.print(table)


@profile.command("consent")
def consent(
    ctx: typer.Context,
    talks_id: TalksId,
    yes: Annotated[bool, typer.Option("--yes/--no", help="Consent, or withdraw consent.")],
    who: AsMember = OPERATOR,
) -> None:
    """Let the mediator analyse your party's profile, or stop it (head of delegation). A change
    reopens any secret bidding: every party's bid is withdrawn."""
    profiles.set_consent(services(ctx), who, talks_id, consent=yes)
    console.print("consent given" if yes else "consent withdrawn")


def _package(package: dict[str, Any]) -> str:
    return "; ".join(f"{k}: {v}" for k, v in package.items())


def _u(value: float | None) -> str:
    return "—" if value is None else f"{value:.3f}"


@profile.command("bid")
def bid(
    ctx: typer.Context,
    talks_id: TalksId,
    minimum: Annotated[
        float | None, typer.Argument(metavar="MINIMUM", help="Least utility you would accept, 0-1.")
    ] = None,
    withdraw: Annotated[bool, typer.Option(help="Withdraw your party's bid.")] = False,
    who: AsMember = OPERATOR,
) -> None:
    """Place your party's secret bid: the least utility it would accept (its head)."""
    if (minimum is None) != withdraw:
        raise InvalidInput("give either a minimum between 0 and 1, or --withdraw")
    reopened = secret.set_secret_minimum(services(ctx), who, talks_id, minimum=minimum)
    console.print("bid withdrawn" if withdraw else "secret bid placed")
    if reopened:
        console.print(
            "the bids had been compared: the bidding is reopened, the other bids withdrawn"
        )


@analysis.command("secret")
def secret_(
    ctx: typer.Context, talks_id: TalksId, json_: Json = False, who: AsMember = OPERATOR
) -> None:
    """Do the parties' secret bids overlap? If so, the fairest package that meets them all."""
    outcome = secret.secret_outcome(services(ctx), who, talks_id)
    if json_:
        emit_json(outcome)
    elif not outcome["ready"]:
        console.print("no outcome yet: it comes once every party has a bid standing")
        if "your_bid_stands" in outcome:
            stands = outcome["your_bid_stands"]
            console.print("your party's bid stands" if stands else "your party has no bid standing")
    elif not outcome["overlap"]:
        console.print("the secret bids do not overlap: no package meets them all")
    else:
        console.print("the secret bids overlap; the fairest package that meets them all:")
        for issue, value in outcome["package"].items():
            console.print(f"  {issue}: {value}")
        if "your_utility" in outcome:
            console.print(f"your utility there: {outcome['your_utility']:.3f}")


@analysis.command("mine")
def mine(
    ctx: typer.Context, talks_id: TalksId, json_: Json = False, who: AsMember = OPERATOR
) -> None:
    """Your party's analysis of its own profile: best packages, where proposals stand."""
    doc = analyses.own_analysis(services(ctx), who, talks_id)
    if json_:
        emit_json(doc)
        return
    console.print(f"{doc['party']} · reservation {doc['reservation']:g}")
    if doc["left_out"]:
        console.print(f"not scored (clause issues): {', '.join(doc['left_out'])}")
    if doc["free_issues"]:
        free = ", ".join(doc["free_issues"])
        console.print(f"free (your profile weighs them not, any option will do): {free}")
    best = Table("utility", "package", title="Your best packages", title_justify="left")
    for row in doc["best"]:
        best.add_row(_u(row["utility"]), _package(row["package"]))
    console.print(best)
    placed = Table(
        "proposal", "utility", "acceptable", "red lines crossed", "open issues",
        title="Where the proposals stand for you", title_justify="left",
    )  # fmt: skip
    for p in doc["proposals"]:
        low, high = p["utility_range"]
        clears = {True: "yes", False: "no", None: "depends"}[p["acceptable"]]
        placed.add_row(
            f"{p['source']}: {p['title']} v{p['version']}"
            + (f" ({p['party']})" if p["party"] else ""),
            _u(low) if low == high else f"{_u(low)}–{_u(high)}",
            clears,
            ", ".join(p["crosses_red_lines"]),
            str(len(p["open_issues"])),
        )
    console.print(placed)


def _utilities(u: dict[str, float] | None) -> str:
    return "" if u is None else ", ".join(f"{k} {v:.2f}" for k, v in u.items())


@analysis.command("mediator")
def mediator(
    ctx: typer.Context, talks_id: TalksId, json_: Json = False, who: AsMember = OPERATOR
) -> None:
    """The mediator's analysis, from the profiles of consenting parties only."""
    doc = analyses.mediator_analysis(services(ctx), who, talks_id)
    if json_:
        emit_json(doc)
        return
    _mediator_tables(doc)


def _mediator_tables(doc: dict[str, Any]) -> None:
    console.print(f"profiles of: {', '.join(doc['parties'])} (consented)")
    if doc["parties_without_consent"]:
        console.print(f"left out, no consent: {', '.join(doc['parties_without_consent'])}")
    if doc["left_out"]:
        console.print(f"not scored (clause issues): {', '.join(doc['left_out'])}")
    if doc["free_issues"]:
        console.print(
            f"free (no consenting profile weighs them, any option will do): "
            f"{', '.join(doc['free_issues'])}"
        )
    if "note" in doc:
        console.print(doc["note"])
        return
    _named(doc)
    _frontier(doc)
    _improvement(doc)
    _suggestions(doc)


def _named(doc: dict[str, Any]) -> None:
    zone = (
        "some package clears every consenting party's reservation value"
        if doc["zopa"]["exists"]
        else "no package clears every consenting party's reservation value"
    )
    size = doc["frontier"]["size"]
    console.print(f"{doc['outcomes']} packages · frontier {size} · ZOPA: {zone}")
    console.print("named packages are taken against no agreement worth 0 to each party")
    named = Table("", "utilities", "package", title="Named packages", title_justify="left")
    for name in ("nash", "kalai_smorodinsky", "egalitarian", "utilitarian"):
        point = doc[name]
        named.add_row(
            name.replace("_", "–"),
            _utilities(point["utilities"]) if point else "none",
            _package(point["package"]) if point else "",
        )
    console.print(named)


def _frontier(doc: dict[str, Any]) -> None:
    size = doc["frontier"]["size"]
    shown = min(size, FRONTIER_ROWS)
    title = (
        "Pareto frontier"
        if shown == size
        else (f"Pareto frontier: {shown} of {size} packages (--json lists them all)")
    )
    frontier = Table("utilities", "package", title=title, title_justify="left")
    for point in doc["frontier"]["points"][:FRONTIER_ROWS]:
        frontier.add_row(_utilities(point["utilities"]), _package(point["package"]))
    console.print(frontier)


def _improvement(doc: dict[str, Any]) -> None:
    improvement = doc["improvement"]
    if improvement:
        console.print(f"tentative package: {improvement['tentative']['source']}")
        if improvement["crosses_red_line"]:
            console.print("it crosses a red line: no improvement computed")
        elif improvement["efficient"]:
            console.print("it is efficient: no package is better for everyone")
        else:
            console.print(f"improvement ({_utilities(improvement['gains'])} gained): "
                          f"{_package(improvement['package'])}")  # fmt: skip


def _suggestions(doc: dict[str, Any]) -> None:
    found = doc["suggestions"]
    if not found:
        why = (
            "no proposal is visible to you yet (a revealed or shared memorandum, or agreed text)"
            if not doc["proposals"]
            else "no frontier package lies, for every party, between the utilities the "
            "proposals give it"
        )
        console.print(f"No suggestions: {why}.")
        return
    shown = min(len(found), FRONTIER_ROWS)
    title = (
        "Suggestions"
        if shown == len(found)
        else (f"Suggestions: {shown} of {len(found)} (--json lists them all)")
    )
    suggested = Table("utilities", "package", title=title, title_justify="left")
    for point in found[:FRONTIER_ROWS]:
        suggested.add_row(_utilities(point["utilities"]), _package(point["package"]))
    console.print(suggested)


def register(app: typer.Typer) -> None:
    app.add_typer(profile, name="profile")
    app.add_typer(analysis, name="analysis")
