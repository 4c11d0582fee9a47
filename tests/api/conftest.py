"""Fixtures of API tests: the standard world on a SQLite file, and clients of the real app."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from pourparler import bootstrap
from pourparler.services.port import Services
from support.http import app_for_tests, as_header
from support.world import World, build_world


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    url = f"sqlite+pysqlite:///{tmp_path / 'pourparler.db'}"
    bootstrap.upgrade_database(url)
    return url


@pytest.fixture
def svc(sqlite_url: str) -> Iterator[Services]:
    services = bootstrap.build(sqlite_url)
    yield services
    services.close()


@pytest.fixture
def world(svc: Services) -> World:
    return build_world(svc)


@pytest.fixture
def client(svc: Services) -> Iterator[TestClient]:
    with TestClient(app_for_tests(svc), raise_server_exceptions=False) as test_client:
        yield test_client


@pytest.fixture
def as_(client: TestClient) -> Callable[[str], dict[str, str]]:
    return as_header
