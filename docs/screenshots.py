"""Render terminal screenshots of the demo for the user guide: `python docs/screenshots.py`.

Runs the real command line on a fresh SQLite file holding the demo, captures what it prints in
colour, and saves each capture as an SVG in docs/images/.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from rich.console import Console
from rich.text import Text
from typer.testing import CliRunner

WIDTH = 140
os.environ["COLUMNS"] = str(WIDTH)  # before the command line builds its console

from pourparler.cli.main import app  # noqa: E402

IMAGES = Path(__file__).parent / "images"
ENVOY, NORTH = "envoy@harbour.example", "head@northland.example"


def run(url: str, *args: str) -> str:
    result = CliRunner().invoke(app, ["--db", url, *args], env={"FORCE_COLOR": "1"}, color=True)
    if result.exit_code != 0:
        raise SystemExit(f"{' '.join(args)} failed: {result.stderr}")
    return result.stdout


def save(name: str, title: str, output: str, lines: int | None = None) -> None:
    kept = "\n".join(output.splitlines()[:lines]) if lines else output
    console = Console(record=True, width=WIDTH, file=open(os.devnull, "w"))  # noqa: SIM115
    console.print(Text.from_ansi(kept))
    console.save_svg(str(IMAGES / f"{name}.svg"), title=title)


def main() -> None:
    IMAGES.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite+pysqlite:///{folder}/demo.db"
        run(url, "db", "upgrade")
        run(url, "demo")
        talks = json.loads(run(url, "talks", "list", "--json"))
        ceasefire = next(t["id"] for t in talks if "ceasefire" in t["title"])
        tour = run(url, "walkthrough", "--as", ENVOY)
        save("walkthrough", f"pourparler walkthrough --as {ENVOY}", tour, 60)
        save("text", "pourparler text show", run(url, "text", "show", ceasefire, "--as", ENVOY), 40)
        save(
            "analysis",
            "pourparler analysis mediator",
            run(url, "analysis", "mediator", ceasefire, "--as", ENVOY),
            30,
        )
        save(
            "own-analysis",
            "pourparler analysis mine",
            run(url, "analysis", "mine", ceasefire, "--as", NORTH),
            40,
        )


if __name__ == "__main__":
    main()
