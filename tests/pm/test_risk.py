"""Risk calculators against published worked examples."""

import doctest

import pytest

from course.pm import risk
from course.pm.risk import best_option, contingency_reserve, emv, roll_back, score


def test_docstring_examples():
    assert doctest.testmod(risk).failed == 0


# PMBOK Guide, 6th ed. (PMI 2017), figure 11-16: build a new plant (120)
# or upgrade (50), strong demand 60 %; payoffs 200/90 and 120/60 (USD m).
# Published: EMV build 36, upgrade 46; decision: upgrade.
PMBOK_TREE = {
    "decision": {
        "build new plant": {"chance": [[0.6, 200 - 120], [0.4, 90 - 120]]},
        "upgrade plant": {"chance": [[0.6, 120 - 50], [0.4, 60 - 50]]},
    }
}


def test_pmbok_decision_tree():
    options = PMBOK_TREE["decision"]
    assert roll_back(options["build new plant"]) == pytest.approx(36)
    assert roll_back(options["upgrade plant"]) == pytest.approx(46)
    assert roll_back(PMBOK_TREE) == pytest.approx(46)
    assert best_option(PMBOK_TREE) == "upgrade plant"


# Render, Stair & Hanna, Quantitative Analysis for Management, chapter 3:
# Thompson Lumber. Large plant 200,000 / -180,000, small 100,000 / -20,000,
# nothing 0, favourable market 50 %: EMVs 10,000, 40,000, 0 -> small plant.
THOMPSON = {
    "decision": {
        "large plant": {"chance": [[0.5, 200_000], [0.5, -180_000]]},
        "small plant": {"chance": [[0.5, 100_000], [0.5, -20_000]]},
        "do nothing": 0,
    }
}


def _after_survey(p: float) -> dict:
    """Thompson Lumber after a 10,000 survey: payoffs net of it."""
    return {
        "decision": {
            "large plant": {"chance": [[p, 190_000], [round(1 - p, 2), -190_000]]},
            "small plant": {"chance": [[p, 90_000], [round(1 - p, 2), -30_000]]},
            "do nothing": -10_000,
        }
    }


def test_thompson_lumber_single_stage():
    assert roll_back(THOMPSON["decision"]["large plant"]) == pytest.approx(10_000)
    assert roll_back(THOMPSON) == pytest.approx(40_000)
    assert best_option(THOMPSON) == "small plant"


# The same chapter's two-stage tree: the survey is favourable with
# probability 0.45; P(favourable market) is 0.78 after a favourable survey and
# 0.27 after an unfavourable one. Published: 106,400 after a favourable
# survey (large plant), 2,400 after an unfavourable one (small plant), and
# EMV 49,200 for conducting the survey, better than 40,000 without it.
def test_thompson_lumber_with_survey():
    assert roll_back(_after_survey(0.78)) == pytest.approx(106_400)
    assert roll_back(_after_survey(0.27)) == pytest.approx(2_400)
    tree = {
        "decision": {
            "survey": {"chance": [[0.45, _after_survey(0.78)], [0.55, _after_survey(0.27)]]},
            "no survey": THOMPSON,
        }
    }
    assert roll_back(tree) == pytest.approx(49_200)
    assert best_option(tree) == "survey"


# thefinancebase.com, "How to calculate contingency reserves using the
# expected value method": 32,000 at 5 %, 48,000 at 5 %, 20,000 at 10 %,
# 12,000 at 2 % -> 6,240.
def test_contingency_reserve_expected_value_method():
    register = [
        {"kind": "threat", "probability": p, "impact": i}
        for p, i in [(0.05, 32_000), (0.05, 48_000), (0.10, 20_000), (0.02, 12_000)]
    ]
    assert contingency_reserve(register) == pytest.approx(6_240)


# Botforce Academy glossary, "Contingency reserve" (read November 2026): a
# vendor delay with a 40 % chance and a EUR 30K impact has an EMV of 12K;
# with 38K from the other risks the reserve is 50K.
def test_contingency_reserve_botforce_example():
    register = [
        {"kind": "threat", "probability": 0.4, "impact": 30_000},
        {"kind": "threat", "probability": 1.0, "impact": 38_000},  # the other risks' EMVs, summed
    ]
    assert contingency_reserve(register) == pytest.approx(50_000)


def test_opportunities_reduce_the_reserve():
    register = [
        {"kind": "threat", "probability": 0.4, "impact": 30_000},
        {"kind": "opportunity", "probability": 0.5, "impact": 4_000},
    ]
    assert contingency_reserve(register) == pytest.approx(12_000 - 2_000)


# PMBOK Guide, 4th ed. (PMI 2008), figure 11-10, probability and impact
# matrix: a risk's score is probability x impact, e.g. 0.9 x 0.80 = 0.72,
# 0.5 x 0.40 = 0.20, 0.1 x 0.05 = 0.005, 0.7 x 0.10 = 0.07.
@pytest.mark.parametrize(
    "p, impact, expected",
    [(0.9, 0.8, 0.72), (0.5, 0.4, 0.20), (0.1, 0.05, 0.005), (0.7, 0.1, 0.07)],
)
def test_probability_impact_scores(p, impact, expected):
    assert score(p, impact) == pytest.approx(expected)
    assert emv(p, impact) == pytest.approx(expected)


@pytest.mark.parametrize(
    "tree, words",
    [
        ({"chance": [[0.5, 1], [0.4, 2]]}, "add up to 0.9"),
        ({"chance": [[1.5, 1]]}, "from 0 to 1"),
        ({"decision": {}}, "map each option"),
        ({"choice": 1}, "expected a number"),
        (True, "must be a number"),
    ],
)
def test_bad_trees_say_what_to_fix(tree, words):
    with pytest.raises(ValueError, match=words):
        roll_back(tree)


def test_bad_register_says_what_to_fix():
    with pytest.raises(ValueError, match="positive amount"):
        contingency_reserve([{"probability": 0.1, "impact": -5}])
    with pytest.raises(ValueError, match="'threat' or 'opportunity'"):
        contingency_reserve([{"kind": "issue", "probability": 0.1, "impact": 5}])
