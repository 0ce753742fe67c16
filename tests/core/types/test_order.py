"""order: score is the share of items at their right step (exact position).

Expected scores below are worked by hand against the key
coordinator, pm, senior-pm, program-manager (four steps, 25 % each).
"""

from itertools import permutations

import pytest

from course import AnswerError, grade
from course.core.types.order import steps_in_place

KEY = ["coordinator", "pm", "senior-pm", "program-manager"]


def test_full(bank):
    result = grade(bank["ladder"], KEY)
    assert result.score == 1.0 and all(f.correct for f in result.items)


def test_one_neighbour_swap_costs_the_two_items_swapped(bank):
    # coordinator and program-manager stay at steps 1 and 4; pm and senior-pm trade: 2 of 4.
    result = grade(bank["ladder"], ["coordinator", "senior-pm", "pm", "program-manager"])
    assert result.fraction == pytest.approx(2 / 4)
    feedback = {f.item: f for f in result.items}
    assert feedback["pm"].message.startswith("Not right: it belongs at step 2, not 3.")
    assert result.summary == "2 of 4 steps in place"
    assert feedback["coordinator"].correct


def test_one_item_moved_from_the_end_to_the_front_shifts_every_other(bank):
    # program-manager first pushes the other three one step down: none stands at its step.
    result = grade(bank["ladder"], ["program-manager", "coordinator", "pm", "senior-pm"])
    assert result.fraction == 0.0 and result.summary == "0 of 4 steps in place"


def test_reverse_scores_zero(bank):
    assert grade(bank["ladder"], KEY[::-1]).score == 0.0


def test_a_random_order_earns_one_step_in_n_on_average():
    # Over all 24 orders of four items, each item is at its step in 6: 6 * 4 / (24 * 4) = 25 %.
    # (Kendall tau scoring gave the same 24 orders 50 % on average.)
    orders = list(permutations(KEY))
    assert sum(steps_in_place(list(o), KEY) for o in orders) / len(orders) == pytest.approx(0.25)


def test_steps_helper():
    assert steps_in_place(["a", "b", "c"], ["a", "b", "c"]) == 1.0
    assert steps_in_place(["c", "b", "a"], ["a", "b", "c"]) == pytest.approx(1 / 3)  # b stays
    assert steps_in_place(["b", "a", "c"], ["a", "b", "c"]) == pytest.approx(1 / 3)
    assert steps_in_place(["b", "c", "a"], ["a", "b", "c"]) == 0.0


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
