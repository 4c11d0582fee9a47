"""Preference profiles of the demo's two parties, and their consent to mediator analysis.

The weights follow the memoranda: Northland cares most about scope, the type of ceasefire and
monitoring; Southland about scope, humanitarian access and monitoring. Each profile's red lines
are those its memorandum marks as such. Both heads consent, so the mediator has analysis to see.
"""

from __future__ import annotations

from typing import Any

from pourparler.demo.support import ScriptClock
from pourparler.services import profile
from pourparler.services.port import Services
from pourparler.services.principal import Principal

__all__ = ["NORTHLAND_PROFILE", "SOUTHLAND_PROFILE", "keep_demo_profiles"]


def _rated(issue: str, weight: float, ratings: dict[str, float], red: tuple[str, ...] = ()) -> Any:
    return {"issue": issue, "weight": weight, "ratings": ratings, "red_options": list(red)}


NORTHLAND_PROFILE: dict[str, Any] = {
    "reservation": 0.35,
    "issues": [
        _rated(
            "Type of ceasefire",
            14,
            {"Definitive ceasefire": 10, "Cessation of hostilities": 6, "Preliminary ceasefire": 3},
            red=("Humanitarian pause",),
        ),
        _rated(
            "Forces bound",
            6,
            {
                "All armed actors in the area": 10,
                "Regular and affiliated armed groups": 7,
                "Regular forces only": 1,
            },
        ),
        _rated(
            "Entry into force",
            3,
            {"On signature": 10, "24 hours after signature": 7, "72 hours after signature": 3},
        ),
        {
            "issue": "Initial duration",
            "weight": 8,
            "curve": "rising",
            "acceptable_range": [60, 180],
        },
        _rated(
            "Phasing",
            4,
            {"Single phase": 10, "Two phases": 7, "Three phases tied to verification": 2},
        ),
        _rated(
            "Geographic scope",
            20,
            {"Contact line only": 10, "Contested districts": 5},
            red=("Entire territory",),
        ),
        _rated(
            "Prohibited acts",
            5,
            {
                "All fire, movement and reinforcement": 10,
                "All fire including retaliation": 7,
                "Offensive operations": 2,
            },
        ),
        {
            "issue": "Withdrawal distance",
            "weight": 7,
            "curve": "falling",
            "acceptable_range": [0, 15],
        },
        _rated(
            "Heavy weapons",
            4,
            {"Withdrawn beyond range": 10, "Cantoned under monitoring": 6, "Remain in place": 2},
        ),
        _rated(
            "Monitoring body",
            10,
            {"Joint commission": 10, "Third-party monitors": 7, "International mission": 2},
        ),
        _rated(
            "Handling of violations",
            4,
            {"Joint commission rules": 10, "Bilateral hotline": 6, "Mediator arbitration": 3},
        ),
        _rated(
            "Humanitarian corridors",
            5,
            {"Fixed corridors": 10, "Case by case": 8, "Unrestricted access": 2},
        ),
        _rated(
            "Exchange of prisoners",
            5,
            {"Wounded and sick first": 10, "All for all": 6, "None at this stage": 3},
        ),
        _rated(
            "Follow-on security arrangements",
            5,
            {"Joint patrols": 10, "Deferred": 7, "Demobilisation plan": 3},
        ),
    ],
}

SOUTHLAND_PROFILE: dict[str, Any] = {
    "reservation": 0.3,
    "issues": [
        _rated(
            "Type of ceasefire",
            8,
            {
                "Cessation of hostilities": 10,
                "Definitive ceasefire": 7,
                "Preliminary ceasefire": 4,
                "Humanitarian pause": 2,
            },
        ),
        _rated(
            "Forces bound",
            5,
            {
                "Regular and affiliated armed groups": 10,
                "All armed actors in the area": 6,
                "Regular forces only": 3,
            },
        ),
        _rated(
            "Entry into force",
            3,
            {"24 hours after signature": 10, "On signature": 8, "72 hours after signature": 4},
        ),
        {
            "issue": "Initial duration",
            "weight": 6,
            "curve": "peaked",
            "peak": 60,
            "acceptable_range": [30, 90],
        },
        _rated(
            "Phasing",
            5,
            {"Three phases tied to verification": 10, "Two phases": 7, "Single phase": 2},
        ),
        _rated(
            "Geographic scope",
            18,
            {"Entire territory": 10, "Contested districts": 6},
            red=("Contact line only",),
        ),
        _rated(
            "Prohibited acts",
            5,
            {
                "All fire including retaliation": 10,
                "All fire, movement and reinforcement": 6,
                "Offensive operations": 3,
            },
        ),
        {
            "issue": "Withdrawal distance",
            "weight": 7,
            "curve": "rising",
            "acceptable_range": [12, 30],
        },
        _rated(
            "Heavy weapons",
            6,
            {"Cantoned under monitoring": 10, "Withdrawn beyond range": 7, "Remain in place": 1},
        ),
        _rated(
            "Monitoring body",
            12,
            {"International mission": 10, "Third-party monitors": 7},
            red=("Joint commission",),
        ),
        _rated(
            "Handling of violations",
            3,
            {"Joint commission rules": 10, "Mediator arbitration": 10, "Bilateral hotline": 4},
        ),
        _rated(
            "Humanitarian corridors",
            14,
            {"Unrestricted access": 10, "Fixed corridors": 6},
            red=("Case by case",),
        ),
        _rated(
            "Exchange of prisoners",
            8,
            {"All for all": 10, "Wounded and sick first": 6, "None at this stage": 1},
        ),
        _rated(
            "Follow-on security arrangements",
            4,
            {"Demobilisation plan": 10, "Joint patrols": 7, "Deferred": 3},
        ),
    ],
}


def keep_demo_profiles(svc: Services, clock: ScriptClock, talks_id: str) -> None:
    """Both delegations save their profiles and both heads consent to mediator analysis."""
    for delegate, head, document in (
        ("delegate@northland.example", "head@northland.example", NORTHLAND_PROFILE),
        ("delegate@southland.example", "head@southland.example", SOUTHLAND_PROFILE),
    ):
        clock.tick(45)
        profile.save_profile(svc, Principal.named(delegate), talks_id, document)
        clock.tick(30)
        profile.set_consent(svc, Principal.named(head), talks_id, consent=True)
