"""The store: SQLAlchemy mapping of the domain, repositories, unit of work, migrations.

Nothing here connects or maps at import time. Wiring, from a database URL::

    engine = make_engine(url)                 # InvalidInput for a bad URL
    upgrade(url)                              # Alembic, to the latest revision
    sessions = make_session_factory(engine)   # starts the mapping
    with SqlUnitOfWork(sessions) as uow:
        uow.people.add(person)
        uow.commit()                          # Conflict for a broken constraint
"""

from pourparler.store.database import check_connection, make_engine, make_session_factory
from pourparler.store.mapping import metadata, start_mappers
from pourparler.store.migrate import current, downgrade, head, upgrade
from pourparler.store.repository import (
    SqlCredentialRepository,
    SqlPersonRepository,
    SqlRecordRepository,
    SqlTalksRepository,
)
from pourparler.store.uow import SqlUnitOfWork

__all__ = [
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
