"""Secret bids: each party's head names privately the least utility the party would accept;
all learn only whether the bids overlap and, if so, the fairest package. No route returns a
bid, the caller's own aside (in its party's profile)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict, Field

from pourparler.server.api.common import Body
from pourparler.server.auth import Caller, Svc
from pourparler.services.secret import secret_outcome, set_secret_minimum

__all__ = ["router"]

router = APIRouter(tags=["secret bids"])


class SecretBid(Body):
    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)

    minimum: float | None = Field(
        ge=0, le=1, description="The least utility your party accepts, 0 to 1; null withdraws."
    )


class BidPlaced(BaseModel):
    reopened: bool = Field(
        description="True when your bid reopened the bidding, withdrawing every other bid."
    )


class SecretOutcome(BaseModel):
    """Whether the bids overlap; `ready` false while bids are missing."""

    ready: bool
    your_bid_stands: bool | None = Field(
        None,
        description="While not ready, to a party's members: whether their own party's bid "
        "stands on its current profile. Nobody is told how many others are still to bid.",
    )
    overlap: bool | None = None
    package: dict[str, Any] | None = None
    your_utility: float | None = Field(None, description="Your party's utility at the package.")


@router.put("/talks/{talks_id}/secret-bid", response_model=BidPlaced)
def place_bid(talks_id: str, body: SecretBid, who: Caller, svc: Svc) -> BidPlaced:
    """Place (or withdraw) your party's secret bid; the head of delegation decides."""
    return BidPlaced(reopened=set_secret_minimum(svc, who, talks_id, minimum=body.minimum))


@router.get(
    "/talks/{talks_id}/secret-bid/outcome",
    response_model=SecretOutcome,
    response_model_exclude_unset=True,
)
def bid_outcome(talks_id: str, who: Caller, svc: Svc) -> dict[str, Any]:
    """Whether the bids overlap, and the fairest package if they do."""
    return secret_outcome(svc, who, talks_id)
