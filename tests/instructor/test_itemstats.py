"""Tests for course.instructor.itemstats against a small class computed by hand (shown below)."""

import math

import pytest

from course.instructor.itemstats import (
    dichotomous,
    difficulty,
    discrimination,
    pearson,
    reading,
    reliability,
)

# Five students, three one-point exercises (1 right, 0 wrong):
#
#          e1  e2  e3  total
#   s1      1   1   1    3
#   s2      1   1   0    2
#   s3      1   0   0    1
#   s4      0   1   0    1
#   s5      0   0   0    0
#
# difficulty p: e1 3/5 = 0.6, e2 3/5 = 0.6, e3 1/5 = 0.2
# totals: mean 7/5 = 1.4; population variance = (9+4+1+1+0)/5 - 1.4^2 = 3 - 1.96 = 1.04
# sum of p*q = 0.6*0.4 + 0.6*0.4 + 0.2*0.8 = 0.64
# KR-20 = k/(k-1) * (1 - sum pq / var) = 3/2 * (1 - 0.64/1.04) = 1.5 * 5/13 = 15/26
#
# discrimination of e1 (item vs rest = total - item):
#   item [1,1,1,0,0], mean 0.6, deviations .4 .4 .4 -.6 -.6
#   rest [2,1,0,1,0], mean 0.8, deviations 1.2 .2 -.8 .2 -.8
#   sum dx*dy = .48 + .08 - .32 - .12 + .48 = 0.6
#   sum dx^2 = 3*.16 + 2*.36 = 1.2;  sum dy^2 = 1.44+.04+.64+.04+.64 = 2.8
#   r = 0.6 / sqrt(1.2 * 2.8)
# discrimination of e3:
#   item [1,0,0,0,0], mean 0.2, deviations .8 -.2 -.2 -.2 -.2
#   rest [2,2,1,1,0], mean 1.2, deviations .8 .8 -.2 -.2 -1.2
#   sum dx*dy = .64 - .16 + .04 + .04 + .24 = 0.8
#   sum dx^2 = .64 + 4*.04 = 0.8;  sum dy^2 = .64+.64+.04+.04+1.44 = 2.8
#   r = 0.8 / sqrt(0.8 * 2.8)
CLASS = [[1, 1, 1], [1, 1, 0], [1, 0, 0], [0, 1, 0], [0, 0, 0]]
MAXIMA = [1, 1, 1]


def test_difficulty_is_the_share_right():
    column = [[row[i] for row in CLASS] for i in range(3)]
    assert [difficulty(c, 1) for c in column] == pytest.approx([0.6, 0.6, 0.2])
    assert difficulty([2, 1, 0, 1], 2) == pytest.approx(0.5)  # a share of the points
    assert difficulty([], 1) is None


def test_discrimination_is_the_corrected_point_biserial():
    assert discrimination(CLASS, 0) == pytest.approx(0.6 / math.sqrt(1.2 * 2.8))
    assert discrimination(CLASS, 2) == pytest.approx(0.8 / math.sqrt(0.8 * 2.8))
    assert discrimination([[1, 0], [1, 1], [1, 0]], 0) is None  # everyone right: no contrast


def test_kr20_for_right_or_wrong_exercises():
    assert dichotomous(CLASS, MAXIMA)
    assert reliability(CLASS, MAXIMA) == ("KR-20", pytest.approx(15 / 26))


def test_cronbachs_alpha_for_partial_credit():
    # Four students, exercise A (1 point) and B (2 points, partial credit):
    #   A: 1 1 0 0 -> mean .5, variance .25
    #   B: 2 1 1 0 -> mean 1, variance (1+0+0+1)/4 = .5
    #   totals 3 2 1 0 -> mean 1.5, variance (2.25+.25+.25+2.25)/4 = 1.25
    #   alpha = 2/1 * (1 - (.25 + .5) / 1.25) = 2 * .4 = 0.8
    matrix = [[1, 2], [1, 1], [0, 1], [0, 0]]
    assert not dichotomous(matrix, [1, 2])
    assert reliability(matrix, [1, 2]) == ("Cronbach's alpha", pytest.approx(0.8))


def test_kr20_equals_alpha_on_right_or_wrong_exercises():
    # the same formula: p*q is the variance of a 0/1 item
    items = [statistics_pvariance([row[i] for row in CLASS]) for i in range(3)]
    totals = statistics_pvariance([sum(row) for row in CLASS])
    alpha = 3 / 2 * (1 - sum(items) / totals)
    assert reliability(CLASS, MAXIMA)[1] == pytest.approx(alpha)


def statistics_pvariance(values):
    mean = sum(values) / len(values)
    return sum((v - mean) ** 2 for v in values) / len(values)


def test_reliability_needs_two_exercises_and_varying_totals():
    assert reliability([[1], [0]], [1]) == ("KR-20", None)
    assert reliability([[1, 0], [0, 1]], [1, 1]) == ("KR-20", None)  # totals equal
    assert "Not computable" in reading(None, 1)


def test_the_reading_sentence_says_what_the_value_means():
    assert "grade that counts" in reading(0.85, 20)
    assert "low-stakes" in reading(0.72, 20)
    text = reading(15 / 26, 3)
    assert "0.58" in text and "rough guide" in text and "only 3 graded exercises" in text


def test_pearson_without_variation_is_none():
    assert pearson([1, 1, 1], [1, 2, 3]) is None
    assert pearson([1, 2], [2, 4]) == pytest.approx(1.0)
