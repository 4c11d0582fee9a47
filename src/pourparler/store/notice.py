"""Word that a talks' record grew, given only once the act is committed.

Whoever follows a talks live (the API's event streams) must learn of a new act wherever it was
made. On PostgreSQL the append itself sends `NOTIFY pourparler_record, '<talks id>'` in the
act's own transaction: PostgreSQL delivers it to every listening connection, in every worker
process, when and only when the transaction commits. In this process, whatever the database,
the talks ids appended by a session are also handed to local listeners right after that
session commits (a rolled-back act announces nothing). SQLite has no NOTIFY: there a process
learns of acts made by others (another worker, the command line) by reading the record heads of
the talks it follows (store/watch.py). The word carries the talks id and nothing else: each
listener reads what it may see for itself.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable

from sqlalchemy import event, text
from sqlalchemy.orm import Session, sessionmaker

__all__ = [
    "CHANNEL",
    "announce_append",
    "announce_committed",
    "listen_locally",
    "watch_commits",
]

CHANNEL = "pourparler_record"
_APPENDED = "pourparler_appended_talks"

Listener = Callable[[str], None]
_listeners: list[Listener] = []
_lock = threading.Lock()


def announce_append(session: Session, talks_id: str) -> None:
    """Note that `session` appended to the record of `talks_id`; on PostgreSQL, NOTIFY in the
    same transaction (once per talks: PostgreSQL folds repeats anyway)."""
    appended: set[str] = session.info.setdefault(_APPENDED, set())
    if talks_id in appended:
        return
    appended.add(talks_id)
    if session.get_bind().dialect.name == "postgresql":
        notify = text("SELECT pg_notify(:channel, :talks)")
        session.execute(notify, {"channel": CHANNEL, "talks": talks_id})


def listen_locally(listener: Listener) -> Callable[[], None]:
    """Call `listener(talks_id)` after every commit in this process that appended to a talks'
    record; returns the function that stops it. Listeners run in the committing thread and
    must return at once."""
    with _lock:
        _listeners.append(listener)

    def stop() -> None:
        with _lock:
            if listener in _listeners:
                _listeners.remove(listener)

    return stop


def announce_committed(talks_ids: Iterable[str]) -> None:
    """Hand the talks whose record a committed transaction grew to this process's listeners;
    also for a store that commits without SQLAlchemy (the tests' in-memory store), so that
    live events work over it as over a database."""
    appended = sorted(set(talks_ids))
    if not appended:
        return
    with _lock:
        listeners = list(_listeners)
    for talks_id in appended:
        for listener in listeners:
            listener(talks_id)


def _committed(session: Session) -> None:
    announce_committed(session.info.pop(_APPENDED, set()))


def _rolled_back(session: Session, _previous: object) -> None:
    session.info.pop(_APPENDED, None)


def watch_commits(sessions: sessionmaker[Session]) -> None:
    """Make the sessions of `sessions` announce their appends once committed."""
    event.listen(sessions, "after_commit", _committed)
    event.listen(sessions, "after_soft_rollback", _rolled_back)
