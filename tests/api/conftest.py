"""Fixtures of API tests: the standard world on a SQLite file, and clients of the real app.

The world is built once per run into a template file (migrations and password hashing take
seconds); each test gets a copy of its own, so what one test writes never reaches another.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from pourparler import bootstrap
from pourparler.services.port import Services
from support.api import Api, serve
from support.http import app_for_tests
from support.world import World, build_world


@pytest.fixture(scope="session")
def _world_template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, World]:
    file = tmp_path_factory.mktemp("template") / "world.db"
    url = f"sqlite+pysqlite:///{file}"
    bootstrap.upgrade_database(url)
    services = bootstrap.build(url)
    try:
        built = build_world(services)
    finally:
        services.close()
    return file, built


@pytest.fixture
def sqlite_url(_world_template: tuple[Path, World], tmp_path: Path) -> str:
    template, _ = _world_template
    for part in template.parent.glob(f"{template.name}*"):
        shutil.copyfile(part, tmp_path / part.name.replace(template.name, "pourparler.db"))
    return f"sqlite+pysqlite:///{tmp_path / 'pourparler.db'}"


@pytest.fixture
def svc(sqlite_url: str) -> Iterator[Services]:
    services = bootstrap.build(sqlite_url)
    yield services
    services.close()


@pytest.fixture
def world(svc: Services, _world_template: tuple[Path, World]) -> World:
    """The standard world (support.world), on this test's own copy of the database."""
    return replace(_world_template[1], svc=svc)


@pytest.fixture
def client(svc: Services) -> Iterator[TestClient]:
    with TestClient(app_for_tests(svc), raise_server_exceptions=False) as test_client:
        yield test_client


@pytest.fixture
def api() -> Iterator[Api]:
    """The application over the standard cast in memory, called as any member."""
    served = serve()
    with served.client:
        yield served
