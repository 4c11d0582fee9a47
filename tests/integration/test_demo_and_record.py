"""The demo's end state, and the record's defence against tampering, on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import create_engine, text

from pourparler import bootstrap
from pourparler.domain.error import RuleViolation
from pourparler.services.port import Services
from pourparler.services.view import list_talks, talks_document
from support.caller import OPERATOR, by
from support.cli import Cli, cli_on

ENVOY = "envoy@harbour.example"


@pytest.fixture
def demo(database_url: str) -> Iterator[tuple[Cli, Services, dict[str, str]]]:
    run = cli_on(database_url)
    assert run("db", "upgrade").code == 0
    loaded = run("demo")
    assert loaded.code == 0, loaded.stderr
    svc = bootstrap.build(database_url)
    ids = {t["title"]: t["id"] for t in list_talks(svc, OPERATOR)}
    yield run, svc, ids
    svc.close()


def ceasefire(ids: dict[str, str]) -> str:
    return ids["Northland–Southland ceasefire talks"]


def test_the_ceasefire_round_ends_without_full_agreement(demo) -> None:
    _, svc, ids = demo
    doc = talks_document(svc, by(ENVOY), ceasefire(ids))
    assert doc["status"] == "active"
    assert [(r["number"], r["status"]) for r in doc["rounds"]] == [
        (1, "closed"),
        (2, "superseded"),
        (2, "closed"),
    ]
    (sealed,) = doc["exchanges"]
    assert sealed["status"] == "revealed"
    assert len(sealed["commitments"]) == 2
    assert sorted(c["status"] for c in doc["clarifications"]) == ["answered", "open"]
    asked = {c["asking_party"] for c in doc["clarifications"]}
    south = next(p["id"] for p in doc["parties"] if p["name"] == "Southland")
    assert asked == {south}
    version = doc["text"]["versions"][-1]
    statuses = [c["status"] for c in version["clauses"]]
    assert statuses.count("agreed ad referendum") == 5
    assert "bracketed" in statuses
    assert doc["text"]["acceptances"] == []


def test_the_labour_talks_reach_agreement(demo) -> None:
    _, svc, ids = demo
    doc = talks_document(
        svc,
        by("conciliator@mediation.example"),
        ids["Harbour Transit collective agreement"],
    )
    assert doc["status"] == "concluded with agreement"
    final = doc["text"]["versions"][-1]
    assert {c["status"] for c in final["clauses"]} == {"agreed ad referendum"}
    accepted = {a["party"] for a in doc["text"]["acceptances"] if not a["withdrawn_at"]}
    assert accepted == {p["id"] for p in doc["parties"]}


def test_the_demo_loads_once(demo) -> None:
    run, svc, ids = demo
    record = len(talks_document(svc, by(ENVOY), ceasefire(ids))["record"])
    assert run("demo").code == 0
    assert {t["id"] for t in list_talks(svc, OPERATOR)} == set(ids.values())
    assert len(talks_document(svc, by(ENVOY), ceasefire(ids))["record"]) == record


def tamper(database_url: str, *statements: str) -> None:
    engine = create_engine(database_url)
    with engine.begin() as connection:
        for statement in statements:
            connection.execute(text(statement))
    engine.dispose()


def test_an_intact_record_verifies(demo) -> None:
    run, _, ids = demo
    result = run("record", "verify", ceasefire(ids))
    assert result.code == 0, result.stderr
    assert result.stdout.startswith("the record is intact:")
    assert "stored facts checked, head signed by key" in result.stdout


@pytest.mark.parametrize(
    ("statements", "entry"),
    [
        (
            ["UPDATE record_entries SET actor = 'Someone else' WHERE seq = 7 AND talks_id = '{t}'"],
            7,
        ),
        (["DELETE FROM record_entries WHERE seq = 7 AND talks_id = '{t}'"], 7),
        (
            [
                "UPDATE record_entries SET seq = -7 WHERE seq = 7 AND talks_id = '{t}'",
                "UPDATE record_entries SET seq = 7 WHERE seq = 8 AND talks_id = '{t}'",
                "UPDATE record_entries SET seq = 8 WHERE seq = -7 AND talks_id = '{t}'",
            ],
            7,
        ),
        (
            [
                "DELETE FROM record_entries WHERE talks_id = '{t}' AND seq = "
                "(SELECT max(seq) FROM record_entries WHERE talks_id = '{t}')"
            ],
            None,
        ),
    ],
    ids=["altered", "removed", "reordered", "cut off"],
)
def test_tampering_in_the_database_is_found_and_named(
    demo, database_url: str, statements: list[str], entry: int | None
) -> None:
    run, svc, ids = demo
    talks_id = ceasefire(ids)
    last = len(talks_document(svc, by(ENVOY), talks_id)["record"])
    tamper(database_url, *(s.format(t=talks_id) for s in statements))
    result = run("record", "verify", talks_id)
    assert result.code == 1
    assert f"the record is broken at entry {entry or last}" in result.stderr


def test_a_crash_between_two_steps_leaves_nothing_partial(demo, monkeypatch) -> None:
    """Accepting the last party's acceptance records two acts; fail the second."""
    _, svc, ids = demo
    from pourparler.services import text as texts
    from pourparler.store.repository import SqlRecordRepository

    talks_id = ceasefire(ids)
    before = talks_document(svc, by("head@northland.example"), talks_id)
    current = before["text"]["versions"][-1]["hash"]
    original = SqlRecordRepository.append

    def failing(self, entry):  # type: ignore[no-untyped-def]
        if entry.act == "text accepted":
            original(self, entry)
            raise RuntimeError("power cut")
        original(self, entry)

    monkeypatch.setattr(SqlRecordRepository, "append", failing)
    with pytest.raises(RuntimeError, match="power cut"):
        texts.accept_text(svc, by("head@northland.example"), talks_id, version_hash=current)
    monkeypatch.undo()
    assert talks_document(svc, by("head@northland.example"), talks_id) == before


def test_an_edit_to_concluded_talks_is_refused(demo) -> None:
    _, svc, ids = demo
    from pourparler.services import text as texts

    with pytest.raises(RuleViolation, match="concluded"):
        texts.revise_text(
            svc,
            by("conciliator@mediation.example"),
            ids["Harbour Transit collective agreement"],
            clauses=[],
        )
