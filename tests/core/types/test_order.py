"""order: score is 1 - the normalised Kendall tau distance."""

import pytest

from course import AnswerError, grade
from course.core.types.order import pairs_in_order

KEY = ["coordinator", "pm", "senior-pm", "program-manager"]


def test_full(bank):
    result = grade(bank["ladder"], KEY)
    assert result.score == 1.0 and all(f.correct for f in result.items)


def test_one_neighbour_swap_costs_one_pair_of_six(bank):
    result = grade(bank["ladder"], ["coordinator", "senior-pm", "pm", "program-manager"])
    assert result.score == pytest.approx(5 / 6)
    feedback = {f.item: f for f in result.items}
    assert feedback["pm"].message.startswith("Not right: it belongs at step 2, not 3.")
    # The summary counts what the score counts: 5 of 6 pairs (and 2 of 4 steps in place).
    assert result.summary == "2 of 4 steps in place · 5 of 6 pairs in order"
    assert feedback["coordinator"].correct


def test_reverse_scores_zero(bank):
    assert grade(bank["ladder"], KEY[::-1]).score == 0.0


def test_kendall_helper():
    assert pairs_in_order(["a", "b", "c"], ["a", "b", "c"]) == 1.0
    assert pairs_in_order(["c", "b", "a"], ["a", "b", "c"]) == 0.0
    assert pairs_in_order(["b", "a", "c"], ["a", "b", "c"]) == pytest.approx(2 / 3)


@pytest.mark.parametrize(
    "answer, reason",
    [
        ({"pm": 1}, "expected a list"),
        (["pm", "pm", "coordinator", "senior-pm"], "must list each"),
        (KEY[:3], "must list each"),
        ([*KEY[:3], "cto"], "must list each"),
    ],
)
def test_malformed(bank, answer, reason):
    with pytest.raises(AnswerError, match=reason):
        grade(bank["ladder"], answer)
