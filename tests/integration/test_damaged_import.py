"""Damaged exports imported into a real database: a clear error or a whole import, never a
crash and never a half-written change, on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pourparler import bootstrap
from pourparler.domain.error import InvalidInput, PourparlerError
from pourparler.domain.talks import Talks
from pourparler.services.transfer import import_talks
from pourparler.services.view import list_talks
from support.caller import OPERATOR
from support.damage import damaged
from support.exports import valid_export
from support.snapshot import table_contents


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(st.data())
def test_a_damaged_export_never_crashes_the_store(
    fresh_database: Callable[[], AbstractContextManager[str]], data: st.DataObject
) -> None:
    sample = valid_export()  # built in memory, before the ORM maps the domain's classes
    document = data.draw(damaged(sample))
    # Each example on a database of its own: an import that one example left behind must not
    # turn the next into a "talks already exist" refusal, nor a replayed failure into a pass.
    with fresh_database() as url:
        before = table_contents(url)
        svc = bootstrap.build(url)
        try:
            import_talks(svc, OPERATOR, document)
            refused = False
        except PourparlerError:
            refused = True
        finally:
            svc.close()
        if refused:
            assert table_contents(url) == before, "a refused import changed the database"


def _with(document: dict, path: tuple, value: object) -> dict:
    import copy

    changed = copy.deepcopy(document)
    node = changed
    for step in path[:-1]:
        node = node[step]
    node[path[-1]] = value
    return changed


@pytest.mark.parametrize(
    "path",
    [("talks", "id"), ("talks", "parties", 0, "id"), ("talks", "memoranda", 0, "id")],
)
def test_an_id_that_no_column_could_hold_is_refused(database_url: str, path: tuple) -> None:
    sample = valid_export()
    bootstrap.upgrade_database(database_url)
    svc = bootstrap.build(database_url)
    try:
        with pytest.raises(InvalidInput, match="is not an id"):
            import_talks(svc, OPERATOR, _with(sample, path, "x" * 50))
        assert list_talks(svc, OPERATOR) == []
    finally:
        svc.close()


def test_a_value_the_database_refuses_becomes_a_clear_error(database_url: str) -> None:
    """Beyond the checks of the domain, the store turns a refused value into InvalidInput."""
    if database_url.startswith("sqlite"):
        pytest.skip("SQLite does not enforce column lengths: only PostgreSQL can refuse here")
    bootstrap.upgrade_database(database_url)
    svc = bootstrap.build(database_url)
    try:
        with svc.unit_of_work() as uow:
            uow.talks.add(Talks("Overflow", id="z" * 50))
            with pytest.raises(InvalidInput, match="too long"):
                uow.commit()
    finally:
        svc.close()
