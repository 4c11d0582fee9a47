"""Bids bound to their profile, the kept verdict and confirmed seats go into the SQL store and
come back, on SQLite and PostgreSQL; reopening the bidding removes the verdict's row."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import Engine, text

from pourparler.domain.bidding import SecretVerdict
from pourparler.domain.profile import IssuePreference, PreferenceProfile
from pourparler.domain.role import Role
from pourparler.domain.talks import Person, Talks
from pourparler.store import SqlUnitOfWork


def _keep_profiles(talks: Talks) -> None:
    scope = next(i for i in talks.issues if i.title == "Geographic scope")
    for party in talks.parties:
        talks.keep_profile(
            PreferenceProfile.checked(
                party_id=party.id,
                framework=talks.framework,
                issues=[IssuePreference(scope.id, 1.0, ratings=(("Contested districts", 1.0),))],
                reservation=0.2,
            )
        )


def test_bids_the_verdict_and_seats_come_back(
    new_uow: Callable[[], SqlUnitOfWork], stored_talks: Talks, engine: Engine
) -> None:
    newcomer = Person("Nico Newcomer", "nico@north.example")
    with new_uow() as uow:
        uow.people.add(newcomer)
        talks = uow.talks.get(stored_talks.id)
        talks.seat(newcomer.id, Role.DELEGATE, talks.parties[0].id)
        _keep_profiles(talks)
        for party in talks.parties:
            talks.place_bid(party.id, 0.4)
        basis = talks.bidding_basis()
        assert basis is not None
        talks.secret_verdict = SecretVerdict(
            basis, True, {"Geographic scope": "Contested districts"}, {"n": 0.5}
        )
        uow.commit()
    with new_uow() as uow:
        talks = uow.talks.get(stored_talks.id)
        seats = {m.person_id: m.confirmed for m in talks.memberships}
        assert seats[newcomer.id] is False
        assert all(seats[p] for p in seats if p != newcomer.id)
        assert talks.bidding_basis() == basis
        verdict = talks.secret_verdict
        assert verdict is not None
        assert (verdict.basis, verdict.overlap) == (basis, True)
        assert verdict.package == {"Geographic scope": "Contested districts"}
        assert verdict.utilities == {"n": 0.5}
        talks.confirm_seat(newcomer.id, talks.parties[0].id)
        assert talks.reopen_bidding() is True
        uow.commit()
    with new_uow() as uow:
        talks = uow.talks.get(stored_talks.id)
        assert talks.secret_verdict is None
        assert all(p.secret_minimum is None and p.bid_basis is None for p in talks.profiles)
        assert all(m.confirmed for m in talks.memberships)
    with engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM secret_verdicts")).scalar_one() == 0
