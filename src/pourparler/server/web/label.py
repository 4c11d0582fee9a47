"""Words for the values of the process's vocabularies, as pages show them.

The documents hold enum values ("in_person", "counter", "concluded with agreement"); a page
shows a label for each, through the translation catalogue: `{{ r.format | label("format") }}`
(the filter is render.py's: `words` here, then the catalogue).
`VOCABULARIES` names the enum behind each vocabulary, so a test proves every member has its
label; a value without one (a vocabulary grown since) is shown with its underscores as spaces
rather than as a raw identifier.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum

from pourparler.domain.clarification import ClarificationStatus
from pourparler.domain.exchange import ExchangeStatus, RevealPolicy
from pourparler.domain.framework import IssueKind
from pourparler.domain.role import Role
from pourparler.domain.round import Answer, RoundFormat, RoundStatus
from pourparler.domain.talks import TalksStatus
from pourparler.domain.text import ClauseStatus

__all__ = ["LABELS", "VOCABULARIES", "words"]

VOCABULARIES: Mapping[str, type[StrEnum]] = {
    "round_status": RoundStatus,
    "format": RoundFormat,
    "answer": Answer,
    "talks_status": TalksStatus,
    "role": Role,
    "issue_kind": IssueKind,
    "clarification_status": ClarificationStatus,
    "exchange_status": ExchangeStatus,
    "reveal": RevealPolicy,
    "clause_status": ClauseStatus,
}

# The English words; the `label` filter looks each up in the catalogue when a page is drawn.
LABELS: Mapping[str, Mapping[str, str]] = {
    "round_status": {
        "proposed": "proposed",
        "scheduled": "scheduled",
        "open": "open",
        "closed": "closed",
        "postponed": "postponed",
        "cancelled": "cancelled",
        "declined": "declined",
        "superseded": "superseded by a counter-proposal",
    },
    "format": {"in_person": "in person", "remote": "remote", "hybrid": "hybrid"},
    "answer": {"accept": "accepted", "decline": "declined", "counter": "counter-proposed"},
    "talks_status": {
        "preparing": "in preparation",
        "active": "active",
        "suspended": "suspended",
        "concluded with agreement": "concluded with an agreement",
        "concluded without agreement": "concluded without agreement",
    },
    "role": {
        "head": "head of delegation",
        "delegate": "delegate",
        "adviser": "adviser",
        "mediator": "mediator",
        "observer": "observer",
        "secretariat": "secretariat",
    },
    "issue_kind": {"options": "options", "range": "range of numbers", "clause": "clause (text)"},
    "clarification_status": {"open": "open", "answered": "answered", "closed": "closed"},
    "exchange_status": {"open": "open", "revealed": "revealed", "closed": "closed unrevealed"},
    "reveal": {
        "all_or_nothing": "when every party has committed",
        "at_deadline": "at the deadline",
    },
    "clause_status": {
        "open": "open",
        "bracketed": "bracketed",
        "agreed ad referendum": "agreed ad referendum",
    },
}


def words(value: object, vocabulary: str) -> str:
    """The English label of `value` in `vocabulary`; an unknown vocabulary is a programming
    error (KeyError), an unknown value is shown in words.

    >>> words("in_person", "format")
    'in person'
    """
    text = str(value if value is not None else "")
    return LABELS[vocabulary].get(text, text.replace("_", " "))
