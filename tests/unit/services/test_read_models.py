"""Typed read models: built from the one per-actor document, never a live entity."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from pourparler.demo.loader import ScriptClock, demo_start, load_demo
from pourparler.services.model import IssueView, RoundView, TextVersionView, VersionView
from pourparler.services.view import issue_view, round_view, version_view
from pourparler.services.view_process import text_version_view
from support.memory import memory_services


@pytest.fixture(scope="module")
def talks():
    clock = ScriptClock(demo_start(datetime(2026, 3, 2, 9, tzinfo=UTC)))
    svc, _ = memory_services(clock)  # type: ignore[arg-type]
    talks_id = load_demo(svc, clock)
    with svc.unit_of_work() as uow:
        return uow.talks.get(talks_id)


def test_every_round_reads_as_a_round_view(talks) -> None:
    assert talks.rounds
    for meeting in talks.rounds:
        view = round_view(meeting)
        assert isinstance(view, RoundView)
        assert (view.id, view.number, view.status) == (meeting.id, meeting.number, meeting.status)
        assert view.starts_at == meeting.starts_at
        assert [r.party_id for r in view.responses] == [r.party_id for r in meeting.responses]


def test_every_issue_reads_as_an_issue_view(talks) -> None:
    for issue in talks.framework:
        view = issue_view(issue)
        assert isinstance(view, IssueView)
        assert (view.id, view.title, view.kind) == (issue.id, issue.title, issue.kind)
        assert view.options == list(issue.options)


def test_a_version_view_holds_content_only_when_asked(talks) -> None:
    memorandum = talks.memoranda[0]
    version = memorandum.versions[-1]
    full = version_view(version, with_content=True)
    assert isinstance(full, VersionView)
    assert len(full.sections) == len(version.sections)
    assert [p.issue_id for p in full.positions] == [p.issue_id for p in version.positions]
    bare = version_view(version, with_content=False, with_sharing=False)
    assert bare.sections is None
    assert bare.positions is None
    assert bare.shared_with_mediator is None
    dumped = bare.model_dump(mode="json", exclude_none=True)
    assert "sections" not in dumped


def test_a_text_version_view_holds_clauses_only_for_content_readers(talks) -> None:
    assert talks.text is not None
    version = talks.text.versions[-1]
    full = text_version_view(version, with_content=True)
    assert isinstance(full, TextVersionView)
    assert (full.number, full.hash) == (version.number, version.hash)
    assert [c.key for c in full.clauses] == [c.key for c in version.clauses]
    assert text_version_view(version, with_content=False).clauses is None


def test_read_models_publish_a_json_schema() -> None:
    for model in (RoundView, IssueView, VersionView, TextVersionView):
        schema = model.model_json_schema()
        assert schema["title"] == model.__name__
        assert "id" in schema["properties"]
