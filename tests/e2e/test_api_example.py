"""The README's promise for programs: with a printed demo login, a script signs in, gets a token
and walks the demo talks through /api/ (examples/api_walk.py, over a real server)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from pourparler import bootstrap
from support.cli import cli_on
from support.live import live_server

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "api_walk.py"


def test_a_script_signs_in_and_walks_the_demo_talks(tmp_path: Path) -> None:
    url = f"sqlite+pysqlite:///{tmp_path / 'pourparler.db'}"
    run = cli_on(url)
    assert run("db", "upgrade").code == 0
    assert run("demo").code == 0
    svc = bootstrap.build(url)
    try:
        with live_server(svc, database_url=url) as server:
            walked = subprocess.run(
                [
                    sys.executable,
                    str(EXAMPLE),
                    server.url,
                    "head@northland.example",
                    "northland-head-demo",
                ],
                capture_output=True,
                text=True,
                timeout=120,
            )
            refused = subprocess.run(
                [sys.executable, str(EXAMPLE), server.url, "head@northland.example", "guess"],
                capture_output=True,
                text=True,
                timeout=120,
            )
    finally:
        svc.close()
    assert walked.returncode == 0, walked.stderr
    lines = walked.stdout.splitlines()
    assert lines[0].startswith("Northland–Southland ceasefire talks")
    assert any(line.startswith("  single text: version") for line in lines)
    assert any("memorandum: Southland" in line for line in lines)  # revealed to the other side
    assert "Harbour Transit" not in walked.stdout  # talks the head has no seat in
    assert refused.returncode == 1
    assert refused.stderr.strip() == "401 Not signed in: wrong e-mail or password"
