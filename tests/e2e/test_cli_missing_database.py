"""A command run on a SQLite file that does not exist refuses in one line, pointing to
`pourparler db upgrade`, and leaves no file behind; `db upgrade` creates it. The real command,
in a process of its own, as an operator runs it."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from pourparler.cli.main import exit_code
from pourparler.domain import error

POURPARLER = Path(sys.executable).with_name("pourparler")


def run(where: Path, *arguments: str) -> subprocess.CompletedProcess[str]:
    """`pourparler ARGUMENTS` in the folder `where`, on its default database (pourparler.db)."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("POURPARLER_DATABASE_URL", "POURPARLER_SIGNING_KEY")
    }
    env["POURPARLER_PASSWORD"] = "long enough password"
    return subprocess.run(
        [str(POURPARLER), *arguments],
        cwd=where,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize(
    "arguments",
    [
        ("talks", "list"),
        ("user", "add", "desk@harbour.example", "--name", "Desk"),
        ("db", "rotate-key"),
        ("serve", "--port", "8999"),
    ],
    ids=" ".join,
)
def test_a_command_on_a_database_file_that_does_not_exist_refuses_and_creates_nothing(
    tmp_path: Path, arguments: tuple[str, ...]
) -> None:
    refused = run(tmp_path, *arguments)
    assert refused.returncode == 2, (refused.stdout, refused.stderr)
    assert refused.stdout == ""
    lines = refused.stderr.strip().splitlines()
    assert lines == [
        f"error: the database file {tmp_path / 'pourparler.db'} does not exist yet: "
        "run 'pourparler db upgrade' to create it"
    ]
    assert list(tmp_path.iterdir()) == []


def test_db_upgrade_creates_the_file_and_the_same_command_then_works(tmp_path: Path) -> None:
    assert run(tmp_path, "talks", "list").returncode == 2
    upgraded = run(tmp_path, "db", "upgrade")
    assert upgraded.returncode == 0, upgraded.stderr
    assert (tmp_path / "pourparler.db").exists()
    said = upgraded.stdout
    assert f"created the database file {tmp_path / 'pourparler.db'}" in said
    assert f"created the signing key {tmp_path / 'pourparler.db.signing-key'}" in said
    again = run(tmp_path, "db", "upgrade")
    assert "created" not in again.stdout  # nothing new the second time
    listed = run(tmp_path, "talks", "list", "--json")
    assert (listed.returncode, listed.stdout.strip()) == (0, "[]"), listed.stderr


def test_the_error_tree_gives_the_exit_status_the_command_line_uses() -> None:
    """domain/error.py documents each error's exit status; cli/main.py's `exit_code` is the one
    that the commands use (a missing database file: StoreUnavailable, 2, as tested above)."""
    documented = {
        name: int(status)
        for name, status in re.findall(
            r"(\w+) {2,}[^\n]*\((?:HTTP \d+, )?(?:CLI )?exit (\d)\)", error.__doc__ or ""
        )
    }
    assert set(documented) == {
        name
        for name in error.__all__
        if name not in ("PourparlerError", "Collision", "Stale")  # the last two: as Conflict
    }
    assert documented["StoreUnavailable"] == 2
    for name, status in documented.items():
        kind = getattr(error, name)
        refusal = kind("said", 60) if kind is error.TooManyAttempts else kind("said")
        assert exit_code(refusal) == status, name
    assert exit_code(error.Collision("said")) == exit_code(error.Stale("said")) == 2
