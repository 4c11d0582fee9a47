"""Sign-in, sessions, API tokens, the rate limits, password changes and invitations."""

from __future__ import annotations

from dataclasses import replace

import pytest

from pourparler.domain.credential import digest
from pourparler.domain.error import (
    InvalidInput,
    NotAllowed,
    NotFound,
    TooManyAttempts,
    Unauthenticated,
)
from pourparler.services import account, credential, invitation
from pourparler.services.credential import ACCOUNT_LIMIT, ADDRESS_LIMIT, WRONG_SIGN_IN
from pourparler.services.principal import Channel, Principal
from support.caller import OPERATOR, by
from support.memory import Clock, FakeHasher, MemoryStore
from support.world import CLERK, NORTH_DELEGATE, NORTH_HEAD, PASSWORD, SOUTH_HEAD, World

HERE = "192.0.2.1"


def sign_in(world: World, email: str = NORTH_HEAD, password: str = PASSWORD, **kw: str):
    return credential.sign_in(world.svc, email=email, password=password, address=HERE, **kw)


def token(world: World, email: str = NORTH_HEAD, name: str = "script"):
    return credential.create_token(
        world.svc, email=email, password=PASSWORD, name=name, address=HERE
    )


def me(world: World, email: str) -> Principal:
    return Principal.signed_in(account.me(world.svc, by(email)).id, Channel.WEB)


def test_a_web_session_proves_its_person_through_the_web_channel(world: World) -> None:
    opened = sign_in(world)
    found = credential.authenticate(world.svc, opened.secret)
    assert found is not None
    assert found.principal == Principal.signed_in(me(world, NORTH_HEAD).person_id, Channel.WEB)
    assert (found.bearer, found.csrf, found.session_id) == (False, opened.csrf, opened.session_id)


def test_an_api_session_and_a_token_are_bearers_of_their_own_channels(world: World) -> None:
    api = credential.authenticate(world.svc, sign_in(world, kind="api").secret)
    issued = credential.authenticate(world.svc, token(world).token)
    assert api is not None
    assert issued is not None
    assert (api.principal.channel, api.bearer, api.csrf) == (Channel.API_SESSION, True, None)
    assert (issued.principal.channel, issued.bearer) == (Channel.API_TOKEN, True)


def test_a_wrong_password_and_an_unknown_email_are_refused_alike(world: World) -> None:
    with pytest.raises(Unauthenticated) as wrong:
        sign_in(world, password="not the password")
    with pytest.raises(Unauthenticated) as unknown:
        sign_in(world, email="nobody@example.org")
    assert wrong.value.message == unknown.value.message == WRONG_SIGN_IN


def test_an_unknown_secret_proves_nobody(world: World) -> None:
    assert credential.authenticate(world.svc, "made-up") is None
    assert credential.authenticate(world.svc, "") is None


def test_a_web_session_ends_after_twelve_idle_hours(world: World, clock: Clock) -> None:
    opened = sign_in(world)
    clock.advance(hours=11, minutes=59)
    assert credential.authenticate(world.svc, opened.secret) is not None
    clock.advance(hours=11, minutes=59)  # used a moment ago: still in force
    assert credential.authenticate(world.svc, opened.secret) is not None
    clock.advance(hours=12)
    assert credential.authenticate(world.svc, opened.secret) is None


def test_a_web_session_ends_after_seven_days_however_busy(world: World, clock: Clock) -> None:
    opened = sign_in(world)
    for _ in range(15):  # 165 hours
        clock.advance(hours=11)
        assert credential.authenticate(world.svc, opened.secret) is not None
    clock.advance(hours=3)  # 168 hours: seven days
    assert credential.authenticate(world.svc, opened.secret) is None


def test_a_token_does_not_expire_but_ends_when_revoked(world: World, clock: Clock) -> None:
    issued = token(world)
    clock.advance(days=400)
    assert credential.authenticate(world.svc, issued.token) is not None
    owner = by(NORTH_HEAD)
    assert [t.name for t in credential.list_tokens(world.svc, owner)] == ["script"]
    credential.revoke_token(world.svc, owner, issued.id)
    assert credential.authenticate(world.svc, issued.token) is None
    assert credential.list_tokens(world.svc, owner) == []


def test_someone_elses_token_is_not_found(world: World) -> None:
    issued = token(world)
    with pytest.raises(NotFound):
        credential.revoke_token(world.svc, by(SOUTH_HEAD), issued.id)
    assert credential.authenticate(world.svc, issued.token) is not None


def test_a_token_needs_a_name(world: World) -> None:
    with pytest.raises(InvalidInput):
        token(world, name="  ")


def test_only_digests_of_secrets_are_stored(world: World, store: MemoryStore) -> None:
    issued, opened = token(world), sign_in(world)
    kept = store.committed.sessions.values()
    assert {s.secret_hash for s in kept} == {digest(issued.token), digest(opened.secret)}
    assert not any(issued.token in repr(s) or opened.secret in repr(s) for s in kept)


def test_signing_out_ends_the_session(world: World) -> None:
    opened = sign_in(world)
    credential.sign_out(world.svc, opened.secret)
    assert credential.authenticate(world.svc, opened.secret) is None


def test_the_account_limit_engages_and_releases_with_the_window(world: World, clock: Clock) -> None:
    for _ in range(ACCOUNT_LIMIT):
        with pytest.raises(Unauthenticated):
            sign_in(world, password="guess guess")
        clock.advance(minutes=1)
    with pytest.raises(TooManyAttempts) as held:
        sign_in(world)  # even the right password waits
    assert held.value.retry_after == 10 * 60  # the first failure leaves the window then
    clock.advance(seconds=held.value.retry_after - 1)
    with pytest.raises(TooManyAttempts):
        sign_in(world)
    clock.advance(seconds=1)
    assert sign_in(world).secret


def test_a_successful_sign_in_does_not_count(world: World) -> None:
    for _ in range(ACCOUNT_LIMIT * 2):
        sign_in(world)
    for _ in range(ACCOUNT_LIMIT - 1):
        with pytest.raises(Unauthenticated):
            sign_in(world, password="guess guess")
    assert sign_in(world).secret


def test_an_unknown_account_is_limited_as_a_known_one(world: World) -> None:
    for _ in range(ACCOUNT_LIMIT):
        with pytest.raises(Unauthenticated):
            sign_in(world, email="ghost@example.org")
    with pytest.raises(TooManyAttempts):
        sign_in(world, email="ghost@example.org")


def test_the_address_limit_spans_accounts(world: World, clock: Clock) -> None:
    for k in range(ADDRESS_LIMIT):
        with pytest.raises(Unauthenticated):
            sign_in(world, email=f"guess{k}@example.org")
    with pytest.raises(TooManyAttempts):
        sign_in(world)
    other = credential.sign_in(world.svc, email=NORTH_HEAD, password=PASSWORD, address="x")
    assert other.secret  # another address is not held back
    clock.advance(minutes=15)
    assert sign_in(world).secret


def test_a_password_change_needs_the_current_password(world: World) -> None:
    opened = sign_in(world)
    who = credential.authenticate(world.svc, opened.secret)
    assert who is not None
    with pytest.raises(NotAllowed):
        credential.change_password(
            world.svc,
            who.principal,
            current="wrong one!",
            new="new password!",
            keep_session_id=None,
        )
    assert sign_in(world).secret  # the old password still works
    assert credential.authenticate(world.svc, opened.secret) is not None


def test_a_password_change_ends_every_other_session_and_token(world: World) -> None:
    kept, other, api, issued = (
        sign_in(world),
        sign_in(world),
        sign_in(world, kind="api"),
        token(world),
    )
    south = token(world, SOUTH_HEAD)
    who = credential.authenticate(world.svc, kept.secret)
    assert who is not None
    credential.change_password(
        world.svc,
        who.principal,
        current=PASSWORD,
        new="a new password",
        keep_session_id=kept.session_id,
    )
    assert credential.authenticate(world.svc, kept.secret) is not None
    for ended in (other.secret, api.secret, issued.token):
        assert credential.authenticate(world.svc, ended) is None
    assert credential.authenticate(world.svc, south.token) is not None  # nobody else's
    with pytest.raises(Unauthenticated):
        sign_in(world)
    assert sign_in(world, password="a new password").secret


def test_a_new_password_must_be_long_enough(world: World) -> None:
    with pytest.raises(InvalidInput):
        credential.change_password(
            world.svc, by(NORTH_HEAD), current=PASSWORD, new="short", keep_session_id=None
        )


TOO_LONG = "x" * (account.MAX_PASSWORD + 1)


class CountingHasher(FakeHasher):
    """The fake hasher, counting the Argon2 work it stands in for."""

    def __init__(self) -> None:
        self.calls = 0

    def hash(self, password: str) -> str:
        self.calls += 1
        return super().hash(password)


def test_an_over_long_password_is_refused_unhashed_and_counts_as_a_failure(world: World) -> None:
    hasher = CountingHasher()
    svc = replace(world.svc, hasher=hasher)
    for _ in range(ACCOUNT_LIMIT):
        with pytest.raises(InvalidInput, match="the password is longer than 1024 characters"):
            credential.sign_in(svc, email=NORTH_HEAD, password=TOO_LONG, address=HERE)
    with pytest.raises(InvalidInput, match="the password is longer"):
        credential.create_token(svc, email=SOUTH_HEAD, password=TOO_LONG, name="x", address="y")
    assert account.check_password(svc, email=NORTH_HEAD, password=TOO_LONG) is None
    assert hasher.calls == 0
    with pytest.raises(TooManyAttempts):
        sign_in(world)  # the over-long attempts count like wrong passwords


def test_a_password_of_the_largest_length_is_accepted(world: World) -> None:
    longest = "x" * account.MAX_PASSWORD
    account.add_user(
        world.svc, OPERATOR, name="Ida Long", email="ida@example.org", password=longest
    )
    assert sign_in(world, email="ida@example.org", password=longest).secret


def test_an_over_long_new_password_is_refused_and_changes_nothing(world: World) -> None:
    hasher = CountingHasher()
    svc = replace(world.svc, hasher=hasher)
    with pytest.raises(InvalidInput, match="the password is longer than 1024 characters"):
        account.add_user(svc, OPERATOR, name="Ida New", email="ida@example.org", password=TOO_LONG)
    with pytest.raises(InvalidInput, match="the new password is longer than 1024 characters"):
        credential.change_password(
            svc, by(NORTH_HEAD), current=PASSWORD, new=TOO_LONG, keep_session_id=None
        )
    issued = invite(world)
    with pytest.raises(InvalidInput, match="the password is longer than 1024 characters"):
        invitation.accept_invitation(svc, secret=issued.secret, password=TOO_LONG)
    assert hasher.calls == 0
    with pytest.raises(Unauthenticated):
        sign_in(world, email="ida@example.org")  # no account was made
    assert sign_in(world).secret  # the password is still the old one
    email = invitation.accept_invitation(world.svc, secret=issued.secret, password="my own pass")
    assert sign_in(world, email=email, password="my own pass").secret  # the link still works


def test_an_over_long_current_password_counts_against_the_account(world: World) -> None:
    for _ in range(ACCOUNT_LIMIT):
        with pytest.raises(InvalidInput, match="the current password is longer than 1024"):
            credential.change_password(
                world.svc,
                by(NORTH_HEAD),
                current=TOO_LONG,
                new="a new password",
                keep_session_id=None,
            )
    with pytest.raises(TooManyAttempts):
        sign_in(world)


def test_add_user_returns_no_password_hash(world: World) -> None:
    view = account.add_user(
        world.svc, OPERATOR, name="Ida New", email="ida@example.org", password=PASSWORD
    )
    assert set(type(view).model_fields) == {"id", "name", "email", "operator", "opens_talks"}


def invite(world: World, who: Principal = by(CLERK), **kw: str | None):
    arguments: dict[str, str | None] = {
        "email": "newcomer@example.org",
        "name": "Nia Newcomer",
        "talks_id": world.talks_id,
        "role": "delegate",
        "party": "Northland",
    }
    return invitation.invite(world.svc, who, **{**arguments, **kw})


def test_an_invitation_makes_the_account_seats_it_and_lets_the_invitee_set_a_password(
    world: World,
) -> None:
    issued = invite(world)
    with pytest.raises(Unauthenticated):  # no password until the invitation is accepted
        sign_in(world, email="newcomer@example.org", password="")
    email = invitation.accept_invitation(world.svc, secret=issued.secret, password="my own pass")
    assert email == "newcomer@example.org"
    seats = account.me(world.svc, by(email)).seats
    assert [(s.role, s.party, s.confirmed) for s in seats] == [("delegate", "Northland", False)]
    assert sign_in(world, email=email, password="my own pass").secret


def test_an_invitation_is_single_use(world: World) -> None:
    issued = invite(world)
    invitation.accept_invitation(world.svc, secret=issued.secret, password="my own pass")
    with pytest.raises(Unauthenticated, match="used already"):
        invitation.accept_invitation(world.svc, secret=issued.secret, password="their own pass")
    assert sign_in(world, email="newcomer@example.org", password="my own pass").secret


def test_accepting_one_invitation_voids_every_other_link_sent(world: World) -> None:
    older = invitation.invite(world.svc, OPERATOR, email=NORTH_HEAD)
    newer = invitation.invite(world.svc, OPERATOR, email=NORTH_HEAD)
    invitation.accept_invitation(world.svc, secret=newer.secret, password="remembered now")
    with pytest.raises(Unauthenticated, match="used already"):
        invitation.accept_invitation(world.svc, secret=older.secret, password="someone else's")
    assert sign_in(world, password="remembered now").secret


def test_an_invitation_expires_after_seven_days(world: World, clock: Clock) -> None:
    issued = invite(world)
    clock.advance(days=7)
    with pytest.raises(Unauthenticated, match="expired"):
        invitation.accept_invitation(world.svc, secret=issued.secret, password="my own pass")


def test_an_unknown_invitation_is_refused(world: World) -> None:
    with pytest.raises(Unauthenticated, match="not valid"):
        invitation.accept_invitation(world.svc, secret="made-up", password="my own pass")


def test_only_the_secretariat_invites_and_a_refusal_leaves_no_account(
    world: World, store: MemoryStore
) -> None:
    commits = store.commits
    with pytest.raises(NotAllowed):
        invite(world, by(NORTH_HEAD))
    assert store.commits == commits
    assert "newcomer@example.org" not in {p.email for p in store.committed.people.values()}


def test_a_seat_refused_by_the_rules_leaves_no_account(world: World, store: MemoryStore) -> None:
    with pytest.raises(NotFound):
        invite(world, party="Atlantis")
    assert "newcomer@example.org" not in {p.email for p in store.committed.people.values()}


def test_a_reset_by_invitation_ends_every_session_of_the_person(world: World) -> None:
    opened, issued_token = sign_in(world), token(world)
    reset = invitation.invite(world.svc, OPERATOR, email=NORTH_HEAD)
    invitation.accept_invitation(world.svc, secret=reset.secret, password="remembered now")
    assert credential.authenticate(world.svc, opened.secret) is None
    assert credential.authenticate(world.svc, issued_token.token) is None
    assert sign_in(world, password="remembered now").secret


def test_the_secretariat_of_some_talks_cannot_reset_someone_elses_password(world: World) -> None:
    with pytest.raises(NotAllowed, match="operator"):
        invite(world, email=NORTH_DELEGATE, role="delegate", party="Northland")


def test_the_operator_re_invites_a_seated_person_without_a_second_seat(world: World) -> None:
    invite(world, OPERATOR, email=NORTH_DELEGATE, role="delegate", party="Northland")
    seats = account.me(world.svc, by(NORTH_DELEGATE)).seats
    assert [(s.role, s.party) for s in seats] == [("delegate", "Northland")]


def test_an_invitation_to_no_talks_is_the_operators_alone(world: World) -> None:
    with pytest.raises(NotAllowed):
        invitation.invite(world.svc, by(CLERK), email="x@example.org", name="X")
    with pytest.raises(InvalidInput):
        invitation.invite(world.svc, OPERATOR, email="x@example.org", name="X", role="head")


def test_a_long_response_rechecks_its_session_without_keeping_it_alive(
    world: World, clock: Clock
) -> None:
    opened = sign_in(world)
    proven = credential.authenticate(world.svc, opened.secret)
    assert proven is not None
    assert credential.still_in_force(world.svc, proven)
    for _ in range(11):  # an open page checking every hour
        clock.advance(hours=1)
        assert credential.still_in_force(world.svc, proven)
    clock.advance(hours=1)
    assert not credential.still_in_force(world.svc, proven)  # idle: checks are not use
    assert credential.authenticate(world.svc, opened.secret) is None


def test_a_long_response_learns_of_a_revoked_token(world: World) -> None:
    issued = token(world)
    proven = credential.authenticate(world.svc, issued.token)
    assert proven is not None
    credential.revoke_token(world.svc, proven.principal, issued.id)
    assert not credential.still_in_force(world.svc, proven)
