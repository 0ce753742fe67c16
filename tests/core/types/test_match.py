"""match: score is the share of left items paired right, times the points."""

import pytest

from course import AnswerError, grade

KEY = {"pmp": "project", "capm": "project", "pgmp": "program"}


def test_full_uses_points(bank):
    result = grade(bank["certs"], KEY)
    assert (result.score, result.max_score) == (3.0, 3.0)


def test_partial(bank):
    result = grade(bank["certs"], {**KEY, "pgmp": "project"})
    assert result.score == 2.0
    assert [f.item for f in result.items if not f.correct] == ["pgmp"]


def test_zero(bank):
    assert grade(bank["certs"], {}).score == 0.0


@pytest.mark.parametrize(
    "answer, reason",
    [
        ("pmp", "expected a mapping"),
        ({"pfmp": "program"}, "'pfmp' is not an item"),
        ({"pmp": "portfolio"}, "'portfolio' is not a choice"),
    ],
)
def test_malformed(bank, answer, reason):
    with pytest.raises(AnswerError, match=reason):
        grade(bank["certs"], answer)
