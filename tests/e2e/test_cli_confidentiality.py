"""The confidentiality contract through the command line, on SQLite: what each role gets on stdout
and stderr, refusals that read alike for private and missing things, and an export imported into
another database. The talks are support.scene's, with a secret in every private artefact."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from pourparler import bootstrap
from support.cli import Cli, cli_on
from support.scene import OPERATOR, SOUTH_ADVISER, Scene, allowed, build_scene, forbidden
from support.world import CLERK, MEDIATOR, NORTH_ADVISER, NORTH_HEAD, OBSERVER, SOUTH_HEAD

ROLES = [NORTH_ADVISER, SOUTH_HEAD, SOUTH_ADVISER, MEDIATOR, OBSERVER, CLERK, OPERATOR]
OTHERS = [SOUTH_HEAD, MEDIATOR, OBSERVER, CLERK, OPERATOR]
RANDOM = "0123456789ab"


class FixedClock:
    """Whole seconds only, so that no timestamp can spell a planted number."""

    def __init__(self) -> None:
        self.now = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        self.now += timedelta(seconds=1)
        return self.now


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> tuple[Cli, Scene, Path]:
    folder = tmp_path_factory.mktemp("confidential")
    url = f"sqlite+pysqlite:///{folder / 'talks.db'}"
    run = cli_on(url)
    assert run("db", "upgrade").code == 0
    svc = bootstrap.build(url, clock=FixedClock())
    try:
        scene = build_scene(svc)
    finally:
        svc.close()
    return run, scene, folder


def commands(s: Scene) -> dict[str, tuple[str, ...]]:
    t = s.talks_id
    return {
        "talks show": ("talks", "show", t, "--json"),
        "talks show (tables)": ("talks", "show", t),
        "talks export": ("talks", "export", t),
        "talks list": ("talks", "list", "--json"),
        "record show": ("record", "show", t, "--json"),
        "clarify list": ("clarify", "list", t, "--json"),
        "text show": ("text", "show", t, "--version", "1"),
        "text diff": ("text", "diff", t, "1", "2"),
        "minutes": ("minutes", s.round_id),
        "profile show": ("profile", "show", t, "--json"),
        "analysis mine": ("analysis", "mine", t, "--json"),
        "analysis mediator": ("analysis", "mediator", t, "--json"),
        "memo compare": ("memo", "compare", t, f"{s.north_memo}:2", f"{s.south_memo}:3"),
        "note list": ("note", "list", t, "--json"),
        "note list (tables)": ("note", "list", t, "--round", s.round_id),
    }


@pytest.mark.parametrize("who", ROLES)
def test_each_role_gets_what_it_may_read_and_nothing_else(world, who):
    run, scene, _ = world
    seen = ""
    for name, argv in commands(scene).items():
        outcome = run(*argv, as_=who)
        both = outcome.stdout + outcome.stderr
        leaked = [s for s in forbidden(who) if s in both]
        assert not leaked, f"{who} got {leaked} from {name}"
        assert "Traceback" not in both
        seen += both
    assert [s for s in allowed(who) if s not in seen] == []


def _refusal(run: Cli, who: str | None, argv: tuple[str, ...], ids: dict[str, str]) -> tuple:
    outcome = run(*argv, as_=who)
    assert outcome.code == 2
    assert outcome.stdout == ""
    message = outcome.stderr
    for found, mask in ids.items():
        message = re.sub(rf"\b{re.escape(found)}\b", mask, message)
    return outcome.code, message


ASK = ("--anchor", "section", "--key", "intro", "--question", "?")


def probes(s: Scene) -> list[Callable[[str, str], tuple[str, ...]]]:
    """Commands naming a memorandum and a version number."""
    t = s.talks_id
    return [
        lambda memo, v: ("memo", "compare", t, f"{memo}:{v}", f"{memo}:{v}"),
        lambda memo, v: ("memo", "compare", t, memo, memo),
        lambda memo, v: ("memo", "share", t, memo, v),
        lambda memo, v: ("exchange", "commit", t, s.sealed_exchange, memo, v),
        lambda memo, v: ("clarify", "ask", t, memo, v, *ASK),
    ]


@pytest.mark.parametrize("who", OTHERS)
def test_a_private_memorandum_is_refused_as_a_missing_one(world, who):
    run, s, _ = world
    sealed = s.north_sealed_memo
    for probe in probes(s):
        private = _refusal(run, who, probe(sealed, "1"), {sealed: "<m>"})
        assert private == _refusal(run, who, probe(RANDOM, "1"), {RANDOM: "<m>"})


@pytest.mark.parametrize("who", [SOUTH_HEAD, MEDIATOR, OBSERVER])
def test_a_draft_of_a_revealed_memorandum_is_refused_as_a_missing_version(world, who):
    run, s, _ = world
    for probe in (probes(s)[0], probes(s)[-1]):
        draft = _refusal(run, who, probe(s.north_memo, "1"), {"1": "<n>"})
        assert draft == _refusal(run, who, probe(s.north_memo, "99"), {"99": "<n>"})


@pytest.mark.parametrize("exporter", [NORTH_HEAD, MEDIATOR, OPERATOR])
def test_an_export_imported_elsewhere_shows_nobody_more(world, exporter, tmp_path):
    run, scene, _ = world
    exported = run("talks", "export", scene.talks_id, as_=exporter)
    assert exported.code == 0
    file = tmp_path / "export.json"
    file.write_text(exported.stdout, encoding="utf-8")
    elsewhere = cli_on(f"sqlite+pysqlite:///{tmp_path / 'elsewhere.db'}")
    assert elsewhere("db", "upgrade").code == 0
    imported = elsewhere("talks", "import", str(file))
    assert imported.code == 0, imported.stderr
    for who in ROLES:
        shown = elsewhere("talks", "show", scene.talks_id, "--json", as_=who)
        assert shown.code == 0
        assert [s for s in forbidden(who) if s in shown.stdout] == []
    again = elsewhere("talks", "show", scene.talks_id, "--json", as_=exporter).stdout
    assert [s for s in allowed(exporter) if s in exported.stdout and s not in again] == []
    assert json.loads(again)["id"] == scene.talks_id
