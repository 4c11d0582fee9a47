"""Terminal rendering of the documents the services return."""

from __future__ import annotations

from typing import Any

from rich.table import Table

from pourparler.cli.common import console
from pourparler.domain.comparison import Comparison, Standing

__all__ = ["comparison_table", "talks_overview"]

STANDING_STYLE = {
    Standing.AGREEMENT: "green",
    Standing.COMPATIBLE: "cyan",
    Standing.CONFLICT: "red",
    Standing.NOT_ADDRESSED: "dim",
}


def _names(doc: dict[str, Any]) -> dict[str | None, str]:
    names: dict[str | None, str] = {p["id"]: p["name"] for p in doc["parties"]}
    names.update({m["person"]: m["name"] for m in doc["members"]})
    names[None] = "the mediator"
    return names


def talks_overview(doc: dict[str, Any]) -> None:
    names = _names(doc)
    console.rule(f"[bold]{doc['title']}[/]")
    console.print(f"id {doc['id']} · {doc['status']} · languages {', '.join(doc['languages'])}")
    if doc["subject"]:
        console.print(doc["subject"])
    members = Table("name", "e-mail", "role", "party", title="Who is who", title_justify="left")
    for m in doc["members"]:
        members.add_row(
            m["name"], m["email"], m["role"], names.get(m["party"], "") if m["party"] else ""
        )
    console.print(members)
    framework = Table(
        "#", "category", "issue", "kind", "alternatives", title="Framework", title_justify="left"
    )
    for i in doc["framework"]:
        rng = i["range"]
        alternatives = (
            " / ".join(i["options"])
            if i["options"]
            else f"{rng['low']:g}–{rng['high']:g} {rng['unit']}"
            if rng
            else "text"
        )
        framework.add_row(str(i["order"] + 1), i["category"], i["title"], i["kind"], alternatives)
    console.print(framework)
    rounds = Table(
        "round",
        "status",
        "when (local)",
        "venue",
        "proposed by",
        "answers",
        "id",
        title="Rounds",
        title_justify="left",
    )
    for r in doc["rounds"]:
        answers = ", ".join(
            f"{names.get(a['party_id'], '?')} {a['answer']}" for a in r["responses"]
        )
        rounds.add_row(
            str(r["number"]),
            r["status"],
            f"{r['local_start'][:16].replace('T', ' ')} {r['time_zone']}",
            r["venue"],
            names.get(r["proposing_party"], "?"),
            answers,
            r["id"],
        )
    console.print(rounds)
    for r in doc["rounds"]:
        if r["outcome"] or r["reason"]:
            console.print(f"round {r['number']} ({r['status']}): {r['outcome'] or r['reason']}")
    for m in doc["memoranda"]:
        versions = ", ".join(f"v{v['number']}" for v in m["versions"])
        console.print(
            f"memorandum [bold]{m['title']}[/] of {names.get(m['party'])}: {versions}"
            f" (id {m['id']})"
        )


def comparison_table(result: list[Comparison], first: str, second: str) -> Table:
    table = Table(
        "issue",
        "standing",
        "common ground",
        f"red line {first}",
        f"red line {second}",
        title=f"{first} and {second}, issue by issue",
        title_justify="left",
    )
    for c in result:
        style = STANDING_STYLE[c.standing]
        table.add_row(
            c.issue.title,
            f"[{style}]{c.standing.value}[/]",
            c.overlap_label(),
            "yes" if c.red_lines[0] else "",
            "yes" if c.red_lines[1] else "",
        )
    return table
