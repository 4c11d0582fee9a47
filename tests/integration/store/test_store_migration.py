"""The migrations build, from nothing, exactly the schema the mapping expects."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, text

from pourparler.store import current, downgrade, head, make_engine, metadata, upgrade


def test_an_empty_database_is_at_no_revision(database_url: str) -> None:
    assert current(database_url) is None


def test_upgrade_from_empty_reaches_the_latest_revision(database_url: str) -> None:
    upgrade(database_url)
    assert current(database_url) == head() == "0007"
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
    assert current(database_url) == "0007"


def test_a_downgrade_to_base_removes_every_table(database_url: str) -> None:
    upgrade(database_url)
    downgrade(database_url, "base")
    engine = make_engine(database_url)
    try:
        assert set(inspect(engine).get_table_names()) == {"alembic_version"}
    finally:
        engine.dispose()
    assert current(database_url) is None


def test_revision_0004_leaves_delegates_to_their_heads_and_withdraws_old_bids(
    database_url: str,
) -> None:
    upgrade(database_url, "0003")
    engine = make_engine(database_url)
    rows = {
        "people": [{"id": f"p{k}", "name": f"P{k}", "email": f"p{k}@x.org"} for k in range(3)],
        "seats": [("p0", "head"), ("p1", "delegate"), ("p2", "mediator")],
    }
    try:
        with engine.begin() as connection:
            connection.execute(
                text("INSERT INTO talks VALUES ('t', 'T', '', '[\"en\"]', 'active', NULL, '')")
            )
            connection.execute(text("INSERT INTO parties VALUES ('n', 't', 'North', 0)"))
            for person in rows["people"]:
                connection.execute(
                    text("INSERT INTO people VALUES (:id, :name, :email, '', false)"), person
                )
            for k, (person, role) in enumerate(rows["seats"]):
                connection.execute(
                    text("INSERT INTO memberships VALUES (:id, 't', :person, :role, :party, :k)"),
                    {
                        "id": f"m{k}",
                        "person": person,
                        "role": role,
                        "party": None if role == "mediator" else "n",
                        "k": k,
                    },
                )
            connection.execute(
                text(
                    "INSERT INTO preference_profiles VALUES "
                    "('f', 't', 'n', '[]', 0.2, false, NULL, 0.53, 0)"
                )
            )
        upgrade(database_url)
        with engine.connect() as connection:
            seats = dict(connection.execute(text("SELECT role, confirmed FROM memberships")).all())
            bids = connection.execute(text("SELECT secret_minimum FROM preference_profiles")).all()
    finally:
        engine.dispose()
    assert seats == {"head": True, "delegate": False, "mediator": True}
    assert bids == [(None,)]


def test_revision_0007_lets_no_earlier_account_open_talks_and_goes_back_keeping_them(
    database_url: str,
) -> None:
    upgrade(database_url, "0006")
    engine = make_engine(database_url)
    try:
        with engine.begin() as connection:
            for k, operator in enumerate((False, True)):
                connection.execute(
                    text("INSERT INTO people VALUES (:id, :name, :email, '', :operator)"),
                    {"id": f"p{k}", "name": f"P{k}", "email": f"p{k}@x.org", "operator": operator},
                )
        upgrade(database_url)
        with engine.begin() as connection:
            rows = connection.execute(text("SELECT id, opens_talks FROM people ORDER BY id"))
            assert [tuple(r) for r in rows] == [("p0", False), ("p1", False)]
            connection.execute(text("UPDATE people SET opens_talks = true WHERE id = 'p0'"))
        downgrade(database_url, "0006")
        with engine.connect() as connection:
            kept = connection.execute(text("SELECT id, operator FROM people ORDER BY id")).all()
            columns = {c["name"] for c in inspect(connection).get_columns("people")}
    finally:
        engine.dispose()
    assert [tuple(r) for r in kept] == [("p0", False), ("p1", True)]
    assert "opens_talks" not in columns
    assert current(database_url) == "0006"
