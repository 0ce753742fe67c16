"""An exercise's own abs_tol / rel_tol replaces the default 0.5 % (docs/exercise-format.md).

The course's own numeric exercises are pinned at their edges, the graded ones by name:
the reviewer found capstone-budget (key 4.24, abs_tol 0.005) marking 4.26 right.
"""

from pathlib import Path

import pytest

from course import grade
from course.core.bank import load_bank
from course.core.types.numeric import DEFAULT_REL_TOL, tolerances
from course.instructor.quizmap import tolerance

BANK = load_bank(Path(__file__).resolve().parents[3] / "exercises")
NUMERIC = sorted(i for i, e in BANK.items() if e.type == "numeric")
OWN = [i for i in NUMERIC if {"abs_tol", "rel_tol"} & set(BANK[i].data)]


def right(exercise_id: str, answer: float) -> bool:
    return grade(BANK[exercise_id], answer).score == BANK[exercise_id].points


@pytest.mark.parametrize(
    ("exercise_id", "inside", "outside"),
    [
        ("capstone-budget", [4.24, 4.245, 4.235], [4.26, 4.2451, 4.2349, 4.25]),
        ("capstone-business-case-npv", [1.5, 1.506, 1.494], [1.507, 1.493, 1.51]),
        ("capstone-risk-reserve", [135, 135.5, 134.5], [135.6, 134.4, 136]),
    ],
)
def test_graded_keys_are_right_exactly_within_the_tolerance_the_author_set(
    exercise_id, inside, outside
):
    assert BANK[exercise_id].graded
    for answer in inside:
        assert right(exercise_id, answer), f"{exercise_id}: {answer} should be right"
    for answer in outside:
        assert not right(exercise_id, answer), f"{exercise_id}: {answer} should be wrong"


@pytest.mark.parametrize("exercise_id", OWN)
def test_every_own_tolerance_replaces_the_default(exercise_id):
    data = BANK[exercise_id].data
    rel, absolute = tolerances(data)
    key = data["answer"]
    width = max(absolute, rel * abs(key))
    assert right(exercise_id, key + width) and right(exercise_id, key - width)
    beyond = width + max(1e-6, abs(key) * 1e-6)
    assert not right(exercise_id, key + beyond) and not right(exercise_id, key - beyond)
    assert tolerance(data) == pytest.approx(width)  # the quiz exports say the same


def test_without_own_tolerance_the_default_applies():
    plain = [i for i in NUMERIC if i not in OWN]
    assert plain, "the bank has numeric exercises on the default tolerance"
    for exercise_id in plain:
        key = BANK[exercise_id].data["answer"]
        assert tolerances(BANK[exercise_id].data) == (DEFAULT_REL_TOL, 0.0)
        assert right(exercise_id, key * (1 + DEFAULT_REL_TOL * 0.9))
        assert not right(exercise_id, key * (1 + DEFAULT_REL_TOL * 1.1) + 1e-9)
