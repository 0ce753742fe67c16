"""numeric: right within the tolerance (default 0.5 % relative)."""

import pytest

from course import AnswerError, grade
from course.core.types.numeric import DEFAULT_REL_TOL, parse


def test_full_and_rounding_within_tolerance(bank):
    assert grade(bank["cpi"], 0.8).score == 1.0
    assert grade(bank["cpi"], 0.8 * (1 + DEFAULT_REL_TOL / 2)).score == 1.0


def test_outside_tolerance_scores_zero_and_says_the_answer(bank):
    result = grade(bank["cpi"], 0.9)
    assert result.score == 0.0
    assert result.items[0].message.startswith("Not right: you gave CPI 0.9; the answer is CPI 0.8.")
    assert result.items[0].hint.startswith("Not right: CPI 0.9 is too high. Hint: ")
    assert "0.8" not in result.items[0].hint  # the hint does not give the key away


def test_right_echoes_what_the_learner_gave_and_the_exact_key(bank):
    """Feedback says the learner's number first; the key only when it reads differently."""
    assert grade(bank["cpi"], 0.8).items[0].message.startswith("Right: CPI 0.8. ")
    close = grade(bank["cpi"], 0.8015).items[0]
    assert close.correct and close.message.startswith("Right: CPI 0.8015 (exactly, CPI 0.8). ")


def test_typed_text_is_parsed(bank):
    assert grade(bank["cpi"], " 0.80 ").score == 1.0
    assert grade(bank["cpi"], "0,8").score == 1.0
    assert grade(bank["cpi"], "80 %").score == 1.0
    assert parse("$1,250.5") == 1250.5
    assert parse("12%") == 0.12
    assert parse("12%", percent_unit=True) == 12.0


ACCEPTED = {
    "0.75": 0.75,
    "0,75": 0.75,
    "75 %": 0.75,
    "75%": 0.75,
    "1,250": 1250.0,
    "1 250": 1250.0,
    "1\u202f250": 1250.0,  # a narrow no-break space, as some keyboards type it
    "1,250.5": 1250.5,
    "1.250,5": 1250.5,
    "12,345,678": 12345678.0,
    "12,5": 12.5,
    "0,750": 0.75,
    ".5": 0.5,
    "$1200": 1200.0,
    "-60": -60.0,
    "\u221260": -60.0,  # the minus sign the notebooks print
    " 0.80 ": 0.8,
}
REJECTED = ["", "abc", "1,25,0", "1.2.3", "1,250,5", "1 25", "3/4", "1e3", "1,250.5.3", "1.250,5,3"]


@pytest.mark.parametrize("text, value", ACCEPTED.items())
def test_parse_accepts_what_people_type(text, value):
    assert parse(text) == pytest.approx(value)


@pytest.mark.parametrize("text", REJECTED)
def test_parse_rejects_unclear_forms_and_says_how_to_write_them(text):
    with pytest.raises(ValueError) as error:
        parse(text)
    message = str(error.value)
    assert "for example 0.75" in message
    if text == "3/4":
        assert "3/4 as 0.75" in message


def test_hint_says_what_is_wrong_without_the_key(bank):
    cpi = bank["cpi"]  # key 0.8
    assert "too low" in grade(cpi, 0.5).items[0].hint
    assert "factor of 100" in grade(cpi, 80).items[0].hint
    assert "wrong sign" in grade(cpi, -0.8).items[0].hint
    assert grade(cpi, 0.8).items[0].hint == ""


def test_partial_credit_does_not_exist_for_a_single_number(bank):
    assert {grade(bank["cpi"], x).score for x in (0.7, 0.8, 0.81)} == {0.0, 1.0}


@pytest.mark.parametrize("answer", [None, True, float("nan"), [0.8]])
def test_malformed(bank, answer):
    with pytest.raises(AnswerError, match="expected a number"):
        grade(bank["cpi"], answer)


@pytest.mark.parametrize(
    "text, reason", [("", "Type a number first"), ("zero point eight", "Cannot read")]
)
def test_malformed_text_says_how_to_write_it(bank, text, reason):
    with pytest.raises(AnswerError, match=reason):
        grade(bank["cpi"], text)


def test_amounts_as_the_course_writes_them_and_with_k_or_m_read_as_numbers():
    from course.core.types.numeric import parse

    assert parse("USD 22,765") == 22765.0
    assert parse("22,765 USD") == 22765.0
    assert parse("22.8k") == 22800.0
    assert parse("1.2m") == 1_200_000.0
    assert parse("$34,000") == 34000.0
    for unclear in ("5 m", "k", "USD", "22.8kk"):
        with pytest.raises(ValueError):
            parse(unclear)
