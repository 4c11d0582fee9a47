"""`pourparler round`: propose, answer and run rounds."""

from __future__ import annotations

from typing import Annotated

import typer

from pourparler.cli.common import AsMember, TalksId, console, moment, services
from pourparler.domain.error import InvalidInput
from pourparler.domain.round import RoundChange, RoundStatus
from pourparler.services import round as rounds
from pourparler.services.model import RoundView
from pourparler.services.principal import OPERATOR, Principal

round_ = typer.Typer(
    help="Rounds: propose, accept, decline, counter, open, close, ...", no_args_is_help=True
)

RoundId = Annotated[str, typer.Argument(metavar="ROUND_ID")]
At = Annotated[str, typer.Option("--at", help="Local date-time, e.g. 2026-03-16T10:00.")]
Zone = Annotated[str, typer.Option("--tz", help="IANA time zone, e.g. Europe/Istanbul.")]
Reason = Annotated[str, typer.Option(help="Why.")]


def _said(r: RoundView) -> None:
    console.print(
        f"round {r.number} ({r.id}) is {r.status.value}: "
        f"{r.local_start:%Y-%m-%d %H:%M} {r.time_zone}, {r.venue}"
    )


def _answered(ctx: typer.Context, talks_id: str, r: RoundView, who: Principal) -> None:
    """The round as it stands, and who still has to answer it (or that nobody has to)."""
    _said(r)
    if r.status is not RoundStatus.PROPOSED:
        return
    waiting = rounds.still_to_answer(services(ctx), who, talks_id, r.id)
    if len(waiting) == 1:
        console.print(f"waiting for the answer of {waiting[0]}")
    elif waiting:
        console.print(f"waiting for the answers of {', '.join(waiting[:-1])} and {waiting[-1]}")


@round_.command("propose")
def propose(
    ctx: typer.Context,
    talks_id: TalksId,
    at: At,
    tz: Zone,
    venue: Annotated[str, typer.Option(help="Where the round meets.")],
    format: Annotated[str, typer.Option(help="in_person, remote or hybrid")] = "in_person",
    who: AsMember = OPERATOR,
) -> None:
    """Propose a round (a head of delegation, or the mediator)."""
    proposal = rounds.propose_round(
        services(ctx),
        who,
        talks_id,
        starts_at=moment(at, tz),
        time_zone=tz,
        venue=venue,
        format=format,
    )
    _answered(ctx, talks_id, proposal, who)


@round_.command("accept")
def accept(
    ctx: typer.Context, talks_id: TalksId, round_id: RoundId, who: AsMember = OPERATOR
) -> None:
    """Accept a proposal for your party (its head of delegation)."""
    _answered(ctx, talks_id, rounds.accept_round(services(ctx), who, talks_id, round_id), who)


@round_.command("decline")
def decline(
    ctx: typer.Context,
    talks_id: TalksId,
    round_id: RoundId,
    reason: Reason,
    who: AsMember = OPERATOR,
) -> None:
    """Decline a proposal for your party."""
    _said(rounds.decline_round(services(ctx), who, talks_id, round_id, reason=reason))


@round_.command("counter")
def counter(
    ctx: typer.Context,
    talks_id: TalksId,
    round_id: RoundId,
    at: Annotated[str | None, typer.Option("--at", help="New local date-time.")] = None,
    tz: Annotated[str | None, typer.Option("--tz", help="Time zone of --at.")] = None,
    venue: str | None = None,
    format: str | None = None,
    who: AsMember = OPERATOR,
) -> None:
    """Counter-propose: a new proposal that supersedes this one."""
    svc = services(ctx)
    if at and not tz:
        raise InvalidInput("--at needs --tz, the time zone the new date is given in")
    starts_at = moment(at, tz) if at and tz else None
    change = RoundChange(starts_at=starts_at, time_zone=tz, venue=venue, format=format)
    _answered(ctx, talks_id, rounds.counter_round(svc, who, talks_id, round_id, change=change), who)


@round_.command("open")
def open_(
    ctx: typer.Context, talks_id: TalksId, round_id: RoundId, who: AsMember = OPERATOR
) -> None:
    """Open a scheduled round."""
    _said(rounds.open_round(services(ctx), who, talks_id, round_id))


@round_.command("close")
def close(
    ctx: typer.Context,
    talks_id: TalksId,
    round_id: RoundId,
    outcome: Annotated[str, typer.Option(help="Summary of the outcome.")],
    who: AsMember = OPERATOR,
) -> None:
    """Close an open round with its outcome."""
    _said(rounds.close_round(services(ctx), who, talks_id, round_id, outcome=outcome))


@round_.command("postpone")
def postpone(
    ctx: typer.Context,
    talks_id: TalksId,
    round_id: RoundId,
    reason: Reason,
    who: AsMember = OPERATOR,
) -> None:
    """Postpone a proposed or scheduled round."""
    _said(rounds.postpone_round(services(ctx), who, talks_id, round_id, reason=reason))


@round_.command("reschedule")
def reschedule(
    ctx: typer.Context,
    talks_id: TalksId,
    round_id: RoundId,
    at: At,
    tz: Zone,
    who: AsMember = OPERATOR,
) -> None:
    """Give a postponed round a new date; every party answers again."""
    moved = rounds.reschedule_round(
        services(ctx), who, talks_id, round_id, starts_at=moment(at, tz)
    )
    _answered(ctx, talks_id, moved, who)


@round_.command("cancel")
def cancel(
    ctx: typer.Context,
    talks_id: TalksId,
    round_id: RoundId,
    reason: Reason,
    who: AsMember = OPERATOR,
) -> None:
    """Cancel a round."""
    _said(rounds.cancel_round(services(ctx), who, talks_id, round_id, reason=reason))


def register(app: typer.Typer) -> None:
    app.add_typer(round_, name="round")
