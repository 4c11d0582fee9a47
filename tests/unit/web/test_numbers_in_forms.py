"""A number typed into a page's form, or into its address, is read as ASCII digits within the
bounds the API keeps: "²" (a digit to `str.isdigit`, not to `int`) and numbers of thousands of
digits (refused by `int`) are refused with a message, never answered with a server error."""

from __future__ import annotations

import pytest

from pourparler.domain.error import InvalidInput
from pourparler.server.web.session import LARGEST_VERSION, require_whole_number, whole_number
from pourparler.services.profile import read_profile
from support.caller import by
from support.world import MEDIATOR, NORTH_DELEGATE, NORTH_HEAD, SOUTH_HEAD
from unit.web.conftest import csrf_of, signed_in
from unit.web.test_text_and_analysis_pages import _editor_form, _profile_form, fresh_scene


@pytest.fixture
def fresh():
    """A scene of its own: these tests act on it."""
    return fresh_scene()


NOT_NUMBERS = ["\u00b2", "\u0663", "9" * 5000, "-1", "1e3", " 2", ""]


@pytest.mark.parametrize(
    ("raw", "largest", "number"),
    [("0", 100, 0), ("100", 100, 100), ("007", 100, 7), ("101", 100, None),
     ("1000000", LARGEST_VERSION, 1_000_000), ("1000001", LARGEST_VERSION, None),
     *((raw, LARGEST_VERSION, None) for raw in NOT_NUMBERS)],
)  # fmt: skip
def test_a_whole_number_is_ascii_digits_within_its_bound(raw, largest, number):
    assert whole_number(raw, largest) == number


@pytest.mark.parametrize("raw", ["101", *NOT_NUMBERS])
def test_a_required_whole_number_is_refused_with_the_message_given(raw):
    assert require_whole_number("42", 100, "a number, please") == 42
    with pytest.raises(InvalidInput, match=r"^a number, please$"):
        require_whole_number(raw, 100, "a number, please")


@pytest.mark.parametrize("number", ["\u00b2", "9" * 5000])
def test_a_clarification_about_a_version_that_is_no_number_is_refused(fresh, number):
    scene, app = fresh
    base = f"/talks/{scene.talks_id}/clarifications"
    north = signed_in(app, NORTH_DELEGATE)
    about = f"{scene.south_memo}:{number}|section:intro"
    refused = north.post(
        base, data={"csrf_token": csrf_of(north, base), "about": about, "question": "Which?"}
    )
    assert refused.status_code == 422
    assert "choose the section, position or clause your question is about" in refused.text
    assert "Which?" not in north.get(base).text


@pytest.mark.parametrize("number", ["\u00b2", "9" * 5000])
def test_a_commitment_to_a_version_that_is_no_number_is_refused(fresh, number):
    scene, app = fresh
    base = f"/talks/{scene.talks_id}/exchanges"
    north = signed_in(app, NORTH_HEAD)
    refused = north.post(
        f"{base}/{scene.sealed_exchange}/withdraw", data={"csrf_token": csrf_of(north, base)}
    )
    assert refused.status_code == 303  # withdrawn, so that a commitment could be made again
    refused = north.post(
        f"{base}/{scene.sealed_exchange}/commit",
        data={"csrf_token": csrf_of(north, base), "version": f"{scene.north_sealed_memo}:{number}"},
    )
    assert refused.status_code == 422
    assert "choose the version of your memorandum to commit" in refused.text
    assert "withdrawn" in north.get(f"{base}/{scene.sealed_exchange}").text


@pytest.mark.parametrize("number", ["\u00b2", "9" * 5000])
def test_a_memorandum_version_that_is_no_number_is_not_found_nor_shared(fresh, number):
    scene, app = fresh
    path = f"/talks/{scene.talks_id}/memoranda/{scene.south_memo}"
    head = signed_in(app, SOUTH_HEAD)
    assert head.get(path, params={"version": number}).status_code == 404
    refused = head.post(
        f"{path}/share", data={"csrf_token": csrf_of(head, path), "version": number}
    )
    assert refused.status_code == 422
    assert "a version is a number such as 2" in refused.text
    assert signed_in(app, MEDIATOR).get(f"{path}?version=1").status_code == 404


@pytest.mark.parametrize("weight", ["\u00b2", "9" * 5000])
def test_a_weight_that_is_no_number_is_refused_and_the_profile_kept(weight):
    scene, app = fresh_scene()
    tid = scene.talks_id
    client = signed_in(app, NORTH_DELEGATE)
    form = _profile_form(client, tid)
    before = read_profile(scene.svc, by(NORTH_HEAD), tid)
    first = next(k for k in form if k.endswith("-weight"))
    refused = client.post(f"/talks/{tid}/preferences", data={**form, first: weight})
    assert refused.status_code == 422
    assert "a whole number from 0 to 100" in refused.text
    assert read_profile(scene.svc, by(NORTH_HEAD), tid) == before


@pytest.mark.parametrize("count", ["\u00b2", "9" * 5000])
def test_a_count_of_clauses_that_is_no_number_is_refused(count):
    scene, app = fresh_scene()
    tid = scene.talks_id
    mediator = signed_in(app, MEDIATOR)
    form = _editor_form(mediator, tid)
    form["csrf_token"] = csrf_of(mediator, f"/talks/{tid}/text")
    refused = mediator.post(f"/talks/{tid}/text/edit", data={**form, "clauses": count})
    assert refused.status_code == 422
    assert "clauses: a whole number up to" in refused.text
