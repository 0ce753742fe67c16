"""Variants in the widget, through the learner's code path: seeds, Try a new one, restore."""

import re

import pytest

from course.core import variants
from course.core.bank import exercise_from, load_bank, public_data
from course.learner.handin import build
from course.learner.journal import Journal
from course.learner.widget import TRY_NEW, show

BANK = load_bank()


@pytest.fixture
def learner(monkeypatch):
    monkeypatch.setenv("PM_COURSE_LEARNER", "ada")
    return "ada"


def shown(widget) -> bool:
    return widget.new_button.layout.display != "none"


def test_try_a_new_one_appears_after_a_wrong_answer_and_loads_the_next_seed(journal, learner):
    widget = show("cpi-numeric", bank=BANK, journal=journal)
    written = widget.exercise.prompt
    assert widget.seed == 0 and written == BANK["cpi-numeric"].prompt
    assert not shown(widget)
    widget.answer = "0.5"
    assert widget.check().score == 0.0
    assert shown(widget) and widget.new_button.description == TRY_NEW
    assert widget.new_button.tooltip  # its accessible description
    widget.new_button.click()
    assert widget.seed == 1
    assert widget.exercise.prompt == variants.variant(BANK["cpi-numeric"], 1).prompt != written
    assert widget.exercise.prompt in widget.header.value and "variant 1" in widget.header.value
    assert widget.result is None and widget.feedback.value == "" and not shown(widget)
    assert journal.records()[-1] == {**journal.records()[-1], "action": "variant", "seed": 1}
    widget.answer = f"{widget.exercise.data['answer']:.2f}"
    assert widget.check().score == 1.0  # graded against the variant's own key
    assert journal.latest()["cpi-numeric"]["seed"] == 1
    assert not shown(widget)  # right: nothing to retry


def test_a_restart_shows_the_same_variant_with_its_answer(journal, learner):
    first = show("npv-numeric", bank=BANK, journal=journal)
    first.answer = "1"
    first.check()
    first.new_button.click()
    first.answer = "2"
    first.check()
    first.new_button.click()  # seed 2, not answered yet
    again = show("npv-numeric", bank=BANK, journal=journal)
    assert again.seed == 2 and again.exercise.prompt == first.exercise.prompt
    assert again.result is None  # no answer to variant 2 yet: nothing restored
    back = show("npv-numeric", bank=BANK, journal=journal, seed=1)
    assert back.answer == "2" and back.result.score == 0.0  # variant 1's answer, restored
    assert "Restored your answer" in back.status.value


def test_show_with_a_seed_shows_that_variant_and_checks_record_it(journal, learner):
    widget = show("slack-numeric", bank=BANK, journal=journal, seed=5)
    made = variants.variant(BANK["slack-numeric"], 5)
    assert widget.exercise.prompt == made.prompt
    widget.answer = str(made.data["answer"])
    assert widget.check().score == 1.0
    assert journal.records()[-1]["seed"] == 5
    with pytest.raises(ValueError, match="seed"):
        show("slack-numeric", bank=BANK, journal=journal, seed=-2)


def test_the_answer_shown_offers_a_new_one_too(journal, learner):
    widget = show("pta-numeric", bank=BANK, journal=journal)
    widget.answer = "1"
    widget.check()
    widget.answer_button.click()
    assert widget.shown and shown(widget)


def test_a_sort_variant_rebuilds_its_rows(journal, learner):
    widget = show("duty-sort", bank=BANK, journal=journal)
    assert len(widget.exercise.items()) == len(BANK["duty-sort"].items())
    first = widget.exercise.items()[0]
    widget.answer = {first["id"]: "both" if first["answer"] != "both" else "project"}
    widget.check()
    widget.new_button.click()
    ids = {i["id"] for i in widget.exercise.items()}
    assert len(ids) == 14 and widget.controls.box in widget.box.children
    assert set(widget.answer) <= ids  # the rows on screen are the variant's
    item = widget.exercise.items()[0]
    widget.answer = {item["id"]: item["answer"]}
    marks = {f.item: f.correct for f in widget.check().items}
    assert marks[item["id"]] is True and len(marks) == 14


def test_graded_exercises_never_offer_a_new_one(journal, learner):
    widget = show("capstone-budget", bank=BANK, journal=journal)
    widget.answer = "1"
    widget.check()
    assert not widget.offers_new and not shown(widget)
    widget.new_variant()
    assert widget.seed == 0  # not a way round the graded numbers


def test_a_released_graded_exercise_starts_at_the_learner_s_own_seed(tmp_path, monkeypatch):
    released = exercise_from({**public_data(BANK["capstone-budget"].data), "keys_removed": True})
    bank = {"capstone-budget": released}
    seen = {}
    for name in ("ada", "grace"):
        monkeypatch.setenv("PM_COURSE_LEARNER", name)
        journal = Journal(tmp_path / f"{name}.jsonl")
        widget = show("capstone-budget", bank=bank, journal=journal)
        assert widget.seed == variants.learner_seed("capstone-budget", name)
        assert "answer" not in widget.exercise.data  # no key in the learner's copy
        widget.answer = "4.1"
        widget.check()
        assert journal.latest()["capstone-budget"]["seed"] == widget.seed
        seen[name] = widget.exercise.prompt
    assert seen["ada"] != seen["grace"]
    assert re.findall(r"\d+\.\d", seen["ada"]) != re.findall(r"\d+\.\d", seen["grace"])


def test_the_submission_carries_the_seed_of_the_variant_answered(journal, learner):
    widget = show("cpi-numeric", bank=BANK, journal=journal)
    widget.answer = "0.1"
    widget.check()
    widget.new_button.click()
    widget.answer = f"{widget.exercise.data['answer']:.3f}"
    widget.check()
    doc = build("ada", BANK, journal)
    assert doc["answers"]["cpi-numeric"]["seed"] == 1
    widget.answer = "0.2"
    widget.check()
    widget.new_button.click()  # a new variant, not answered: the last answer still counts
    doc = build("ada", BANK, journal)
    assert doc["answers"]["cpi-numeric"] == {**doc["answers"]["cpi-numeric"], "seed": 1}
    assert doc["answers"]["cpi-numeric"]["answer"] == 0.2


@pytest.mark.parametrize("exercise_id", ["kotter-order", "coq-sort"])
def test_try_a_new_one_on_a_draw_shows_other_items_keyed_by_their_own_answers(
    journal, learner, exercise_id
):
    widget = show(exercise_id, bank=BANK, journal=journal)
    written = [i["id"] for i in widget.exercise.items()]
    if exercise_id == "kotter-order":
        widget.answer = widget.exercise.data["answer"][::-1]
    else:
        widget.answer = {i["id"]: "prevention" for i in widget.exercise.items()}
    assert widget.check().score < 1.0
    widget.new_button.click()
    drawn = widget.exercise.items()
    assert widget.seed == 1 and [i["id"] for i in drawn] != written
    assert len(drawn) == (5 if exercise_id == "kotter-order" else 8)
    if exercise_id == "kotter-order":
        assert widget.exercise.prompt in widget.header.value  # "some of the eight steps"
        widget.answer = widget.exercise.data["answer"]
    else:
        widget.answer = {i["id"]: i["answer"] for i in drawn}
    assert widget.check().score == 1.0
    assert journal.latest()[exercise_id]["seed"] == 1
