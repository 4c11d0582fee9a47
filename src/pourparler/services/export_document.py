"""The talks export (`pourparler-talks/2`): one typed definition, read with it and published.

`pourparler talks export` writes this document (services/transfer.py and the per-actor views of
services/view.py and services/view_process.py); `talks import`, `record verify` and
`exchange verify` read it through `read_export`, which refuses anything the model below refuses
before any other check, in one line naming the path (`talks.members[2].role: ...`). The JSON
Schema that `pourparler schema export` prints and docs/schemas/export.schema.json ships is
generated from the same model.

What an export holds depends on its reader: content a reader may not read is left out, so a
few keys are optional. Where the writer leaves a key out, the key is absent, never null; where
it writes null, the key is required and nullable.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    WithJsonSchema,
    model_validator,
)

from pourparler.domain.clarification import Anchor, ClarificationStatus
from pourparler.domain.error import InvalidInput
from pourparler.domain.exchange import ExchangeStatus, RevealPolicy
from pourparler.domain.framework import IssueKind
from pourparler.domain.role import Role
from pourparler.domain.round import Answer, RoundFormat, RoundStatus
from pourparler.domain.talks import TalksStatus
from pourparler.domain.text import ClauseStatus

__all__ = ["EXPORT_FORMAT", "ExportDocument", "read_export"]

EXPORT_FORMAT = "pourparler-talks/2"
ID_LIMIT = 36


def _an_id(value: str) -> str:
    if not 0 < len(value) <= ID_LIMIT:
        raise ValueError(f"is not an id (1 to {ID_LIMIT} characters)")
    return value


Id = Annotated[
    str,
    AfterValidator(_an_id),
    WithJsonSchema({"type": "string", "minLength": 1, "maxLength": ID_LIMIT}),
]
Moment = Annotated[datetime, Field(description="ISO 8601, with its offset")]
Interval = tuple[float, float]


def _no_default(schema: dict[str, Any]) -> None:
    schema.pop("default", None)


def absent(description: str) -> Any:
    """A key the writer leaves out for some readers: optional, and never null when present."""
    return Field(None, description=description, json_schema_extra=_no_default)


class _Part(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)


class PartyRecord(_Part):
    id: Id
    name: str


class MemberRecord(_Part):
    """A seat: the person, their account's name and e-mail, and their role."""

    person: str
    name: str
    email: str
    role: Role
    party: str | None
    confirmed: bool


class RangeRecord(_Part):
    low: float
    high: float
    step: float
    unit: str


class IssueRecord(_Part):
    """An issue of the framework."""

    id: Id
    order: int
    category: str
    title: str
    kind: IssueKind
    description: str
    options: list[str]
    range: RangeRecord | None


class ResponseRecord(_Part):
    party_id: Id
    answer: Answer
    at: Moment
    by: str
    note: str


class RoundRecord(_Part):
    """A round, from proposal to outcome."""

    id: Id
    number: int
    status: RoundStatus
    starts_at: Moment
    local_start: Moment
    time_zone: str
    venue: str
    format: RoundFormat
    proposed_by: str
    proposing_party: str | None
    required_parties: list[str]
    responses: list[ResponseRecord]
    supersedes: str | None
    outcome: str
    reason: str


class SectionRecord(_Part):
    key: str
    heading: str
    body: str


class PositionRecord(_Part):
    issue_id: Id
    asked_options: list[str]
    acceptable_options: list[str]
    asked_range: Interval | None
    acceptable_range: Interval | None
    text: str
    red_line: bool
    rationale: str


class VersionRecord(_Part):
    """A memorandum version; its content only for readers who may read it."""

    id: Id
    number: int
    created_at: Moment
    author: str
    revealed_at: Moment | None
    revealed_to: list[str]
    shared_with_mediator: bool = absent("For the party's members and the mediator only")
    sections: list[SectionRecord] = absent("Absent when the reader sees metadata only")
    positions: list[PositionRecord] = absent("Absent when the reader sees metadata only")


class MemorandumRecord(_Part):
    id: Id
    party: str
    title: str
    round: str | None
    versions: list[VersionRecord]


class CommitmentRecord(_Part):
    """A commitment of a sealed exchange: what it commits to only for its own party, and for
    those the reveal reaches."""

    id: Id
    party: str
    digest: str
    committed_at: Moment
    committed_by: str
    withdrawn_at: Moment | None
    memorandum: str = absent("The memorandum committed to, once readable")
    version: str = absent("The version committed to, once readable")
    salt: str = absent("The salt of the digest, once readable")
    document: str = absent("The canonical document digested, once readable")


class ExchangeRecord(_Part):
    id: Id
    round: str
    title: str
    policy: RevealPolicy
    parties: list[str]
    opened_at: Moment
    opened_by: str
    deadline: Moment | None
    status: ExchangeStatus
    revealed_at: Moment | None
    commitments: list[CommitmentRecord]


class ClarificationRecord(_Part):
    """A question on a memorandum; its wording only for readers of content."""

    id: Id
    round: str | None
    memorandum: str
    version: str
    anchor: Anchor
    anchor_key: str
    asking_party: str
    answering_party: str
    asked_by: str
    asked_at: Moment
    answered_by: str | None
    answered_at: Moment | None
    status: ClarificationStatus
    question: str = absent("Absent when the reader sees metadata only")
    answer: str = absent("Absent when the reader sees metadata only")


class AlternativeRecord(_Part):
    """An attributed alternative wording: one proposer by `party_id`, several by `party_ids`."""

    model_config = ConfigDict(
        json_schema_extra={"oneOf": [{"required": ["party_id"]}, {"required": ["party_ids"]}]}
    )

    party_id: Id = absent("The one proposing party")
    party_ids: list[Id] = absent("The proposing parties, when more than one")
    text: str

    @model_validator(mode="after")
    def _names_its_parties(self) -> AlternativeRecord:
        given = self.model_fields_set & {"party_id", "party_ids"}
        if len(given) != 1:
            raise ValueError("an alternative names its parties by 'party_id' or 'party_ids'")
        return self


class ClauseRecord(_Part):
    key: str
    heading: str
    status: ClauseStatus
    text: str
    alternatives: list[AlternativeRecord]
    issue_ids: list[Id]


class TextVersionRecord(_Part):
    id: Id
    number: int
    hash: str
    created_at: Moment
    created_by: str
    clauses: list[ClauseRecord] = absent("Absent when the reader sees metadata only")


class AcceptanceRecord(_Part):
    id: Id
    party: str
    hash: str
    by: str
    at: Moment
    withdrawn_at: Moment | None


class TextRecord(_Part):
    """The single negotiating text."""

    id: Id
    title: str
    versions: list[TextVersionRecord]
    acceptances: list[AcceptanceRecord]


class IssuePreferenceRecord(_Part):
    issue_id: Id
    weight: float
    ratings: dict[str, float]
    curve: Literal["rising", "falling", "peaked", "points"] | None
    peak: float | None
    points: list[Interval]
    red_options: list[str]
    acceptable_range: Interval | None


class ProfileRecord(_Part):
    """A party's preference profile: in its own party's exports only."""

    id: Id
    party: str
    reservation: float
    issues: list[IssuePreferenceRecord]
    consents_to_mediator: bool
    secret_minimum: float | None
    bid_basis: str | None
    updated_at: Moment | None


class NoteRecord(_Part):
    """A mediator's note: in a mediator's export only."""

    id: Id
    round: str | None
    author: str
    written_at: Moment
    text: str


class VerdictRecord(_Part):
    """The verdict on the secret bids; each party's utility for that party's members alone."""

    id: Id
    basis: str
    overlap: bool
    package: dict[str, str | float] | None
    reached_at: Moment | None
    utilities: dict[str, float]


FULL_ENTRY_KEYS = ("at", "actor_id", "actor", "act", "data", "party", "audience")


class EntryRecord(_Part):
    """An entry of the record; an act the reader may not see travels as a stub
    `{seq, prev_hash, content_hash, hash, stub: true}`, so that the chain still verifies."""

    model_config = ConfigDict(
        json_schema_extra={
            "if": {"required": ["stub"]},
            "then": {"maxProperties": 5},
            "else": {"required": list(FULL_ENTRY_KEYS)},
        }
    )

    seq: int
    prev_hash: str
    content_hash: str
    hash: str
    stub: Literal[True] = absent("A stub: an act the reader may not see")
    at: Moment | None = absent("Full entries only")
    actor_id: Id | None = absent("Full entries only")
    actor: str = absent("Full entries only")
    act: str = absent("Full entries only")
    data: dict[str, Any] = absent("Full entries only: the act's data, hashed as it is")
    party: str | None = absent("Full entries only")
    audience: str | None = absent("Full entries only")

    @model_validator(mode="after")
    def _whole_or_stub(self) -> EntryRecord:
        given = self.model_fields_set
        if "stub" in given:
            extra = [k for k in FULL_ENTRY_KEYS if k in given]
            if extra:
                raise ValueError(f"a stub holds seq and hashes only, not {extra[0]!r}")
        else:
            missing = [k for k in FULL_ENTRY_KEYS if k not in given]
            if missing:
                raise ValueError(f"an entry that is not a stub needs {missing[0]!r}")
        return self


class TalksRecord(_Part):
    """Everything the reader may read of the talks, and the record."""

    id: Id
    title: str
    subject: str
    languages: list[str]
    status: TalksStatus
    statement: str
    created_at: Moment | None
    parties: list[PartyRecord]
    members: list[MemberRecord]
    framework: list[IssueRecord]
    rounds: list[RoundRecord]
    memoranda: list[MemorandumRecord]
    exchanges: list[ExchangeRecord]
    clarifications: list[ClarificationRecord]
    text: TextRecord | None
    profiles: list[ProfileRecord]
    notes: list[NoteRecord] = absent("In a mediator's export only")
    secret_verdict: VerdictRecord = absent("Once the secret bids met; for parties and mediators")
    record: list[EntryRecord]


class ReaderRecord(_Part):
    """Whom the export was made for, and so what it may hold."""

    name: str
    roles: list[Role]
    party: str | None
    reads_content: bool


class SignatureRecord(_Part):
    """A signed head of the record."""

    seq: int
    hash: str
    key: str
    signature: str
    signed_at: Moment


class KeyRecord(_Part):
    """A public key that signed a head, and the key it replaced."""

    fingerprint: str
    public_key: str
    previous: str | None
    handover: str | None


class ExportDocument(_Part):
    """Talks as one reader may read them, with the record, its signed heads and their keys."""

    model_config = ConfigDict(title="Pourparler talks export")

    format: Literal["pourparler-talks/2"]
    talks: TalksRecord
    reader: ReaderRecord
    signatures: list[SignatureRecord]
    keys: list[KeyRecord]


def read_export(document: Any) -> ExportDocument:
    """The export read by its model, or InvalidInput naming the first problem's path."""
    if not isinstance(document, dict) or document.get("format") != EXPORT_FORMAT:
        raise InvalidInput(f"not a Pourparler export: expected format {EXPORT_FORMAT!r}")
    from pourparler.services.document import read_document  # which publishes this model

    return read_document(ExportDocument, document, "malformed export")
