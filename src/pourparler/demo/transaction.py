"""The demo loads in one transaction: dozens of use cases, one commit, or nothing at all.

Each use case of the demo script opens its own unit of work and commits it, as it would for a
real user. Run inside `one_transaction`, those units of work are windows onto one outer unit:
their commits only mark progress, and the outer one commits once, when the whole script has
run. A refusal anywhere (an account of the cast that exists with another password, say) leaves
the database as it was, instead of half-loaded talks that `demo` would then take for loaded.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace

from pourparler.services.port import Services
from pourparler.services.window import Window

__all__ = ["one_transaction"]


class _Enclosed(Window):
    """A unit of work that is a window onto an outer one: it neither commits nor ends it."""

    def commit(self) -> None:
        return None  # the outer unit commits once, at the end


@contextmanager
def one_transaction(svc: Services) -> Iterator[Services]:
    """Services whose every unit of work is part of one transaction, committed on leaving the
    block without an error and rolled back otherwise."""
    with svc.unit_of_work() as outer:
        enclosed = _Enclosed(outer)
        yield replace(svc, unit_of_work=lambda: enclosed)
        outer.commit()
