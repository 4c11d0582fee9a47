"""An SQL edit of any column that holds talks content makes `record verify` fail, on SQLite and
on PostgreSQL.

The demo talks are loaded and given what the demo lacks (a shared version, a withdrawn
commitment at a deadline exchange, secret bids, an acceptance, a mediator's note), so that every
table holds rows. Then every column of every talks table is edited in turn, verified, and put
back. Columns left out are listed with the reason; a new column must be added to one or the other.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import JSON, Boolean, DateTime, Engine, Float, Integer, MetaData, create_engine
from sqlalchemy import Table as SqlTable

from pourparler import bootstrap
from pourparler.services import exchange, memorandum, note, round, secret, text
from pourparler.services.port import Services
from pourparler.services.verification import verify_record
from pourparler.services.view import list_talks, talks_document
from pourparler.store.mapping import metadata as mapped
from pourparler.store.types import EnumText
from support.caller import OPERATOR, by
from support.cli import cli_on

ENVOY = "envoy@harbour.example"
NORTH, SOUTH = "head@northland.example", "head@southland.example"

# Where the rows of one talks are, table by table: (column, parent table, parent's column).
ROWS = {
    "talks": ("id", None, None),
    "parties": ("talks_id", None, None),
    "memberships": ("talks_id", None, None),
    "issues": ("talks_id", None, None),
    "rounds": ("talks_id", None, None),
    "memoranda": ("talks_id", None, None),
    "memorandum_versions": ("memorandum_id", "memoranda", "id"),
    "exchanges": ("talks_id", None, None),
    "commitments": ("exchange_id", "exchanges", "id"),
    "clarifications": ("talks_id", None, None),
    "negotiating_texts": ("talks_id", None, None),
    "text_versions": ("text_id", "negotiating_texts", "id"),
    "acceptances": ("text_id", "negotiating_texts", "id"),
    "preference_profiles": ("talks_id", None, None),
    "mediator_notes": ("talks_id", None, None),
    "secret_verdicts": ("talks_id", None, None),
    "record_entries": ("talks_id", None, None),
    "record_heads": ("talks_id", None, None),
    "record_signatures": ("talks_id", None, None),
}
WHY = {
    "id": "a row's identity: the fact keys name it, and foreign keys hold it in place",
    "link": "a row's link to its parent (its talks, text, memorandum or exchange)",
    "order": "a list shown sorted by its own fields (issues, rounds) or filtered per reader "
    "(memoranda, profiles): its stored position shows nowhere",
}
SORTED_OR_FILTERED = {"issues", "rounds", "memoranda", "preference_profiles"}


def _left_out(table: str, column: str) -> str | None:
    if column == "id" or (table == "record_heads" and column == "talks_id"):
        return WHY["id"]
    if table != "talks" and column == ROWS[table][0]:
        return WHY["link"]
    if column == "position" and table in SORTED_OR_FILTERED:
        return WHY["order"]
    return None


@pytest.fixture
def demo(database_url: str) -> Iterator[tuple[Services, Engine, str]]:
    run = cli_on(database_url)
    assert run("db", "upgrade").code == 0
    assert run("demo").code == 0
    svc = bootstrap.build(database_url)
    ids = {t["title"]: t["id"] for t in list_talks(svc, OPERATOR)}
    talks_id = ids["Northland–Southland ceasefire talks"]
    _complete(svc, talks_id)
    engine = create_engine(database_url)
    yield svc, engine, talks_id
    engine.dispose()
    svc.close()


def _complete(svc: Services, talks_id: str) -> None:
    """What the demo lacks, so that every table holds a row of these talks."""
    doc = talks_document(svc, by(NORTH), talks_id, with_record=False)
    memo = next(m for m in doc["memoranda"] if m["party"] == doc["parties"][0]["id"])
    memorandum.share_with_mediator(svc, by(NORTH), talks_id, memo["id"], version=1)
    soon = datetime.now(UTC) + timedelta(days=10)
    third = round.propose_round(
        svc,
        by(ENVOY),
        talks_id,
        starts_at=soon,
        time_zone="Europe/Istanbul",
        venue="Harbour City",
    )
    for head in (NORTH, SOUTH):
        round.accept_round(svc, by(head), talks_id, third.id)
    sealed = exchange.open_exchange(
        svc,
        by(ENVOY),
        talks_id,
        third.id,
        title="Redrafts",
        policy="at_deadline",
        deadline=soon,
    )
    exchange.commit_document(
        svc, by(NORTH), talks_id, sealed.id, memorandum_id=memo["id"], version=2
    )
    exchange.withdraw_commitment(svc, by(NORTH), talks_id, sealed.id)
    exchange.commit_document(
        svc, by(NORTH), talks_id, sealed.id, memorandum_id=memo["id"], version=1
    )
    for head, minimum in ((NORTH, 0.3), (SOUTH, 0.35)):
        secret.set_secret_minimum(svc, by(head), talks_id, minimum=minimum)
    current = talks_document(svc, by(NORTH), talks_id, with_record=False)["text"]["versions"][-1]
    text.accept_text(svc, by(NORTH), talks_id, version_hash=current["hash"])
    note.write_note(svc, by(ENVOY), talks_id, text="North may move on scope", round_id=third.id)


def _rows(engine: Engine, tables: dict[str, SqlTable], table: str, talks_id: str) -> list[Any]:
    column, parent, key = ROWS[table]
    t = tables[table]
    with engine.connect() as connection:
        if parent is None:
            query = t.select().where(t.c[column] == talks_id)
        else:
            p = tables[parent]
            inner = p.select().with_only_columns(p.c[key]).where(p.c.talks_id == talks_id)
            query = t.select().where(t.c[column].in_(inner.scalar_subquery()))
        return list(connection.execute(query))


def _other_id(engine: Engine, tables: dict[str, SqlTable], target: str, avoid: set[Any]) -> str:
    """An id of a `target` row that these talks do not use in the column edited (so that no
    uniqueness rule stands in the way): another talks' row, or another person."""
    table = tables[target]
    key = table.c[next(iter(table.primary_key.columns)).name]
    with engine.connect() as connection:
        found = [r[0] for r in connection.execute(table.select().with_only_columns(key))]
    return next(i for i in reversed(found) if i not in avoid)


def _changed(
    engine: Engine,
    tables: dict[str, SqlTable],
    table: str,
    column: str,
    value: Any,
    used: set[Any],
) -> Any:
    reflected = tables[table].c[column]
    declared = mapped.tables[table].c[column] if table in mapped.tables else None
    if declared is not None and isinstance(declared.type, EnumText):
        return next(m.value for m in declared.type.enum if m.value != value)
    if reflected.foreign_keys:
        target = next(iter(reflected.foreign_keys)).column.table.name
        return _other_id(engine, tables, target, used | {value})
    if isinstance(reflected.type, Boolean):
        return not value
    if isinstance(reflected.type, Integer):
        return value + 1000
    if isinstance(reflected.type, Float):
        return 0.5 if value is None else value + 0.125
    if isinstance(reflected.type, DateTime):
        return datetime(2030, 1, 1) if value is None else value + timedelta(seconds=1)
    if isinstance(reflected.type, JSON):
        if isinstance(value, dict):
            return {**value, "high": value.get("high", 0) + 1} if "high" in value else {}
        return value[:-1] if value else ["x"]
    if not value:
        return "x"
    return value[:-1] + ("0" if value[-1] != "0" else "1")  # same length: columns have limits


def _pick(rows: list[Any], column: str) -> Any:
    """The row whose value is the richest to edit: set, and not empty."""
    return max(rows, key=lambda r: (getattr(r, column) is not None, bool(getattr(r, column))))


def _cases() -> list[tuple[str, str]]:
    return [
        (table, column.name)
        for table in ROWS
        for column in mapped.tables[table].columns
        if _left_out(table, column.name) is None
    ]


def test_every_talks_table_is_covered() -> None:
    talks_tables = {
        t.name for t in mapped.tables.values() if "talks_id" in t.c or t.name == "talks"
    }
    children = {"memorandum_versions", "commitments", "text_versions", "acceptances"}
    # How imported talks came (whether their signatures held, what their export lacked): the
    # installation's note, shown with the talks, not content of them.
    imports = {"talks_imports"}
    # Invitations name the talks of the seat they came with; the seat itself is a membership,
    # bound to the record. An invitation is a credential, kept hashed, not a fact of the talks.
    credentials = {"invitations"}
    assert talks_tables | children == set(ROWS) | imports | credentials


def _escapes(svc: Services, engine: Engine, talks_id: str, table: str, column: str) -> bool:
    """Edit one column of one row of the talks; True when verification did not notice."""
    tables = {t: SqlTable(t, MetaData(), autoload_with=engine) for t in (table, *_targets(table))}
    rows = _rows(engine, tables, table, talks_id)
    if column == "position":
        if len(rows) < 2:
            return False  # one row: there is no order to change
        row = max(rows, key=lambda r: r.position)  # moved from last to first
    else:
        row = _pick(rows, column)
    before = getattr(row, column)
    key = {c.name: getattr(row, c.name) for c in tables[table].primary_key.columns}
    where = [tables[table].c[k] == v for k, v in key.items()]
    edited = (
        -1
        if column == "position"
        else _changed(engine, tables, table, column, before, _used(rows, column))
    )
    with engine.begin() as connection:
        connection.execute(tables[table].update().where(*where).values({column: edited}))
    try:
        return verify_record(svc, OPERATOR, talks_id).problems == []
    finally:
        with engine.begin() as connection:
            connection.execute(tables[table].update().where(*where).values({column: before}))


def _used(rows: list[Any], column: str) -> set[Any]:
    values = [getattr(r, column) for r in rows]
    return {v for v in values if isinstance(v, str)}


def _targets(table: str) -> set[str]:
    parent = ROWS[table][1]
    referenced = {
        fk.column.table.name for c in mapped.tables[table].columns for fk in c.foreign_keys
    }
    return referenced | ({parent} if parent else set())


def test_an_sql_edit_of_any_content_column_fails_verification(demo) -> None:
    svc, engine, talks_id = demo
    assert verify_record(svc, OPERATOR, talks_id).problems == []
    escaped = [(t, c) for t, c in _cases() if _escapes(svc, engine, talks_id, t, c)]
    assert escaped == []
    assert verify_record(svc, OPERATOR, talks_id).problems == []
