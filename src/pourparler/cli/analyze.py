"""`pourparler analyze`: the settlement analysis of a GENIUS folder or a Pourparler scenario."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import typer
from rich.table import Table

from pourparler.cli.common import console
from pourparler.domain.error import PourparlerError
from pourparler.engine.analysis import SOLUTIONS, analysis_to_json, analyze, read_path
from pourparler.engine.preference import allowed_options


def _fail(message: str) -> None:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(2)


def _summary(document: dict[str, Any], notes: tuple[str, ...]) -> None:
    parties: list[str] = document["parties"]
    console.print(
        f"{document['domain']}: {document['outcomes']} packages, "
        f"{len(document['frontier'])} on the Pareto frontier, "
        f"{document['zopa']['outcomes']} in the zone of possible agreement"
    )
    table = Table("package", *parties, "options")
    table.add_row("reservation", *(f"{r:.4f}" for r in document["reservation"]), "")
    for name in SOLUTIONS:
        entry = document[name]
        if entry is None:
            table.add_row(name, *("-" for _ in parties), "no package clears every reservation")
            continue
        outcome = "; ".join(f"{k}: {v}" for k, v in entry["outcome"].items())
        table.add_row(name, *(f"{u:.4f}" for u in entry["utilities"]), outcome)
    console.print(table)
    for note in notes:
        console.print(f"note: {note}")
    console.print(f"analysis took {document['seconds']:.3f} s")


def analyze_command(
    path: Path = typer.Argument(..., help="A GENIUS folder or a Pourparler scenario JSON file."),
    as_json: bool = typer.Option(False, "--json", help="Print the analysis as JSON."),
    plot: Path | None = typer.Option(
        None, "--plot", help="Draw the analysis to FILE.svg or FILE.png."
    ),
    method: str = typer.Option("auto", "--method", help="auto, enumerate or additive."),
) -> None:
    """Pareto frontier, Nash, Kalai–Smorodinsky, egalitarian and utilitarian packages, and the
    zone of possible agreement of a negotiation scenario."""
    if plot is not None and plot.suffix.lower() not in (".svg", ".png"):
        _fail("--plot needs a file name ending in .svg or .png")
    try:
        scenario = read_path(path)
        if not all(ok.any() for ok in allowed_options(scenario.space, scenario.profiles)):
            _fail("no package respects every red line")
        result = analyze(scenario, method)
    except PourparlerError as exc:
        _fail(exc.message)
        return
    document = analysis_to_json(scenario, result)
    if plot is not None:
        from pourparler.engine.plot import draw_analysis

        try:
            draw_analysis(scenario, result).savefig(plot)
        except OSError as exc:
            _fail(f"cannot write {plot}: {exc.strerror}")
    if as_json:
        typer.echo(json.dumps(document, ensure_ascii=False))
    else:
        _summary(document, scenario.notes)


def register(app: typer.Typer) -> None:
    """Add the `analyze` command to the application."""
    app.command("analyze")(analyze_command)
