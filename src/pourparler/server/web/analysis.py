"""The mediator's analysis page: the frontier chart (an SVG made here, on the server: no
charting script), the named packages, where the proposals and the current text stand, the
suggestions and the improvement of a tentative package, with a table of the same points for
screen readers.

Everything shown comes from services/analysis.mediator_analysis, which reads only the profiles
of consenting parties and gives utilities to two decimals, never a weight, rating, reservation
value or red line; the chart draws those numbers and nothing else.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from pourparler.domain.error import InvalidInput, RuleViolation
from pourparler.engine.analysis import SOLUTIONS
from pourparler.server.auth import services
from pourparler.server.web.render import page, translate
from pourparler.server.web.session import Viewing
from pourparler.server.web.talks import talks_context
from pourparler.services.analysis import mediator_analysis

__all__ = ["Chart", "chart_of", "router"]

router = APIRouter(include_in_schema=False)

NAMED = {
    "nash": "Nash bargaining solution",
    "kalai_smorodinsky": "Kalai–Smorodinsky solution",
    "egalitarian": "Egalitarian solution",
    "utilitarian": "Utilitarian solution",
}

WIDTH, HEIGHT = 640, 460
LEFT, RIGHT, TOP, BOTTOM = 70, 30, 20, 60


@dataclass(frozen=True)
class Mark:
    """One point of the chart: where it is drawn and what it stands for."""

    x: float
    y: float
    label: str
    utilities: tuple[float, ...]
    kind: str  # frontier, named, text, proposal, suggestion, tentative, improved
    key: str = ""
    low: tuple[float, float] | None = None  # an interval's corners (open issues)
    high: tuple[float, float] | None = None


@dataclass
class Chart:
    """The frontier chart of two consenting parties' utilities, in SVG coordinates."""

    x_party: str
    y_party: str
    scale: float
    frontier: list[Mark] = field(default_factory=list)
    marks: list[Mark] = field(default_factory=list)
    ticks: list[dict[str, float | str]] = field(default_factory=list)
    arrow: tuple[Mark, Mark] | None = None

    @property
    def width(self) -> int:
        return WIDTH

    @property
    def height(self) -> int:
        return HEIGHT

    @property
    def line(self) -> str:
        """The frontier as an SVG polyline's points, from left to right."""
        return " ".join(f"{m.x:.1f},{m.y:.1f}" for m in sorted(self.frontier, key=lambda m: m.x))

    @property
    def plot(self) -> dict[str, float]:
        return {"left": LEFT, "right": WIDTH - RIGHT, "top": TOP, "bottom": HEIGHT - BOTTOM}


def _at(chart_scale: float, u: float, v: float) -> tuple[float, float]:
    x = LEFT + (WIDTH - LEFT - RIGHT) * u / chart_scale
    y = HEIGHT - BOTTOM - (HEIGHT - TOP - BOTTOM) * v / chart_scale
    return round(x, 1), round(y, 1)


def _mark(
    scale: float,
    names: list[str],
    utilities: dict[str, float],
    label: str,
    kind: str,
    key: str = "",
) -> Mark:
    u = tuple(float(utilities[n]) for n in names)
    x, y = _at(scale, u[0], u[1])
    return Mark(x, y, label, u, kind, key)


def chart_of(result: dict[str, Any]) -> Chart | None:
    """The chart of a mediator analysis: the first two consenting parties' utilities on the
    axes (the table gives every party's). None when there is no frontier to draw."""
    names: list[str] = list(result.get("parties", []))
    frontier = (result.get("frontier") or {}).get("points") or []
    if len(names) < 2 or not frontier:
        return None
    seen = [float(p["utilities"][n]) for p in frontier for n in names[:2]]
    scale = max(1.0, *seen)
    chart = Chart(names[0], names[1], scale)
    for k in range(6):
        value = scale * k / 5
        x, y = _at(scale, value, value)
        chart.ticks.append({"value": f"{value:.1f}", "x": x, "y": y})
    chart.frontier = [
        _mark(scale, names, p["utilities"], "", "frontier", str(n)) for n, p in enumerate(frontier)
    ]
    for key in SOLUTIONS:
        point = result.get(key)
        if point is not None:
            chart.marks.append(_mark(scale, names, point["utilities"], NAMED[key], "named", key))
    for n, proposal in enumerate(result.get("proposals") or []):
        spans = proposal["utilities"]
        low = tuple(float(spans[p][0]) for p in names)
        high = tuple(float(spans[p][1]) for p in names)
        kind = "text" if proposal["source"] == "negotiating text" else "proposal"
        x, y = _at(scale, (low[0] + high[0]) / 2, (low[1] + high[1]) / 2)
        corner_low, corner_high = _at(scale, low[0], low[1]), _at(scale, high[0], high[1])
        middle = tuple((a + b) / 2 for a, b in zip(low, high, strict=True))
        chart.marks.append(
            Mark(x, y, proposal["title"], middle, kind, f"proposal-{n}", corner_low, corner_high)
        )
    for n, point in enumerate(result.get("suggestions") or []):
        chart.marks.append(
            _mark(
                scale,
                names,
                point["utilities"],
                translate("Suggestion %(n)d", n=n + 1),
                "suggestion",
                str(n),
            )
        )
    improvement = result.get("improvement") or {}
    tentative = (improvement.get("tentative") or {}).get("utilities")
    if tentative:
        start = _mark(scale, names, tentative, "Tentative package", "tentative")
        chart.marks.append(start)
        gains = improvement.get("gains")
        if gains:
            better = {n: float(tentative[n]) + float(gains[n]) for n in names}
            end = _mark(scale, names, better, "Improved package", "improved")
            chart.marks.append(end)
            chart.arrow = (start, end)
    return chart


def _tentative(request: Request, talks: dict[str, Any]) -> dict[str, str] | None:
    """The tentative package the mediator chose on the form (`issue-N` per scored issue, empty
    for open); None when the form was not used (the latest proposal is then improved)."""
    if request.query_params.get("tentative") != "yes":
        return None
    chosen = {}
    scored = [i for i in talks["framework"] if i["kind"] in ("options", "range")]
    for n, issue in enumerate(scored):
        value = (request.query_params.get(f"issue-{n}") or "").strip()
        if value:
            chosen[issue["id"]] = value[:200]
    return chosen


@router.get("/talks/{talks_id}/analysis")
def analysis_page(request: Request, talks_id: str, viewer: Viewing) -> Response:
    context = talks_context(request, viewer, talks_id, "analysis")
    tentative = _tentative(request, context["talks"])
    try:
        result = mediator_analysis(
            services(request), viewer.principal, talks_id, tentative=tentative
        )
    except (RuleViolation, InvalidInput) as refused:  # too few consents; a wrong tentative
        context.update(result=None, chart=None, error=refused.message, scored=[], chosen={})
        status = 422 if isinstance(refused, InvalidInput) else 200
        return page(request, "analysis.html", context, status_code=status)
    context.update(
        result=result,
        chart=chart_of(result),
        named=NAMED,
        error="",
        scored=[i for i in context["talks"]["framework"] if i["kind"] in ("options", "range")],
        chosen=tentative or {},
    )
    return page(request, "analysis.html", context)
