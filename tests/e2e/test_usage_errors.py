"""A mistyped command line gets one line on stderr and exit 2, for every command there is."""

from __future__ import annotations

from typing import Any

import pytest
import typer

from pourparler.cli.main import app
from support.cli import Cli


def _leaves(command: Any, path: tuple[str, ...] = ()) -> list[tuple[tuple[str, ...], Any]]:
    children = getattr(command, "commands", None)
    if not children:
        return [(path, command)]
    found = []
    for name, child in sorted(children.items()):
        found += _leaves(child, (*path, name))
    return found


COMMANDS = _leaves(typer.main.get_command(app))
REQUIRING = [
    path
    for path, command in COMMANDS
    if any(p.required and p.param_type_name == "argument" for p in command.params)
]


def test_every_command_is_found() -> None:
    assert len(COMMANDS) > 40
    assert ("talks", "create") in [path for path, _ in COMMANDS]


def one_line(outcome) -> str:
    assert outcome.code == 2, (outcome.stdout, outcome.stderr)
    lines = outcome.stderr.strip().splitlines()
    assert len(lines) == 1, outcome.stderr
    assert lines[0].startswith("error: ")
    return lines[0]


@pytest.mark.parametrize("path", [path for path, _ in COMMANDS], ids=" ".join)
def test_an_unknown_option_is_one_line(cli: Cli, path: tuple[str, ...]) -> None:
    line = one_line(cli(*path, "--no-such-option"))
    assert "No such option: --no-such-option" in line
    assert f"see 'pourparler {' '.join(path)} --help'" in line


@pytest.mark.parametrize("path", REQUIRING, ids=" ".join)
def test_a_missing_argument_is_one_line(cli: Cli, path: tuple[str, ...]) -> None:
    assert "Missing argument" in one_line(cli(*path))


def test_a_value_of_the_wrong_kind_is_one_line(cli: Cli) -> None:
    line = one_line(cli("talks", "issue", "T", "X", "--kind", "range", "--low", "abc"))
    assert "'--low'" in line


def test_an_unknown_command_is_one_line(cli: Cli) -> None:
    assert "No such command 'nope'" in one_line(cli("nope"))


def test_an_option_without_its_value_is_one_line(cli: Cli) -> None:
    assert "'--at' requires an argument" in one_line(cli("round", "propose", "T", "--at"))


def test_user_add_without_a_terminal_says_how_to_hand_the_password_in(cli: Cli) -> None:
    line = one_line(
        cli("user", "add", "a@x.example", "--name", "A", env={"POURPARLER_PASSWORD": ""})
    )
    assert "--password-stdin" in line


def test_user_add_reads_the_password_from_stdin(cli: Cli) -> None:
    added = cli(
        "user", "add", "a@x.example", "--name", "A", "--password-stdin", input="long enough pw\n"
    )
    assert added.code == 0, added.stderr
    empty = cli("user", "add", "b@x.example", "--name", "B", "--password-stdin", input="")
    assert "standard input is empty" in one_line(empty)


def test_nobody_sets_another_persons_password_at_the_command_line(cli: Cli) -> None:
    """A forgotten password is reset by an invitation, never chosen by the operator."""
    gone = cli("user", "password", "a@x.example", "--password-stdin", input="another long pw\n")
    assert gone.code == 2
    assert "No such command" in one_line(gone)
