"""A student release, opened in JupyterLab: graded exercises show no key and are recorded.

``pm-course release`` writes the student copy into the served folder; the
release's notebooks then run against the release's own bank (keys of graded
exercises removed). Every graded widget offers "Save answer" instead of
"Check", and saving says the answer is recorded for the instructor, with no
score, no right/wrong marks and no key text anywhere on the page; the
learner's journal then holds each answer without a score.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from helpers import (
    exercise,
    exercise_ids,
    expect,
    open_notebook,
    run_all,
    run_problems,
    save,
    screenshot,
)

from course import Journal, load_bank
from course.release import key_texts

pytestmark = pytest.mark.browser
RECORDED = "Answer recorded: this exercise is graded later by your instructor."


def make_release(root) -> None:
    """Run ``pm-course release release`` in the course folder ``root``."""
    env = {k: v for k, v in os.environ.items() if k != "PM_COURSE_ROOT"}
    run = subprocess.run(
        [sys.executable, "-m", "course.cli", "release", "release"],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, f"pm-course release failed:\n{run.stdout}\n{run.stderr}"


def answer_anything(widget) -> None:
    """Give the widget an answer of the right shape: a number, or the first option."""
    number = widget.locator(".pm-number input")
    if number.count():
        number.fill("1")
    radios = widget.locator("input[type=radio]")
    if radios.count():
        radios.first.check()


def test_student_release_hides_keys_and_records_answers(lab_server, page, output_dir):
    bank = load_bank(lab_server.root / "exercises")
    graded = {i for i, e in bank.items() if e.graded}
    assert graded, "the bank has no graded exercise to release"
    keys = key_texts(bank)
    make_release(lab_server.root)
    released = lab_server.root / "release" / "notebooks"
    shown = {
        path.name: [i for i in exercise_ids(path) if i in graded]
        for path in sorted(released.glob("*.ipynb"))
    }
    shown = {name: ids for name, ids in shown.items() if ids}
    assert shown, "no released notebook shows a graded exercise"

    for name, ids in shown.items():
        open_notebook(page, lab_server, f"release/notebooks/{name}")
        run_all(page)
        assert run_problems(save(page, released / name)) == []
        for exercise_id in ids:
            widget = exercise(page, exercise_id)
            widget.scroll_into_view_if_needed()
            expect(widget.get_by_role("button", name="Check")).to_have_count(0)
            answer_anything(widget)
            widget.get_by_role("button", name="Save answer").click()
            feedback = widget.locator(".pm-feedback")
            expect(feedback).to_have_text(RECORDED)
            expect(widget.locator(".pm-right, .pm-wrong")).to_have_count(0)
            screenshot(page, widget, output_dir / f"{exercise_id}.png")
        text = page.locator(".jp-Notebook").inner_text()
        leaked = [f"{i}: {t[:50]!r}" for t, i in keys.items() if t in text]
        assert leaked == [], f"{name} shows keys of graded exercises"
    saved = Journal(lab_server.home / "journal.jsonl").latest()
    for exercise_id in (i for ids in shown.values() for i in ids):
        assert saved[exercise_id]["score"] is None, f"{exercise_id} was scored, not recorded"
