"""`pourparler user`: accounts."""

from __future__ import annotations

from typing import Annotated

import typer

from pourparler.cli.common import AsMember, console, services
from pourparler.services import account

user = typer.Typer(help="Accounts of the people who take part.", no_args_is_help=True)

Password = Annotated[
    str,
    typer.Option(
        prompt=True,
        hide_input=True,
        confirmation_prompt=True,
        envvar="POURPARLER_PASSWORD",
        help="At least 10 characters.",
    ),
]


@user.command("add")
def add(
    ctx: typer.Context,
    email: Annotated[str, typer.Argument(help="The e-mail that identifies the account.")],
    name: Annotated[str, typer.Option(help="Full name.")],
    password: Password,
    operator: Annotated[bool, typer.Option(help="An operator of the installation.")] = False,
    who: AsMember = None,
) -> None:
    """Create an account."""
    person = account.add_user(
        services(ctx), who, name=name, email=email, password=password, operator=operator
    )
    console.print(f"account {person.email} created ({person.name})")


@user.command("password")
def password(ctx: typer.Context, email: str, new: Password, who: AsMember = None) -> None:
    """Set a new password for an account."""
    account.set_password(services(ctx), who, email=email, password=new)
    console.print(f"password of {email} changed")


def register(app: typer.Typer) -> None:
    app.add_typer(user, name="user")
