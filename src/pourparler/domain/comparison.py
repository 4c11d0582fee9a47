"""Issue-by-issue comparison of the parties' positions, two or all of them at once."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from pourparler.domain.framework import Issue, IssueKind
from pourparler.domain.memorandum import MemorandumVersion, Position

__all__ = ["Comparison", "Standing", "compare", "compare_all"]


class Standing(StrEnum):
    AGREEMENT = "agreement"  # what each side asks has something in common
    COMPATIBLE = "compatible"  # the acceptable sets overlap
    CONFLICT = "conflict"  # nothing acceptable to one is acceptable to the other
    NOT_ADDRESSED = "not addressed"  # one side or both took no position


@dataclass(frozen=True)
class Comparison:
    """Where two parties stand on one issue, and what they could both accept."""

    issue: Issue
    standing: Standing
    overlap_options: tuple[str, ...] = ()
    overlap_range: tuple[float, float] | None = None
    red_lines: tuple[bool, ...] = (False, False)

    def overlap_label(self) -> str:
        if self.overlap_options:
            return ", ".join(self.overlap_options)
        if self.overlap_range:
            low, high = self.overlap_range
            unit = f" {self.issue.range.unit}" if self.issue.range else ""
            return f"{low:g}{unit}" if low == high else f"{low:g}–{high:g}{unit}"
        return ""


def _options(issue: Issue, positions: list[Position]) -> Comparison:
    def common(field: str) -> tuple[str, ...]:
        return tuple(o for o in issue.options if all(o in getattr(p, field) for p in positions))

    asked = common("asked_options")
    if asked:
        return Comparison(issue, Standing.AGREEMENT, overlap_options=asked)
    acceptable = common("acceptable_options")
    standing = Standing.COMPATIBLE if acceptable else Standing.CONFLICT
    return Comparison(issue, standing, overlap_options=acceptable)


def _intersect(
    x: tuple[float, float] | None, y: tuple[float, float] | None
) -> tuple[float, float] | None:
    if x is None or y is None:
        return None
    low, high = max(x[0], y[0]), min(x[1], y[1])
    return (low, high) if low <= high else None


def _common_range(intervals: list[tuple[float, float] | None]) -> tuple[float, float] | None:
    common = intervals[0]
    for interval in intervals[1:]:
        common = _intersect(common, interval)
    return common


def _range(issue: Issue, positions: list[Position]) -> Comparison:
    asked = _common_range([p.asked_range for p in positions])
    if asked:
        return Comparison(issue, Standing.AGREEMENT, overlap_range=asked)
    acceptable = _common_range([p.acceptable_range for p in positions])
    standing = Standing.COMPATIBLE if acceptable else Standing.CONFLICT
    return Comparison(issue, standing, overlap_range=acceptable)


def _clause(issue: Issue, positions: list[Position]) -> Comparison:
    wordings = {" ".join(p.text.split()) for p in positions}
    return Comparison(issue, Standing.AGREEMENT if len(wordings) == 1 else Standing.CONFLICT)


def compare(
    framework: list[Issue], first: MemorandumVersion, second: MemorandumVersion
) -> list[Comparison]:
    """Compare two memorandum versions on every issue of `framework`, in agenda order.

    Clause positions agree only when their wording is the same (white space aside); a clause
    in different words is a conflict for the drafters to settle.
    """
    return compare_all(framework, [first, second])


def compare_all(framework: list[Issue], versions: list[MemorandumVersion]) -> list[Comparison]:
    """Where all of `versions` (one per party, two or more) stand together on every issue.

    An issue is agreed when something asked is asked by all, compatible when something is
    acceptable to all, and not addressed when any of them takes no position on it.
    `red_lines` follows the order of `versions`.
    """
    rules = {IssueKind.OPTIONS: _options, IssueKind.RANGE: _range, IssueKind.CLAUSE: _clause}
    result = []
    for issue in sorted(framework, key=lambda i: i.order):
        found = [v.position_on(issue.id) for v in versions]
        red_lines = tuple(p is not None and p.red_line for p in found)
        positions = [p for p in found if p is not None]
        if len(positions) < len(found):
            result.append(Comparison(issue, Standing.NOT_ADDRESSED, red_lines=red_lines))
            continue
        standing = rules[issue.kind](issue, positions)
        result.append(
            Comparison(
                standing.issue,
                standing.standing,
                standing.overlap_options,
                standing.overlap_range,
                red_lines,
            )
        )
    return result
