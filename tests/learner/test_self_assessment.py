"""Self-assessment: a self-study learner can finish the graded items without an instructor.

A learner's copy (``pm-course start``, a class release) carries no keys for
graded exercises; "Mark it myself" grades with the keys the package keeps
outside the copy, and the journal, the submission and ``pm-course progress``
record that the learner did. Real release files, real journal, real widget.
"""

from __future__ import annotations

import json

import pytest

from course.content.release import release
from course.core import paths
from course.core.bank import load_bank
from course.core.submission import read
from course.learner import handin, progress, selfcheck
from course.learner.widget import SELF_MARK, ExerciseWidget
from tests.conftest import BANKS

GRADED = "certs"  # a graded match exercise of the test bank (3 points)
RIGHT = {"pmp": "project", "capm": "project", "pgmp": "program"}


@pytest.fixture
def copy_bank(tmp_path, monkeypatch):
    """The learner's copy of the test bank (keys removed) and the package's key store."""
    out = release(tmp_path / "copy", bank_dir=BANKS / "valid", notebooks_dir=tmp_path / "none")
    monkeypatch.setattr(paths, "PACKAGED_KEYS", BANKS / "valid")
    monkeypatch.delenv("PM_COURSE_SELF_ASSESSMENT", raising=False)
    return load_bank(out / "exercises")


def widget(bank, journal) -> ExerciseWidget:
    return ExerciseWidget(bank[GRADED], journal, "ann")


def test_a_graded_exercise_without_keys_offers_mark_it_myself(copy_bank, journal):
    w = widget(copy_bank, journal)
    assert w.check_button.description == "Save answer"
    assert w.self_button.description == SELF_MARK and w.self_button.layout.display is None
    w.answer = RIGHT
    saved = w.check()
    assert saved.recorded and journal.latest()[GRADED]["score"] is None


def test_mark_it_myself_grades_with_the_keys_and_journals_that_it_did(copy_bank, journal):
    w = widget(copy_bank, journal)
    w.answer = {**RIGHT, "pmp": "program"}
    w.self_button.click()
    assert w.result is not None and not w.result.recorded
    assert w.result.score == pytest.approx(2.0)
    assert w.check_button.description == "Check" and w.self_button.layout.display == "none"
    record = journal.latest()[GRADED]
    assert record["self_assessed"] is True and record["score"] == pytest.approx(2.0)
    assert "self-assessment" in w.status.value
    w.answer = RIGHT
    w.check()  # from now on a plain Check, still self-assessed
    assert journal.latest()[GRADED]["self_assessed"] is True
    assert journal.latest()[GRADED]["score"] == pytest.approx(3.0)


def test_self_assessment_comes_back_after_a_restart(copy_bank, journal):
    first = widget(copy_bank, journal)
    first.answer = RIGHT
    first.mark_myself()
    again = widget(copy_bank, journal)
    assert again.self_assessed and again.result.score == pytest.approx(3.0)
    assert again.check_button.description == "Check"


def test_the_submission_says_which_graded_marks_the_learner_saw(copy_bank, journal, tmp_path):
    w = widget(copy_bank, journal)
    w.answer = RIGHT
    w.mark_myself()
    sub = read(handin.write(handin.build("ann", copy_bank, journal), tmp_path / "out"))
    assert sub.self_assessed == (GRADED,)
    assert sub.answers[GRADED] == RIGHT


def test_progress_counts_a_self_assessed_score(copy_bank, journal, tmp_path):
    notebooks = tmp_path / "nb"
    notebooks.mkdir()
    cell = {"cell_type": "code", "source": f'course.show("{GRADED}")', "metadata": {}}
    doc = {"cells": [cell], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    (notebooks / "14-capstone.ipynb").write_text(json.dumps(doc))
    w = widget(copy_bank, journal)
    w.answer = RIGHT
    w.check()  # saved only: done, no score
    assert progress.rows(journal, copy_bank, notebooks)[0]["score"] == 0
    w.mark_myself()
    row = progress.rows(journal, copy_bank, notebooks)[0]
    assert row["done"] == 1 and row["score"] == pytest.approx(3.0)


def test_an_instructor_can_turn_it_off(copy_bank, journal, monkeypatch):
    monkeypatch.setenv("PM_COURSE_SELF_ASSESSMENT", "off")
    w = widget(copy_bank, journal)
    assert w.keyed is None and w.self_button.layout.display == "none"
    assert w.mark_myself() is None


def test_an_outdated_key_is_never_used(copy_bank, tmp_path, monkeypatch):
    changed = tmp_path / "keys"
    changed.mkdir()
    text = (BANKS / "valid" / "certs.toml").read_text().replace("Match each", "Pair each")
    (changed / "certs.toml").write_text(text)
    monkeypatch.setattr(paths, "PACKAGED_KEYS", changed)
    monkeypatch.setattr(paths, "PACKAGE_ROOT", tmp_path)  # no checkout bank either
    assert selfcheck.keyed(copy_bank[GRADED]) is None
