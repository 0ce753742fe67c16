"""numeric: right within the tolerance (default 0.5 % relative)."""

import pytest

from course import AnswerError, grade
from course.types.numeric import DEFAULT_REL_TOL, parse


def test_full_and_rounding_within_tolerance(bank):
    assert grade(bank["cpi"], 0.8).score == 1.0
    assert grade(bank["cpi"], 0.8 * (1 + DEFAULT_REL_TOL / 2)).score == 1.0


def test_outside_tolerance_scores_zero_and_says_the_answer(bank):
    result = grade(bank["cpi"], 0.9)
    assert result.score == 0.0
    assert result.items[0].message.startswith("Not quite: you gave 0.9 CPI, the answer is 0.8 CPI.")


def test_typed_text_is_parsed(bank):
    assert grade(bank["cpi"], " 0.80 ").score == 1.0
    assert parse("$1,250.5") == 1250.5
    assert parse("12%") == 12.0
    assert parse("") is None


def test_partial_credit_does_not_exist_for_a_single_number(bank):
    assert {grade(bank["cpi"], x).score for x in (0.7, 0.8, 0.81)} == {0.0, 1.0}


@pytest.mark.parametrize("answer", ["", "zero point eight", None, True, float("nan"), [0.8]])
def test_malformed(bank, answer):
    with pytest.raises(AnswerError, match="expected a number"):
        grade(bank["cpi"], answer)
