"""The talks export has one published definition: every reader's export is valid by it, and
whatever it refuses (an unknown key anywhere, a wrong type, a missing key) is refused by every
reader of an export before anything else, in one line naming the path."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from pourparler.domain.error import InvalidInput
from pourparler.services import profile, secret
from pourparler.services.document import schema_of
from pourparler.services.export_document import read_export
from pourparler.services.transfer import export_talks, import_talks
from pourparler.services.verification import verify_export
from support.caller import OPERATOR, by
from support.memory import memory_services
from support.scene import OUTSIDER, ROLES, build_scene
from support.world import MEDIATOR, NORTH_HEAD, SOUTH_HEAD

WHO = [who for who in ROLES if who != OUTSIDER]
SCHEMA = Draft202012Validator(schema_of("export"))


@pytest.fixture(scope="module")
def exports() -> dict[str | None, dict[str, Any]]:
    scene = build_scene(memory_services()[0])
    # Through JSON, as a file carries it.
    return {
        who: json.loads(json.dumps(export_talks(scene.svc, by(who), scene.talks_id))) for who in WHO
    }


@pytest.mark.parametrize("who", WHO)
def test_every_readers_export_is_valid_by_the_model_and_the_schema(exports, who) -> None:
    document = exports[who]
    read_export(document)
    SCHEMA.validate(document)


def test_the_richest_exports_hold_every_optional_part(exports) -> None:
    """The scene exercises what the model leaves optional, so the test above covers it."""
    party, mediator, clerk = exports[NORTH_HEAD], exports[MEDIATOR], exports[OPERATOR]
    assert party["talks"]["profiles"]
    assert "notes" not in party["talks"]
    assert mediator["talks"]["notes"]
    assert any("salt" in c for e in party["talks"]["exchanges"] for c in e["commitments"])
    assert any("stub" in e for e in party["talks"]["record"])
    assert clerk["reader"]["reads_content"] is False
    assert all("question" not in c for c in clerk["talks"]["clarifications"])
    assert all("sections" not in v for m in clerk["talks"]["memoranda"] for v in m["versions"])


Path = tuple[str | int, ...]


MAPS = ("ratings", "utilities", "package")  # {option: rating}, {party: utility}, {issue: value}


def _objects(node: Any, path: Path = ()) -> Iterator[Path]:
    """The path of every object of an export with keys of its own: a record entry's data (hashed
    as it is) and the maps aside."""
    if isinstance(node, dict):
        if path and path[-1] in MAPS:
            return
        yield path
        for key, value in node.items():
            if key != "data" or "record" not in path:
                yield from _objects(value, (*path, key))
    elif isinstance(node, list):
        for k, value in enumerate(node):
            yield from _objects(value, (*path, k))


def _named(path: Path) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text


def _edited(document: dict[str, Any], path: Path, edit: Callable[[Any], None]) -> dict[str, Any]:
    changed = copy.deepcopy(document)
    node: Any = changed
    for step in path:
        node = node[step]
    edit(node)
    return changed


def _refusal(document: dict[str, Any]) -> str:
    with pytest.raises(InvalidInput) as refused:
        read_export(document)
    message = str(refused.value)
    assert "\n" not in message
    return message


@pytest.mark.parametrize("who", [NORTH_HEAD, MEDIATOR, OPERATOR])
def test_an_unknown_key_anywhere_is_refused_naming_where(exports, who) -> None:
    document = exports[who]
    for path in _objects(document):
        forged = _edited(document, path, lambda node: node.__setitem__("zz_unknown", 1))
        where = f" in {_named(path)}" if path else ""
        assert _refusal(forged).startswith(
            f"malformed export: unknown key 'zz_unknown'{where} (known keys: "
        ), path
        assert not SCHEMA.is_valid(forged), path


REFUSED = [
    (("talks", "members", 2, "role"), "king", "talks.members[2].role: Input should be 'head'"),
    (("talks", "members", 0, "confirmed"), "yes", "talks.members[0].confirmed: Input should be"),
    (("talks", "framework", 0, "order"), "1", "talks.framework[0].order: Input should be"),
    (("talks", "parties", 0, "id"), "x" * 50, "talks.parties[0].id: is not an id"),
    (("talks", "rounds", 0, "starts_at"), "soon", "talks.rounds[0].starts_at: Input should be"),
    (("talks", "exchanges", 0, "commitments", 0, "salt"), {"a": 1}, ".salt: Input should be"),
    (("talks", "memoranda", 0, "versions", 0, "sections"), None, ".sections: Input should be"),
    (("talks", "text"), [], "talks.text: Input should be"),
    (("reader", "reads_content"), 1, "reader.reads_content: Input should be"),
    (("signatures", 0, "seq"), "1", "signatures[0].seq: Input should be"),
    (("talks", "record", 1, "stub"), True, "talks.record[1]: a stub holds seq and hashes only"),
]


@pytest.mark.parametrize(("path", "value", "said"), REFUSED)
def test_a_wrong_value_is_refused_naming_its_path(exports, path, value, said) -> None:
    forged = _edited(exports[NORTH_HEAD], path[:-1], lambda node: node.__setitem__(path[-1], value))
    assert said in _refusal(forged)
    # "format": "date-time" is an annotation a schema validator checks only if asked (and able)
    assert SCHEMA.is_valid(forged) == (path[-1] == "starts_at")


MISSING = [
    ("talks", "members"),
    ("talks", "members", 1, "email"),
    ("talks", "framework", 0, "range"),
    ("talks", "rounds", 0, "responses"),
    ("talks", "exchanges", 0, "commitments", 0, "digest"),
    ("talks", "text", "versions", 0, "hash"),
    ("talks", "profiles", 0, "consents_to_mediator"),
    ("talks", "record", 0, "act"),
    ("reader",),
    ("keys", 0, "public_key"),
]


@pytest.mark.parametrize("path", MISSING)
def test_a_missing_key_is_refused_naming_its_path(exports, path) -> None:
    forged = _edited(exports[NORTH_HEAD], path[:-1], lambda node: node.pop(path[-1]))
    message = _refusal(forged)
    where = _named(path)
    assert message in (
        f"malformed export: {where}: Field required",
        f"malformed export: {_named(path[:-1])}: an entry that is not a stub needs {path[-1]!r}",
    ), message
    assert not SCHEMA.is_valid(forged)


def test_an_alternative_names_its_parties_one_way() -> None:
    scene = build_scene(memory_services()[0])
    document = json.loads(json.dumps(export_talks(scene.svc, by(MEDIATOR), scene.talks_id)))
    clauses = document["talks"]["text"]["versions"][0]["clauses"]
    k = next(k for k, c in enumerate(clauses) if c["alternatives"])
    path: Path = ("talks", "text", "versions", 0, "clauses", k, "alternatives", 0)
    both = _edited(document, path, lambda a: a.__setitem__("party_ids", ["x"]))
    assert "an alternative names its parties by 'party_id' or 'party_ids'" in _refusal(both)
    assert not SCHEMA.is_valid(both)


def test_import_and_verification_refuse_by_the_model_and_write_nothing(exports) -> None:
    forged = _edited(exports[NORTH_HEAD], ("talks", "members", 2), lambda m: m.pop("role"))
    svc, store = memory_services()
    with pytest.raises(InvalidInput, match=r"^malformed export: talks\.members\[2\]\.role: "):
        import_talks(svc, OPERATOR, forged)
    assert store.commits == 0
    with pytest.raises(InvalidInput, match=r"^malformed export: talks\.members\[2\]\.role: "):
        verify_export(forged)


ONE_ISSUE = {"issues": [{"issue": "Geographic scope", "weight": 1, "ratings": {}}]}


@pytest.mark.parametrize(("north", "south"), [(0.4, 0.45), (0.9, 0.9)])
def test_an_export_with_the_verdict_on_the_secret_bids_is_valid(world, north, south) -> None:
    for head, first in ((NORTH_HEAD, 2), (SOUTH_HEAD, 0)):
        ratings = {
            "Contact line only": first,
            "Contested districts": 1,
            "Entire territory": 2 - first,
        }
        document = {"issues": [{**ONE_ISSUE["issues"][0], "ratings": ratings}]}
        profile.save_profile(world.svc, by(head), world.talks_id, document)
    secret.set_secret_minimum(world.svc, by(NORTH_HEAD), world.talks_id, minimum=north)
    secret.set_secret_minimum(world.svc, by(SOUTH_HEAD), world.talks_id, minimum=south)
    for who in (NORTH_HEAD, MEDIATOR):
        exported = json.loads(json.dumps(export_talks(world.svc, by(who), world.talks_id)))
        assert "secret_verdict" in exported["talks"]
        read_export(exported)
        SCHEMA.validate(exported)
