"""Built-in frameworks: the usual modalities of a ceasefire, and a labour contract."""

from __future__ import annotations

from pourparler.domain.framework import Issue, IssueKind, NumericRange

__all__ = ["TEMPLATES", "ceasefire_framework", "labour_framework"]


def _options(category: str, title: str, *options: str, description: str = "") -> Issue:
    return Issue(title, IssueKind.OPTIONS, category, description, options=options)


def _range(category: str, title: str, low: float, high: float, step: float, unit: str) -> Issue:
    return Issue(title, IssueKind.RANGE, category, range=NumericRange(low, high, step, unit))


def _clause(category: str, title: str, description: str) -> Issue:
    return Issue(title, IssueKind.CLAUSE, category, description)


def ceasefire_framework() -> list[Issue]:
    """The modalities a ceasefire agreement usually settles, with common alternatives."""
    issues = [
        _options(
            "Definitions and type",
            "Type of ceasefire",
            "Preliminary ceasefire",
            "Definitive ceasefire",
            "Cessation of hostilities",
            "Humanitarian pause",
        ),
        _options(
            "Parties bound",
            "Forces bound",
            "Regular forces only",
            "Regular and affiliated armed groups",
            "All armed actors in the area",
        ),
        _options(
            "Timing",
            "Entry into force",
            "On signature",
            "24 hours after signature",
            "72 hours after signature",
        ),
        _range("Timing", "Initial duration", 7, 180, 1, "days"),
        _options(
            "Timing", "Phasing", "Single phase", "Two phases", "Three phases tied to verification"
        ),
        _options(
            "Geographic scope",
            "Geographic scope",
            "Contact line only",
            "Contested districts",
            "Entire territory",
        ),
        _options(
            "Prohibited and permitted acts",
            "Prohibited acts",
            "Offensive operations",
            "All fire including retaliation",
            "All fire, movement and reinforcement",
        ),
        _range("Separation of forces", "Withdrawal distance", 0, 30, 1, "km"),
        _options(
            "Separation of forces",
            "Heavy weapons",
            "Remain in place",
            "Withdrawn beyond range",
            "Cantoned under monitoring",
        ),
        _options(
            "Monitoring and verification",
            "Monitoring body",
            "Joint commission",
            "Third-party monitors",
            "International mission",
        ),
        _options(
            "Violations and dispute resolution",
            "Handling of violations",
            "Bilateral hotline",
            "Joint commission rules",
            "Mediator arbitration",
        ),
        _options(
            "Humanitarian access and civilians",
            "Humanitarian corridors",
            "Case by case",
            "Fixed corridors",
            "Unrestricted access",
        ),
        _options(
            "Prisoners and detainees",
            "Exchange of prisoners",
            "None at this stage",
            "Wounded and sick first",
            "All for all",
        ),
        _options(
            "Follow-on security",
            "Follow-on security arrangements",
            "Deferred",
            "Joint patrols",
            "Demobilisation plan",
        ),
        _clause(
            "Link to the political process",
            "Link to the political process",
            "How the ceasefire relates to talks on a political settlement.",
        ),
    ]
    for order, issue in enumerate(issues):
        issue.order = order
    return issues


def labour_framework() -> list[Issue]:
    """The points of a collective labour agreement."""
    issues = [
        _range("Pay", "Wage increase", 0, 10, 0.5, "%"),
        _range("Time", "Weekly hours", 32, 40, 1, "hours"),
        _options("Time", "Remote work", "None", "One day a week", "Two days a week"),
        _options("Benefits", "Pension contribution", "Unchanged", "Plus 1%", "Plus 2%"),
        _range("Term", "Agreement term", 12, 36, 6, "months"),
        _clause("Procedure", "Grievance procedure", "Steps for disputes under the agreement."),
    ]
    for order, issue in enumerate(issues):
        issue.order = order
    return issues


TEMPLATES = {"ceasefire": ceasefire_framework, "labour": labour_framework}
