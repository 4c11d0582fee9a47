"""A party's preference profile, its consent to mediator analysis, and the analyses.

The profile is always the caller's own party's: no route names a party, so nobody can ask for
another party's profile. The mediator gets the analysis of the consenting parties' profiles,
never a profile.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict, Field

from pourparler.server.auth import Caller, Svc
from pourparler.services.analysis import mediator_analysis, own_analysis
from pourparler.services.document import ProfileDocument
from pourparler.services.profile import read_profile, save_profile, set_consent

__all__ = ["router"]

router = APIRouter(tags=["preferences and analysis"])


class IssuePreferenceView(BaseModel):
    issue_id: str
    issue: str = Field(description="The issue's title.")
    weight: float
    ratings: dict[str, float]
    curve: str | None
    peak: float | None
    points: list[tuple[float, float]]
    red_options: list[str]
    acceptable_range: tuple[float, float] | None


class ProfileView(BaseModel):
    """Your party's preference profile: for its members alone."""

    id: str
    party: str
    reservation: float
    issues: list[IssuePreferenceView]
    consents_to_mediator: bool
    secret_minimum: float | None
    bid_basis: str | None
    updated_at: datetime | None


class Consent(BaseModel):
    model_config = ConfigDict(extra="forbid")

    consent: bool = Field(description="Whether the mediator may analyse your party's profile.")


class ConsentView(BaseModel):
    consents_to_mediator: bool


class ProposalStanding(BaseModel):
    """Where one proposal you may read stands for your party."""

    source: str
    title: str
    party: str | None
    version: int
    package: dict[str, Any]
    open_issues: list[str]
    utility: float | None
    utility_range: tuple[float, float]
    clears_reservation: bool | None
    crosses_red_lines: list[str]
    acceptable: bool | None


class BestPackage(BaseModel):
    package: dict[str, Any]
    utility: float


class OwnAnalysis(BaseModel):
    """Your party's analysis of its own profile."""

    party: str
    reservation: float
    consents_to_mediator: bool
    outcomes: int
    left_out: list[str]
    free_issues: list[str]
    best: list[BestPackage]
    proposals: list[ProposalStanding]


class MediatorAnalysis(BaseModel):
    """The mediator's analysis of the consenting parties' profiles: the efficient frontier,
    the named solutions, whether a zone of agreement exists, where each proposal stands, an
    improvement on the tentative package and suggestions. Utilities are rounded."""

    model_config = ConfigDict(extra="allow")

    parties: list[str]
    parties_without_consent: list[str]
    left_out: list[str]
    free_issues: list[str]
    outcomes: int
    note: str | None = Field(None, description="Why nothing more could be computed.")
    frontier: dict[str, Any] | None = None
    zopa: dict[str, Any] | None = None
    proposals: list[dict[str, Any]] | None = None
    improvement: dict[str, Any] | None = None
    suggestions: list[dict[str, Any] | None] | None = None


@router.get("/talks/{talks_id}/profile", response_model=ProfileView)
def my_profile(talks_id: str, who: Caller, svc: Svc) -> dict[str, Any]:
    """Your party's preference profile."""
    return read_profile(svc, who, talks_id)


@router.put("/talks/{talks_id}/profile", response_model=ProfileView)
def keep_profile(talks_id: str, body: ProfileDocument, who: Caller, svc: Svc) -> dict[str, Any]:
    """Keep (or replace) your party's profile: the head or a delegate writes it. Reopens the
    secret bidding."""
    save_profile(svc, who, talks_id, body.model_dump(mode="json", exclude_unset=True))
    return read_profile(svc, who, talks_id)


@router.put("/talks/{talks_id}/profile/consent", response_model=ConsentView)
def consent(talks_id: str, body: Consent, who: Caller, svc: Svc) -> ConsentView:
    """Let the mediator analyse your party's profile, or withdraw that (the head decides)."""
    set_consent(svc, who, talks_id, consent=body.consent)
    return ConsentView(consents_to_mediator=body.consent)


@router.get("/talks/{talks_id}/analysis", response_model=OwnAnalysis)
def my_analysis(talks_id: str, who: Caller, svc: Svc) -> dict[str, Any]:
    """Your party's best packages, and where each proposal you may read stands for it."""
    return own_analysis(svc, who, talks_id)


@router.get(
    "/talks/{talks_id}/mediation",
    response_model=MediatorAnalysis,
    response_model_exclude_unset=True,
)
def mediation(talks_id: str, who: Caller, svc: Svc) -> dict[str, Any]:
    """The mediator's analysis (mediators only), from the profiles of the parties that
    consented, two at least; the tentative package is the latest proposal the mediator reads."""
    return mediator_analysis(svc, who, talks_id)
