"""Import of GENIUS XML and GeniusWeb JSON negotiation scenarios.

GENIUS (Lin et al. 2014) keeps a domain file (root ``negotiation_template``) and one profile per
party (root ``utility_space``). A profile weighs each issue and evaluates it: a discrete option's
evaluation is divided by the issue's largest evaluation; an integer issue maps ``v`` to
``offset + slope * (v - lowerbound)``; a real issue to ``parameter0 + parameter1 * v``, both
clipped to [0, 1]. Real issues are discretised into :data:`REAL_STEPS` equal steps. The
reservation value is read; the discount factor is read and reported, never applied. Issue weights
are divided by their sum unless it is within 1e-9 of 1, as for every additive profile; GENIUS
itself takes them as written and caps a utility above 1 at 1 (its ``AdditiveUtilitySpace``), so
where they do not sum to 1 (y2011 Laptop's sum to 1.0000518) the two utilities differ by at
most ``|sum - 1|``, and the import notes say so.

GeniusWeb (Jonker and de Jonge) profiles are JSON ``LinearAdditiveUtilitySpace`` objects with
``issueUtilities`` (``discreteutils.valueUtilities`` or ``numberutils`` low/high value and
utility, linear in between and 0 outside), ``issueWeights``, the ``domain`` and an optional
``reservationBid``, whose utility is the reservation value.

References
----------
.. [1] R. Lin, S. Kraus, T. Baarslag, D. Tykhonov, K. Hindriks and C. M. Jonker, "Genius: an
   integrated environment for supporting the design of generic automated negotiators",
   *Computational Intelligence* 30(1), 2014.
.. [2] GeniusWeb documentation, https://tracinsy.ewi.tudelft.nl/pubtrac/GeniusWeb
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import numpy as np

from pourparler.domain.error import InvalidInput
from pourparler.engine.preference import AdditiveProfile, evaluate
from pourparler.engine.scenario import Scenario
from pourparler.engine.space import Issue, OutcomeSpace, Value

__all__ = [
    "REAL_STEPS",
    "genius_domain_from_xml",
    "genius_profile_from_xml",
    "geniusweb_profile_from_json",
    "read_genius_folder",
]

REAL_STEPS = 10


def _root(text: str | bytes, what: str) -> ET.Element:
    try:
        return ET.fromstring(text)
    except ET.ParseError as exc:
        raise InvalidInput(f"{what} is not well-formed XML: {exc}") from None


def _number(element: ET.Element, attribute: str, what: str) -> float:
    raw = element.get(attribute)
    try:
        return float(raw)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise InvalidInput(f"{what}: attribute {attribute!r} must be a number") from None


def _kind(issue: ET.Element) -> str:
    return (issue.get("type") or issue.get("etype") or issue.get("vtype") or "discrete").lower()


def _bounds(issue: ET.Element, what: str) -> tuple[float, float]:
    holder = issue if issue.get("lowerbound") is not None else issue.find("range")
    if holder is None:
        raise InvalidInput(f"{what}: a numeric issue needs lowerbound and upperbound")
    return _number(holder, "lowerbound", what), _number(holder, "upperbound", what)


def _domain_issue(issue: ET.Element) -> Issue:
    name = issue.get("name") or ""
    what = f"GENIUS issue {name!r}"
    kind = _kind(issue)
    if kind == "discrete":
        items = sorted(issue.findall("item"), key=lambda i: int(i.get("index") or 0))
        return Issue.options(name, [item.get("value") or "" for item in items])
    low, high = _bounds(issue, what)
    if kind == "integer":
        return Issue.numeric_range(name, int(low), int(high), 1)
    if kind == "real":
        step = (high - low) / REAL_STEPS if high > low else 1.0
        return Issue.numeric_range(name, low, high, step)
    raise InvalidInput(f"{what}: unsupported issue type {kind!r}")


def genius_domain_from_xml(text: str | bytes) -> OutcomeSpace:
    """The agenda of a GENIUS domain file.

    >>> xml = '''<negotiation_template><utility_space><objective name="root">
    ...   <issue index="1" name="price" type="integer" lowerbound="1" upperbound="3"/>
    ...   <issue index="2" name="colour" type="discrete"><item index="1" value="red"/>
    ...   <item index="2" value="blue"/></issue></objective></utility_space>
    ... </negotiation_template>'''
    >>> [i.values for i in genius_domain_from_xml(xml).issues]
    [(1, 2, 3), ('red', 'blue')]
    """
    root = _root(text, "the GENIUS domain")
    issues = root.findall(".//issue")
    if root.tag != "negotiation_template" or not issues:
        raise InvalidInput("a GENIUS domain has root <negotiation_template> and some issues")
    return OutcomeSpace(tuple(_domain_issue(issue) for issue in issues))


def _ratings(element: ET.Element, issue: Issue, what: str) -> dict[Value, float]:
    kind = _kind(element)
    if kind == "discrete":
        raw = {}
        for item in element.findall("item"):
            raw[issue.values[issue.index(item.get("value") or "")]] = _number(
                item, "evaluation", what
            )
        top = max(raw.values(), default=0.0)
        return {v: (e / top if top > 0 else 0.0) for v, e in raw.items()}
    evaluator = element.find("evaluator")
    if evaluator is None:
        raise InvalidInput(f"{what}: a numeric issue needs an <evaluator>")
    x = issue.numbers()
    if kind == "integer":
        low = (
            _bounds(element, what)[0]
            if element.get("lowerbound") or element.find("range") is not None
            else x[0]
        )
        u = _number(evaluator, "offset", what) + _number(evaluator, "slope", what) * (x - low)
    elif (evaluator.get("ftype") or "linear") == "linear":
        u = _number(evaluator, "parameter0", what) + _number(evaluator, "parameter1", what) * x
    else:
        raise InvalidInput(f"{what}: only linear evaluators of real issues are supported")
    return dict(zip(issue.values, np.clip(u, 0.0, 1.0).tolist(), strict=True))


def genius_profile_from_xml(text: str | bytes, space: OutcomeSpace, name: str) -> AdditiveProfile:
    """The additive profile of party ``name`` from a GENIUS profile file over ``space``."""
    what = f"GENIUS profile {name!r}"
    root = _root(text, what)
    if root.tag != "utility_space":
        raise InvalidInput(f"{what}: the root element must be <utility_space>")
    by_index, ratings = {}, {}
    for element in root.findall(".//issue"):
        issue = space.issues[space.issue_index(element.get("name") or "")]
        by_index[element.get("index")] = issue.name
        ratings[issue.name] = _ratings(element, issue, f"{what}, issue {issue.name!r}")
    weights = {}
    for weight in root.findall(".//weight"):
        if weight.get("index") not in by_index:
            raise InvalidInput(f"{what}: a weight refers to no issue (index {weight.get('index')})")
        weights[by_index[weight.get("index")]] = _number(weight, "value", what)
    if not weights:
        raise InvalidInput(f"{what}: the profile gives no issue weights")
    reservation = root.find(".//reservation")
    discount = root.find(".//discount_factor")
    return AdditiveProfile(
        name,
        weights,
        ratings,
        _number(reservation, "value", what) if reservation is not None else 0.0,
        discount=_number(discount, "value", what) if discount is not None else None,
        scale_ratings=False,
    )


def _number_value(raw: Any, what: str) -> float:
    try:
        return float(raw)
    except (TypeError, ValueError):
        raise InvalidInput(f"{what}: {raw!r} is not a number") from None


def _web_issue(name: str, spec: Any) -> Issue:
    if isinstance(spec, dict) and "values" in spec:
        return Issue.options(name, [str(v) for v in spec["values"]])
    if isinstance(spec, dict) and "range" in spec and len(spec["range"]) == 3:
        low, high, step = (_number_value(v, f"issue {name!r}") for v in spec["range"])
        return Issue.numeric_range(name, low, high, step)
    raise InvalidInput(f"GeniusWeb issue {name!r} needs 'values' or a 'range' [low, high, step]")


def _web_ratings(issue: Issue, spec: Any) -> dict[Value, float]:
    what = f"GeniusWeb utilities of {issue.name!r}"
    if isinstance(spec, dict) and "discreteutils" in spec:
        given = spec["discreteutils"].get("valueUtilities", {})
        return {issue.values[issue.index(v)]: _number_value(u, what) for v, u in given.items()}
    if isinstance(spec, dict) and "numberutils" in spec:
        n = spec["numberutils"]
        lo, hi = _number_value(n.get("lowValue"), what), _number_value(n.get("highValue"), what)
        ulo, uhi = (
            _number_value(n.get("lowUtility"), what),
            _number_value(n.get("highUtility"), what),
        )
        x = issue.numbers()
        u = np.interp(x, [lo, hi], [ulo, uhi]) if hi > lo else np.full(len(x), ulo)
        u = np.where((x < lo) | (x > hi), 0.0, u)
        return dict(zip(issue.values, u.tolist(), strict=True))
    raise InvalidInput(f"{what}: need 'discreteutils' or 'numberutils'")


def geniusweb_profile_from_json(
    text: str | bytes, name: str | None = None
) -> tuple[OutcomeSpace, AdditiveProfile]:
    """The agenda and additive profile of a GeniusWeb ``LinearAdditiveUtilitySpace``."""
    try:
        body = json.loads(text)["LinearAdditiveUtilitySpace"]
        issues_values = body["domain"]["issuesValues"]
        utilities, weights = body["issueUtilities"], body["issueWeights"]
    except (json.JSONDecodeError, UnicodeDecodeError, KeyError, TypeError) as exc:
        raise InvalidInput(f"not a GeniusWeb LinearAdditiveUtilitySpace profile ({exc})") from None
    space = OutcomeSpace(tuple(_web_issue(n, spec) for n, spec in issues_values.items()))
    party = name or str(body.get("name") or "party")
    ratings = {i.name: _web_ratings(i, utilities.get(i.name)) for i in space.issues}
    w = {k: _number_value(v, "GeniusWeb issueWeights") for k, v in weights.items()}
    profile = AdditiveProfile(party, w, ratings, scale_ratings=False)
    bid = (body.get("reservationBid") or {}).get("issuevalues")
    if bid:
        choice = np.array([space.choice(bid)], dtype=np.int64)
        reservation = float(evaluate(space, (profile,), choice)[0, 0])
        profile = AdditiveProfile(party, w, ratings, reservation, scale_ratings=False)
    return space, profile


def read_genius_folder(folder: Path) -> Scenario:
    """Read a GENIUS folder (one domain XML, a profile XML per party) or a folder of GeniusWeb
    JSON profiles. Parties are named after their files, without extension, in name order."""
    if not folder.is_dir():
        raise InvalidInput(f"{folder} is not a folder")
    xml_files = sorted(folder.glob("*.xml"))
    if not xml_files:
        return _read_geniusweb(folder)
    texts = {f: f.read_bytes() for f in xml_files}
    domains = [f for f, t in texts.items() if _root(t, f.name).tag == "negotiation_template"]
    if len(domains) != 1:
        raise InvalidInput(f"{folder}: expected one GENIUS domain file, found {len(domains)}")
    space = genius_domain_from_xml(texts[domains[0]])
    profiles = tuple(
        genius_profile_from_xml(t, space, f.stem) for f, t in texts.items() if f != domains[0]
    )
    notes = tuple(
        f"{p.name}: discount factor {p.discount} (read, not applied)"
        for p in profiles
        if p.discount is not None
    )
    return Scenario(folder.name, space, profiles, notes + _weight_notes(profiles))


def _weight_notes(profiles: tuple[AdditiveProfile, ...]) -> tuple[str, ...]:
    """A note for each profile whose weights do not sum to 1 (within 1e-9): Pourparler divides
    them by their sum, where GENIUS uses them as written and caps a utility at 1."""
    notes = []
    for p in profiles:
        total = float(sum(p.weights.values()))
        if abs(total - 1.0) > 1e-9:
            notes.append(
                f"{p.name}: issue weights sum to {total:.10g}, divided by their sum here "
                f"(GENIUS uses them as written and caps utilities at 1)"
            )
    return tuple(notes)


def _read_geniusweb(folder: Path) -> Scenario:
    files = sorted(folder.glob("*.json"))
    if not files:
        raise InvalidInput(f"{folder}: no GENIUS XML or GeniusWeb JSON files")
    loaded = [geniusweb_profile_from_json(f.read_bytes(), f.stem) for f in files]
    space = loaded[0][0]
    if any(s != space for s, _ in loaded):
        raise InvalidInput(f"{folder}: the GeniusWeb profiles are over different domains")
    profiles = tuple(p for _, p in loaded)
    return Scenario(folder.name, space, profiles, _weight_notes(profiles))
