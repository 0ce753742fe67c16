"""PERT and crashing against published worked examples."""

import doctest
import itertools
import random

import pytest

from course.pm import estimating
from course.pm.estimating import (
    GENERAL_FOUNDRY_CRASH,
    GENERAL_FOUNDRY_PERT,
    crash,
    duration_for,
    path_estimate,
    probability_by,
    three_point,
)
from course.pm.schedule import project_duration


def test_docstring_examples():
    assert doctest.testmod(estimating).failed == 0


# Render, Stair & Hanna, Quantitative Analysis for Management, "Project
# Management": General Foundry's expected times and variances (t = 2, 3, 2,
# 4, 4, 3, 5, 2; variances 0.11, 0.11, 0.11, 0.44, 1.00, 1.78, 1.78, 0.11).
def test_general_foundry_expected_times_and_variances():
    expected = {"A": 2, "B": 3, "C": 2, "D": 4, "E": 4, "F": 3, "G": 5, "H": 2}
    variances = {"A": 0.11, "B": 0.11, "C": 0.11, "D": 0.44, "E": 1.0, "F": 1.78, "G": 1.78}
    assert sorted(GENERAL_FOUNDRY_PERT) == sorted(expected)
    for task, (a, m, b) in GENERAL_FOUNDRY_PERT.items():
        estimate = three_point(a, m, b)
        assert estimate["mean"] == pytest.approx(expected[task])
        assert estimate["sd"] ** 2 == pytest.approx(variances.get(task, 0.11), abs=0.005)


# Same example: project variance 3.11 along A-C-E-G-H, sd 1.76 weeks, and a
# 71.57 % chance (z = 0.57) of finishing within 16 weeks.
def test_general_foundry_confidence():
    path = path_estimate([GENERAL_FOUNDRY_PERT[t] for t in "ACEGH"])
    assert path["mean"] == pytest.approx(15)
    assert path["sd"] ** 2 == pytest.approx(3.11, abs=0.005)
    assert path["sd"] == pytest.approx(1.76, abs=0.005)
    assert probability_by(15, path["sd"], 16) == pytest.approx(0.7157, abs=0.002)


# Wikipedia, "Program evaluation and review technique", worked example:
# A (2, 4, 6) -> 4.00, B (3, 5, 9) -> 5.33, C (4, 5, 7) -> 5.17, D (4, 6, 10)
# -> 6.33, E (4, 5, 7) -> 5.17, F (3, 4, 8) -> 4.50, G (3, 5, 8) -> 5.17;
# critical path A-C-E-G, about 19.5 work days (19.51 with rounded times).
WIKIPEDIA = {
    "A": ((2, 4, 6), [], 4.00),
    "B": ((3, 5, 9), [], 5.33),
    "C": ((4, 5, 7), ["A"], 5.17),
    "D": ((4, 6, 10), ["A"], 6.33),
    "E": ((4, 5, 7), ["B", "C"], 5.17),
    "F": ((3, 4, 8), ["D"], 4.50),
    "G": ((3, 5, 8), ["E"], 5.17),
}


def test_wikipedia_pert_example():
    network = {}
    for task, (triple, after, published) in WIKIPEDIA.items():
        mean = three_point(*triple)["mean"]
        assert round(mean, 2) == pytest.approx(published)
        network[task] = {"duration": mean, "after": after}
    assert project_duration(network) == pytest.approx(19.5)
    assert path_estimate([WIKIPEDIA[t][0] for t in "ACEG"])["mean"] == pytest.approx(19.5)


def test_duration_for_inverts_probability_by():
    assert probability_by(20, 2, duration_for(20, 2, 0.9)) == pytest.approx(0.9)


# Render, Stair & Hanna (same chapter): to finish General Foundry in 14
# weeks, crash A, the cheapest critical activity, by one week: 750.
# Heizer & Render, Operations Management, chapter 3 (Milwaukee Paper, the
# same data): to reach 13 weeks, crash A (750), then G, common to both
# critical paths (2,000): 2,750 in total.
def test_general_foundry_crashing():
    assert crash(GENERAL_FOUNDRY_CRASH, 14)["extra_cost"] == pytest.approx(750)
    result = crash(GENERAL_FOUNDRY_CRASH, 13)
    assert result["duration"] == 13
    assert result["extra_cost"] == pytest.approx(2_750)
    assert [step["crash"] for step in result["steps"]] == [["A"], ["G"]]


def _brute_force(tasks: dict, target: int) -> float:
    """Least extra cost over every combination of crash amounts (an independent check)."""
    ranges = [range(0, spec["duration"] - spec["crash_duration"] + 1) for spec in tasks.values()]
    best = float("inf")
    for cuts in itertools.product(*ranges):
        network = {
            t: {"duration": spec["duration"] - cut, "after": spec["after"]}
            for (t, spec), cut in zip(tasks.items(), cuts, strict=True)
        }
        if project_duration(network) <= target:
            cost = sum(
                cut * spec["crash_cost"] for spec, cut in zip(tasks.values(), cuts, strict=True)
            )
            best = min(best, cost)
    return best


@pytest.mark.parametrize("target", [14, 13, 12, 11, 10])
def test_crashing_matches_exhaustive_search_on_general_foundry(target):
    assert crash(GENERAL_FOUNDRY_CRASH, target)["extra_cost"] == pytest.approx(
        _brute_force(GENERAL_FOUNDRY_CRASH, target)
    )


def _random_network(rng: random.Random) -> dict:
    ids = "ABCDEF"[: rng.randint(3, 6)]
    tasks = {}
    for i, task_id in enumerate(ids):
        earlier = list(ids[:i])
        duration = rng.randint(1, 4)
        tasks[task_id] = {
            "duration": duration,
            "after": sorted(rng.sample(earlier, rng.randint(0, min(2, len(earlier))))),
            "crash_duration": max(0, duration - rng.randint(0, 2)),
            "crash_cost": rng.randint(1, 9) * 100,
        }
    return tasks


def test_crashing_matches_exhaustive_search_on_random_small_networks():
    rng = random.Random(2026)
    compared = 0
    for _ in range(120):
        tasks = _random_network(rng)
        length = project_duration(tasks)
        for target in range(length - 1, max(0, length - 4), -1):
            try:
                cost = crash(tasks, target)["extra_cost"]
            except ValueError:
                break
            assert cost == pytest.approx(_brute_force(tasks, target)), (tasks, target)
            compared += 1
    assert compared > 150


def test_crashing_past_the_limit_says_how_far_it_can_go():
    with pytest.raises(ValueError, match="cannot be shortened below"):
        crash(GENERAL_FOUNDRY_CRASH, 3)


@pytest.mark.parametrize(
    "call, words",
    [
        (lambda: three_point(5, 3, 8), "optimistic <= most likely"),
        (lambda: path_estimate([[1, 2]]), "activity 0"),
        (lambda: probability_by(10, 0, 12), "above zero"),
        (lambda: duration_for(10, 1, 1.2), "between 0 and 1"),
    ],
)
def test_bad_input_says_what_to_fix(call, words):
    with pytest.raises(ValueError, match=words):
        call()
