"""The leak test (issue 8): every GET of the API and the live event stream, called as every role
over a real server, never answers a marker planted in something that role may not read.

The markers are support/scene.py's (drafts, committed-unrevealed documents, profiles, mediator
notes) and support/leak.py's (secret bids, tokens, sessions, password hashes, note ids, other
talks). The calls come from the OpenAPI document, so a new route is searched without anyone
adding it here; its path parameters are filled from the scene and the query variants that change
what is answered are listed below. The status line, every header and the body are searched.

The search is proven as well: what is public is found for every reader, what each role may read
is found for it, and a public marker counted as forbidden is reported as a leak.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import httpx2 as httpx
import pytest

from pourparler.server.app import create_app
from support.leak import (
    ANONYMOUS,
    NORTH,
    PUBLIC,
    ROLES,
    SOUTH,
    RawStream,
    Stage,
    staged,
)
from support.scene import SECRETS, UNCONFIRMED
from support.world import CLERK, MEDIATOR, NORTH_DELEGATE, OBSERVER

EVENTS = "text/event-stream"
SEATED_READERS = (*NORTH, *SOUTH, UNCONFIRMED, MEDIATOR, OBSERVER)  # read what is public
FOLLOWERS = (*SEATED_READERS, CLERK)  # every seat follows the record live


@dataclass(frozen=True)
class Call:
    """One GET: its URL relative to the server, query and extra headers."""

    path: str
    query: tuple[tuple[str, Any], ...] = ()
    headers: tuple[tuple[str, str], ...] = ()

    def __str__(self) -> str:
        query = "&".join(f"{k}={v}" for k, v in self.query)
        accept = "".join(f" [{k}: {v}]" for k, v in self.headers)
        return f"GET {self.path}{'?' + query if query else ''}{accept}"


@dataclass(frozen=True)
class Answer:
    call: Call
    status: int
    text: str  # the status line, every header and the body


@dataclass(frozen=True)
class Leak:
    role: str
    where: str
    kind: str
    marker: str
    context: str

    def __str__(self) -> str:
        return f"{self.role}: {self.where}: {self.kind} {self.marker!r} in …{self.context}…"


@pytest.fixture(scope="module")
def stage() -> Iterator[Stage]:
    with staged() as built:
        yield built


# ---------------------------------------------------------------------------------------------
# The calls, from the OpenAPI document.


def _path_values(stage: Stage, talks_id: str) -> dict[str, list[Any]]:
    """Values for each path parameter, by name, within the talks `talks_id`; ids of the other
    talks are tried within the scene's talks too (and answered as missing)."""
    scene = stage.scene
    if talks_id == stage.other_talks:
        return {"memorandum_id": [stage.other_memo], "number": [1]}
    memos = [scene.north_memo, scene.north_sealed_memo, scene.south_memo, stage.other_memo]
    memos += [v for k, v in stage.acted.items() if k.endswith("memorandum")]
    return {
        "round_id": [scene.round_id],
        "memorandum_id": memos,
        "number": [1, 2, 3],
        "exchange_id": [scene.revealed_exchange, scene.sealed_exchange],
    }


def _query_variants(stage: Stage, template: str, operation: dict[str, Any]) -> list[dict[str, Any]]:
    """Each query that changes what the operation answers: the defaults, the longest page, and
    the variants listed here for the operations whose parameters choose what is shown."""
    scene = stage.scene
    listed: dict[str, list[dict[str, Any]]] = {
        "/api/talks/{talks_id}/record": [{"after": 5, "limit": 3}],
        "/api/talks/{talks_id}/memoranda/{memorandum_id}/diff": [
            {"from": 1, "to": 2},
            {"from": 2, "to": 3},
            {"from": 1, "to": 3},
        ],
        "/api/talks/{talks_id}/text/diff": [{"from": 1, "to": 2}, {"from": 1, "to": 3}],
        "/api/talks/{talks_id}/text/markdown": [{"version": 1}, {"version": 2}],
        "/api/talks/{talks_id}/notes": [{"round": scene.round_id}],
        "/api/talks/{talks_id}/clarifications": [
            {"memorandum": scene.north_memo},
            {"round": scene.round_id},
            {"status": "answered"},
        ],
    }
    parameters = [p for p in operation.get("parameters", []) if p["in"] == "query"]
    required = {p["name"] for p in parameters if p.get("required")}
    variants = list(listed.get(template, []))
    for variant in variants:
        assert required <= set(variant), f"{template}: a variant lacks {required}"
    if not required:
        variants.insert(0, {})
        longest = next((p for p in parameters if p["name"] == "limit"), None)
        if longest is not None:
            variants.append({"limit": longest["schema"]["maximum"]})
    assert variants, f"{template} requires {sorted(required)}: list its variants in this test"
    return variants


def _accepts(operation: dict[str, Any]) -> list[tuple[tuple[str, str], ...]]:
    """The default answer, and each other media type the operation documents for its 200."""
    kinds = operation.get("responses", {}).get("200", {}).get("content", {})
    return [(), *((("Accept", kind),) for kind in kinds if kind != "application/json")]


def _is_stream(operation: dict[str, Any]) -> bool:
    return EVENTS in operation.get("responses", {}).get("200", {}).get("content", {})


def get_calls(stage: Stage) -> list[Call]:
    """Every GET operation of the API with every filling of its path and each variant."""
    document = create_app(stage.svc).openapi()
    calls: list[Call] = []
    talks = [stage.scene.talks_id, stage.other_talks]
    for template, operations in document["paths"].items():
        operation = operations.get("get")
        if operation is None or _is_stream(operation):
            continue
        names = [p["name"] for p in operation.get("parameters", []) if p["in"] == "path"]
        fillings: list[dict[str, Any]] = []
        for talks_id in talks if "talks_id" in names else [stage.scene.talks_id]:
            values = _path_values(stage, talks_id)
            others = [n for n in names if n != "talks_id"]
            unknown = [n for n in others if n not in values and talks_id == stage.scene.talks_id]
            assert not unknown, f"{template}: fill {unknown} from the scene in this test"
            for combination in itertools.product(*(values.get(n, []) for n in others)):
                filling = dict(zip(others, combination, strict=True))
                if "talks_id" in names:
                    filling["talks_id"] = talks_id
                fillings.append(filling)
        for filling in fillings:
            path = template.format(**filling)
            for query in _query_variants(stage, template, operation):
                for headers in _accepts(operation):
                    calls.append(Call(path, tuple(query.items()), headers))
    return calls


# ---------------------------------------------------------------------------------------------
# Asking, and searching the answers.


def _text(response: httpx.Response) -> str:
    head = [f"HTTP/1.1 {response.status_code} {response.reason_phrase}"]
    head += [f"{name}: {value}" for name, value in response.headers.multi_items()]
    return "\n".join([*head, "", response.text])


def answers(stage: Stage, role: str) -> list[Answer]:
    """What `role` is answered to every GET call (asked once per module, before the event
    stream's test adds its acts)."""
    if role not in stage.answers:
        got = []
        with stage.client(role) as client:
            for call in get_calls(stage):
                query, headers = dict(call.query), dict(call.headers)
                response = client.get(call.path, params=query, headers=headers)
                got.append(Answer(call, response.status_code, _text(response)))
        stage.answers[role] = got
    found: list[Answer] = stage.answers[role]
    return found


def leaks_in(role: str, where: str, text: str, forbidden: dict[str, str], asked: str) -> list[Leak]:
    """Each forbidden marker in `text`, but for those the caller itself sent in `asked` (an id
    in the path it asked for, echoed back, tells it nothing)."""
    found = []
    for marker, kind in forbidden.items():
        at = text.find(marker)
        if at >= 0 and marker not in asked:
            context = text[max(0, at - 60) : at + len(marker) + 60].replace("\n", "⏎")
            found.append(Leak(role, where, kind, marker, context))
    return found


def _search(stage: Stage, role: str, forbidden: dict[str, str]) -> list[Leak]:
    found: list[Leak] = []
    for answer in answers(stage, role):
        where = f"{answer.call} [{answer.status}]"
        found += leaks_in(role, where, answer.text, forbidden, str(answer.call))
    return found


def _report(found: list[Leak]) -> str:
    return f"{len(found)} leak(s):\n" + "\n".join(str(leak) for leak in found[:60])


# ---------------------------------------------------------------------------------------------
# The tests.


def test_every_get_operation_is_called_and_answers_without_a_server_error(stage: Stage) -> None:
    calls = get_calls(stage)
    document = create_app(stage.svc).openapi()
    templates = {t for t, ops in document["paths"].items() if "get" in ops}
    streams = {t for t in templates if _is_stream(document["paths"][t]["get"])}
    assert streams == {"/api/talks/{talks_id}/events"}
    called = {c.path for c in calls}
    for template in templates - streams:
        prefix = template.split("{")[0]
        assert any(p.startswith(prefix) for p in called), f"{template} is never called"
    failed = [(str(a.call), a.status) for a in answers(stage, NORTH_DELEGATE) if a.status >= 500]
    assert not failed, failed


@pytest.mark.parametrize("role", ROLES)
def test_no_get_answer_holds_a_marker_the_role_may_not_read(stage: Stage, role: str) -> None:
    found = _search(stage, role, stage.markers.forbidden(role))
    assert not found, _report(found)


@pytest.mark.parametrize("role", SEATED_READERS)
def test_what_is_public_is_found_for_every_seated_reader(stage: Stage, role: str) -> None:
    """The revealed memoranda and the clarification were planted with markers too: finding
    them in every reader's answers proves that the search sees what is there."""
    seen = "\n".join(a.text for a in answers(stage, role))
    public = [m for kind in PUBLIC for m in SECRETS[kind]]
    assert [m for m in public if m not in seen] == []


@pytest.mark.parametrize("role", [r for r in ROLES if r != ANONYMOUS])
def test_what_each_role_may_read_is_found_in_its_answers(stage: Stage, role: str) -> None:
    """Each role finds every marker it may read (its party's drafts, profile and bid, the
    mediator's notes, its own session ids...): the calls reach the private routes, so the
    search over them is not empty by mistake."""
    seen = "\n".join(a.text for a in answers(stage, role))
    allowed = stage.markers.allowed(role)
    missing = {m: kind for m, kind in allowed.items() if m not in seen}
    # No route shows a browser session's id, to its owner either (it is no secret of others).
    assert missing == {stage.markers.found[f"session id of {role}"][0]: f"session id of {role}"}


def test_a_public_marker_counted_as_forbidden_is_reported_as_a_leak(stage: Stage) -> None:
    """The test can fail: the observer may read the revealed memoranda; were they forbidden
    to it, the search would report them, in the answers that carry them."""
    public = {m: kind for kind in PUBLIC for m in SECRETS[kind]}
    found = _search(stage, OBSERVER, public)
    assert {leak.marker for leak in found} == set(public)
    assert any("/memoranda/" in leak.where for leak in found)


# ---------------------------------------------------------------------------------------------
# The event stream.


def _head(stage: Stage) -> int:
    with stage.svc.unit_of_work() as uow:
        found = uow.record.head(stage.scene.talks_id)
    assert found is not None
    return found[0]


def _open(stage: Stage, role: str) -> RawStream:
    headers = {"Last-Event-ID": "0"}
    if role != ANONYMOUS:
        headers["Authorization"] = f"Bearer {stage.tokens[role]}"
    url = f"{stage.server.url}/api/talks/{stage.scene.talks_id}/events"
    return RawStream(url, headers).start()


def _act_privately(stage: Stage) -> None:
    """A private act of each kind while the streams are open: Northland starts and saves a
    draft, the mediator writes a note; their markers are planted first."""
    title, section = "N-LATE-TITLE-j2", "N-LATE-SECTION-j2"
    with stage.client(NORTH_DELEGATE) as north:
        started = north.post(f"/api/talks/{stage.scene.talks_id}/memoranda", json={"title": title})
        assert started.status_code == 201, started.text
        memo = started.json()["id"]
        stage.acted["late north memorandum"] = memo
        stage.markers.plant("north's late draft", [title, section, memo], NORTH)
        draft = {"sections": [{"key": "intro", "heading": "Introduction", "body": section}]}
        saved = north.put(
            f"/api/talks/{stage.scene.talks_id}/memoranda/{memo}/draft",
            json=draft,
            headers={"If-Match": '"none"'},
        )
        assert saved.status_code == 200, saved.text
    text = "NOTE-LATE-h7"
    with stage.client(MEDIATOR) as mediator:
        written = mediator.post(f"/api/talks/{stage.scene.talks_id}/notes", json={"text": text})
        assert written.status_code == 201, written.text
        stage.markers.plant("mediator's late note", [text, written.json()["id"]], (MEDIATOR,))


def test_no_event_stream_carries_a_marker_the_role_may_not_read(stage: Stage) -> None:
    """Each role follows the talks from the start: what the stream replays, and what it
    receives of private acts made while it is open, holds nothing the role may not read."""
    streams = {role: _open(stage, role) for role in ROLES}
    try:
        replayed = _head(stage)
        for role, stream in streams.items():
            assert stream.wait(lambda s, seq=replayed: s.has_event(seq)), (role, stream.text())
            if role in FOLLOWERS:
                assert stream.has_event(replayed), (role, stream.text())
        _act_privately(stage)
        latest = _head(stage)
        assert latest > replayed
        found: list[Leak] = []
        for role, stream in streams.items():
            assert stream.wait(lambda s, seq=latest: s.has_event(seq)), (role, stream.text())
            if role in FOLLOWERS:
                assert stream.has_event(latest), (role, stream.text())
            opened = "/events [Last-Event-ID: 0]"
            found += leaks_in(role, opened, stream.text(), stage.markers.forbidden(role), "")
        assert not found, _report(found)
        # The search over streams sees what is there: the mediator's stream names its new
        # note, Northland's streams the memorandum they started.
        note = stage.markers.found["mediator's late note"][-1]
        assert note in streams[MEDIATOR].text()
        for role in NORTH:
            assert stage.acted["late north memorandum"] in streams[role].text(), role
    finally:
        for stream in streams.values():
            stream.close()
