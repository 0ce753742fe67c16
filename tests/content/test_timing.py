"""Tests for course.content.timing: the one model behind every stated time.

Two small notebooks are timed by hand here, from the constants the module
documents (150 words a minute, 1.5 minutes a figure, 0.5 a code cell, choice
1.5 + 0.5 an option, sort 1.5 + 0.75 an item, numeric 5, code 45, live = x 4/3
rounded up to 5 minutes):

``small`` has 291 words of markdown, an ``import course`` cell (2 words, one
plain code cell), a figure cell ``course.figures.gantt(tasks)`` (4 words, one
figure) and ``course.show("pick")`` (3 words) for a 4-option choice, plus a
navigation cell that does not count. Words 291 + 2 + 4 + 3 = 300, so reading is
300 / 150 = 2.0 minutes; figure 1.5; cell 0.5; choice 1.5 + 4 x 0.5 = 3.5.
Total 2.0 + 1.5 + 0.5 + 3.5 = 7.5, which rounds half up to **8 minutes**; live
8 x 4/3 = 10.7, rounded up to 5 minutes: **15**.

``coded`` has 1,494 words of markdown, ``course.show("fn")`` (3 words) for a
code exercise with its generated starter cell before it (tagged ``starter``:
not counted, the exercise's minutes cover it), and ``course.show("sort")``
(3 words) for a sort that draws 8 of its 12 items. Words 1,500, reading 10.0;
code 45; sort 1.5 + 8 x 0.75 = 7.5. Total 62.5, rounded **63 minutes**; live
63 x 4/3 = 84, up to **85**. With the code exercise as homework: 10.0 + 7.5 =
17.5, rounded **18**, live 18 x 4/3 = 24, up to **25**.
"""

import pytest

from course.content import timing
from course.core import types

WORDS = " ".join(["word"] * 2000)


def markdown(words: int, tags=()) -> dict:
    text = WORDS[: words * 5 - 1]  # "word word ...": exactly ``words`` words
    return {"cell_type": "markdown", "metadata": {"tags": list(tags)}, "source": text}


def code(text: str, tags=()) -> dict:
    return {"cell_type": "code", "metadata": {"tags": list(tags)}, "source": text, "outputs": []}


@pytest.fixture
def bank(tmp_path):
    (tmp_path / "pick.toml").write_text('type = "choice"\noptions = [{}, {}, {}, {}]\n')
    (tmp_path / "fn.toml").write_text('type = "code"\n')
    items = ", ".join(["{}"] * 12)
    (tmp_path / "sort.toml").write_text(f'type = "categorize"\ndraw = 8\nitems = [{items}]\n')
    return tmp_path


SMALL = {
    "cells": [
        markdown(291),
        code("import course"),
        code("course.figures.gantt(tasks)"),
        code('course.show("pick")'),
        markdown(40, tags=["navigation"]),
    ]
}
CODED = {
    "cells": [
        markdown(1494),
        code("# Your function: write it here\ndef f(x):\n    return x", tags=["starter"]),
        code('course.show("fn")'),
        code('course.show("sort")'),
    ]
}


def test_the_hand_worked_small_notebook(bank):
    time = timing.notebook_time(SMALL, bank)
    assert (time.words, time.figures, time.cells) == (300, 1, 1)
    assert time.exercises == [("pick", "choice", 3.5)]
    assert time.total == pytest.approx(7.5)
    assert time.rounded() == 8
    assert timing.live_minutes(time.rounded()) == 15


def test_the_hand_worked_notebook_with_a_code_exercise(bank):
    time = timing.notebook_time(CODED, bank)
    assert (time.words, time.figures, time.cells) == (1500, 0, 0)
    assert [e[:2] for e in time.exercises] == [("fn", "code"), ("sort", "categorize")]
    assert time.rounded() == 63
    assert timing.live_minutes(time.rounded()) == 85
    assert time.rounded(without=("code",)) == 18
    assert timing.live_minutes(time.rounded(without=("code",))) == 25


def test_an_exercise_shown_later_is_counted_without_a_code_change(bank):
    # another helper adds scenario exercises to the notebooks: the next sync counts them
    more = {"cells": SMALL["cells"] + [code('course.show("pick")')]}
    assert timing.notebook_time(more, bank).total == pytest.approx(7.5 + 3 / 150 + 3.5)


def test_a_missing_exercise_names_the_file(bank):
    with pytest.raises(FileNotFoundError, match="nope.toml"):
        timing.notebook_time({"cells": [code('course.show("nope")')]}, bank)


def test_the_documented_constants():
    assert timing.READING_WPM == 150
    assert (timing.FIGURE_MINUTES, timing.CELL_MINUTES) == (1.5, 0.5)
    assert timing.TYPE_MINUTES["code"] == (45.0, 0.0)
    assert 35 <= timing.TYPE_MINUTES["code"][0] <= 60  # the review's range


def test_every_exercise_type_has_minutes():
    assert set(types.TYPES) <= set(timing.TYPE_MINUTES)


def test_minutes_field_wins():
    assert timing.minutes({"type": "categorize", "items": [{}] * 30, "minutes": 4}) == 4.0


def test_choice_counts_options_and_match_counts_left_items():
    assert timing.minutes({"type": "choice", "options": [{}] * 5}) == 1.5 + 5 * 0.5
    match = {"type": "match", "left": [{}] * 5, "right": [{}] * 9}
    assert timing.minutes(match) == 1.5 + 5 * 0.75


def test_order_counts_its_items():
    assert timing.minutes({"type": "order", "items": [{}] * 6}) == 1.5 + 6 * 0.75


def test_draw_counts_only_the_items_a_learner_sees():
    pool = {"type": "categorize", "items": [{}] * 16}
    drawn = dict(pool, draw=8)
    assert timing.item_count(drawn) == 8
    assert timing.minutes(drawn) == 7.5
    assert timing.item_count(dict(pool, draw=40)) == 16


def test_numeric_and_code_are_flat():
    assert timing.minutes({"type": "numeric"}) == 5.0
    assert timing.minutes({"type": "code"}) == 45.0


def test_unknown_type_without_minutes_says_how_to_fix():
    with pytest.raises(ValueError, match="minutes field"):
        timing.minutes({"id": "odd", "type": "essay"})


def test_reading_minutes_uses_the_documented_rate():
    assert timing.reading_minutes(1500) == 10.0
    assert timing.reading_minutes(0) == 0.0


@pytest.mark.parametrize(
    ("self_study", "live"), [(0, 0), (3, 5), (15, 20), (16, 25), (60, 80), (63, 85), (141, 190)]
)
def test_live_minutes_is_four_thirds_rounded_up_to_five(self_study, live):
    assert timing.live_minutes(self_study) == live


def test_exercise_minutes_reads_the_bank(tmp_path):
    (tmp_path / "pick.toml").write_text(
        'schema_version = 1\nid = "pick"\ntype = "numeric"\ntitle = "t"\nprompt = "p"\n'
        'answer = 1\nexplanation = "e"\nminutes = 2.5\n'
    )
    assert timing.exercise_minutes(tmp_path, "pick") == 2.5


def test_exercise_minutes_names_a_missing_file(tmp_path):
    with pytest.raises(FileNotFoundError, match="nope.toml"):
        timing.exercise_minutes(tmp_path, "nope")
