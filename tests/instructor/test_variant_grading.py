"""Each learner graded against their own variant: widget -> journal -> submission -> grader."""

import json

import pytest
from grading import support

from course.core import variants
from course.core.bank import load_bank
from course.instructor.gradebook import Graded, Rejected
from course.instructor.pipeline import context
from course.learner.handin import build, write
from course.learner.journal import Journal
from course.learner.widget import show

BANK = load_bank()
EXERCISES = ("cpi-numeric", "npv-numeric", "duty-sort")


def answer_key(exercise) -> object:
    if exercise.type == "numeric":
        return f"{exercise.data['answer']:.4f}"
    return {i["id"]: i["answer"] for i in exercise.items()}


def learner_submits(tmp_path, monkeypatch, name: str, seed: int, answers=None) -> dict:
    """``name`` answers variant ``seed`` of each exercise in the widget; their submission."""
    monkeypatch.setenv("PM_COURSE_LEARNER", name)
    journal = Journal(tmp_path / f"{name}.jsonl")
    for exercise_id in EXERCISES:
        widget = show(exercise_id, bank=BANK, journal=journal, seed=seed)
        widget.answer = (answers or {}).get(exercise_id, answer_key(widget.exercise))
        widget.check()
    return build(name, BANK, journal)


def scores(tmp_path, doc) -> dict:
    outcome = support.grade_file(str(write(doc, tmp_path / "in")), context(BANK))
    assert isinstance(outcome, Graded), getattr(outcome, "reason", "")
    return {row[0]: row[1] for row in outcome.rows if row[0] in EXERCISES}


def test_two_learners_with_different_seeds_are_each_graded_against_their_own_key(
    tmp_path, monkeypatch
):
    ada = learner_submits(tmp_path, monkeypatch, "ada", 3)
    grace = learner_submits(tmp_path, monkeypatch, "grace", 8)
    assert ada["answers"]["cpi-numeric"]["seed"] == 3
    assert grace["answers"]["cpi-numeric"]["seed"] == 8
    assert ada["answers"]["cpi-numeric"]["answer"] != grace["answers"]["cpi-numeric"]["answer"]
    assert scores(tmp_path, ada) == dict.fromkeys(EXERCISES, 1.0)
    assert scores(tmp_path, grace) == dict.fromkeys(EXERCISES, 1.0)
    # grace hands in ada's numbers: graded against grace's own variant, they are wrong
    copied = json.loads(json.dumps(grace))
    for exercise_id in ("cpi-numeric", "npv-numeric"):
        copied["answers"][exercise_id]["answer"] = ada["answers"][exercise_id]["answer"]
    got = scores(tmp_path, copied)
    assert got["cpi-numeric"] == 0.0 and got["npv-numeric"] == 0.0


def test_the_same_answer_to_two_variants_is_graded_twice_not_memoised(tmp_path, monkeypatch):
    ctx = context(BANK)
    key3 = variants.variant(BANK["cpi-numeric"], 3).data["answer"]
    outcomes = []
    for name, seed in (("ada", 3), ("grace", 8)):
        doc = learner_submits(tmp_path, monkeypatch, name, seed, {"cpi-numeric": f"{key3:.4f}"})
        outcomes.append(support.grade_file(str(write(doc, tmp_path / name)), ctx))
    got = [{r[0]: r[1] for r in o.rows}["cpi-numeric"] for o in outcomes]
    assert got == [1.0, 0.0]


def test_a_submission_without_seeds_grades_against_the_exercise_as_written(tmp_path, monkeypatch):
    doc = learner_submits(tmp_path, monkeypatch, "linus", 0)
    assert all("seed" not in a for a in doc["answers"].values())
    assert scores(tmp_path, doc) == dict.fromkeys(EXERCISES, 1.0)


@pytest.mark.parametrize("seed", [-1, "3", 2**31, True])
def test_a_malformed_seed_is_rejected_with_the_reason(tmp_path, monkeypatch, seed):
    doc = learner_submits(tmp_path, monkeypatch, "ada", 2)
    doc["answers"]["cpi-numeric"]["seed"] = seed
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    outcome = support.grade_file(str(path), context(BANK))
    assert isinstance(outcome, Rejected) and "'seed'" in outcome.reason
