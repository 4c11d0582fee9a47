"""The README's `analyze` example runs as written, on the sample domain the repository ships."""

from __future__ import annotations

import shlex
from pathlib import Path

import pytest

from support.cli import Cli

ROOT = Path(__file__).resolve().parents[2]


def readme_command(name: str) -> list[str]:
    """The arguments of the README's `pourparler NAME ...` line, its comment left out."""
    for line in (ROOT / "README.md").read_text(encoding="utf-8").splitlines():
        if line.startswith(f"pourparler {name} "):
            return shlex.split(line, comments=True)[1:]
    raise AssertionError(f"the README shows no `pourparler {name}` example")


def test_the_readme_analyze_example_names_a_folder_in_the_repository() -> None:
    arguments = readme_command("analyze")
    folder = (ROOT / arguments[1]).resolve()
    assert folder.is_dir()
    assert folder.is_relative_to(ROOT)


def test_the_readme_analyze_example_runs(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    outcome = cli(*readme_command("analyze"))
    assert outcome.code == 0, outcome.stderr
    document = outcome.json()
    assert document["parties"] == ["port_authority", "terminal_operator"]
    assert document["outcomes"] == 324
    assert document["nash"]["outcome"]["Dredging paid by"] == "Shared"
