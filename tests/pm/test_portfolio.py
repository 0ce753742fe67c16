"""Weighted scoring, capacity and balance in portfolio selection."""

import doctest

import pytest

from course.pm import portfolio
from course.pm.portfolio import rank_and_fund, select, weighted_scores


def test_docstring_examples():
    result = doctest.testmod(portfolio)
    assert result.attempted > 0 and result.failed == 0


# Hand-worked (notebook 18's round): ratings 1-5, weights 0.4 / 0.4 / 0.2.
def test_weighted_scores_by_hand():
    scores = weighted_scores(
        {"X": {"fit": 4, "value": 5, "risk": 1}, "Y": {"fit": 2, "value": 3, "risk": 5}},
        {"fit": 0.4, "value": 0.4, "risk": 0.2},
    )
    assert scores == {"X": 3.8, "Y": 3.0}


CANDIDATES = {
    "A": {"score": 9, "cost": 6, "people": 4, "category": "grow"},
    "B": {"score": 7, "cost": 5, "people": 2, "category": "run"},
    "C": {"score": 6, "cost": 5, "people": 5, "category": "grow"},
    "D": {"score": 4, "cost": 4, "people": 1, "category": "comply"},
}


def test_ranking_misses_the_best_combination_that_select_finds():
    assert rank_and_fund(CANDIDATES, 10) == ["A", "D"]  # 13 points
    assert select(CANDIDATES, 10)["chosen"] == ["A", "D"]  # 13 beats B + C's 13 on cost
    assert select(CANDIDATES, 11)["chosen"] == ["A", "B"]  # 16 > A + D's 13


def test_capacity_and_balance_change_the_choice():
    assert select(CANDIDATES, 11, capacity=4)["chosen"] == ["B", "D"]
    balanced = select(CANDIDATES, 15, minimum_per_category={"comply": 1, "grow": 1})
    assert balanced["chosen"] == ["A", "B", "D"]
    assert balanced["by_category"] == {"comply": 1, "grow": 1, "run": 1}
    assert balanced["score"] == 20 and balanced["cost"] == 15 and balanced["people"] == 7


def test_select_checks_every_combination_against_brute_force():
    import itertools

    best = max(
        (
            sum(CANDIDATES[n]["score"] for n in combo)
            for r in range(5)
            for combo in itertools.combinations(CANDIDATES, r)
            if sum(CANDIDATES[n]["cost"] for n in combo) <= 14
        ),
    )
    assert select(CANDIDATES, 14)["score"] == best


def test_bad_inputs_say_what_to_fix():
    with pytest.raises(ValueError, match="add up to 1"):
        weighted_scores({"X": {"a": 1}}, {"a": 0.5})
    with pytest.raises(ValueError, match="no rating for 'b'"):
        weighted_scores({"X": {"a": 1}}, {"a": 0.5, "b": 0.5})
    with pytest.raises(ValueError, match="lower a minimum"):
        select(CANDIDATES, 3, minimum_per_category={"grow": 1})
    with pytest.raises(ValueError, match="no 'cost'"):
        select({"X": {"score": 1}}, 3)
