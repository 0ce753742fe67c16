"""Widgets driven from Python: the same code path as a click on Check or Reset."""

import json
import subprocess
import sys
from dataclasses import replace

import pytest

from course import grade
from course.core.bank import public_data
from course.core.grade import normalize
from course.learner.journal import Journal
from course.learner.widget import ExerciseWidget, show
from tests.conftest import BANKS

ANSWERS = {
    "sort": {"schedule": "project", "benefits": "project", "budget": "project"},
    "ladder": ["coordinator", "senior-pm", "pm", "program-manager"],
    "define": ["temporary"],
    "traits": ["benefits", "single"],
    "certs": {"pmp": "project", "pgmp": "program"},
    "cpi": "0.8",
    "duration": "def project_duration(tasks):\n    return 5\n",
}

# The scores of ANSWERS, worked by hand from tests/fixtures/banks/valid and
# docs/grading-rules.md ("Score per exercise"):
EXPECTED = {
    # schedule and budget right, benefits wrong, funding unanswered: 2 of 4
    "sort": (0.5, 1.0),
    # key coordinator, pm, senior-pm, program-manager; pm and senior-pm swapped:
    # 2 of 4 steps in their place (exact-position scoring)
    "ladder": (0.5, 1.0),
    "define": (1.0, 1.0),  # the one right option
    # one of the two right options ticked, minus one wrong tick: (1 - 1) / 2
    "traits": (0.0, 1.0),
    # pmp and pgmp right, capm unanswered: 2 of 3 pairs of 3 points
    "certs": (2.0, 3.0),
    "cpi": (1.0, 1.0),  # 0.8 is the key
    # the examples want 5 and 4: 1 right; none of the 5 hidden critical paths
    # lasts 5 days: 1 of 7 checks
    "duration": (round(1 / 7, 6), 1.0),
}


@pytest.mark.parametrize("exercise_id", sorted(ANSWERS))
def test_check_grades_with_grade_and_journals(bank, journal, exercise_id):
    widget = show(exercise_id, bank=bank, journal=journal)
    widget.answer = ANSWERS[exercise_id]
    result = widget.check()
    assert (result.score, result.max_score) == EXPECTED[exercise_id]
    assert result == grade(widget.exercise, widget.answer)
    assert f'data-score="{result.score:g}"' in widget.feedback.value
    assert result.summary.split(";")[0] in widget.feedback.value
    record = journal.latest()[exercise_id]
    assert record["answer"] == normalize(widget.exercise, widget.answer)
    assert record["score"] == result.score


@pytest.mark.parametrize("exercise_id", sorted(ANSWERS))
def test_reset_clears_answer_and_feedback(bank, journal, exercise_id):
    widget = show(exercise_id, bank=bank, journal=journal)
    blank = widget.answer
    widget.answer = ANSWERS[exercise_id]
    widget.check()
    widget.reset()
    assert widget.answer == blank and widget.feedback.value == "" and widget.result is None
    assert exercise_id in journal.latest()  # the journal keeps what was checked


@pytest.mark.parametrize("exercise_id", sorted(ANSWERS))
def test_a_new_widget_restores_the_latest_answer(bank, journal, exercise_id):
    first = show(exercise_id, bank=bank, journal=journal)
    first.answer = ANSWERS[exercise_id]
    first.check()
    again = show(exercise_id, bank=bank, journal=journal)
    assert normalize(again.exercise, again.answer) == normalize(first.exercise, first.answer)
    assert "Restored your answer" in again.status.value


RESTORE = """
import json, sys
from course.core.bank import load_bank
from course.learner.journal import Journal
from course.learner.widget import show
widget = show("sort", bank=load_bank(sys.argv[1]), journal=Journal(sys.argv[2]))
print(json.dumps(widget.answer))
"""


def test_answers_survive_a_new_process(bank, journal):
    """A kernel restart is a new process: it finds the answer in the journal."""
    widget = show("sort", bank=bank, journal=journal)
    widget.answer = ANSWERS["sort"]
    widget.check()
    args = [sys.executable, "-c", RESTORE, str(BANKS / "valid"), str(journal.path)]
    out = subprocess.run(args, capture_output=True, text=True, check=True).stdout
    assert json.loads(out) == ANSWERS["sort"]


def test_rows_are_shuffled_reproducibly_per_learner(bank, journal):
    def rows(learner):
        return list(ExerciseWidget(bank["sort"], journal, learner).controls.pickers)

    assert rows("ann") == rows("ann")
    orders = {tuple(rows(f"learner-{n}")) for n in range(12)}
    assert len(orders) > 1


def test_malformed_typed_answer_explains_and_saves_nothing(bank, journal):
    widget = show("cpi", bank=bank, journal=journal)
    widget.answer = "about eight"
    assert widget.check() is None
    assert "Cannot read" in widget.feedback.value and "for example 0.75" in widget.feedback.value
    assert journal.records() == []


def test_order_buttons_move_their_step_and_redraw(bank, journal):
    widget = show("ladder", bank=bank, journal=journal)
    controls = widget.controls
    before, redraws = widget.answer, controls.redraws
    controls.ups[1].click()  # step 1 is the top row, for a ladder too
    assert widget.answer == [before[1], before[0], *before[2:]]
    assert controls.redraws == redraws + 1
    assert ">1. " in controls.steps[0].value
    assert f">{len(before)}. " in controls.steps[-1].value
    assert "Step 1 is the top row" in controls.box.children[0].value
    rungs = controls.figure.value.split('class="pm-rung')[1:]  # drawn as a ladder stands
    assert [r.split(". ", 1)[0][-1] for r in rungs] == [str(n) for n in range(len(before), 0, -1)]
    controls.downs[0].click()
    assert widget.answer == before
    assert controls.ups[0].disabled and controls.downs[-1].disabled
    controls.move(0, -1)  # the top step cannot go higher
    assert widget.answer == before


def test_single_choice_keeps_one_box_ticked(bank, journal):
    single = show("define", bank=bank, journal=journal)
    single.controls.boxes["ongoing"].value = True
    single.controls.boxes["temporary"].value = True
    assert single.answer == ["temporary"]
    single.answer = ["group"]
    assert [o for o, b in single.controls.boxes.items() if b.value] == ["group"]
    # flag 14: check boxes that act as one choice say so, so the untick is not a surprise
    assert "Ticking another clears the first" in single.controls.box.children[0].value


def test_multiple_choice_keeps_every_ticked_box(bank, journal):
    multiple = show("traits", bank=bank, journal=journal)
    multiple.controls.boxes["related"].value = True
    multiple.controls.boxes["benefits"].value = True
    assert sorted(multiple.answer) == ["benefits", "related"]


def test_a_foreign_journal_warns_and_the_learner_continues(bank, tmp_path):
    path = tmp_path / "journal.jsonl"
    path.write_text("my notes, not a journal\n")
    widget = show("cpi", bank=bank, journal=Journal(path))
    assert "not a pm-course answer journal" in widget.status.value
    widget.answer = "0.8"
    assert widget.check().score == 1.0
    assert "not a pm-course answer journal" in widget.status.value
    assert path.read_text() == "my notes, not a journal\n"


def test_release_widget_records_instead_of_grading(bank, journal):
    released = replace(
        bank["certs"], data={**public_data(bank["certs"].data), "keys_removed": True}
    )
    widget = ExerciseWidget(released, journal, "ann")
    assert widget.check_button.description == "Save answer"
    widget.answer = {"pmp": "project"}
    result = widget.check()
    assert result.recorded and "graded later" in widget.feedback.value
    assert "Project manager" not in widget.feedback.value.split("graded later")[1]
    assert journal.latest()["certs"]["score"] is None


def test_button_clicks_take_the_same_path(bank, journal):
    widget = show("cpi", bank=bank, journal=journal)
    widget.answer = "0.8"
    widget.check_button.click()
    assert widget.result.score == 1.0
    widget.reset_button.click()
    assert widget.answer == "" and widget.result is None


def test_released_order_exercise_records_and_redraws_plainly(bank, journal):
    released = replace(
        bank["ladder"], data={**public_data(bank["ladder"].data), "keys_removed": True}
    )
    widget = ExerciseWidget(released, journal, "ann")
    result = widget.check()
    assert result.recorded and "pm-rung-right" not in widget.controls.figure.value
    assert "✓" not in widget.controls.steps[0].value
    assert journal.latest()["ladder"]["score"] is None


def test_only_an_order_exercise_asking_for_the_ladder_draws_it(bank, journal):
    plain = replace(
        bank["ladder"], data={k: v for k, v in bank["ladder"].data.items() if k != "figure"}
    )
    widget = ExerciseWidget(plain, journal, "ann")
    widget.controls.downs[0].click()
    assert widget.controls.redraws == 0
    assert show("ladder", bank=bank, journal=journal).controls.redraws == 1


def test_long_match_options_get_the_whole_width_under_their_row_short_buckets_stay_beside():
    from course.core.bank import load_bank

    course_bank = load_bank()
    match = show("counterparts", bank=course_bank, journal=None)
    sort = show("duty-sort", bank=course_bank, journal=None)
    for picker in match.controls.pickers.values():
        assert "pm-pick-stacked" in picker._dom_classes
        assert picker.style.description_width == "100%"
    assert not any("pm-pick-stacked" in p._dom_classes for p in sort.controls.pickers.values())


def test_a_released_code_exercise_is_graded_later_after_a_restart(bank, journal):
    """The restored result keeps ``recorded``: no score, graded later, as after Check.

    ``duration``'s two examples want 5 and 4 days (tests/fixtures/banks/valid);
    the answer always returns 5, so 1 of 2 examples is right, which a restore
    that dropped ``recorded`` showed as "· 50 %".
    """
    released = replace(
        bank["duration"], data={**public_data(bank["duration"].data), "keys_removed": True}
    )
    widget = ExerciseWidget(released, journal, "ann")
    widget.answer = ANSWERS["duration"]
    assert widget.check().recorded
    assert journal.latest()["duration"]["score"] is None
    args = [sys.executable, "-c", RESTORE_CODE, str(BANKS / "valid"), str(journal.path)]
    out = json.loads(subprocess.run(args, capture_output=True, text=True, check=True).stdout)
    assert out["recorded"] is True
    assert "1 of 2 examples right; the hidden checks run when your instructor" in out["feedback"]
    assert "%" not in out["status"] and "Restored your answer saved" in out["status"]


RESTORE_CODE = """
import json, sys
from dataclasses import replace
from course.core.bank import load_bank, public_data
from course.learner.journal import Journal
from course.learner.widget import ExerciseWidget
ex = load_bank(sys.argv[1])["duration"]
released = replace(ex, data={**public_data(ex.data), "keys_removed": True})
widget = ExerciseWidget(released, Journal(sys.argv[2]), "ann")
print(json.dumps({"recorded": widget.result.recorded, "feedback": widget.feedback.value,
                  "status": widget.status.value}))
"""


def test_every_choice_of_a_match_or_sort_is_in_view_above_its_rows():
    """Flag 15: a row box's list shows only when opened, so the choices are also listed
    above the rows, whole (the match's one partner that fits nothing among them)."""
    import html

    from course.core.bank import load_bank

    course_bank = load_bank()
    for exercise_id in ("cert-match", "duty-sort"):
        widget = show(exercise_id, bank=course_bank, journal=None)
        shown = [c for c in widget.controls.box.children if "pm-choices" in getattr(c, "value", "")]
        assert len(shown) == 1, exercise_id
        listed = html.unescape(shown[0].value)
        labels = widget.controls.labels.values()
        assert all(f"<li>{label}</li>" in listed for label in labels), exercise_id
        assert listed.count("<li>") == len(labels)
