"""Suggestions between proposals and secret acceptances."""

from __future__ import annotations

import dataclasses

import numpy as np

from pourparler.engine import Frontier, SecretAcceptance, secret_acceptance, suggestions

FRONTIER = Frontier(
    np.array([[0], [1], [2], [3]]),
    np.array([[1.0, 0.1], [0.7, 0.5], [0.5, 0.7], [0.1, 1.0]]),
)


def test_suggestions_lie_between_what_each_party_proposed():
    proposals = np.array([[0.8, 0.3], [0.4, 0.8]])
    assert suggestions(FRONTIER, proposals).tolist() == [1, 2]


def test_no_suggestion_when_proposals_leave_no_room():
    assert suggestions(FRONTIER, np.array([[0.9, 0.9]])).tolist() == []


def test_overlapping_secret_minima_give_the_fairest_package_over_them():
    result = secret_acceptance(FRONTIER, [0.45, 0.45])
    assert result == SecretAcceptance(True, (1,)) or result == SecretAcceptance(True, (2,))
    assert secret_acceptance(FRONTIER, [0.6, 0.4]) == SecretAcceptance(True, (1,))


def test_disjoint_secret_minima_reveal_only_that_there_is_no_overlap():
    result = secret_acceptance(FRONTIER, [0.8, 0.8])
    assert result == SecretAcceptance(False, None)


def test_a_secret_acceptance_carries_no_minimum():
    fields = {f.name for f in dataclasses.fields(SecretAcceptance)}
    assert fields == {"overlap", "choice"}
    assert "0.6" not in repr(secret_acceptance(FRONTIER, [0.6, 0.4]))
