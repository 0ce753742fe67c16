"""Monte Carlo simulation of schedule and cost, checked against exact answers."""

import doctest
import math

import pytest

from course.pm import montecarlo
from course.pm.estimating import path_estimate
from course.pm.montecarlo import chance_within, percentile, simulate


def test_docstring_examples():
    result = doctest.testmod(montecarlo)
    assert result.attempted > 0 and result.failed == 0


def test_same_seed_same_runs_other_seed_other_runs():
    comp = {"A": {"duration": [1, 2, 4], "cost": [5, 6, 9], "after": []}}
    assert simulate(comp, 50, 3) == simulate(comp, 50, 3)
    assert simulate(comp, 50, 3) != simulate(comp, 50, 4)


# Exact answer, by hand: the triangular distribution with low 0, mode 0, high 10 has
# CDF 1 - (10 - x)^2 / 100, so its P80 is 10 - sqrt(20) = 5.528 and its P50 is
# 10 - sqrt(50) = 2.929; its mean is (0 + 0 + 10) / 3.
def test_one_component_matches_the_triangular_distribution():
    result = simulate({"A": {"duration": [0, 0, 10], "after": []}}, 20_000, 11)
    assert percentile(result["duration"], 80) == pytest.approx(10 - math.sqrt(20), abs=0.1)
    assert percentile(result["duration"], 50) == pytest.approx(10 - math.sqrt(50), abs=0.1)
    assert sum(result["duration"]) / 20_000 == pytest.approx(10 / 3, abs=0.05)


def test_costs_add_across_components_whatever_the_schedule():
    comp = {
        "A": {"duration": [1, 1, 1], "cost": [2, 2, 2], "after": []},
        "B": {"duration": [1, 1, 1], "cost": [3, 3, 3], "after": []},
    }
    assert simulate(comp, 5, 1)["cost"] == [5, 5, 5, 5, 5]


def test_merging_paths_finish_later_than_pert_on_one_path_says():
    # Three parallel, identical components: PERT on "the" critical path gives 20
    # (mean of 10, 20, 30 with the 4x weight); the program ends with the latest of three.
    estimate = [10, 20, 30]
    comp = {c: {"duration": estimate, "after": []} for c in "ABC"}
    runs = simulate(comp, 5_000, 2)["duration"]
    assert path_estimate([estimate])["mean"] == 20
    assert chance_within(runs, 20) < 0.2  # one path alone: 0.5
    assert percentile(runs, 50) > 23


def test_percentile_and_chance_by_hand():
    values = list(range(1, 11))
    assert percentile(values, 50) == 5 and percentile(values, 80) == 8
    assert percentile(values, 100) == 10 and percentile(values, 1) == 1
    assert chance_within(values, 8) == 0.8


def test_bad_inputs_say_what_to_fix():
    with pytest.raises(ValueError, match="optimistic <= most likely"):
        simulate({"A": {"duration": [5, 2, 9]}})
    with pytest.raises(ValueError, match="needs a 'duration'"):
        simulate({"A": {"cost": [1, 2, 3]}})
    with pytest.raises(ValueError, match="at most 100"):
        percentile([1], 150)
    with pytest.raises(ValueError, match="runs must be"):
        simulate({"A": {"duration": [1, 2, 3]}}, 0)
