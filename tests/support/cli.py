"""Run the real command line in-process, against a database chosen by the test."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from typer.testing import CliRunner

from pourparler.cli.main import app


@dataclass
class Outcome:
    code: int
    stdout: str
    stderr: str

    def json(self) -> Any:
        return json.loads(self.stdout)


Cli = Callable[..., Outcome]


def cli_on(url: str) -> Cli:
    """`run("talks", "list", as_="x@y")` runs pourparler on the database at `url`."""
    runner = CliRunner()

    def run(
        *args: str,
        as_: str | None = None,
        env: dict[str, str] | None = None,
        input: str | None = None,
    ) -> Outcome:
        argv = ["--db", url, *args, *(["--as", as_] if as_ else [])]
        result = runner.invoke(app, argv, env=env, input=input)
        if result.exception and not isinstance(result.exception, SystemExit):
            raise result.exception
        return Outcome(result.exit_code, result.stdout, result.stderr)

    return run
