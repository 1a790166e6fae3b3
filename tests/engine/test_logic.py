"""Kleene's strong three-valued logic, checked exhaustively against its definition."""

from __future__ import annotations

import itertools

import pytest

from priorauth.engine.logic import FALSE, TRUE, UNKNOWN, Truth, and_, at_least, from_bool, not_, or_

ALL = (FALSE, UNKNOWN, TRUE)


def reference_and(a: Truth, b: Truth) -> Truth:
    if FALSE in (a, b):
        return FALSE
    if UNKNOWN in (a, b):
        return UNKNOWN
    return TRUE


def reference_or(a: Truth, b: Truth) -> Truth:
    if TRUE in (a, b):
        return TRUE
    if UNKNOWN in (a, b):
        return UNKNOWN
    return FALSE


def test_not_truth_table() -> None:
    assert [not_(v) for v in ALL] == [TRUE, UNKNOWN, FALSE]


@pytest.mark.parametrize(("a", "b"), list(itertools.product(ALL, repeat=2)))
def test_and_or_truth_tables(a: Truth, b: Truth) -> None:
    assert and_([a, b]) is reference_and(a, b)
    assert or_([a, b]) is reference_or(a, b)


@pytest.mark.parametrize("values", list(itertools.product(ALL, repeat=3)))
def test_three_way_and_or_fold_pairwise(values: tuple[Truth, Truth, Truth]) -> None:
    a, b, c = values
    assert and_(values) is reference_and(reference_and(a, b), c)
    assert or_(values) is reference_or(reference_or(a, b), c)


@pytest.mark.parametrize("values", list(itertools.product(ALL, repeat=3)))
@pytest.mark.parametrize("n", [1, 2, 3])
def test_at_least_is_true_false_or_unknown_by_counting(values: tuple[Truth, ...], n: int) -> None:
    true = values.count(TRUE)
    maybe = values.count(UNKNOWN)
    expected = TRUE if true >= n else FALSE if true + maybe < n else UNKNOWN
    assert at_least(n, values) is expected


def test_empty_and_is_true_empty_or_is_false() -> None:
    assert and_([]) is TRUE
    assert or_([]) is FALSE


def test_de_morgan_holds_for_every_pair() -> None:
    for a, b in itertools.product(ALL, repeat=2):
        assert not_(and_([a, b])) is or_([not_(a), not_(b)])


def test_from_bool_maps_none_to_unknown() -> None:
    assert (from_bool(True), from_bool(False), from_bool(None)) == (TRUE, FALSE, UNKNOWN)
