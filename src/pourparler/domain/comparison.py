"""Issue-by-issue comparison of two parties' positions."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from pourparler.domain.framework import Issue, IssueKind
from pourparler.domain.memorandum import MemorandumVersion, Position

__all__ = ["Comparison", "Standing", "compare"]


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
    red_lines: tuple[bool, bool] = (False, False)

    def overlap_label(self) -> str:
        if self.overlap_options:
            return ", ".join(self.overlap_options)
        if self.overlap_range:
            low, high = self.overlap_range
            unit = f" {self.issue.range.unit}" if self.issue.range else ""
            return f"{low:g}{unit}" if low == high else f"{low:g}–{high:g}{unit}"
        return ""


def _options(issue: Issue, a: Position, b: Position) -> Comparison:
    def common(x: tuple[str, ...], y: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(o for o in issue.options if o in x and o in y)

    asked = common(a.asked_options, b.asked_options)
    if asked:
        return Comparison(issue, Standing.AGREEMENT, overlap_options=asked)
    acceptable = common(a.acceptable_options, b.acceptable_options)
    standing = Standing.COMPATIBLE if acceptable else Standing.CONFLICT
    return Comparison(issue, standing, overlap_options=acceptable)


def _intersect(
    x: tuple[float, float] | None, y: tuple[float, float] | None
) -> tuple[float, float] | None:
    if x is None or y is None:
        return None
    low, high = max(x[0], y[0]), min(x[1], y[1])
    return (low, high) if low <= high else None


def _range(issue: Issue, a: Position, b: Position) -> Comparison:
    asked = _intersect(a.asked_range, b.asked_range)
    if asked:
        return Comparison(issue, Standing.AGREEMENT, overlap_range=asked)
    acceptable = _intersect(a.acceptable_range, b.acceptable_range)
    standing = Standing.COMPATIBLE if acceptable else Standing.CONFLICT
    return Comparison(issue, standing, overlap_range=acceptable)


def _clause(issue: Issue, a: Position, b: Position) -> Comparison:
    same = " ".join(a.text.split()) == " ".join(b.text.split())
    return Comparison(issue, Standing.AGREEMENT if same else Standing.CONFLICT)


def compare(
    framework: list[Issue], first: MemorandumVersion, second: MemorandumVersion
) -> list[Comparison]:
    """Compare two memorandum versions on every issue of `framework`, in agenda order.

    Clause positions agree only when their wording is the same (white space aside); a clause
    in different words is a conflict for the drafters to settle.
    """
    rules = {IssueKind.OPTIONS: _options, IssueKind.RANGE: _range, IssueKind.CLAUSE: _clause}
    result = []
    for issue in sorted(framework, key=lambda i: i.order):
        a, b = first.position_on(issue.id), second.position_on(issue.id)
        if a is None or b is None:
            result.append(Comparison(issue, Standing.NOT_ADDRESSED))
            continue
        found = rules[issue.kind](issue, a, b)
        result.append(
            Comparison(
                found.issue,
                found.standing,
                found.overlap_options,
                found.overlap_range,
                (a.red_line, b.red_line),
            )
        )
    return result
