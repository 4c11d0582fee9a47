"""`pourparler demo` and `pourparler walkthrough`: the demo talks, and a tour of them."""

from __future__ import annotations

from typing import Annotated, Any

import typer
from rich.table import Table
from rich.text import Text

from pourparler.cli.common import AsMember, console, services
from pourparler.cli.render import comparison_table, process_overview, talks_overview
from pourparler.demo import loader as script
from pourparler.domain.error import NotFound, PourparlerError
from pourparler.services.analysis import mediator_analysis
from pourparler.services.memorandum import compare_versions
from pourparler.services.port import Services
from pourparler.services.principal import OPERATOR, Principal
from pourparler.services.reading import latest_readable_versions
from pourparler.services.view import list_talks, talks_document


def demo(
    ctx: typer.Context,
    if_empty: Annotated[
        bool, typer.Option(help="Load only into a database without talks.")
    ] = False,
) -> None:
    """Load the demo talks (idempotent) and print who is who, with the demo passwords."""
    titles = {t["title"]: t["id"] for t in list_talks(services(ctx), OPERATOR)}
    if if_empty and titles:
        console.print("the database holds talks already: demo not loaded")
        if script.DEMO_TITLE not in titles:
            return
    else:
        from pourparler import bootstrap  # the database layer, on first use

        clock = script.ScriptClock(script.demo_start(bootstrap.utc_now()))
        svc = bootstrap.build(ctx.find_root().obj.get("database_url"), clock=clock)
        ctx.call_on_close(svc.close)
        titles[script.DEMO_TITLE] = script.load_demo(svc, clock)
        titles.update({t["title"]: t["id"] for t in list_talks(svc, OPERATOR)})
    for title, cast in (
        (script.DEMO_TITLE, script.CAST),
        (script.LABOUR_TITLE, script.LABOUR_CAST),
    ):
        if title not in titles:
            continue
        table = Table(
            "name",
            "role",
            "party",
            "e-mail",
            "password",
            title=f"{title} ({titles[title]})",
            title_justify="left",
        )
        for m in cast:
            table.add_row(m.name, m.role, m.party or "", m.email, m.password)
        console.print(table)
    console.print(
        Text("Demo passwords are for trying Pourparler out: never use them for real talks.", "dim")
    )


def _position_label(position: dict[str, Any] | None, issue: dict[str, Any]) -> str:
    if position is None:
        return ""
    if position["text"]:
        return str(position["text"])
    flag = " (red line)" if position["red_line"] else ""
    if position["asked_range"]:
        low, high = position["asked_range"]
        return f"{low:g}–{high:g} {issue['range']['unit']}{flag}"
    return ", ".join(position["asked_options"]) + flag


def walkthrough(ctx: typer.Context, who: AsMember = OPERATOR) -> None:
    """A tour of the demo talks as one member sees them (without --as: the secretariat, who
    reads no private work): rounds, positions, comparison, and the mediator's analysis."""
    svc = services(ctx)
    talks_id = script.find_demo(svc)
    if talks_id is None:
        raise NotFound("no demo talks here: run 'pourparler demo' first")
    doc = talks_document(svc, who, talks_id, with_record=False)
    seen_as = who.email if who.email else "the secretariat, which reads no party's private work"
    console.print(
        Text(f"Seen as {seen_as}: what this member may not read stays out of sight.", "dim")
    )
    talks_overview(doc)
    process_overview(doc)
    _positions(svc, who, talks_id, doc)
    _analysis_summary(svc, who, talks_id)
    labour = next((t for t in list_talks(svc, who) if t["title"] == script.LABOUR_TITLE), None)
    if labour:
        console.print(
            f"\nThe second demo, {labour['title']}, is {labour['status']}: "
            f"see 'pourparler talks show {labour['id']}'."
        )


def _positions(svc: Services, who: Principal, talks_id: str, doc: dict[str, Any]) -> None:
    """Two memoranda the member may read, side by side and compared issue by issue."""
    chosen = latest_readable_versions(svc, who, talks_id)[:2]
    if len(chosen) < 2:
        return
    parties = {p["id"]: p["name"] for p in doc["parties"]}
    by_id = {m["id"]: m for m in doc["memoranda"]}
    memoranda = [by_id[memo_id] for memo_id, _ in chosen]
    latest = [
        next(v for v in by_id[memo_id]["versions"] if v["number"] == number)
        for memo_id, number in chosen
    ]
    names = [parties[m["party"]] for m in memoranda[:2]]
    positions = Table(
        "issue", f"{names[0]} asks", f"{names[1]} asks", title="Positions", title_justify="left"
    )
    for issue in doc["framework"]:
        found = [
            next((p for p in v["positions"] if p["issue_id"] == issue["id"]), None) for v in latest
        ]
        positions.add_row(issue["title"], *(_position_label(p, issue) for p in found))
    console.print(positions)
    result = compare_versions(
        svc,
        who,
        talks_id,
        (memoranda[0]["id"], latest[0]["number"]),
        (memoranda[1]["id"], latest[1]["number"]),
    )
    console.print(comparison_table(result, *names))


def _analysis_summary(svc: Services, who: Principal, talks_id: str) -> None:
    """What the mediator's analysis adds, from the profiles the parties consented to share;
    for the mediator only."""
    try:
        found = mediator_analysis(svc, who, talks_id)
    except PourparlerError:
        return  # not the mediator: there is no analysis of theirs to show
    nash = found.get("nash")
    zone = "a" if found["zopa"]["exists"] else "no"
    console.print(
        f"\nMediator analysis from the profiles of {' and '.join(found['parties'])}: "
        f"{found['outcomes']:,} packages, {found['frontier']['size']} on the Pareto frontier, "
        f"{zone} zone of possible agreement."
    )
    if nash:
        gains = ", ".join(f"{party} {u:.2f}" for party, u in nash["utilities"].items())
        console.print(
            f"The Nash package would give {gains}; "
            f"see 'pourparler analysis mediator {talks_id} --as {who.email}'."
        )


def register(app: typer.Typer) -> None:
    app.command("demo")(demo)
    app.command("walkthrough")(walkthrough)
