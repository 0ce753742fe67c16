"""Hidden-case generators produce only meaningful inputs, reproducibly."""

import doctest

import pytest

from course.pm import management_cases as cases
from course.pm.agile import forecast
from course.pm.estimating import path_estimate
from course.pm.finance import npv
from course.pm.risk import roll_back

N = 300


def test_docstring_examples():
    assert doctest.testmod(cases).failed == 0


@pytest.mark.parametrize(
    "generator",
    [cases.path_estimate_cases, cases.roll_back_cases, cases.npv_cases, cases.forecast_cases],
)
def test_same_seed_same_cases(generator):
    assert generator(11, 5) == generator(11, 5)
    assert generator(11, 5) != generator(12, 5)


def test_path_estimates_are_ordered_and_computable():
    made = cases.path_estimate_cases(1, N)
    assert len(made) == N
    for [activities] in made:
        assert 2 <= len(activities) <= 8
        assert all(1 <= o <= m <= p for o, m, p in activities)
        assert path_estimate(activities)["mean"] > 0


def _walk(node, found):
    if isinstance(node, dict) and "chance" in node:
        found["chance"] += 1
        assert sum(p for p, _ in node["chance"]) == pytest.approx(1)
        assert all(p >= 0.1 for p, _ in node["chance"])
        for _, sub in node["chance"]:
            _walk(sub, found)
    elif isinstance(node, dict):
        assert 2 <= len(node["decision"]) <= 3
        for sub in node["decision"].values():
            _walk(sub, found)


def test_trees_are_valid_and_varied():
    values, chance_nodes = set(), 0
    for [tree] in cases.roll_back_cases(2, N):
        found = {"chance": 0}
        _walk(tree, found)
        chance_nodes += found["chance"]
        values.add(roll_back(tree))
    assert chance_nodes > N
    assert len(values) > N // 2


def test_npv_cases_are_an_outlay_then_returns():
    signs = set()
    for rate, flows in cases.npv_cases(3, N):
        assert 0.02 <= rate <= 0.15
        assert flows[0] < 0 and all(f > 0 for f in flows[1:])
        signs.add(npv(rate, flows) > 0)
    assert signs == {True, False}, "some cases should pay off and some not"


def test_forecast_cases_have_work_and_positive_velocity():
    made = cases.forecast_cases(4, N)
    assert len(made) == N
    for remaining, velocities in made:
        assert remaining > 0 and all(v > 0 for v in velocities)
        result = forecast(remaining, velocities)
        assert result["fastest"] <= result["average"] <= result["slowest"]
