"""Drafting the single text: clauses from the parties' positions, and the bracket convention.

Rendering follows the usual convention of multilateral drafting (as in United Nations practice):
text not yet agreed stands in square brackets, competing formulations appear as numbered options
each noting the delegation that proposed it, and agreed text is marked *ad referendum* until the
whole package is accepted.
"""

from __future__ import annotations

from collections.abc import Mapping

from pourparler.domain.framework import Issue, IssueKind
from pourparler.domain.memorandum import MemorandumVersion, Position
from pourparler.domain.text import Alternative, Clause, ClauseStatus, TextVersion

__all__ = ["clauses_from_positions", "position_wording", "render_markdown"]


def position_wording(issue: Issue, position: Position) -> str:
    """What a position asks for, as a sentence of the text."""
    if issue.kind is IssueKind.CLAUSE:
        return position.text.strip()
    if issue.kind is IssueKind.RANGE and position.asked_range and issue.range:
        low, high = position.asked_range
        amount = f"{low:g}" if low == high else f"{low:g} to {high:g}"
        return f"{issue.title}: {amount} {issue.range.unit}.".replace(" .", ".")
    return f"{issue.title}: {'; '.join(position.asked_options)}."


def clauses_from_positions(
    framework: list[Issue], documents: Mapping[str, MemorandumVersion]
) -> list[Clause]:
    """One clause per issue: clean where the parties' wordings agree, bracketed where not.

    `documents` maps each party's id to its revealed memorandum version.
    """
    clauses = []
    for issue in sorted(framework, key=lambda i: i.order):
        wordings: dict[str, list[str]] = {}  # wording -> the parties proposing it, in order
        for party_id, version in documents.items():
            position = version.position_on(issue.id)
            if position is not None:
                wordings.setdefault(position_wording(issue, position), []).append(party_id)
        key = f"c{issue.order + 1:02d}"
        if len(wordings) >= 2:
            alternatives = tuple(Alternative(tuple(p), w) for w, p in wordings.items())
            clauses.append(
                Clause(
                    key,
                    issue.title,
                    ClauseStatus.BRACKETED,
                    alternatives=alternatives,
                    issue_ids=(issue.id,),
                )
            )
        else:
            text = next(iter(wordings), "")
            clauses.append(Clause(key, issue.title, ClauseStatus.OPEN, text, issue_ids=(issue.id,)))
    return clauses


def render_markdown(title: str, version: TextVersion, party_names: Mapping[str, str]) -> str:
    """The text as Markdown in the bracket convention."""
    lines = [f"# {title}", "", f"Version {version.number} · SHA-256 `{version.hash}`", ""]
    for number, clause in enumerate(version.clauses, start=1):
        lines.append(f"**Article {number}. {clause.heading}** — *{clause.status.value}*")
        lines.append("")
        if clause.status is ClauseStatus.BRACKETED:
            for option, alternative in enumerate(clause.alternatives, start=1):
                parties = ", ".join(party_names.get(p, p) for p in alternative.party_ids)
                lines.append(f"- Option {option} ({parties}): [{alternative.text}]")
        elif clause.status is ClauseStatus.OPEN:
            lines.append(f"[{clause.text}]" if clause.text else "[to be drafted]")
        else:
            lines.append(clause.text)
        lines.append("")
    return "\n".join(lines)
