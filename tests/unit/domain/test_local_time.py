"""A date-time given for a zone is taken as said, or refused naming why: never shifted."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from pourparler.domain.base import local_moment
from pourparler.domain.error import InvalidInput

VIENNA = "Europe/Vienna"


def test_a_wall_clock_time_is_taken_in_its_zone() -> None:
    placed = local_moment(datetime(2027, 3, 16, 10), VIENNA)
    assert placed.astimezone(UTC) == datetime(2027, 3, 16, 9, tzinfo=UTC)


def test_an_offset_that_agrees_with_the_zone_is_accepted() -> None:
    given = datetime(2027, 7, 16, 10, tzinfo=timezone(timedelta(hours=2)))
    placed = local_moment(given, VIENNA)
    assert (placed.hour, placed.utcoffset()) == (10, timedelta(hours=2))


def test_an_offset_that_disagrees_with_the_zone_is_refused() -> None:
    given = datetime(2027, 3, 16, 10, tzinfo=timezone(timedelta(hours=2)))
    with pytest.raises(InvalidInput, match=r"disagrees with Europe/Vienna.*UTC\+0100"):
        local_moment(given, VIENNA)


def test_a_time_the_clocks_skip_is_refused() -> None:
    with pytest.raises(InvalidInput, match="does not exist in Europe/Vienna"):
        local_moment(datetime(2027, 3, 28, 2, 30), VIENNA)


def test_a_time_the_clocks_show_twice_is_refused_unless_an_offset_says_which() -> None:
    with pytest.raises(InvalidInput, match=r"occurs twice in Europe/Vienna.*\+0200 or \+0100"):
        local_moment(datetime(2027, 10, 31, 2, 30), VIENNA)
    later = local_moment(datetime(2027, 10, 31, 2, 30, tzinfo=timezone(timedelta(hours=1))), VIENNA)
    assert later.astimezone(UTC) == datetime(2027, 10, 31, 1, 30, tzinfo=UTC)


def test_an_unknown_zone_is_refused() -> None:
    with pytest.raises(InvalidInput, match="unknown time zone"):
        local_moment(datetime(2027, 3, 16, 10), "Europe/Atlantis")


@pytest.mark.parametrize("name", ["localtime", "posixrules", "posix/Europe/Vienna", "right/UTC"])
def test_a_file_of_the_zone_folder_that_names_no_iana_zone_is_refused(name: str) -> None:
    with pytest.raises(InvalidInput, match="unknown time zone"):
        local_moment(datetime(2027, 3, 16, 10), name)
