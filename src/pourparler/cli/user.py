"""`pourparler user`: accounts; `pourparler invite`: a seat and a link to set one's password.

There is no command to set someone's password: a forgotten one is reset by a new invitation.
"""

from __future__ import annotations

import os
import sys
from typing import Annotated

import typer

from pourparler.cli.common import AsMember, console, services
from pourparler.domain.error import InvalidInput
from pourparler.services import account, invitation
from pourparler.services.principal import OPERATOR

user = typer.Typer(help="Accounts of the people who take part.", no_args_is_help=True)

PASSWORD_VARIABLE = "POURPARLER_PASSWORD"
DEFAULT_BASE_URL = "http://127.0.0.1:8000"

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
    email: Annotated[
        str, typer.Argument(metavar="EMAIL", help="The e-mail that identifies the account.")
    ],
    name: Annotated[str, typer.Option(help="Full name.")],
    password_stdin: PasswordStdin = False,
    operator: Annotated[bool, typer.Option(help="An operator of the installation.")] = False,
    opens_talks: Annotated[
        bool,
        typer.Option(
            "--opens-talks",
            help="May open talks, taking the secretariat's seat in them (see `user allow`).",
        ),
    ] = False,
    who: AsMember = OPERATOR,
) -> None:
    """Create an account. The password (10 to 1024 characters) is asked for on the terminal,
    read from stdin with --password-stdin, or taken from POURPARLER_PASSWORD."""
    person = account.add_user(
        services(ctx),
        who,
        name=name,
        email=email,
        password=_password(password_stdin),
        operator=operator,
        opens_talks=opens_talks,
    )
    console.print(f"account {person.email} created ({person.name})")


@user.command("allow")
def allow(
    ctx: typer.Context,
    email: Annotated[str, typer.Argument(metavar="EMAIL", help="The e-mail of the account.")],
    open_talks: Annotated[
        bool,
        typer.Option(
            "--open-talks/--no-open-talks",
            help="Let the account open talks, or no longer.",
            show_default=False,
        ),
    ],
    who: AsMember = OPERATOR,
) -> None:
    """Let an account open talks (`--open-talks`), or no longer (`--no-open-talks`). The
    installation's operator decides. An account that opens talks takes the secretariat's seat
    in them: it sets them up and reads their metadata, never a party's work."""
    person = account.allow_opening_talks(services(ctx), who, email=email, allowed=open_talks)
    verb = "may open talks" if person.opens_talks else "may no longer open talks"
    console.print(f"{person.email} {verb}")


def invite(
    ctx: typer.Context,
    email: Annotated[
        str, typer.Argument(metavar="EMAIL", help="The e-mail of the person invited.")
    ],
    talks_id: Annotated[
        str | None,
        typer.Option("--talks", metavar="ID", help="The talks of the seat (none: a reset)."),
    ] = None,
    role: Annotated[
        str | None, typer.Option(help="The seat's role: head, delegate, adviser, mediator...")
    ] = None,
    party: Annotated[str | None, typer.Option(help="The party, by name or id.")] = None,
    name: Annotated[str | None, typer.Option(help="Full name, for a new account.")] = None,
    who: AsMember = OPERATOR,
) -> None:
    """Invite someone to a seat: prints a single-use link, valid for 7 days, with which they set
    their password. Inviting someone who has an account resets a forgotten password (their
    sessions and tokens end when they accept). Send the link to them by a channel you trust."""
    issued = invitation.invite(
        services(ctx), who, email=email, name=name, talks_id=talks_id, role=role, party=party
    )
    base = os.environ.get(invitation.BASE_URL_VARIABLE) or DEFAULT_BASE_URL
    console.print(
        f"invitation for {issued.email}, valid until {issued.expires_at:%Y-%m-%d %H:%M} UTC:"
    )
    typer.echo(invitation.link(base, issued.secret))


def register(app: typer.Typer) -> None:
    app.add_typer(user, name="user")
    app.command("invite")(invite)
