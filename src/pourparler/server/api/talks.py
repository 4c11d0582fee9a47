"""Talks: the list of one's talks, and everything one may read of one talks."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Response
from pydantic import BaseModel, Field
from pydantic.json_schema import SkipJsonSchema

from pourparler.server.api.common import Limit, Offset, json_reply, model_json
from pourparler.server.auth import Caller, Svc
from pourparler.services.export_document import TalksRecord
from pourparler.services.model import Page, TalksSummary
from pourparler.services.query import talks_page
from pourparler.services.view import shaped_talks

__all__ = ["router"]

router = APIRouter(tags=["talks"])


class ImportedRecord(BaseModel):
    at: str
    verified: bool
    signed_by: list[str]


class SigningRecord(BaseModel):
    """Who vouches for the record: the fingerprints of the keys that signed its heads (pin
    them), and for imported talks whether the export's signatures held."""

    keys: list[str]
    imported: ImportedRecord | None = None


class TalksView(TalksRecord):
    """Everything you may read of the talks; the record is at /talks/{id}/record."""

    signing: SigningRecord
    record: SkipJsonSchema[list[Any] | None] = Field(default=None, exclude=True)  # type: ignore[assignment]


_TALKS_JSON = model_json(TalksView)


@router.get("/talks", response_model=Page[TalksSummary])
def my_talks(who: Caller, svc: Svc, offset: Offset = 0, limit: Limit = 50) -> Page[TalksSummary]:
    """The talks you have a seat in (every talks, for the secretariat), newest first, a page
    at a time."""
    return talks_page(svc, who, offset=offset, limit=limit)


@router.get("/talks/{talks_id}", response_model=TalksView, response_model_exclude_unset=True)
def one_talks(talks_id: str, who: Caller, svc: Svc) -> Response:
    """Everything about the talks that you may read: parties, members, framework, rounds,
    memoranda, exchanges, clarifications, the single text, your party's profile."""
    return json_reply(shaped_talks(svc, who, talks_id, _TALKS_JSON))
