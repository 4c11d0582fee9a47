"""The documents users hand in: one typed definition each, read with it and published from it.

A memorandum (`memo save`), a list of clauses (`text revise`), a preference profile
(`profile set`) and a talks export (`talks import`, services/export_document.py) are read
through their models, and the JSON Schema that `pourparler schema` prints and `docs/schemas/`
ships is generated from the same models, so the two cannot drift.
Unknown keys are refused, and every error names its path in the document
(`positions[2].asked_range`). Issues and parties may be named by title or id; the use cases
resolve the names against the talks.
"""

from __future__ import annotations

import json
from typing import Annotated, Any, Literal, TypeVar, get_args

from pydantic import BaseModel, ConfigDict, Field, RootModel, ValidationError, model_validator
from pydantic_core import ErrorDetails

from pourparler.domain.error import InvalidInput
from pourparler.domain.memorandum import LONG_TEXT, Position, Section
from pourparler.services.export_document import ExportDocument

__all__ = [
    "DOCUMENTS",
    "AlternativeInput",
    "ClauseInput",
    "ClausesDocument",
    "IssuePreferenceInput",
    "MemorandumDocument",
    "PositionInput",
    "ProfileDocument",
    "SectionInput",
    "read_document",
    "read_memorandum",
    "schema_of",
    "schema_text",
]

Interval = Annotated[
    tuple[float, float], Field(description="[low, high], in the unit of the issue's range")
]


class _Document(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)


def _exactly_one(*keys: str) -> dict[str, Any]:
    """The schema's form of a rule the model checks: the object has exactly one of `keys`."""
    return {"oneOf": [{"required": [key]} for key in keys]}


def _one_of(document: BaseModel, names: tuple[str, ...], what: str) -> None:
    """Refuse an object that names its subject in more than one way, or in none."""
    given = [n for n in names if getattr(document, n) not in (None, "", [])]
    if len(given) != 1:
        quoted = " or ".join(repr(n) for n in names)
        raise ValueError(f"{what} by {quoted}, exactly one of them")


# LONG_TEXT (domain/memorandum.py) is the longest text one field may hold (a section, a
# rationale, a clause's wording): a long treaty chapter fits many times over; a body of
# megabytes is a mistake or an attack.


class SectionInput(_Document):
    """A free section of a memorandum; its key anchors clarifications."""

    key: str = Field(min_length=1, max_length=80)
    heading: str = Field(min_length=1, max_length=300)
    body: str = Field("", max_length=LONG_TEXT, description="Markdown")


class PositionInput(_Document):
    """The party's position on one issue of the framework."""

    model_config = ConfigDict(json_schema_extra=_exactly_one("issue", "issue_id"))

    issue: str | None = Field(None, description="The issue's title or id")
    issue_id: str | None = Field(None, description="The issue's id (as stored)")
    asked_options: list[str] = Field([], description="Options issues: what the party asks for")
    acceptable_options: list[str] = Field(
        [], description="Options issues: what it could accept besides what it asks for"
    )
    asked_range: Interval | None = Field(None, description="Range issues: what it asks for")
    acceptable_range: Interval | None = Field(
        None, description="Range issues: what it could accept; contains asked_range"
    )
    text: str = Field(
        "", max_length=LONG_TEXT, description="Clause issues: the wording it proposes"
    )
    red_line: bool = Field(
        False, description="What it asks for is all it can accept: nothing else is acceptable"
    )
    rationale: str = Field("", max_length=LONG_TEXT)

    @model_validator(mode="after")
    def _names_its_issue(self) -> PositionInput:
        _one_of(self, ("issue", "issue_id"), "a position names its issue")
        return self

    def position(self) -> Position:
        """The domain's position; `issue_id` holds the issue as named, resolved on saving."""
        return Position(
            issue_id=(self.issue or self.issue_id or "").strip(),
            asked_options=tuple(self.asked_options),
            acceptable_options=tuple(self.acceptable_options),
            asked_range=self.asked_range,
            acceptable_range=self.acceptable_range,
            text=self.text,
            red_line=self.red_line,
            rationale=self.rationale,
        )


class MemorandumDocument(_Document):
    """A memorandum as `memo save` reads it: free sections and one position per issue."""

    model_config = ConfigDict(title="Pourparler memorandum")

    sections: list[SectionInput] = []
    positions: list[PositionInput] = []

    def sections_and_positions(self) -> tuple[list[Section], list[Position]]:
        return (
            [Section(s.key, s.heading, s.body) for s in self.sections],
            [p.position() for p in self.positions],
        )


class AlternativeInput(_Document):
    """One bracketed alternative wording, attributed to the parties that propose it."""

    model_config = ConfigDict(json_schema_extra=_exactly_one("parties", "party_id", "party_ids"))

    parties: list[str] = Field([], description="Names or ids of the parties proposing it")
    party_id: str | None = Field(None, description="One proposing party's id (as stored)")
    party_ids: list[str] = Field([], description="The proposing parties' ids (as stored)")
    text: str = Field(min_length=1, max_length=LONG_TEXT)

    @model_validator(mode="after")
    def _names_its_parties(self) -> AlternativeInput:
        _one_of(self, ("parties", "party_id", "party_ids"), "an alternative names its parties")
        return self

    def named_parties(self) -> tuple[str, ...]:
        return tuple(self.parties or self.party_ids or [self.party_id or ""])


class ClauseInput(_Document):
    """A clause of the single negotiating text."""

    model_config = ConfigDict(json_schema_extra={"not": {"required": ["issues", "issue_ids"]}})

    key: str = Field(min_length=1, max_length=80)
    heading: str = Field(min_length=1, max_length=300)
    status: Literal["open", "bracketed", "agreed ad referendum"] = "open"
    text: str = Field("", max_length=LONG_TEXT)
    alternatives: list[AlternativeInput] = Field(
        [], description="A bracketed clause's two or more alternative wordings"
    )
    issues: list[str] = Field([], description="Titles or ids of the issues the clause settles")
    issue_ids: list[str] = Field([], description="The issues' ids (as stored)")

    @model_validator(mode="after")
    def _names_its_issues_once(self) -> ClauseInput:
        if self.issues and self.issue_ids:
            raise ValueError("a clause names its issues by 'issues' or 'issue_ids', not both")
        return self


class ClausesDocument(RootModel[list[ClauseInput]]):
    """The clauses `text revise` reads: the whole text of the new version, in order."""

    model_config = ConfigDict(title="Pourparler clauses", frozen=True)


class IssuePreferenceInput(_Document):
    """A party's preference on one issue: its weight, and ratings or a value curve."""

    model_config = ConfigDict(json_schema_extra=_exactly_one("issue", "issue_id"))

    issue: str | None = Field(None, description="The issue's title or id")
    issue_id: str | None = Field(None, description="The issue's id (as stored)")
    weight: float = Field(0.0, ge=0)
    ratings: dict[str, float] = Field({}, description="Options issues: option -> rating >= 0")
    curve: Literal["rising", "falling", "peaked", "points"] | None = Field(
        None, description="Range issues: the shape of the value curve"
    )
    peak: float | None = Field(None, description="A peaked curve's best value")
    points: list[tuple[float, float]] = Field(
        [], description="A curve through points: [value, rating] pairs"
    )
    red_options: list[str] = Field([], description="Options issues: options never acceptable")
    acceptable_range: Interval | None = Field(
        None, description="Range issues: the red line; values outside are never acceptable"
    )

    @model_validator(mode="after")
    def _names_its_issue(self) -> IssuePreferenceInput:
        _one_of(self, ("issue", "issue_id"), "each issue of a profile names its issue")
        return self


class ProfileDocument(_Document):
    """A party's private preference profile, as `profile set` reads it."""

    model_config = ConfigDict(title="Pourparler preference profile")

    reservation: float = Field(
        0.0, ge=0, le=1, description="What no agreement is worth to the party, from 0 to 1"
    )
    issues: list[IssuePreferenceInput]


M = TypeVar("M", bound=BaseModel)

DOCUMENTS: dict[str, type[BaseModel]] = {
    "memorandum": MemorandumDocument,
    "clauses": ClausesDocument,
    "profile": ProfileDocument,
    "export": ExportDocument,
}


def schema_of(kind: str) -> dict[str, Any]:
    """The JSON Schema of one kind of document, generated from its model."""
    model = DOCUMENTS.get(kind)
    if model is None:
        raise InvalidInput(f"no document {kind!r}: use one of {', '.join(DOCUMENTS)}")
    schema = model.model_json_schema(mode="validation")
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema}


def schema_text(kind: str) -> str:
    """The schema as it is shipped in docs/schemas/: indented, sorted, one final newline."""
    return json.dumps(schema_of(kind), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def read_document(model: type[M], data: Any, what: str) -> M:
    """`data` read as `model`, or one line naming the first problem and where it lies."""
    try:
        # Strict JSON reading: a number written as a string or "yes" for true is refused, as the
        # schema refuses it, rather than converted.
        text = json.dumps(data, ensure_ascii=False, allow_nan=True)
    except (TypeError, ValueError):
        raise InvalidInput(f"{what}: the document is not JSON data") from None
    try:
        return model.model_validate_json(text, strict=True)
    except ValidationError as exc:
        # A misspelt key usually explains the missing one it was meant to be: name it first.
        first = min(exc.errors(), key=lambda e: e["type"] != "extra_forbidden")
        raise InvalidInput(f"{what}: {_problem(model, first)}") from None


def _problem(model: type[BaseModel], error: ErrorDetails) -> str:
    location = error["loc"]
    path = _path(location)
    if error["type"] == "extra_forbidden":
        owner = _model_at(model, location[:-1])
        known = ", ".join(owner.model_fields) if owner else ""
        where = f" in {_path(location[:-1])}" if location[:-1] else ""
        return f"unknown key {location[-1]!r}{where} (known keys: {known})"
    if not location and error["type"] in ("model_type", "list_type"):
        return "the document is a JSON " + ("list" if error["type"] == "list_type" else "object")
    message = error["msg"].removeprefix("Value error, ")
    if (error["type"] in ("tuple_type", "too_long", "too_short") and "uple" in message) or (
        error["type"] == "missing" and location and isinstance(location[-1], int)
    ):
        message = "should be a pair of numbers [a, b]"
        path = _path(location[:-1]) if error["type"] == "missing" else path
    return f"{path}: {message}" if path else message


def _path(location: tuple[int | str, ...]) -> str:
    text = ""
    for part in location:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text


def _model_at(model: type[BaseModel], location: tuple[int | str, ...]) -> type[BaseModel] | None:
    """The model of the object at `location` in a document read as `model`."""
    current = _inner_model(model)
    for part in location:
        if isinstance(part, int):
            continue
        field = current.model_fields.get(part) if current else None
        current = _inner_model(field.annotation) if field else None
    return current


def _inner_model(annotation: Any) -> type[BaseModel] | None:
    """The model an annotation holds (`list[M]`, `M | None`, a root model of a list of `M`)."""
    if isinstance(annotation, type) and issubclass(annotation, RootModel):
        return _inner_model(annotation.model_fields["root"].annotation)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    return next((m for m in (_inner_model(a) for a in get_args(annotation)) if m is not None), None)


def read_memorandum(document: Any) -> tuple[list[Section], list[Position]]:
    """Sections and positions of a memorandum document; issues stay as named (title or id)."""
    return read_document(MemorandumDocument, document, "memorandum").sections_and_positions()
