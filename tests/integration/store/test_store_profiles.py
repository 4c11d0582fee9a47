"""A preference profile goes into the SQL store and comes back whole, on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from pourparler.domain.profile import IssuePreference, PreferenceProfile
from pourparler.domain.talks import Talks
from pourparler.store import SqlUnitOfWork

NOW = datetime(2026, 12, 2, 8, 15, 30, 250000, tzinfo=UTC)


def _profile(talks: Talks) -> PreferenceProfile:
    by_title = {i.title: i for i in talks.issues}
    scope, days = by_title["Geographic scope"], by_title["Initial duration"]
    made = PreferenceProfile.checked(
        party_id=talks.parties[0].id,
        framework=talks.framework,
        issues=[
            IssuePreference(
                scope.id,
                2.5,
                ratings=(("Contested districts", 4.0), ("Contact line only", 10.0)),
                red_options=("Entire territory",),
            ),
            IssuePreference(
                days.id,
                1.0,
                curve="points",
                points=((90, 1.0), (30, 0.5)),
                acceptable_range=(14, 90),
            ),
        ],
        reservation=0.35,
    )
    made.updated_at = NOW
    return made


def test_a_profile_comes_back_whole_and_is_updated_in_place(
    new_uow: Callable[[], SqlUnitOfWork], stored_talks: Talks
) -> None:
    saved = _profile(stored_talks)
    with new_uow() as uow:
        uow.talks.get(stored_talks.id).keep_profile(saved)
        uow.commit()
    with new_uow() as uow:
        [loaded] = uow.talks.get(stored_talks.id).profiles
        assert loaded.id == saved.id
        assert loaded.content() == saved.content()
        assert loaded.issues == saved.issues
        assert loaded.updated_at == NOW
        assert loaded.consents_to_mediator is False
    changed = _profile(stored_talks)
    changed.reservation, changed.updated_at = 0.5, NOW + timedelta(hours=1)
    with new_uow() as uow:
        talks = uow.talks.get(stored_talks.id)
        kept = talks.keep_profile(changed)
        kept.consents_to_mediator = True
        uow.commit()
    with new_uow() as uow:
        [loaded] = uow.talks.get(stored_talks.id).profiles
        assert (loaded.id, loaded.reservation) == (saved.id, 0.5)
        assert loaded.consents_to_mediator is True
        assert loaded.updated_at == NOW + timedelta(hours=1)
