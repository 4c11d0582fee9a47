"""The acts of the record: one vocabulary shared by every writer and every reader.

An act's value is hashed into its record entry (`RecordEntry.content_digest`), so a value must
never change once written: renaming a member is free, changing its string breaks every chain that
holds it. Writers pass an `Act`; readers (the minutes, the views) match on `Act` members, so a
rename cannot silently leave a reader matching a string nobody writes any more.
"""

from __future__ import annotations

from enum import StrEnum

__all__ = ["Act"]


class Act(StrEnum):
    """Every act a use case records, by the words the record shows."""

    # Setting the talks up
    TALKS_CREATED = "talks created"
    PARTY_ADDED = "party added"
    SEAT_GIVEN = "seat given"
    SEAT_CONFIRMED = "seat confirmed"
    ISSUE_ADDED = "issue added"
    ISSUE_EDITED = "issue edited"
    ISSUE_REMOVED = "issue removed"
    FRAMEWORK_TEMPLATE_APPLIED = "framework template applied"
    STATUS_CHANGED = "status changed"
    # Rounds
    ROUND_PROPOSED = "round proposed"
    ROUND_ACCEPTED = "round accepted"
    ROUND_DECLINED = "round declined"
    ROUND_COUNTER_PROPOSED = "round counter-proposed"
    ROUND_RESCHEDULED = "round rescheduled"
    ROUND_OPENED = "round opened"
    ROUND_CLOSED = "round closed"
    ROUND_POSTPONED = "round postponed"
    ROUND_CANCELLED = "round cancelled"
    # Memoranda (a party's private work)
    MEMORANDUM_STARTED = "memorandum started"
    MEMORANDUM_SAVED = "memorandum saved"
    MEMORANDUM_SHARED_WITH_MEDIATOR = "memorandum shared with the mediator"
    # Sealed exchange
    EXCHANGE_OPENED = "exchange opened"
    DOCUMENT_COMMITTED = "document committed"
    COMMITMENT_WITHDRAWN = "commitment withdrawn"
    DOCUMENTS_REVEALED = "documents revealed"
    EXCHANGE_CLOSED_UNREVEALED = "exchange closed unrevealed"
    # Clarifications
    CLARIFICATION_ASKED = "clarification asked"
    CLARIFICATION_ANSWERED = "clarification answered"
    CLARIFICATION_CLOSED = "clarification closed"
    # The single negotiating text
    TEXT_STARTED = "text started"
    TEXT_REVISED = "text revised"
    ACCEPTANCE_WITHDRAWN_BY_EDIT = "acceptance withdrawn by edit"
    TEXT_ACCEPTED = "text accepted"
    AGREEMENT_REACHED = "agreement reached"
    # The mediator's notes
    NOTE_WRITTEN = "note written"
    NOTE_DELETED = "note deleted"
    # Preferences and secret bidding
    PROFILE_SAVED = "profile saved"
    CONSENT_CHANGED = "consent changed"
    SECRET_BID_PLACED = "secret bid placed"
    SECRET_BID_WITHDRAWN = "secret bid withdrawn"
    SECRET_BIDS_COMPARED = "secret bids compared"
    SECRET_BIDDING_REOPENED = "secret bidding reopened"
    # The binding unit of work
    FACTS_BOUND = "facts bound"
    """An entry that only binds facts, for readers none of the act's own entries has."""
