"""The keys of notebooks 15-19's numeric and computed exercises agree with course.pm.

Each key was worked by hand in the exercise's explanation; here the calculators
recompute it from the numbers in the prompt, so a key and its calculator cannot drift apart.
"""

import tomllib
from pathlib import Path

import pytest

from course import pm

BANK = Path(__file__).resolve().parents[2] / "exercises"


def exercise(name: str) -> dict:
    return tomllib.loads((BANK / f"{name}.toml").read_text(encoding="utf-8"))


WEIGHTS = {"fit": 0.4, "value": 0.3, "risk": 0.2, "urgency": 0.1}
ROUND = {  # notebook 19's investment round: ratings, cost (millions), people, category
    "tranche 3": ({"fit": 5, "value": 4, "risk": 3, "urgency": 3}, 1.2, 8, "grow"),
    "wing": ({"fit": 4, "value": 4, "risk": 2, "urgency": 2}, 1.5, 6, "grow"),
    "fire": ({"fit": 2, "value": 1, "risk": 4, "urgency": 5}, 0.8, 4, "comply"),
    "roster": ({"fit": 3, "value": 4, "risk": 4, "urgency": 3}, 0.9, 7, "run"),
    "car park": ({"fit": 1, "value": 2, "risk": 5, "urgency": 2}, 0.6, 3, "run"),
}


@pytest.mark.parametrize(
    "name, computed",
    [
        ("pta-numeric", lambda: pm.point_of_total_assumption(400_000, 40_000, 480_000, 0.8)),
        (
            "cpif-fee-numeric",
            lambda: pm.cost_plus_incentive(200_000, 16_000, 0.8, 170_000, 6_000, 24_000)["fee"],
        ),
        (
            "adoption-benefit-numeric",
            lambda: pm.adoption_benefits([0.30, 0.55], 2000, 40, 25, 8000, 0.7)["net"][1],
        ),
        (
            "weighted-score-numeric",
            lambda: pm.weighted_scores(
                {"x": {"fit": 3, "value": 5, "risk": 2, "urgency": 4}}, WEIGHTS
            )["x"],
        ),
        (
            "program-capstone-score",
            lambda: pm.weighted_scores({"t3": ROUND["tranche 3"][0]}, WEIGHTS)["t3"],
        ),
        (
            "program-capstone-adoption",
            lambda: pm.adoption_benefits([0.20, 0.25], 40_000, 1.5, 2, 30_000, 0.6)["net"][1],
        ),
    ],
)
def test_numeric_key_matches_the_calculator(name, computed):
    assert exercise(name)["answer"] == pytest.approx(computed(), abs=0.01)


def test_selection_round_key_is_the_best_set_within_every_constraint():
    scores = pm.weighted_scores({k: v[0] for k, v in ROUND.items()}, WEIGHTS)
    candidates = {
        k: {"score": scores[k], "cost": c, "people": p, "category": g}
        for k, (_, c, p, g) in ROUND.items()
    }
    best = pm.select(candidates, 3.0, capacity=15, minimum_per_category={"comply": 1})
    assert best["chosen"] == ["car park", "fire", "tranche 3"]
    assert (best["score"], best["cost"], best["people"]) == (8.7, 2.6, 15)
    # the distractor: best on money alone, but it needs 19 people
    assert pm.select(candidates, 3.0)["people"] == 19
    correct = [o for o in exercise("program-capstone-select")["options"] if o["correct"]]
    assert [o["id"] for o in correct] == ["t3-fire-car"]
