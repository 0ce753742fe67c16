"""What the widget teaches: attempts, the busy state, restored marks, blank warnings, events.

Driven from Python through the same methods the buttons call (``check``,
``show_answer``, ``toggle_explanations``), against a real journal file.
"""

from __future__ import annotations

import html
from dataclasses import replace

import pytest

from course.core.bank import public_data
from course.learner import events
from course.learner.journal import Journal
from course.learner.widget import ExerciseWidget, show


def feedback_text(widget) -> str:
    return widget.feedback.value


# --- Attempts: hint first; a number's key or a function's solution on Show answer only ---


def test_first_wrong_number_gets_a_hint_not_the_key(bank, journal):
    widget = show("cpi", bank=bank, journal=journal)  # key 0.8
    widget.answer = "0.5"
    result = widget.check()
    assert result.score == 0
    assert "too low" in feedback_text(widget) and "Hint:" in feedback_text(widget)
    assert "0.8" not in feedback_text(widget)
    assert widget.answer_button.layout.display is None  # Show answer is offered
    record = journal.latest()["cpi"]
    assert record["attempts"] == 1 and record["answer_shown"] is False


def test_second_wrong_number_still_gets_a_hint_and_the_key_waits_for_show_answer(bank, journal):
    widget = show("cpi", bank=bank, journal=journal)
    widget.answer = "0.5"
    widget.check()
    widget.answer = "0.6"
    widget.check()
    assert "0.8" not in feedback_text(widget) and "Hint:" in feedback_text(widget)
    assert widget.answer_button.layout.display is None  # on request
    record = journal.latest()["cpi"]
    assert record["attempts"] == 2 and record["answer_shown"] is False
    widget.answer_button.click()
    assert "the answer is CPI 0.8" in feedback_text(widget)
    assert widget.answer_button.layout.display == "none"
    assert journal.latest()["cpi"]["answer_shown"] is True


def test_show_answer_button_reveals_at_once_and_is_recorded(bank, journal):
    widget = show("cpi", bank=bank, journal=journal)
    widget.answer = "0.5"
    widget.check()
    widget.answer_button.click()
    assert "the answer is CPI 0.8" in feedback_text(widget)
    records = journal.records()
    assert records[-1]["action"] == "show" and records[-1]["answer_shown"] is True
    assert records[-1]["answer"] == 0.5  # the answer on record stays the learner's


def test_checking_the_same_answer_again_is_not_another_try(bank, journal):
    widget = show("cpi", bank=bank, journal=journal)
    widget.answer = "0.5"
    widget.check()
    widget.answer = "0,5"  # the same number, typed another way
    widget.check()
    assert "0.8" not in feedback_text(widget)
    assert len(journal.records()) == 1


def test_a_right_answer_shows_its_explanation_without_counting_as_shown(bank, journal):
    widget = show("cpi", bank=bank, journal=journal)
    widget.answer = "0.8"
    widget.check()
    assert feedback_text(widget).count("Right") >= 1
    assert journal.latest()["cpi"]["answer_shown"] is False


def test_attempts_carry_over_a_restart(bank, journal):
    first = show("cpi", bank=bank, journal=journal)
    first.answer = "0.5"
    first.check()
    again = show("cpi", bank=bank, journal=journal)  # a new kernel: a new widget
    assert again.attempts == 1 and again.wrong == 1 and not again.reveal
    again.answer = "0.6"
    again.check()
    assert again.wrong == 2 and not again.reveal and journal.latest()["cpi"]["attempts"] == 2


def test_code_worked_solution_waits_for_show_answer(bank, journal):
    widget = show("duration", bank=bank, journal=journal)
    explanation = widget.exercise.data["explanation"]
    widget.answer = "def project_duration(tasks):\n    return 5\n"
    widget.check()
    assert explanation not in feedback_text(widget) and "Hint:" in feedback_text(widget)
    widget.answer = "def project_duration(tasks):\n    return 4\n"
    widget.check()
    assert explanation not in feedback_text(widget) and "Hint:" in feedback_text(widget)
    widget.show_answer()
    assert explanation in feedback_text(widget)


# --- Busy state ---


@pytest.mark.parametrize(
    "exercise_id, answer, busy",
    [("duration", "def f():\n    pass\n", (True, "Checking…")), ("cpi", "1", (False, "Check"))],
)
def test_check_shows_it_is_working_and_ignores_a_second_press(
    bank, journal, monkeypatch, exercise_id, answer, busy
):
    """During the check (here: inside grading) the state is busy; a code check says so."""
    widget = show(exercise_id, bank=bank, journal=journal)
    seen = []

    def watched_grade(exercise, answer, run=None):
        seen.append((widget.check_button.disabled, widget.check_button.description))
        assert widget.check() is None  # a second press while busy does nothing
        return real(exercise, answer)

    import course.learner.widget as module

    real = module.grade_normalized
    monkeypatch.setattr(module, "grade_normalized", watched_grade)
    widget.answer = answer
    assert widget.check() is not None
    # Code runs a sandbox (seconds, at worst): its button shows it. Other checks take
    # well under a millisecond: the button is left alone, the busy flag still guards.
    assert seen == [busy]
    assert not widget.check_button.disabled and widget.check_button.description == "Check"
    assert len(journal.records()) == 1


# --- Restored answers come back with their marks and feedback ---


def test_restored_answer_comes_back_with_marks_and_feedback(bank, journal):
    first = show("sort", bank=bank, journal=journal)
    first.answer = {"schedule": "project", "benefits": "project"}
    result = first.check()
    again = show("sort", bank=bank, journal=journal)
    assert again.result == result
    assert "data-score" in again.feedback.value and "1 of" in again.feedback.value
    notes = again.controls.notes
    assert '<b class="pm-right">✓ Right</b>' in notes["schedule"].widget.value
    assert '<b class="pm-wrong">✗ Not right</b>' in notes["benefits"].widget.value
    assert "Restored your answer saved on" in again.status.value
    assert "%" in again.status.value and "0.333333" not in again.status.value


def test_restored_code_answer_uses_the_stored_run(bank, journal):
    first = show("duration", bank=bank, journal=journal)
    first.answer = "def project_duration(tasks):\n    return 5\n"
    result = first.check()
    again = show("duration", bank=bank, journal=journal)
    assert again.result.summary == result.summary and again.result.score == result.score
    assert result.summary in again.feedback.value


# --- Rows: explanations at the row, wrong ones open, one control opens all ---


def test_row_notes_are_open_for_wrong_rows_and_one_button_opens_all(bank, journal):
    widget = show("sort", bank=bank, journal=journal)
    widget.answer = {"schedule": "project", "benefits": "project"}
    widget.check()
    notes = widget.controls.notes
    assert "<details open>" in notes["benefits"].widget.value  # not right: open
    assert "<details open>" in notes["funding"].widget.value  # not answered: open
    assert "<details>" in notes["schedule"].widget.value  # right: folded
    widget.open_button.click()
    assert "<details open>" in notes["schedule"].widget.value
    assert widget.open_button.description == "Fold right rows"


# --- Save answer with blank rows ---


def released(bank, exercise_id):
    return replace(
        bank[exercise_id],
        data={**public_data(bank[exercise_id].data), "keys_removed": True},
    )


def test_save_answer_with_blank_rows_warns_and_still_saves(bank, journal):
    widget = ExerciseWidget(released(bank, "sort"), journal, "ann")
    rows = len(widget.controls.pickers)
    widget.answer = {"schedule": "project"}
    result = widget.check()
    assert result.recorded
    assert f"{rows - 1} of {rows} rows are blank" in widget.feedback.value
    assert journal.latest()["sort"]["answer"] == {"schedule": "project"}


# --- Events for the live view ---


def test_every_check_and_save_emits_an_event_and_shows_notices(bank, journal):
    heard = []

    def listener(event):
        heard.append(event)
        return "live view: sent"

    events.subscribe(listener)
    try:
        widget = show("cpi", bank=bank, journal=journal)
        widget.answer = "0.8"
        widget.check()
        saver = ExerciseWidget(released(bank, "certs"), journal, "ann")
        saver.answer = {"pmp": "project"}
        saver.check()
    finally:
        events.unsubscribe(listener)
    assert heard[0] == {
        "exercise": "cpi",
        "type": "numeric",
        "answer": 0.8,
        "score": 1.0,
        "max_score": 1.0,
        "learner": widget.learner,
        "action": "check",
    }
    assert heard[1]["action"] == "save" and heard[1]["score"] is None
    assert "live view: sent" in widget.status.value


def test_a_journal_that_cannot_be_written_says_so(bank, tmp_path):
    path = tmp_path / "journal.jsonl"
    path.write_text("not ours\n")
    widget = show("cpi", bank=bank, journal=Journal(path))
    widget.answer = "0.8"
    widget.check()
    assert "not a pm-course answer journal" in widget.status.value


@pytest.mark.parametrize("exercise_id", ["sort", "certs"])
def test_dropdowns_show_their_placeholder_and_are_named_by_their_row(bank, journal, exercise_id):
    widget = show(exercise_id, bank=bank, journal=journal)
    for row_id, picker in widget.controls.pickers.items():
        assert picker.value == "" and picker.placeholder == "— choose —"  # shown when empty
        assert picker.ensure_option  # only a whole option is an answer
        assert picker.options == tuple(widget.controls.ids)
        assert picker.description == widget.controls.texts[row_id]  # its <label>: the row
    assert widget.answer == {}


def test_a_typed_text_is_an_answer_only_when_it_is_a_whole_option(bank, journal):
    """The front end sends only whole options (``ensure_option``); the kernel keeps to it."""
    widget = show("sort", bank=bank, journal=journal)
    picker = widget.controls.pickers["benefits"]
    picker.value = "Prog"  # a half-typed text
    assert widget.answer == {}
    assert widget.controls.blank()[0] == len(widget.controls.pickers)
    picker.value = widget.controls.labels["program"]
    assert widget.answer == {"benefits": "program"}
    widget.answer = {"benefits": "project"}  # restored or set by code: the option's text
    assert picker.value == widget.controls.labels["project"]


def test_enter_in_the_number_box_checks(bank, journal):
    widget = show("cpi", bank=bank, journal=journal)
    widget.controls.text.value = "0.8"
    widget.controls.text._handle_string_msg(None, {"event": "submit"}, None)  # what Enter sends
    assert widget.result is not None and widget.result.score == 1.0


@pytest.mark.parametrize("exercise_id, says", [("sort", "Choose for a row"), ("define", "Tick")])
def test_checking_a_blank_answer_says_what_to_do_and_saves_nothing(
    bank, journal, exercise_id, says
):
    widget = show(exercise_id, bank=bank, journal=journal)
    assert widget.check() is None
    assert says in widget.feedback.value
    assert journal.records() == []


def test_moving_a_step_after_a_check_clears_its_marks_and_summary(bank, journal):
    widget = show("ladder", bank=bank, journal=journal)
    widget.check()
    assert "pm-summary" in widget.feedback.value
    widget.controls.ups[1].click()
    assert "pm-summary" not in widget.feedback.value and "answer changed" in widget.feedback.value
    assert "pm-stale" in widget.box._dom_classes
    assert all("✓" not in s.value and "✗" not in s.value for s in widget.controls.steps)


def test_the_header_says_the_points_not_the_internal_id_and_so_does_every_score(bank, journal):
    import re

    widget = show("cpi", bank=bank, journal=journal)
    header = widget.box.children[0].value
    shown = re.sub(r"<[^>]+>", " ", header.split("</style>", 1)[1])  # tags (and title) dropped
    assert shown.split()[-2:] == ["1", "point"]  # after the prompt: the points only
    assert "cpi ·" not in shown
    assert 'title="exercise id: cpi"' in header  # for course staff, on hover
    widget.answer = "0.5"
    widget.check()
    assert "Not right · 0 % · 0 of 1 point" in feedback_text(widget)  # 1 point said too


def test_a_wrong_function_is_told_how_code_is_scored(bank, journal):
    """7 of 8 keys right can be 0 %: the feedback says each check counts only when whole."""
    widget = show("duration", bank=bank, journal=journal)
    widget.answer = "def project_duration(tasks):\n    return 1\n"
    result = widget.check()
    assert result.score < result.max_score
    n = len(result.items)
    assert f"the share of all {n} checks passed" in feedback_text(widget)
    assert "a check passes only when the whole result is right" in feedback_text(widget)


def test_code_feedback_writes_values_as_python_with_floats_at_six_digits(bank, journal):
    """A dict or list the function returned reads as Python writes it, floats cut to 6
    significant digits ({'cpi': 0.333333}, not 0.3333333333333333 or JSON's null)."""
    widget = show("duration", bank=bank, journal=journal)
    widget.answer = "def project_duration(tasks):\n    return {'cpi': 1 / 3, 'late': None}\n"
    widget.check()
    text = html.unescape(feedback_text(widget))  # the page shows it unescaped
    assert "returned {'cpi': 0.333333, 'late': None}, expected" in text
    assert "0.3333333" not in text and "null" not in text


def test_a_long_returned_value_is_cut_with_an_ellipsis(bank, journal):
    """A long list is cut at 120 characters and ends in an ellipsis, so the line stays short."""
    widget = show("duration", bank=bank, journal=journal)
    widget.answer = "def project_duration(tasks):\n    return [2 / 3] * 50\n"
    widget.check()
    text = html.unescape(feedback_text(widget))
    said = text.split("returned ", 1)[1].split(", expected", 1)[0]
    assert said.startswith("[0.666667, 0.666667, ")
    assert said.endswith(" …") and len(said) == 120, said
    assert "0.6666667" not in text


def test_the_restore_line_gives_the_learner_s_local_time_and_zone(bank, journal, monkeypatch):
    """Flag 34: an answer saved at 20:38 UTC reads as 10:38 in Honolulu (UTC-10, no
    daylight saving), with the zone's name, not as UTC."""
    import time

    monkeypatch.setenv("TZ", "Pacific/Honolulu")
    time.tzset()
    try:
        journal.append({"exercise": "cpi", "answer": 0.8, "score": 1.0, "max_score": 1.0,
                        "time": "2026-11-21T20:38:05.120+00:00"})  # fmt: skip
        widget = show("cpi", bank=bank, journal=journal)
        assert "Restored your answer saved on 2026-11-21 at 10:38 HST" in widget.status.value
    finally:
        monkeypatch.undo()
        time.tzset()
