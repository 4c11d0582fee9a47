"""What a database holds, table by table, to prove that a refused command changed nothing."""

from __future__ import annotations

from typing import Any

from sqlalchemy import MetaData, create_engine, select

__all__ = ["table_contents"]


def table_contents(url: str) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table at `url`, sorted, as plain tuples (SQLite or PostgreSQL).

    Rows are compared by value, so two snapshots are equal exactly when no row was added,
    removed or changed, whatever order the database returns them in.
    """
    engine = create_engine(url)
    try:
        metadata = MetaData()
        metadata.reflect(engine)
        with engine.connect() as connection:
            return {
                name: sorted((tuple(row) for row in connection.execute(select(table))), key=repr)
                for name, table in sorted(metadata.tables.items())
            }
    finally:
        engine.dispose()
