"""`pourparler user`: accounts."""

from __future__ import annotations

import os
import sys
from typing import Annotated

import typer

from pourparler.cli.common import AsMember, console, services
from pourparler.domain.error import InvalidInput
from pourparler.services import account
from pourparler.services.principal import OPERATOR

user = typer.Typer(help="Accounts of the people who take part.", no_args_is_help=True)

PASSWORD_VARIABLE = "POURPARLER_PASSWORD"

PasswordStdin = Annotated[
    bool,
    typer.Option(
        "--password-stdin",
        help="Read the password from the first line of standard input (no terminal needed).",
    ),
]


def _password(from_stdin: bool) -> str:
    """The password: from stdin when asked, else POURPARLER_PASSWORD, else a terminal prompt.

    Without a terminal there is nobody to prompt: say how to hand the password in instead of
    reading a stray line of whatever was piped in.
    """
    if from_stdin:
        line = sys.stdin.readline()
        if not line:
            raise InvalidInput("--password-stdin: standard input is empty")
        return line.rstrip("\r\n")
    if os.environ.get(PASSWORD_VARIABLE):
        return os.environ[PASSWORD_VARIABLE]
    if not sys.stdin.isatty():
        raise InvalidInput(
            f"no terminal to ask for the password: pipe it in with --password-stdin "
            f"or set {PASSWORD_VARIABLE}"
        )
    entered: str = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    return entered


@user.command("add")
def add(
    ctx: typer.Context,
    email: Annotated[str, typer.Argument(help="The e-mail that identifies the account.")],
    name: Annotated[str, typer.Option(help="Full name.")],
    password_stdin: PasswordStdin = False,
    operator: Annotated[bool, typer.Option(help="An operator of the installation.")] = False,
    who: AsMember = OPERATOR,
) -> None:
    """Create an account. The password (at least 10 characters) is asked for on the terminal,
    read from stdin with --password-stdin, or taken from POURPARLER_PASSWORD."""
    person = account.add_user(
        services(ctx),
        who,
        name=name,
        email=email,
        password=_password(password_stdin),
        operator=operator,
    )
    console.print(f"account {person.email} created ({person.name})")


@user.command("password")
def password(
    ctx: typer.Context, email: str, password_stdin: PasswordStdin = False, who: AsMember = OPERATOR
) -> None:
    """Set a new password for an account (asked for as `user add` asks)."""
    account.set_password(services(ctx), who, email=email, password=_password(password_stdin))
    console.print(f"password of {email} changed")


def register(app: typer.Typer) -> None:
    app.add_typer(user, name="user")
