"""The framework can be corrected while nothing refers to an issue, and a template is added to
an existing framework only when asked; every refusal leaves the talks as they were."""

import pytest

from pourparler.domain.error import Conflict, InvalidInput, NotAllowed, RuleViolation
from pourparler.domain.framework import IssueChange, NumericRange
from pourparler.services import profile, setup, text
from pourparler.services.view import list_talks, talks_document
from support.caller import OPERATOR, by
from support.process import commit, exchanged
from support.world import MEDIATOR, NORTH_HEAD, OBSERVER, SOUTH_HEAD, draft


def framework(world) -> dict[str, dict]:
    return {i["title"]: i for i in talks_document(world.svc, OPERATOR, world.talks_id)["framework"]}


def test_an_unknown_template_creates_no_talks(memory):
    svc, store = memory
    with pytest.raises(InvalidInput, match="unknown template 'peace'"):
        setup.create_talks(svc, OPERATOR, title="X", template="peace")
    assert list_talks(svc, OPERATOR) == []
    assert store.commits == 0


def test_talks_created_with_a_template_hold_its_issues_at_once(memory):
    svc, store = memory
    created = setup.create_talks(svc, OPERATOR, title="Harbour transit", template="labour")
    doc = talks_document(svc, OPERATOR, created.id)
    assert len(doc["framework"]) == 6
    assert store.commits == 1


def test_a_template_is_added_to_an_existing_framework_only_with_add(world):
    before = framework(world)
    with pytest.raises(
        RuleViolation, match=r"issue\(s\) already: add the labour template .* --add"
    ):
        setup.apply_template(world.svc, OPERATOR, world.talks_id, template="labour")
    assert framework(world) == before
    assert (
        setup.apply_template(world.svc, OPERATOR, world.talks_id, template="labour", add=True) == 6
    )
    assert len(framework(world)) == len(before) + 6


def test_an_issue_nothing_refers_to_is_corrected(world):
    edited = setup.edit_issue(
        world.svc,
        by(MEDIATOR),
        world.talks_id,
        "initial duration",
        IssueChange(title="Duration", description="Days", range=NumericRange(7, 90, 1, "days")),
    )
    issue = framework(world)["Duration"]
    assert (issue["id"], issue["description"], issue["range"]["high"]) == (edited.id, "Days", 90)
    entry = talks_document(world.svc, OPERATOR, world.talks_id, with_record=True)["record"][-1]
    assert entry["act"] == "issue edited"


def test_options_are_replaced_whole_and_checked(world):
    setup.edit_issue(
        world.svc, OPERATOR, world.talks_id, "Geographic scope", IssueChange(options=("A", "B"))
    )
    assert framework(world)["Geographic scope"]["options"] == ["A", "B"]
    with pytest.raises(InvalidInput, match="at least two options"):
        setup.edit_issue(
            world.svc, OPERATOR, world.talks_id, "Geographic scope", IssueChange(options=("A",))
        )


@pytest.mark.parametrize(
    ("change", "error", "message"),
    [
        (IssueChange(), InvalidInput, "say what to change"),
        (IssueChange(title="Initial duration"), InvalidInput, "nothing changed"),
        (IssueChange(title="Geographic scope"), Conflict, "already has an issue"),
        (IssueChange(options=("A", "B")), InvalidInput, "has no options"),
    ],
)
def test_a_bad_correction_is_refused_and_changes_nothing(world, change, error, message):
    before = framework(world)
    with pytest.raises(error, match=message):
        setup.edit_issue(world.svc, OPERATOR, world.talks_id, "Initial duration", change)
    assert framework(world) == before


@pytest.mark.parametrize("who", [NORTH_HEAD, OBSERVER])
def test_only_those_who_set_talks_up_correct_the_framework(world, who):
    with pytest.raises(NotAllowed):
        setup.remove_issue(world.svc, by(who), world.talks_id, "Initial duration")


def test_an_issue_nothing_refers_to_is_removed(world):
    removed = setup.remove_issue(world.svc, OPERATOR, world.talks_id, world.issues["Phasing"])
    assert removed.title == "Phasing"
    assert "Phasing" not in framework(world)
    entry = talks_document(world.svc, OPERATOR, world.talks_id, with_record=True)["record"][-1]
    assert (entry["act"], entry["data"]["title"]) == ("issue removed", "Phasing")


def test_an_issue_a_memorandum_version_refers_to_cannot_change(world):
    draft(world, NORTH_HEAD, scope="Contact line only", days=(30, 60))
    before = framework(world)
    with pytest.raises(RuleViolation, match="cannot be removed: 1 memorandum version\\(s\\) refer"):
        setup.remove_issue(world.svc, OPERATOR, world.talks_id, "Geographic scope")
    with pytest.raises(RuleViolation, match="cannot be edited: 1 memorandum version"):
        setup.edit_issue(
            world.svc, OPERATOR, world.talks_id, "Initial duration", IssueChange(description="x")
        )
    assert framework(world) == before


def test_an_issue_a_profile_refers_to_cannot_change(world):
    document = {"issues": [{"issue": "Initial duration", "weight": 1, "curve": "rising"}]}
    profile.save_profile(world.svc, by(NORTH_HEAD), world.talks_id, document)
    with pytest.raises(RuleViolation, match="1 preference profile\\(s\\) refer"):
        setup.remove_issue(world.svc, by(MEDIATOR), world.talks_id, "Initial duration")


def test_an_issue_the_text_refers_to_names_the_text(world):
    exchange_id, north, south = exchanged(world)
    commit(world, NORTH_HEAD, exchange_id, north)
    commit(world, SOUTH_HEAD, exchange_id, south)
    text.start_text(world.svc, by(MEDIATOR), world.talks_id, title="Draft agreement")
    with pytest.raises(RuleViolation, match="the negotiating text \\(version\\(s\\) 1\\)"):
        setup.remove_issue(world.svc, by(MEDIATOR), world.talks_id, "Type of ceasefire")
