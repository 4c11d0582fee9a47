"""The stage of the leak test: the secret scene (support/scene.py) behind a real HTTP server,
with every role signed in over HTTP, and a marker in every private thing a response could carry.

Besides the scene's markers this adds what only a server has or what the scene leaves out:
each party head's secret bid (a value found nowhere else), every role's API token and session
(secret, CSRF token and ids), the stored Argon2 hash of every account, the mediator's note ids,
and a memorandum of other talks, drafted by a member of those talks alone. `Markers` says who
may read each; anything else in an answer is a leak.
"""

from __future__ import annotations

import socket
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field, replace
from typing import Any

import httpx2 as httpx

from pourparler.bootstrap import Argon2Hasher
from pourparler.domain.credential import SessionKind
from pourparler.services import account, memorandum, secret, setup
from pourparler.services.port import Services
from support.caller import OPERATOR, by
from support.live import LiveServer, live_server
from support.memory import memory_services
from support.scene import (
    ALLOWED,
    NORTH_PRIVATE,
    OUTSIDER,
    PUBLIC,
    SECRETS,
    SOUTH_ADVISER,
    SOUTH_PRIVATE,
    UNCONFIRMED,
    Scene,
    build_scene,
)
from support.world import (
    CLERK,
    MEDIATOR,
    NORTH_ADVISER,
    NORTH_DELEGATE,
    NORTH_HEAD,
    OBSERVER,
    PASSWORD,
    SOUTH_DELEGATE,
    SOUTH_HEAD,
)

ANONYMOUS = "anonymous"  # no credential at all
REGISTRY = "registry@example.org"  # an account of the installation's operator (secretariat)
NORTH = (NORTH_HEAD, NORTH_DELEGATE, NORTH_ADVISER)
SOUTH = (SOUTH_HEAD, SOUTH_DELEGATE, SOUTH_ADVISER)
# Every caller the leak test tries: each party's head, delegate and adviser, a seat its head has
# not confirmed, the mediator, the observer, the talks' secretariat, the installation's operator,
# a member of other talks only, and nobody signed in.
ROLES = (
    *NORTH,
    *SOUTH,
    UNCONFIRMED,
    MEDIATOR,
    OBSERVER,
    CLERK,
    REGISTRY,
    OUTSIDER,
    ANONYMOUS,
)
BIDS = {NORTH_HEAD: 0.417391, SOUTH_HEAD: 0.385729}  # repr() of each is unique in the talks
OTHER_TALKS_TITLE = "OTHER-TALKS-MEMO-p8"
WAIT_SECONDS = 20.0  # an upper bound on waiting for a stream, never a pause


@dataclass
class Markers:
    """Marker strings by the kind of artefact they were planted in, and who may read each
    kind; grows while a test acts (a new draft, a new note)."""

    found: dict[str, list[str]] = field(default_factory=dict)
    readers: dict[str, set[str]] = field(default_factory=dict)

    def plant(self, kind: str, markers: list[str], readers: tuple[str, ...] | set[str]) -> None:
        self.found.setdefault(kind, []).extend(m for m in markers if m)
        self.readers[kind] = set(readers)

    def forbidden(self, role: str) -> dict[str, str]:
        """Marker -> kind, for every marker `role` may not read."""
        return {
            m: kind
            for kind, markers in self.found.items()
            if role not in self.readers[kind]
            for m in markers
        }

    def allowed(self, role: str) -> dict[str, str]:
        return {
            m: kind
            for kind, markers in self.found.items()
            if role in self.readers[kind]
            for m in markers
        }


@dataclass
class Stage:
    scene: Scene
    server: LiveServer
    markers: Markers
    tokens: dict[str, str]  # role -> its API token (none for ANONYMOUS)
    other_talks: str
    other_memo: str
    acted: dict[str, str] = field(default_factory=dict)  # what tests created: name -> id
    answers: dict[str, list[Any]] = field(default_factory=dict)  # role -> its GET answers

    @property
    def svc(self) -> Services:
        return self.scene.svc

    def client(self, role: str) -> httpx.Client:
        return self.server.client(self.tokens.get(role))


def _scene_readers() -> dict[str, set[str]]:
    """Scene kind -> the roles of this test that may read it (support/scene.py's ALLOWED)."""
    readers: dict[str, set[str]] = {kind: set() for kind in SECRETS}
    for who, kinds in ALLOWED.items():
        if isinstance(who, str):
            for kind in kinds:
                readers[kind].add(who)
    return readers


def _other_talks(svc: Services) -> tuple[str, str]:
    """Other talks where OUTSIDER heads a party and drafts a memorandum of its own."""
    talks = setup.create_talks(svc, OPERATOR, title="Eastland–Westland water talks")
    setup.add_party(svc, OPERATOR, talks.id, name="Eastland")
    setup.add_party(svc, OPERATOR, talks.id, name="Westland")
    setup.seat(svc, OPERATOR, talks.id, email=OUTSIDER, role="head", party="Eastland")
    memo = memorandum.create_memorandum(svc, by(OUTSIDER), talks.id, title=OTHER_TALKS_TITLE)
    return talks.id, memo.id


def _sign_in_everyone(server: LiveServer) -> tuple[dict[str, str], dict[str, list[str]]]:
    """Each role's API token (POST /api/tokens), and the secrets of its credentials: the token
    and a browser session's cookie and CSRF token (POST /api/session)."""
    tokens: dict[str, str] = {}
    secrets: dict[str, list[str]] = {}
    with server.client() as anonymous:
        for role in ROLES:
            if role == ANONYMOUS:
                continue
            sign_in = {"email": role, "password": PASSWORD}
            issued = anonymous.post("/api/tokens", json={**sign_in, "name": "leak test"})
            assert issued.status_code == 201, issued.text
            tokens[role] = issued.json()["token"]
            opened = anonymous.post("/api/session", json=sign_in)
            assert opened.status_code == 204, opened.text
            cookie = opened.cookies.get("pourparler_session")
            assert cookie
            secrets[role] = [tokens[role], cookie, opened.headers["x-csrf-token"]]
            anonymous.cookies.clear()
    return tokens, secrets


def _stored_credentials(svc: Services) -> tuple[list[str], dict[str, dict[SessionKind, str]]]:
    """Every stored password hash, and the id of each role's API token and browser session."""
    with svc.unit_of_work() as uow:
        people = uow.people.list()
        hashes = [p.password_hash for p in people if p.password_hash]
        ids = {p.email: {s.kind: s.id for s in uow.credentials.sessions_of(p.id)} for p in people}
    return hashes, ids


@contextmanager
def staged() -> Iterator[Stage]:
    """The scene with bids and other talks, served, everyone signed in, markers planted."""
    svc = replace(memory_services()[0], hasher=Argon2Hasher())
    scene = build_scene(svc)
    account.add_user(
        svc, OPERATOR, name="Rhea Registry", email=REGISTRY, password=PASSWORD, operator=True
    )
    for head, bid in BIDS.items():
        secret.set_secret_minimum(svc, by(head), scene.talks_id, minimum=bid)
    other_talks, other_memo = _other_talks(svc)

    markers = Markers()
    for kind, readers in _scene_readers().items():
        markers.plant(kind, list(SECRETS[kind]), readers)
    markers.plant("north bid", [repr(BIDS[NORTH_HEAD])], NORTH)
    markers.plant("south bid", [repr(BIDS[SOUTH_HEAD])], SOUTH)
    markers.plant("mediator note ids", [scene.note], (MEDIATOR,))
    markers.plant("other talks' draft", [OTHER_TALKS_TITLE, other_memo], (OUTSIDER,))
    with live_server(svc) as server:
        tokens, secrets = _sign_in_everyone(server)
        hashes, session_ids = _stored_credentials(svc)
        markers.plant("password hashes", hashes, ())
        for role, held in secrets.items():
            markers.plant(f"credentials of {role}", held, ())
            # Its owner lists its tokens (GET /api/tokens); a browser session's id is shown to
            # nobody, its owner included, but would tell the owner nothing new.
            markers.plant(f"token id of {role}", [session_ids[role][SessionKind.TOKEN]], (role,))
            markers.plant(f"session id of {role}", [session_ids[role][SessionKind.WEB]], (role,))
        yield Stage(scene, server, markers, tokens, other_talks, other_memo)


# ---------------------------------------------------------------------------------------------
# Reading event streams as raw text, so that headers and every line are searched.


@dataclass
class RawStream:
    """GET of an event stream read in a thread: the status line, the headers and every line
    as received, searchable while it runs."""

    url: str
    headers: dict[str, str]
    status: str = ""
    lines: list[str] = field(default_factory=list)
    changed: threading.Condition = field(default_factory=threading.Condition)
    finished: bool = False
    _socket: socket.socket | None = None

    def start(self) -> RawStream:
        threading.Thread(target=self._read, daemon=True).start()
        return self

    def _read(self) -> None:
        client = httpx.Client(timeout=httpx.Timeout(WAIT_SECONDS, read=None))
        try:
            with client.stream("GET", self.url, headers=self.headers) as response:
                self._socket = response.extensions["network_stream"].get_extra_info("socket")
                with self.changed:
                    self.status = f"{response.status_code} {response.reason_phrase}"
                    self.lines.extend(f"{k}: {v}" for k, v in response.headers.multi_items())
                    self.changed.notify_all()
                for line in response.iter_lines():
                    with self.changed:
                        self.lines.append(line)
                        self.changed.notify_all()
        except (httpx.HTTPError, RuntimeError, ValueError, OSError):
            pass  # closed by the test or by the server
        finally:
            client.close()
            with self.changed:
                self.finished = True
                self.changed.notify_all()

    def text(self) -> str:
        with self.changed:
            return "\n".join([self.status, *self.lines])

    def wait(self, until: Callable[[RawStream], bool]) -> bool:
        """Whether `until` came true (or the stream ended) within WAIT_SECONDS."""
        with self.changed:
            return self.changed.wait_for(lambda: self.finished or until(self), WAIT_SECONDS)

    def has_event(self, seq: int) -> bool:
        return f"id: {seq}" in self.lines

    def close(self) -> None:
        if self._socket is not None:
            with suppress(OSError):
                self._socket.shutdown(socket.SHUT_RDWR)


__all__ = [
    "ANONYMOUS",
    "BIDS",
    "NORTH",
    "NORTH_PRIVATE",
    "PUBLIC",
    "REGISTRY",
    "ROLES",
    "SOUTH",
    "SOUTH_PRIVATE",
    "WAIT_SECONDS",
    "Markers",
    "RawStream",
    "Stage",
    "staged",
]
