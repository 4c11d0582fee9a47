"""Sessions, invitations and failed sign-ins, stored and found again."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest

from pourparler.domain.credential import Invitation, SessionKind, SignInFailure, SignInSession
from pourparler.domain.error import Conflict
from pourparler.domain.talks import Person
from pourparler.store import SqlUnitOfWork

from .conftest import NOW


@pytest.fixture
def person(new_uow: Callable[[], SqlUnitOfWork]) -> Person:
    person = Person("Amina Haddad", "amina@north.example")
    with new_uow() as uow:
        uow.people.add(person)
        uow.commit()
    return person


def session(person: Person, secret_hash: str, kind: SessionKind = SessionKind.WEB) -> SignInSession:
    return SignInSession(person.id, kind, secret_hash, NOW, NOW, NOW + timedelta(days=7))


def test_sessions_come_back_by_digest_and_revoked_ones_leave_the_list(
    new_uow: Callable[[], SqlUnitOfWork], person: Person
) -> None:
    with new_uow() as uow:
        uow.credentials.add_session(session(person, "a" * 64))
        uow.credentials.add_session(session(person, "b" * 64, SessionKind.TOKEN))
        uow.commit()
    with new_uow() as uow:
        found = uow.credentials.session_by_hash("b" * 64)
        assert found is not None
        assert (found.kind, found.created_at) == (SessionKind.TOKEN, NOW)
        found.revoke(NOW + timedelta(hours=1))
        uow.commit()
    with new_uow() as uow:
        assert [s.secret_hash for s in uow.credentials.sessions_of(person.id)] == ["a" * 64]
        assert uow.credentials.session_by_hash("c" * 64) is None


def test_one_secret_names_one_session(new_uow: Callable[[], SqlUnitOfWork], person: Person) -> None:
    with new_uow() as uow:
        uow.credentials.add_session(session(person, "a" * 64))
        uow.credentials.add_session(session(person, "a" * 64))
        with pytest.raises(Conflict):
            uow.commit()


def test_an_invitation_comes_back_by_digest(
    new_uow: Callable[[], SqlUnitOfWork], person: Person
) -> None:
    with new_uow() as uow:
        uow.credentials.add_invitation(
            Invitation(person.id, "d" * 64, NOW, NOW + timedelta(days=7), created_by=None)
        )
        uow.commit()
    with new_uow() as uow:
        found = uow.credentials.invitation_by_hash("d" * 64)
        assert found is not None
        assert (found.person_id, found.used_at) == (person.id, None)
        assert uow.credentials.open_invitations(person.id) == [found]
        found.used_at = NOW
        uow.commit()
    with new_uow() as uow:
        assert uow.credentials.open_invitations(person.id) == []


def test_failures_are_counted_per_account_and_address_and_forgotten(
    new_uow: Callable[[], SqlUnitOfWork],
) -> None:
    with new_uow() as uow:
        for minutes, account, address in (
            (0, "a@x.org", "1"),
            (5, "a@x.org", "2"),
            (9, "b@x.org", "1"),
        ):
            at = NOW + timedelta(minutes=minutes)
            uow.credentials.add_failure(SignInFailure(account, address, at))
        uow.commit()
    with new_uow() as uow:
        since = uow.credentials.failures_since
        assert since(NOW - timedelta(minutes=1), account="a@x.org") == [
            NOW,
            NOW + timedelta(minutes=5),
        ]
        assert since(NOW, account="a@x.org") == [NOW + timedelta(minutes=5)]  # after, not at
        assert len(since(NOW - timedelta(minutes=1), address="1")) == 2
        uow.credentials.forget_failures(NOW + timedelta(minutes=6))
        uow.commit()
    with new_uow() as uow:
        assert uow.credentials.failures_since(NOW - timedelta(days=1), address="1") == [
            NOW + timedelta(minutes=9)
        ]
