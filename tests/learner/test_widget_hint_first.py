"""Feedback that stays true and teaches, through the widget's own code path.

Marks go the moment the answer changes; every type is hint first (which rows
are wrong, a hint, the explanations after a second wrong try or on Show
answer); Reset starts the tries afresh. Driven through the methods and
buttons the learner uses, against a real journal file and the test bank.
"""

from __future__ import annotations

import html

from course.learner.widget import show


def notes(widget) -> dict[str, str]:
    """Each row's note as the learner reads it (entities decoded)."""
    return {k: html.unescape(n.widget.value) for k, n in widget.controls.notes.items()}


# --- Marks never describe an answer no longer on screen ---


def test_changing_a_dropdown_after_a_check_clears_its_marks_at_once(bank, journal):
    widget = show("sort", bank=bank, journal=journal)
    widget.answer = {"schedule": "project", "benefits": "project"}
    widget.check()
    assert "✗" in notes(widget)["benefits"]
    picker = widget.controls.pickers["benefits"]
    picker.value = widget.controls.labels["program"]  # what the learner's pick does
    assert "pm-stale" in widget.box._dom_classes  # every mark greyed and struck through
    assert "pm-summary" not in widget.feedback.value
    assert "Your answer changed since the last Check" in widget.feedback.value
    assert widget.answer_button.layout.display == "none"


def test_unticking_a_box_after_a_check_clears_its_marks(bank, journal):
    widget = show("traits", bank=bank, journal=journal)
    first = next(iter(widget.controls.boxes))
    widget.controls.boxes[first].value = True
    widget.check()
    assert any(v for v in notes(widget).values())
    widget.controls.boxes[first].value = False
    assert "pm-stale" in widget.box._dom_classes
    assert "answer changed" in widget.feedback.value


def test_typing_in_the_number_box_after_a_check_clears_the_verdict(bank, journal):
    widget = show("cpi", bank=bank, journal=journal)
    widget.controls.text.value = "0.5"
    widget.check()
    assert "Not right" in widget.feedback.value
    widget.controls.text.value = "0.8"
    assert "Not right" not in widget.feedback.value and "answer changed" in widget.feedback.value


def test_changing_back_and_checking_again_is_not_another_try(bank, journal):
    widget = show("cpi", bank=bank, journal=journal)
    widget.controls.text.value = "0.5"
    widget.check()
    widget.controls.text.value = "0.7"
    widget.controls.text.value = "0.5"
    widget.check()
    assert widget.attempts == 1 and len(journal.records()) == 1
    assert "Not right" in widget.feedback.value and "pm-stale" not in widget.box._dom_classes


# --- Hint first, for every type ---


def test_first_wrong_sort_says_which_rows_are_wrong_and_not_their_answer(bank, journal):
    widget = show("sort", bank=bank, journal=journal)
    explanation = bank["sort"].data["items"][1]["explanation"]  # benefits: the program's
    widget.answer = {"schedule": "project", "benefits": "project"}
    widget.check()
    assert "✗ Not right" in notes(widget)["benefits"]
    assert explanation not in notes(widget)["benefits"]
    assert "Scheduling one piece of work" in notes(widget)["schedule"]  # a right row explains
    assert "Hint:" in widget.feedback.value and "Show answer" in widget.feedback.value
    assert widget.answer_button.layout.display is None
    widget.answer = {"schedule": "project", "benefits": "project", "budget": "program"}
    widget.check()  # the second wrong try: the explanations open
    assert explanation in notes(widget)["benefits"]
    assert widget.answer_button.layout.display == "none"


def test_first_wrong_match_does_not_name_the_right_item(bank, journal):
    widget = show("certs", bank=bank, journal=journal)
    widget.answer = {"pmp": "program", "capm": "project", "pgmp": "program"}
    widget.check()
    assert "✗ Not right" in notes(widget)["pmp"]
    assert "Project manager" not in notes(widget)["pmp"]
    assert "Project Management Professional" not in notes(widget)["pmp"]
    widget.show_answer()
    assert "Project Management Professional" in notes(widget)["pmp"]
    assert journal.records()[-1]["action"] == "show"


def test_first_wrong_single_choice_marks_only_the_ticked_option(bank, journal):
    widget = show("define", bank=bank, journal=journal)
    widget.answer = ["ongoing"]
    widget.check()
    marks = notes(widget)
    assert "✗ Not right" in marks["ongoing"]
    assert "That is operations" not in marks["ongoing"]
    assert marks["temporary"] == "" and marks["group"] == ""  # the answer is not pointed at
    assert "is the answer" not in widget.feedback.value + "".join(marks.values())
    widget.show_answer()
    assert "This is the answer" in notes(widget)["temporary"]


def test_first_wrong_order_marks_misplaced_steps_without_their_place(bank, journal):
    widget = show("ladder", bank=bank, journal=journal)
    widget.check()  # the starting order is not the answer
    steps = [s.value for s in widget.controls.steps]
    assert any("✗ Not right" in s for s in steps)
    assert "Hint:" in widget.feedback.value
    assert not any("Runs a group of related projects" in s for s in steps if "✗" in s)


def test_reset_starts_the_tries_afresh_so_the_hint_comes_first_again(bank, journal):
    widget = show("sort", bank=bank, journal=journal)
    for wrong in ("project", "project"):
        widget.answer = {"schedule": "program", "benefits": wrong}
        widget.check()
        widget.answer = {"schedule": "program", "benefits": wrong, "budget": "program"}
        widget.check()
    assert widget.reveal
    widget.reset_button.click()
    assert widget.wrong == 0 and not widget.reveal
    widget.answer = {"schedule": "program"}
    widget.check()
    assert "Hint:" in widget.feedback.value
    assert "Scheduling one piece of work" not in notes(widget)["schedule"]
    again = show("sort", bank=bank, journal=journal)  # and after a restart
    assert again.wrong == 1 and not again.reveal
    assert journal.latest()["sort"]["answer_shown"] is False


def test_reset_of_a_number_gives_a_hint_on_the_next_wrong_try(bank, journal):
    widget = show("cpi", bank=bank, journal=journal)
    widget.answer = "0.5"
    widget.check()
    widget.show_answer()
    widget.reset_button.click()
    widget.answer = "4"
    widget.check()
    assert "0.8" not in widget.feedback.value and "Hint:" in widget.feedback.value
    assert journal.latest()["cpi"]["answer_shown"] is True  # it was shown once: on record
