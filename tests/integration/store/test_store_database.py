"""Engines from URLs: clear errors for a bad URL or a database that cannot be used."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import pourparler.store
from pourparler.domain.error import InvalidInput, StoreUnavailable
from pourparler.store import (
    SqlUnitOfWork,
    check_connection,
    current,
    make_engine,
    make_session_factory,
    upgrade,
)


@pytest.mark.parametrize(
    ("url", "says"),
    [
        ("not a url", "not a URL"),
        ("", "not a URL"),
        ("mysql://root@localhost/db", "does not store in 'mysql'"),
        ("sqlite://", "needs a file"),
        ("sqlite:///:memory:", "needs a file"),
    ],
)
def test_a_bad_url_is_invalid_input_with_help(url: str, says: str) -> None:
    with pytest.raises(InvalidInput, match=says) as caught:
        make_engine(url)
    assert "postgresql+psycopg://" in caught.value.message


def test_a_password_never_shows_in_a_message() -> None:
    with pytest.raises(InvalidInput) as caught:
        make_engine("mysql://root:s3cret@localhost/db")
    assert "s3cret" not in caught.value.message


def test_plain_scheme_names_get_the_drivers_pourparler_ships() -> None:
    assert make_engine("postgresql://u:p@localhost/db").url.drivername == "postgresql+psycopg"
    assert make_engine("sqlite:///x.db").url.drivername == "sqlite+pysqlite"


def test_an_unreachable_server_is_store_unavailable() -> None:
    url = "postgresql+psycopg://nobody:s3cret@127.0.0.1:9/nothing?connect_timeout=2"
    engine = make_engine(url)
    try:
        with pytest.raises(StoreUnavailable, match="cannot be used") as caught:
            check_connection(engine)
    finally:
        engine.dispose()
    assert "s3cret" not in caught.value.message
    with pytest.raises(StoreUnavailable):
        upgrade(url)
    with pytest.raises(StoreUnavailable):
        current(url)


def test_a_unit_of_work_on_an_unreachable_server_is_store_unavailable() -> None:
    engine = make_engine("postgresql+psycopg://nobody@127.0.0.1:9/nothing?connect_timeout=2")
    try:
        with (
            pytest.raises(StoreUnavailable, match="cannot be used"),
            SqlUnitOfWork(make_session_factory(engine)) as uow,
        ):
            uow.people.by_email("amina@north.example")
    finally:
        engine.dispose()


def test_a_sqlite_file_in_a_missing_folder_is_store_unavailable(tmp_path: Path) -> None:
    url = f"sqlite+pysqlite:///{tmp_path / 'missing' / 'pourparler.db'}"
    with pytest.raises(StoreUnavailable, match="unable to open database file"):
        upgrade(url)


def test_a_database_never_migrated_says_what_to_run(database_url: str) -> None:
    engine = make_engine(database_url)
    try:
        with (
            pytest.raises(StoreUnavailable, match="pourparler db upgrade"),
            SqlUnitOfWork(make_session_factory(engine)) as uow,
        ):
            uow.talks.list()
    finally:
        engine.dispose()


def test_the_public_surface_is_what_the_package_declares() -> None:
    assert sorted(pourparler.store.__all__) == [
        "SqlCredentialRepository",
        "SqlPersonRepository",
        "SqlRecordRepository",
        "SqlTalksRepository",
        "SqlUnitOfWork",
        "check_connection",
        "current",
        "downgrade",
        "head",
        "make_engine",
        "make_session_factory",
        "metadata",
        "start_mappers",
        "upgrade",
    ]
    assert all(hasattr(pourparler.store, name) for name in pourparler.store.__all__)


def test_importing_the_store_maps_nothing() -> None:
    probe = (
        "import pourparler.store\n"
        "from pourparler.domain.talks import Talks\n"
        "assert '_sa_class_manager' not in vars(Talks), 'mapped at import'\n"
        "pourparler.store.start_mappers()\n"
        "pourparler.store.start_mappers()\n"
        "assert '_sa_class_manager' in vars(Talks)\n"
    )
    subprocess.run([sys.executable, "-W", "error", "-c", probe], check=True)
