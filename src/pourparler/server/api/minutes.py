"""What stays of the talks: the minutes of a round, the export of the talks as the caller may
read them, and the verification of their signed record."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response
from pydantic import BaseModel, Field

from pourparler.server.auth import Caller, Svc
from pourparler.services.export_document import ExportDocument
from pourparler.services.minutes import round_minutes
from pourparler.services.transfer import export_talks
from pourparler.services.verification import verify_record

__all__ = ["router"]

router = APIRouter(tags=["record"])

MARKDOWN = "text/markdown; charset=utf-8"


class Minutes(BaseModel):
    markdown: str = Field(description="The minutes of the round, as Markdown.")


class RecordVerification(BaseModel):
    """What checking the stored record found; `ok` is true when `problems` is empty."""

    ok: bool
    problems: list[str]
    signers: list[str] = Field(description="Fingerprints of the keys that signed its heads.")
    entries: int
    facts: int
    unchecked: int
    why_unchecked: str


def _wants_markdown(request: Request) -> bool:
    """Markdown when the caller asks for it before JSON; JSON otherwise."""
    for part in request.headers.get("accept", "").split(","):
        kind = part.split(";")[0].strip().lower()
        if kind == "text/markdown":
            return True
        if kind in ("application/json", "application/*"):
            return False
    return False


@router.get(
    "/rounds/{round_id}/minutes",
    response_model=Minutes,
    responses={200: {"content": {"text/markdown": {"schema": {"type": "string"}}}}},
)
def minutes(round_id: str, request: Request, who: Caller, svc: Svc) -> Any:
    """The minutes of one round as you may read them: as Markdown with `Accept: text/markdown`,
    else as JSON `{markdown}`."""
    text = round_minutes(svc, who, round_id)
    if _wants_markdown(request):
        return Response(text, media_type=MARKDOWN)
    return Minutes(markdown=text)


@router.get("/talks/{talks_id}/export", response_model=ExportDocument)
def export(talks_id: str, who: Caller, svc: Svc) -> dict[str, Any]:
    """The talks as you may read them, with the record (others' private acts as stubs), its
    signed heads and the public keys that signed them: verifiable away from this server."""
    return export_talks(svc, who, talks_id)


@router.get("/talks/{talks_id}/record/verification", response_model=RecordVerification)
def verification(talks_id: str, who: Caller, svc: Svc) -> RecordVerification:
    """Check the stored record: its chain, every fact it binds, and the signature on every
    head. Problems about items you may not read say so without naming them."""
    found = verify_record(svc, who, talks_id)
    return RecordVerification(
        ok=found.intact,
        problems=found.problems,
        signers=found.signers,
        entries=found.entries,
        facts=found.facts,
        unchecked=found.unchecked,
        why_unchecked=found.why_unchecked,
    )
