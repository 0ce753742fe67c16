"""Velocity and release forecasts against published examples."""

import doctest

import pytest

from course.pm import agile
from course.pm.agile import forecast, velocity


def test_docstring_examples():
    assert doctest.testmod(agile).failed == 0


# Sharp Logica, "Release Forecast Calculator" (tools.sharplogica.com): 240
# points left, velocity range 28-40 with an average of 34 -> optimistic 6.00
# sprints, expected 7.06 (8 sprints), conservative 8.57 (9 sprints).
def test_release_forecast_calculator_example():
    assert forecast(240, [28, 34, 40]) == {"fastest": 6, "average": 8, "slowest": 9}


# Fatskills, "Agile and Scrum (2020 Guide): velocity, burndown/burn-up charts
# and forecasting": sprints of 30, 35, 28, 32, 31 points average 31.2; a
# 50-point backlog takes 1.6, so 2 sprints.
def test_fatskills_velocity_example():
    history = [30, 35, 28, 32, 31]
    assert velocity(history) == pytest.approx(31.2)
    assert forecast(50, history)["average"] == 2


def test_recent_velocity_and_zero_remaining():
    assert velocity([10, 20, 30, 40], last=2) == pytest.approx(35)
    assert forecast(0, [10]) == {"fastest": 0, "average": 0, "slowest": 0}


def test_exact_division_is_not_rounded_up():
    assert forecast(90, [30, 30, 30]) == {"fastest": 3, "average": 3, "slowest": 3}


@pytest.mark.parametrize(
    "call, words",
    [
        (lambda: velocity([]), "non-empty"),
        (lambda: velocity([10, 0]), "sprint 2"),
        (lambda: forecast(-5, [10]), "0 or more"),
        (lambda: velocity([10], last=0), "1 or more"),
    ],
)
def test_bad_input_says_what_to_fix(call, words):
    with pytest.raises(ValueError, match=words):
        call()
