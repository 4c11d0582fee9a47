"""Run the real command line in-process, against a database chosen by the test."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from typer.testing import CliRunner

from pourparler.cli.main import app
from pourparler.services.principal import Principal


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
        as_: str | Principal | None = None,
        env: dict[str, str] | None = None,
        input: str | None = None,
    ) -> Outcome:
        if isinstance(as_, Principal):  # the operator acts without --as
            as_ = None if as_.operator else as_.email
        argv = ["--db", url, *args, *(["--as", as_] if as_ else [])]
        result = runner.invoke(app, argv, env=env, input=input)
        if result.exception and not isinstance(result.exception, SystemExit):
            raise result.exception
        return Outcome(result.exit_code, result.stdout, result.stderr)

    return run
