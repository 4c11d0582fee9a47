"""The entry point uvicorn imports in each worker: `pourparler.server.asgi:application`.

Every worker builds its own services from the environment (POURPARLER_DATABASE_URL and
POURPARLER_SIGNING_KEY), as `pourparler serve` sets it.
"""

from __future__ import annotations

from fastapi import FastAPI

from pourparler.server.app import create_app

__all__ = ["application"]


def application() -> FastAPI:
    return create_app()
