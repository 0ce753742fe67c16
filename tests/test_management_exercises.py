"""The management-work exercises answer as the notebooks teach: model answers score full marks.

Code exercises are graded through ``course.grade`` (the learner's path, with the
sandbox and the hidden cases); numeric keys are recomputed with ``course.pm``,
so a key and its calculator cannot drift apart.
"""

import pytest

from course import grade, load_bank, pm
from tests.model_answers import MODEL_ANSWERS

BANK = load_bank()

COMMON_MISTAKES = {
    "pert-path-code": """
def path_estimate(activities):
    mean = sum((o + 4 * m + p) / 6 for o, m, p in activities)
    return {"mean": mean, "sd": sum((p - o) / 6 for o, m, p in activities)}
""",
    "decision-tree-code": """
def roll_back(tree):
    if isinstance(tree, (int, float)):
        return tree
    if "decision" in tree:
        subs = [roll_back(s) for s in tree["decision"].values()]
        return sum(subs) / len(subs)
    return sum(p * roll_back(sub) for p, sub in tree["chance"])
""",
    "npv-code": """
def npv(rate, flows):
    return sum(flow / (1 + rate) ** (t + 1) for t, flow in enumerate(flows))
""",
    "forecast-code": """
def forecast(remaining, velocities):
    mean = sum(velocities) / len(velocities)
    return {"fastest": round(remaining / max(velocities)), "average": round(remaining / mean),
            "slowest": round(remaining / min(velocities))}
""",
}


@pytest.mark.parametrize("exercise_id", sorted(MODEL_ANSWERS))
def test_model_answer_scores_full_marks(exercise_id):
    result = grade(BANK[exercise_id], MODEL_ANSWERS[exercise_id])
    assert result.score == 1.0, result.summary


@pytest.mark.parametrize("exercise_id", sorted(COMMON_MISTAKES))
def test_the_mistake_the_notebook_warns_about_loses_marks(exercise_id):
    assert grade(BANK[exercise_id], COMMON_MISTAKES[exercise_id]).score < 1.0


NUMERIC_KEYS = {
    "pert-expected-numeric": lambda: pm.three_point(4, 7, 16)["mean"],
    "crash-cost-numeric": lambda: pm.crash(
        {
            "A": {"duration": 2, "after": [], "crash_duration": 1, "crash_cost": 1500},
            "B": {"duration": 6, "after": ["A"], "crash_duration": 4, "crash_cost": 1000},
            "C": {"duration": 4, "after": ["A"], "crash_duration": 3, "crash_cost": 600},
            "D": {"duration": 3, "after": ["B", "C"], "crash_duration": 2, "crash_cost": 2500},
        },
        8,
    )["extra_cost"],
    "emv-reserve-numeric": lambda: pm.contingency_reserve(
        [
            {"probability": 0.2, "impact": 50_000},
            {"probability": 0.4, "impact": 25_000},
            {"probability": 0.1, "impact": 200_000},
            {"kind": "opportunity", "probability": 0.3, "impact": 20_000},
        ]
    ),
    "decision-tree-numeric": lambda: (
        -pm.roll_back(
            {
                "decision": {
                    "buy": {"chance": [[0.6, -300], [0.4, -550]]},
                    "build": {"chance": [[0.7, -450], [0.3, -650]]},
                }
            }
        )
    ),
    "channels-numeric": lambda: pm.channels(12) - pm.channels(8),
    "npv-numeric": lambda: pm.npv(0.10, [-100_000, 40_000, 50_000, 60_000]),
    "payback-numeric": lambda: pm.payback([-120, 30, 40, 60, 60]),
    "bcr-numeric": lambda: pm.bcr(0.10, [0, 90, 90, 90], [200, 0, 0, 0]),
    "velocity-forecast-numeric": lambda: pm.forecast(180, [24, 30, 27, 36, 33])["slowest"],
    "capstone-risk-reserve": lambda: pm.contingency_reserve(
        [
            {"probability": 0.2, "impact": 400},
            {"probability": 0.3, "impact": 150},
            {"probability": 0.25, "impact": 200},
            {"kind": "opportunity", "probability": 0.4, "impact": 100},
        ]
    ),
    "capstone-business-case-npv": lambda: pm.npv(0.06, [-4.5, 1.2, 1.8, 2.0, 2.0]),
}


@pytest.mark.parametrize("exercise_id", sorted(NUMERIC_KEYS))
def test_numeric_key_is_what_the_calculator_gives(exercise_id):
    assert grade(BANK[exercise_id], NUMERIC_KEYS[exercise_id]()).score == 1.0
