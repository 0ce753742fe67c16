"""Every number and code exercise in the shipped bank has its own hint, and a
learner sees it: after a first wrong try, through ``course.show`` and Check,
with the hint in the feedback and the key or worked solution not yet there.
"""

from __future__ import annotations

import html
import re

import pytest

from course.core.bank import load_bank
from course.core.wording import score_line
from course.learner.controls.feedback import CODE_HINT
from course.learner.journal import Journal
from course.learner.widget import show

BANK = load_bank()
NUMERIC = sorted(i for i in BANK if BANK[i].type == "numeric")
CODE = sorted(i for i in BANK if BANK[i].type == "code")
GENERIC = {CODE_HINT, "Work it through again with the formula from the notebook."}


def visible_text(widget) -> str:
    """The feedback as a learner reads it: tags dropped, entities decoded."""
    return html.unescape(re.sub(r"<[^>]+>", " ", widget.feedback.value))


def test_the_bank_has_number_and_code_exercises():
    assert len(NUMERIC) >= 20 and len(CODE) >= 5


@pytest.mark.parametrize("exercise_id", NUMERIC + CODE)
def test_every_number_and_code_exercise_has_its_own_short_hint(exercise_id):
    hint = BANK[exercise_id].data.get("hint", "")
    assert hint.strip(), f"{exercise_id} has no hint"
    assert hint not in GENERIC
    assert len(hint) <= 220, f"{exercise_id}'s hint is {len(hint)} characters; keep it short"
    assert not re.search(r"\$\s*\d", hint), "write USD 1,000, not a dollar sign"
    assert hint.strip() != BANK[exercise_id].data["explanation"].strip()


def test_no_two_exercises_share_a_hint():
    hints = [BANK[i].data.get("hint") for i in NUMERIC + CODE]
    assert len(set(hints)) == len(hints)


def wrong_number(key: float) -> float:
    """A number well away from the key (not a factor of 100, so the hint is the plain one)."""
    return key * 3 + 7


@pytest.mark.parametrize("exercise_id", NUMERIC)
def test_a_first_wrong_number_shows_the_exercise_hint_not_the_key(exercise_id, tmp_path):
    exercise = BANK[exercise_id]
    key = exercise.data["answer"]
    widget = show(exercise_id, journal=Journal(tmp_path / "journal.jsonl"))
    widget.answer = f"{wrong_number(key):g}"
    result = widget.check()
    assert result.score == 0
    text = visible_text(widget)
    assert "Hint: " + exercise.data["hint"] in " ".join(text.split())
    assert "the answer is" not in text
    # the score line says the points ("0 of 1 point"); the key must not be anywhere else
    text = text.replace(score_line("not right", 0, exercise.points), "")
    assert not re.search(rf"(?<![\d.]){re.escape(f'{key:g}')}(?![\d.])", text), text
    assert exercise.data["explanation"] not in text


@pytest.mark.parametrize("exercise_id", CODE)
def test_a_first_wrong_function_shows_the_exercise_hint_not_the_solution(exercise_id, tmp_path):
    exercise = BANK[exercise_id]
    function = exercise.data["function"]
    widget = show(exercise_id, journal=Journal(tmp_path / "journal.jsonl"))
    widget.answer = f"def {function}(*args):\n    return None\n"
    result = widget.check()
    assert result.score < result.max_score
    text = " ".join(visible_text(widget).split())
    assert "Hint: " + exercise.data["hint"] in text
    assert "Worked solution" not in text
    assert exercise.data["explanation"] not in text
