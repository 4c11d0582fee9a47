"""The command line against an upgraded SQLite file of the test's own."""

from __future__ import annotations

import pytest

from support.cli import Cli, cli_on


@pytest.fixture
def cli(tmp_path) -> Cli:
    run = cli_on(f"sqlite+pysqlite:///{tmp_path / 'cli.db'}")
    assert run("db", "upgrade").code == 0
    return run
