"""What the API routers share: pagination, versions as ETags, and the caller's retry."""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Sequence
from typing import Annotated, Any, TypeVar

from fastapi import Header, Query, Response
from pydantic import BaseModel, ConfigDict

from pourparler.domain.error import Collision
from pourparler.server.problem import PreconditionFailed, PreconditionRequired
from pourparler.services.model import Page

__all__ = [
    "PRECONDITIONS",
    "Body",
    "IfMatch",
    "Limit",
    "Offset",
    "Page",
    "expect_version",
    "json_reply",
    "model_json",
    "page_of",
    "retried",
    "set_etag",
    "stale",
]

T = TypeVar("T")
Offset = Annotated[int, Query(ge=0, le=1_000_000, description="How many items to skip.")]
Limit = Annotated[int, Query(ge=1, le=200, description="How many items at most.")]
IfMatch = Annotated[
    str | None,
    Header(
        alias="If-Match",
        description="The ETag of the version this write starts from (required).",
    ),
]


class Body(BaseModel):
    """A request body: a key the route does not know is refused (422 naming it), so that a
    misspelt field is never silently ignored."""

    model_config = ConfigDict(extra="forbid")


PRECONDITIONS: dict[int | str, dict[str, Any]] = {
    412: {"description": "Someone saved another version since the one If-Match names: reload."},
    428: {"description": "If-Match is missing: send the ETag of the version you read."},
}
"""The refusals of a write on something versioned, as the OpenAPI document lists them."""


def page_of(items: Sequence[T], offset: int, limit: int) -> Page[T]:
    return Page[T](
        items=list(items[offset : offset + limit]), total=len(items), offset=offset, limit=limit
    )


def model_json(model: type[BaseModel]) -> Callable[[Any], bytes]:
    """What a route whose response model is `model` sends for a document (unset fields left
    out): the shape of an answer the services keep (view.shaped_talks). Made once, at import,
    so that one shape always names the same kept answer."""

    def shape(document: Any) -> bytes:
        return model.model_validate(document).model_dump_json(exclude_unset=True).encode()

    return shape


def json_reply(body: bytes, etag: str | None = None) -> Response:
    """JSON already shaped by its model (`model_json`)."""
    reply = Response(body, media_type="application/json")
    if etag is not None:
        set_etag(reply, etag)
    return reply


def set_etag(response: Response, version: str) -> None:
    response.headers["ETag"] = f'"{version}"'


def expect_version(if_match: str | None) -> str:
    """The version an If-Match header names (a write without one gets 428)."""
    if if_match is None or not if_match.strip():
        raise PreconditionRequired(
            "send If-Match with the ETag you read, so that nobody's edit is overwritten unseen"
        )
    value = if_match.strip()
    if value == "*":  # any version at all: exactly the blind overwrite If-Match is here to stop
        raise PreconditionRequired(
            "If-Match: * is not accepted here: send the ETag of the version you read"
        )
    if value.startswith("W/"):
        value = value[2:]
    return value.strip('"')


R = TypeVar("R")


def retried(act: Callable[[], R], attempts: int = 8) -> R:
    """Run a use case again when another act landed in the same talks at the same moment: the
    act then sees what is stored now, and is refused for good if it no longer fits. Each retry
    waits a little longer, at random, so that writers racing on one talks fall out of step."""
    for attempt in range(1, attempts):
        try:
            return act()
        except Collision:
            time.sleep(random.uniform(0, 0.005 * attempt))
    return act()


def stale(version: str, latest: str) -> None:
    """Refuse a write that started from `version` when `latest` is stored now (412)."""
    if version != latest:
        raise PreconditionFailed("someone saved a newer version since you read it: reload it")
