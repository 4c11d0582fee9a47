"""What every command shares: the services, the acting member, output and input helpers."""

from __future__ import annotations

import json
import os
import sys
from datetime import datetime
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console

from pourparler.domain.base import local_moment, parse_moment
from pourparler.domain.error import InvalidInput
from pourparler.services.port import Services
from pourparler.services.principal import OPERATOR, Principal

__all__ = [
    "AsMember",
    "Json",
    "TalksId",
    "Title",
    "VersionNumber",
    "console",
    "emit_json",
    "moment",
    "read_json",
    "services",
]

# Piped output (a file, CI) gets a wide page rather than truncated tables, unless COLUMNS says.
# Markup is off: what people write ("[red line]", "[/x]") prints as written, never as a style.
console = Console(
    markup=False,
    highlight=False,
    width=None if sys.stdout.isatty() or "COLUMNS" in os.environ else 150,
)


def _principal(value: object) -> Principal:
    """`--as EMAIL` names a person; without it, the installation's operator acts."""
    if value is None:
        return OPERATOR
    if isinstance(value, Principal):
        return value
    return Principal.named(str(value))


AsMember = Annotated[
    Principal,
    typer.Option(
        "--as",
        metavar="EMAIL",
        parser=_principal,
        callback=_principal,
        show_default=False,
        help="Act as this member, with exactly their rights (default: the secretariat).",
    ),
]
Json = Annotated[bool, typer.Option("--json", help="Print JSON instead of tables.")]
TalksId = Annotated[str, typer.Argument(metavar="TALKS_ID", help="The talks' id.")]
VersionNumber = Annotated[
    int, typer.Argument(metavar="VERSION", help="The version's number (1, 2, ...).")
]
Title = Annotated[str, typer.Argument(metavar="TITLE", help="The title.")]


def services(ctx: typer.Context) -> Services:
    """The services over the database chosen by --db or the environment, built on first use."""
    root = ctx.find_root()
    if not isinstance(root.obj, dict):
        root.obj = {}
    if "services" not in root.obj:
        # The database layer is imported on first use: commands that never touch a database
        # (`analyze`, `schema`) start without it.
        from pourparler import bootstrap

        bootstrap.require_database(root.obj.get("database_url"))  # never created by a query
        built_now = bootstrap.build(root.obj.get("database_url"))
        root.call_on_close(built_now.close)
        root.obj["services"] = built_now
    built: Services = root.obj["services"]
    return built


def emit_json(document: Any) -> None:
    sys.stdout.write(json.dumps(document, indent=2, ensure_ascii=False, sort_keys=False) + "\n")


def read_json(file: Path) -> Any:
    """The JSON document in `file`, or one clear error saying why not."""
    try:
        return json.loads(file.read_text(encoding="utf-8"))
    except OSError as exc:
        raise InvalidInput(f"cannot read {file}: {exc.strerror}") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise InvalidInput(f"{file} is not JSON: {exc}") from None


def moment(value: str, time_zone: str | None) -> datetime:
    """'2026-03-16 10:00' in `time_zone`, or an ISO date-time whose offset agrees with it.

    Without a zone, an offset stands on its own and a date-time without one is UTC."""
    parsed = parse_moment(value, repr(value))  # a date alone is refused, never read as midnight
    if time_zone is None and parsed.tzinfo is not None:
        return parsed
    return local_moment(parsed, time_zone or "UTC")
