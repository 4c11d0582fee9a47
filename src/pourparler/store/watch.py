"""The record heads of some talks, read on demand: how a server process on SQLite, which has
no NOTIFY (store/notice.py), notices acts made outside it (another worker, the command line)."""

from __future__ import annotations

from collections.abc import Collection

from sqlalchemy import select
from sqlalchemy.exc import DBAPIError

from pourparler.store.database import make_engine, unavailable
from pourparler.store.mapping import record_heads

__all__ = ["HeadWatch"]


class HeadWatch:
    """Reads the record heads of given talks, through a connection pool of its own, so that
    watching never takes a connection a request needs."""

    def __init__(self, url: str) -> None:
        self._engine = make_engine(url, pool_size=1)

    def heads(self, talks_ids: Collection[str]) -> dict[str, int]:
        """The sequence number of the last entry of each of `talks_ids` that has a record.

        Raises StoreUnavailable when the database cannot be read."""
        query = select(record_heads.c.talks_id, record_heads.c.seq).where(
            record_heads.c.talks_id.in_(sorted(talks_ids))
        )
        try:
            with self._engine.connect() as connection:
                return {row.talks_id: row.seq for row in connection.execute(query)}
        except DBAPIError as exc:
            raise unavailable(self._engine.url, exc) from None

    def close(self) -> None:
        self._engine.dispose()
