"""Fixtures shared by every layer of tests."""

from __future__ import annotations

import os
import secrets
import shutil
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path

import pytest
from hypothesis import settings
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

POSTGRES_URL_VARIABLE = "POURPARLER_TEST_POSTGRES_URL"

# In every test (servers started by tests included) the shortcuts check themselves: every act
# also builds its facts whole and refuses to commit if those it built only where it changed the
# talks differ, and every answer kept with a snapshot is compared with one computed anew.
os.environ["POURPARLER_AUDIT"] = "1"


@pytest.fixture(
    params=[
        pytest.param("sqlite", id="sqlite"),
        pytest.param("postgresql", id="postgresql", marks=pytest.mark.postgres),
    ]
)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """The URL of an empty database for this test alone.

    SQLite: a file in the test's temporary directory. PostgreSQL: a fresh schema on the server
    named by POURPARLER_TEST_POSTGRES_URL, made the connection's search path by the URL itself
    (`options=-csearch_path=...`) and dropped afterwards; without the variable the test is
    skipped, with a message saying so.
    """
    if request.param == "sqlite":
        yield f"sqlite+pysqlite:///{tmp_path / 'pourparler.db'}"
        return
    server = os.environ.get(POSTGRES_URL_VARIABLE)
    if not server:
        pytest.skip(f"{POSTGRES_URL_VARIABLE} is not set: PostgreSQL tests need it")
    yield from _postgres_schema(server)


@pytest.fixture
def fresh_database(database_url: str, tmp_path: Path) -> Callable[[], AbstractContextManager[str]]:
    """A maker of upgraded, empty databases of the same kind as `database_url`, one per call.

    For tests that need fresh state several times in one test: each Hypothesis example, say,
    so that what one example wrote cannot make the next one pass or fail. SQLite copies one
    upgraded file; PostgreSQL gets a new schema each time.
    """
    from pourparler import bootstrap

    count = iter(range(1_000_000))
    template = tmp_path / "upgraded.db"

    @contextmanager
    def make() -> Iterator[str]:
        if database_url.startswith("sqlite"):
            if not template.exists():
                bootstrap.upgrade_database(f"sqlite+pysqlite:///{template}")
            file = tmp_path / f"example-{next(count)}.db"
            shutil.copyfile(template, file)
            try:
                yield f"sqlite+pysqlite:///{file}"
            finally:
                for leftover in tmp_path.glob(f"{file.name}*"):
                    leftover.unlink()
            return
        schema = _postgres_schema(os.environ[POSTGRES_URL_VARIABLE])
        try:
            url = next(schema)
            bootstrap.upgrade_database(url)
            yield url
        finally:
            schema.close()  # drops the schema, whether the example passed or not

    return make


def _postgres_schema(server: str) -> Iterator[str]:
    schema = f"t_{secrets.token_hex(6)}"
    admin = create_engine(server)
    try:
        with admin.begin() as connection:
            connection.execute(text(f"CREATE SCHEMA {schema}"))
        url = make_url(server).update_query_dict({"options": f"-csearch_path={schema}"})
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.begin() as connection:
            # A connection the test left open must not make the clean-up wait for ever.
            connection.execute(text("SET LOCAL lock_timeout = '10s'"))
            connection.execute(text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
        admin.dispose()


@pytest.fixture(autouse=True, scope="session")
def _signing_key(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """The tests' installations sign with one key file made for the run, never with one in the
    working folder (databases shared by a module's tests find the same key)."""
    before = os.environ.get("POURPARLER_SIGNING_KEY")
    os.environ["POURPARLER_SIGNING_KEY"] = str(tmp_path_factory.mktemp("keys") / "signing-key")
    yield
    if before is None:
        del os.environ["POURPARLER_SIGNING_KEY"]
    else:
        os.environ["POURPARLER_SIGNING_KEY"] = before


@pytest.fixture(autouse=True)
def _plain_domain_classes() -> Iterator[None]:
    """Leave the domain's classes unmapped after each test, as the fast tests expect them.

    The ORM maps classes for the whole process; tests through the store map them on demand.
    """
    yield
    from pourparler.store.mapping import stop_mappers

    stop_mappers()


# `make test` gives everyone the same examples every run, CI or not: a test that fails for one
# person fails for all, and a failure found once is not "flaky" on the next run. Saved examples
# are not replayed either (database=None), so an old failure found on one machine cannot make
# that machine's run differ. Long randomised campaigns are `make fuzz` (HYPOTHESIS_PROFILE=fuzz):
# new examples every run, failures saved in .hypothesis/ and replayed first the next time.
settings.register_profile("test", derandomize=True, database=None, print_blob=True)
settings.register_profile("fuzz", derandomize=False, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "test"))
