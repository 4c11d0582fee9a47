"""The migrations build, from nothing, exactly the schema the mapping expects."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect

from pourparler.store import current, downgrade, head, make_engine, metadata, upgrade


def test_an_empty_database_is_at_no_revision(database_url: str) -> None:
    assert current(database_url) is None


def test_upgrade_from_empty_reaches_the_latest_revision(database_url: str) -> None:
    upgrade(database_url)
    assert current(database_url) == head() == "0004"
    engine = make_engine(database_url)
    try:
        tables = set(inspect(engine).get_table_names())
    finally:
        engine.dispose()
    assert tables == set(metadata.tables) | {"alembic_version"}


def test_the_migrated_schema_matches_the_mapping(database_url: str) -> None:
    upgrade(database_url)
    engine = make_engine(database_url)
    try:
        with engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            differences = compare_metadata(context, metadata)
    finally:
        engine.dispose()
    assert differences == []


def test_upgrading_twice_changes_nothing(database_url: str) -> None:
    upgrade(database_url)
    upgrade(database_url)
    assert current(database_url) == "0004"


def test_a_downgrade_to_base_removes_every_table(database_url: str) -> None:
    upgrade(database_url)
    downgrade(database_url, "base")
    engine = make_engine(database_url)
    try:
        assert set(inspect(engine).get_table_names()) == {"alembic_version"}
    finally:
        engine.dispose()
    assert current(database_url) is None
