"""Use cases hand their callers typed views, never live domain entities (issue 8 §1).

A use case is a public function of a services module that takes the `Services` port: what the
CLI, the API and the pages call. The other public functions are building blocks over a unit of
work, a loaded aggregate or a document, used inside the services layer.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import typing
from collections.abc import Callable, Iterator
from enum import Enum
from types import ModuleType

import pytest
from pydantic import BaseModel

import pourparler.domain
import pourparler.services
from pourparler.domain.exchange import ExchangeStatus
from pourparler.services import account, exchange, setup, text
from pourparler.services.account import PersonView
from pourparler.services.model import ExchangeView, Page, RoundView, TalksSummary, TextVersionView
from pourparler.services.port import Services
from pourparler.services.principal import OPERATOR
from pourparler.services.query import talks_page
from support.caller import by
from support.process import commit, exchanged
from support.world import CLERK, MEDIATOR, NORTH_HEAD, OBSERVER, PASSWORD, SOUTH_HEAD


def _modules(package: ModuleType) -> Iterator[ModuleType]:
    for found in pkgutil.iter_modules(package.__path__):
        yield importlib.import_module(f"{package.__name__}.{found.name}")


def _entity_classes() -> set[type]:
    """Every class the domain defines, its vocabularies (enums) and errors aside."""
    return {
        value
        for module in _modules(pourparler.domain)
        for value in vars(module).values()
        if inspect.isclass(value)
        and value.__module__ == module.__name__
        and not issubclass(value, Enum | BaseException)
        and not getattr(value, "_is_protocol", False)
    }


ENTITIES = _entity_classes()


def _named(annotation: object) -> Iterator[type]:
    """Every class an annotation names, inside unions, containers and generic models too."""
    if inspect.isclass(annotation):
        yield annotation
        if issubclass(annotation, BaseModel):  # a parametrised model, such as Page[RoundView]
            generic = annotation.__pydantic_generic_metadata__
            for argument in (generic["origin"], *generic["args"]):
                yield from _named(argument)
    origin = typing.get_origin(annotation)
    if origin is not None:
        yield from _named(origin)
    for argument in typing.get_args(annotation):
        yield from _named(argument)


def _public_functions() -> Iterator[tuple[str, Callable[..., object]]]:
    for module in _modules(pourparler.services):
        for name in getattr(module, "__all__", ()):
            value = getattr(module, name)
            if inspect.isfunction(value):
                yield f"{module.__name__}.{name}", value


def _is_use_case(function: Callable[..., object]) -> bool:
    hints = typing.get_type_hints(function)
    first = next(iter(inspect.signature(function).parameters), None)
    return first is not None and hints.get(first) is Services


USE_CASES = [(name, f) for name, f in _public_functions() if _is_use_case(f)]


def test_the_walk_finds_the_entities_and_the_use_cases() -> None:
    from pourparler.domain.round import Round
    from pourparler.domain.talks import Talks

    assert {Round, Talks} <= ENTITIES
    assert not any(issubclass(e, Enum) for e in ENTITIES)
    names = {name for name, _ in USE_CASES}
    assert {
        "pourparler.services.round.propose_round",
        "pourparler.services.setup.create_talks",
    } <= names
    assert set(_named(Page[RoundView] | None)) >= {Page, RoundView}


@pytest.mark.parametrize(("name", "use_case"), USE_CASES, ids=[n for n, _ in USE_CASES])
def test_no_use_case_returns_a_domain_entity(name: str, use_case: Callable[..., object]) -> None:
    returned = typing.get_type_hints(use_case).get("return")
    leaked = sorted(c.__name__ for c in set(_named(returned)) & ENTITIES)
    assert not leaked, f"{name} returns {leaked}: return a view of services/model.py instead"


def test_a_sealed_commitment_is_returned_as_its_reader_may_read_it(world) -> None:
    exchange_id, _, south = exchanged(world)
    seen = commit(world, SOUTH_HEAD, exchange_id, south)
    assert isinstance(seen, ExchangeView)
    assert seen.status is ExchangeStatus.OPEN
    assert seen.committed() == [world.south]
    (own,) = seen.commitments
    assert own.memorandum == south[0]
    assert own.version
    assert own.salt
    closed = exchange.close_exchange(world.svc, by(MEDIATOR), world.talks_id, exchange_id)
    assert closed.status is ExchangeStatus.CLOSED
    (sealed,) = closed.commitments
    # the mediator learns that South committed, and its digest, never to what
    assert (sealed.party, sealed.digest) == (world.south, own.digest)
    assert (sealed.memorandum, sealed.version, sealed.salt, sealed.document) == (None,) * 4


def test_a_text_version_carries_its_clauses_to_the_mediator(world) -> None:
    started = text.start_text(world.svc, by(MEDIATOR), world.talks_id, title="Draft agreement")
    assert isinstance(started, TextVersionView)
    assert started.number == 1
    assert started.clauses == []


def test_created_talks_read_as_their_line_in_the_talks_list(world) -> None:
    created = setup.create_talks(world.svc, OPERATOR, title="Harbour transit", template="labour")
    assert isinstance(created, TalksSummary)
    listed = talks_page(world.svc, OPERATOR).items
    assert next(s for s in listed if s.id == created.id) == created
    assert (created.title, created.parties, created.rounds) == ("Harbour transit", [], 0)


def test_a_password_check_returns_the_account_without_its_hash(world) -> None:
    found = account.check_password(world.svc, email=NORTH_HEAD, password=PASSWORD)
    assert isinstance(found, PersonView)
    assert found.email == NORTH_HEAD
    assert "password_hash" not in found.model_dump()
    assert account.check_password(world.svc, email=OBSERVER, password="wrong password") is None
    assert account.check_password(world.svc, email=CLERK, password=PASSWORD + "x") is None
