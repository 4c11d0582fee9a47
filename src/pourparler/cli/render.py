"""Terminal rendering of the documents the services return."""

from __future__ import annotations

from typing import Any

from rich.table import Table
from rich.text import Text

from pourparler.cli.common import console
from pourparler.domain.comparison import Standing
from pourparler.services.model import IssueStanding

__all__ = [
    "clarifications_table",
    "comparison_table",
    "memoranda_table",
    "memorandum_view",
    "process_overview",
    "revision_table",
    "standings_table",
    "talks_overview",
]

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


def _members(doc: dict[str, Any], names: dict[str | None, str]) -> Table:
    table = Table("name", "e-mail", "role", "party", title="Who is who", title_justify="left")
    for m in doc["members"]:
        party = names.get(m["party"], "") if m["party"] else ""
        role = m["role"] if m.get("confirmed", True) else f"{m['role']} (awaiting confirmation)"
        table.add_row(m["name"], m["email"], role, party)
    return table


def _alternatives(issue: dict[str, Any]) -> str:
    if issue["options"]:
        return " / ".join(issue["options"])
    bounds = issue["range"]
    return f"{bounds['low']:g}–{bounds['high']:g} {bounds['unit']}" if bounds else "text"


def _framework(doc: dict[str, Any]) -> Table:
    table = Table(
        "#", "category", "issue", "kind", "alternatives", title="Framework", title_justify="left"
    )
    for i in doc["framework"]:
        table.add_row(str(i["order"] + 1), i["category"], i["title"], i["kind"], _alternatives(i))
    return table


def _rounds(doc: dict[str, Any], names: dict[str | None, str]) -> Table:
    table = Table(
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
        when = f"{r['local_start'][:16].replace('T', ' ')} {r['time_zone']}"
        table.add_row(
            str(r["number"]),
            r["status"],
            when,
            r["venue"],
            names.get(r["proposing_party"], "?"),
            answers,
            r["id"],
        )
    return table


def talks_overview(doc: dict[str, Any]) -> None:
    """The talks at a glance: who is who, the framework, rounds and memoranda."""
    names = _names(doc)
    console.rule(Text(doc["title"], "bold"))
    console.print(f"id {doc['id']} · {doc['status']} · languages {', '.join(doc['languages'])}")
    signing = doc.get("signing") or {}
    imported = signing.get("imported")
    if imported and not imported["verified"]:
        console.print(Text("IMPORTED UNVERIFIED: the export's signatures did not hold", "bold red"))
    keys = signing.get("keys") or []
    if keys:
        earlier = f"; earlier heads by {', '.join(keys[:-1])}" if len(keys) > 1 else ""
        console.print(f"record heads signed by key {keys[-1]}{earlier} (pin the first you saw)")
    if doc["subject"]:
        console.print(doc["subject"])
    for table in (_members(doc, names), _framework(doc), _rounds(doc, names)):
        console.print(table)
    for r in doc["rounds"]:
        if r["outcome"] or r["reason"]:
            console.print(f"round {r['number']} ({r['status']}): {r['outcome'] or r['reason']}")
    for m in doc["memoranda"]:
        versions = ", ".join(f"v{v['number']}" for v in m["versions"])
        console.print(
            f"memorandum {m['title']} of {names.get(m['party'])}: {versions} (id {m['id']})"
        )


def comparison_table(result: list[IssueStanding], first: str, second: str) -> Table:
    return standings_table(result, [first, second])


def standings_table(result: list[IssueStanding], names: list[str]) -> Table:
    """Where two or more memoranda stand together, issue by issue, with each one's red lines."""
    together = f"{', '.join(names[:-1])} and {names[-1]}"
    table = Table(
        "issue",
        "standing",
        "common ground",
        *(f"red line {name}" for name in names),
        title=f"{together}, issue by issue",
        title_justify="left",
    )
    for c in result:
        style = STANDING_STYLE[c.standing]
        table.add_row(
            c.issue.title,
            Text(c.standing.value, style),
            c.overlap,
            *("yes" if red else "" for red in c.red_lines),
        )
    return table


def memoranda_table(rows: list[dict[str, Any]]) -> Table:
    table = Table(
        "party",
        "title",
        "versions",
        "latest",
        "state",
        "saved",
        "id",
        title="Memoranda",
        title_justify="left",
    )
    for r in rows:
        table.add_row(
            r["party"] + (" (own)" if r["own"] else ""),
            r["title"],
            ", ".join(str(n) for n in r["versions"]),
            str(r["latest"]),
            r["latest_state"] if r["readable"] else f"{r['latest_state']} (metadata only)",
            r["saved_at"][:16].replace("T", " "),
            r["id"],
        )
    return table


def memorandum_view(doc: dict[str, Any]) -> None:
    """One memorandum version: its sections as text, its positions as a table."""
    console.print(
        f"{doc['title']} — {doc['party']}, version {doc['version']} "
        f"({doc['state']}, saved {doc['saved_at'][:16].replace('T', ' ')})"
    )
    for section in doc["sections"]:
        console.print(Text.assemble("\n", (section["heading"], "bold"), "\n", section["body"]))
    table = Table("issue", "position", "rationale", title="Positions", title_justify="left")
    for p in doc["positions"]:
        table.add_row(p["issue"], p["position"], p["rationale"])
    console.print(table)


CHANGE_STYLE = {"added": "green", "removed": "red", "changed": "yellow", "unchanged": "dim"}


def revision_table(doc: dict[str, Any]) -> Table:
    table = Table(
        "part",
        "name",
        "change",
        "before",
        "after",
        title=f"{doc['title']} ({doc['party']}): version {doc['from']} to {doc['to']}",
        title_justify="left",
    )
    for c in doc["changes"]:
        what = c["change"] + (f" ({', '.join(c['fields'])})" if c["fields"] else "")
        same = c["change"] == "unchanged"  # the text once is enough; --json has both
        table.add_row(
            c["part"],
            c["name"],
            Text(what, CHANGE_STYLE[c["change"]]),
            "" if same else c["before"],
            c["after"],
        )
    return table


def clarifications_table(
    doc: dict[str, Any], found: list[dict[str, Any]], anchors: dict[str, str] | None = None
) -> Table:
    """Clarifications; `anchors` names what each is about (an issue's title, a section's
    heading), by clarification id."""
    names = _names(doc)
    issues = {i["id"]: i["title"] for i in doc["framework"]}
    table = Table(
        "asked by",
        "of",
        "on",
        "question",
        "answer",
        "status",
        "id",
        title="Clarifications",
        title_justify="left",
    )
    for c in found:
        table.add_row(
            names.get(c["asking_party"], "?"),
            names.get(c["answering_party"], "?"),
            (anchors or {}).get(c["id"])
            or f"{c['anchor']} {issues.get(c['anchor_key'], c['anchor_key'])}",
            c.get("question", "(withheld)"),
            c.get("answer", ""),
            c["status"],
            c["id"],
        )
    return table


def process_overview(doc: dict[str, Any]) -> None:
    """Exchanges, clarifications and the state of the single text."""
    names = _names(doc)
    for sealed in doc["exchanges"]:
        console.print(
            f"exchange {sealed['title']} ({sealed['policy']}): {sealed['status']}, "
            f"id {sealed['id']}"
        )
        for c in sealed["commitments"]:
            state = "withdrawn" if c["withdrawn_at"] else "committed"
            console.print(
                f"  {names.get(c['party'], '?')} {state} {c['committed_at'][:16]} "
                f"sha256 {c['digest'][:16]}…"
            )
    if doc["clarifications"]:
        console.print(clarifications_table(doc, doc["clarifications"]))
    text = doc.get("text")
    if text and text["versions"] and "clauses" in text["versions"][-1]:
        latest = text["versions"][-1]
        counts: dict[str, int] = {}
        for clause in latest["clauses"]:
            counts[clause["status"]] = counts.get(clause["status"], 0) + 1
        summary = ", ".join(f"{n} {status}" for status, n in counts.items())
        accepted = [
            names.get(a["party"], "?")
            for a in text["acceptances"]
            if not a["withdrawn_at"] and a["hash"] == latest["hash"]
        ]
        console.print(
            f"single text {text['title']}, version {latest['number']}: "
            f"{summary}; accepted by {', '.join(accepted) or 'no party yet'}"
        )
