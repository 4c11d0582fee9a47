"""Every field of an export is bound to its record: change or drop any of them and the export no
longer verifies, and an import refuses it before writing anything.

The walk is generic (every value and every list item under `talks`, the record aside), over the
exports of roles that between them read every kind of fact: a party member (drafts, profile), the
mediator (notes, shared versions) and the observer (what is public).
"""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from typing import Any

import pytest

from pourparler.domain.error import PourparlerError
from pourparler.services.transfer import export_talks, import_talks
from pourparler.services.verification import verify_export
from support.caller import OPERATOR, by
from support.memory import memory_services
from support.scene import build_scene
from support.world import MEDIATOR, NORTH_HEAD, OBSERVER

Path = tuple[str | int, ...]


@pytest.fixture(scope="module")
def exports() -> dict[str, dict[str, Any]]:
    scene = build_scene(memory_services()[0])
    return {
        who: export_talks(scene.svc, by(who), scene.talks_id)
        for who in (NORTH_HEAD, MEDIATOR, OBSERVER)
    }


def _walk(node: Any, path: Path) -> Iterator[tuple[Path, Any]]:
    yield path, node
    if isinstance(node, dict):
        for key, value in node.items():
            if path == ("talks",) and key == "record":
                continue  # the chain's own tests cover the record
            yield from _walk(value, (*path, key))
    elif isinstance(node, list):
        for k, value in enumerate(node):
            yield from _walk(value, (*path, k))


def _changed(value: Any) -> Any:
    if isinstance(value, bool):
        return not value
    if isinstance(value, int | float):
        return value + 1
    if isinstance(value, str):
        return value + "~"
    if value is None:
        return "x"
    if isinstance(value, list):
        return [*value, "x"] if not value else value[:-1]
    return {**value, "x": 1} if not value else {}


def _edits(document: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    for path, value in _walk(document["talks"], ("talks",)):
        if len(path) < 2:
            continue
        forged = copy.deepcopy(document)
        parent: Any = forged
        for step in path[:-1]:
            parent = parent[step]
        if isinstance(path[-1], int):
            del parent[path[-1]]
            yield "dropped " + ".".join(map(str, path)), forged
            forged = copy.deepcopy(document)
            parent = forged
            for step in path[:-1]:
                parent = parent[step]
        parent[path[-1]] = _changed(value)
        yield "changed " + ".".join(map(str, path)), forged


def _refused(document: dict[str, Any]) -> bool:
    try:
        found = verify_export(document)
    except PourparlerError:
        return True
    return not found.intact


@pytest.mark.parametrize("who", [NORTH_HEAD, MEDIATOR, OBSERVER])
def test_every_edit_of_an_export_fails_its_verification(exports, who):
    document = exports[who]
    assert verify_export(document).intact
    passed = [what for what, forged in _edits(document) if not _refused(forged)]
    assert passed == []


@pytest.mark.parametrize("who", [NORTH_HEAD, MEDIATOR, OBSERVER])
def test_an_import_refuses_an_edited_export_and_writes_nothing(exports, who):
    document = exports[who]
    edits = list(_edits(document))
    for what, forged in edits[:: max(1, len(edits) // 40)]:  # a spread sample: imports are slower
        svc, store = memory_services()
        before = store.commits
        with pytest.raises(PourparlerError):
            import_talks(svc, OPERATOR, json.loads(json.dumps(forged)))
        assert store.commits == before, what
