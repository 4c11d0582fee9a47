"""`pourparler exchange`: sealed, simultaneous exchange of memoranda."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from pourparler.cli.common import (
    AsMember,
    TalksId,
    VersionNumber,
    console,
    moment,
    read_json,
    services,
)
from pourparler.services import exchange as exchanges
from pourparler.services.principal import OPERATOR

exchange = typer.Typer(
    help="Sealed exchange: open, commit, withdraw, reveal, close, verify.", no_args_is_help=True
)

ExchangeId = Annotated[str, typer.Argument(metavar="EXCHANGE_ID")]


@exchange.command("open")
def open_(
    ctx: typer.Context,
    talks_id: TalksId,
    round_id: Annotated[str, typer.Argument(metavar="ROUND_ID")],
    title: Annotated[str, typer.Option(help="What is exchanged.")],
    policy: Annotated[str, typer.Option(help="all_or_nothing or at_deadline")] = "all_or_nothing",
    deadline: Annotated[str | None, typer.Option(help="Local date-time, with --tz.")] = None,
    tz: Annotated[
        str | None, typer.Option("--tz", help="Time zone of --deadline (default: UTC).")
    ] = None,
    who: AsMember = OPERATOR,
) -> None:
    """Open a sealed exchange at a round."""
    when = moment(deadline, tz) if deadline else None
    opened = exchanges.open_exchange(
        services(ctx), who, talks_id, round_id, title=title, policy=policy, deadline=when
    )
    console.print(opened.id)


@exchange.command("commit")
def commit(
    ctx: typer.Context,
    talks_id: TalksId,
    exchange_id: ExchangeId,
    memorandum_id: Annotated[str, typer.Argument(metavar="MEMORANDUM_ID")],
    version: VersionNumber,
    who: AsMember = OPERATOR,
) -> None:
    """Commit one version of your party's memorandum (its head of delegation)."""
    done = exchanges.commit_document(
        services(ctx), who, talks_id, exchange_id, memorandum_id=memorandum_id, version=version
    )
    console.print(f"committed; the exchange is {done.status.value}")


@exchange.command("withdraw")
def withdraw(
    ctx: typer.Context, talks_id: TalksId, exchange_id: ExchangeId, who: AsMember = OPERATOR
) -> None:
    """Withdraw your party's commitment before reveal."""
    exchanges.withdraw_commitment(services(ctx), who, talks_id, exchange_id)
    console.print("commitment withdrawn")


@exchange.command("reveal")
def reveal(
    ctx: typer.Context, talks_id: TalksId, exchange_id: ExchangeId, who: AsMember = OPERATOR
) -> None:
    """Reveal the documents once due."""
    exchanges.reveal_exchange(services(ctx), who, talks_id, exchange_id)
    console.print("documents revealed")


@exchange.command("close")
def close(
    ctx: typer.Context, talks_id: TalksId, exchange_id: ExchangeId, who: AsMember = OPERATOR
) -> None:
    """Close without reveal."""
    exchanges.close_exchange(services(ctx), who, talks_id, exchange_id)
    console.print("exchange closed; nothing revealed")


@exchange.command("verify")
def verify(
    exchange_id: ExchangeId,
    export: Annotated[
        Path, typer.Argument(metavar="EXPORT", help="A file written by 'talks export'.")
    ],
    pinned: Annotated[
        str | None,
        typer.Option("--key", metavar="FINGERPRINT", help="Require the head signed by this key."),
    ] = None,
) -> None:
    """Check every revealed commitment of an exchange, offline, from an export (after the
    export's own record, facts and signed head)."""
    document = read_json(export)
    rows, checked = exchanges.verify_exported_exchange(document, exchange_id, pinned=pinned)
    table = Table("party", "commitment", "verified")
    for row in rows:
        table.add_row(row["party"], row["digest"], "yes" if row["verified"] else "NO")
    console.print(table)
    console.print(f"the export's record is intact, its head signed by {', '.join(checked.signers)}")


def register(app: typer.Typer) -> None:
    app.add_typer(exchange, name="exchange")
