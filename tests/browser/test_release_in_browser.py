"""A student release, opened in JupyterLab: graded exercises show no key and are recorded.

``pm-course release`` writes the student copy into the served folder; the
release's notebooks then run against the release's own bank (keys of graded
exercises removed). Every graded widget offers "Save answer" instead of
"Check", and saving says the answer is recorded for the instructor, with no
score, no right/wrong marks and no key text anywhere on the page; the
learner's journal then holds each answer without a score (and, for a number,
a choice ticked in its check boxes and an order, the answer that was given).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest
from helpers import (
    LEARNER,
    copy_course,
    exercise,
    exercise_ids,
    expect,
    open_notebook,
    open_text_box,
    restart_and_run_again,
    run_all,
    run_problems,
    save,
    screenshot,
    shown_order,
    write_notebook,
)

from course import Journal, load_bank
from course.content.release import key_texts
from course.core import variants
from course.core.grade import normalize

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


def answer_anything(widget, ex) -> object:
    """Give the widget an answer of the right shape; returns it as the journal should hold it.

    A number gets 1, a choice its first check box, an order keeps the order
    shown; row boxes are left unanswered (None is returned for them).
    """
    if ex.type == "numeric":
        widget.locator(".pm-number input").fill("1")
        return normalize(ex, "1")
    if ex.type == "choice":
        first = widget.get_by_role("checkbox").first
        first.check()
        text = first.evaluate("(box) => box.closest('label').textContent")
        return [next(o["id"] for o in ex.data["options"] if o["text"] == text)]
    if ex.type == "order":
        ids = {item["text"]: item["id"] for item in ex.items()}
        return [ids[text] for text in shown_order(widget)]
    return None


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
    given = {}

    for name, ids in shown.items():
        open_notebook(page, lab_server, f"release/notebooks/{name}")
        run_all(page)
        assert run_problems(save(page, released / name)) == []
        for exercise_id in ids:
            widget = exercise(page, exercise_id)
            widget.scroll_into_view_if_needed()
            expect(widget.get_by_role("button", name="Check")).to_have_count(0)
            seed = variants.learner_seed(exercise_id, LEARNER)  # a release's graded variant
            seen = variants.variant(bank[exercise_id], seed).for_learner(LEARNER)
            given[exercise_id] = answer_anything(widget, seen)
            widget.get_by_role("button", name="Save answer").click()
            feedback = widget.locator(".pm-feedback")
            expect(feedback.locator("p").first).to_have_text(RECORDED)
            if given[exercise_id] is None:  # row boxes left blank: saved, with a warning
                expect(feedback.locator(".pm-warn")).to_contain_text("rows are blank")
            expect(widget.locator(".pm-right, .pm-wrong")).to_have_count(0)
            screenshot(page, widget, output_dir / f"{exercise_id}.png")
        text = page.locator(".jp-Notebook").inner_text()
        leaked = [f"{i}: {t[:50]!r}" for t, i in keys.items() if t in text]
        assert leaked == [], f"{name} shows keys of graded exercises"
    saved = Journal(lab_server.home / "journal.jsonl").latest()
    for exercise_id in (i for ids in shown.values() for i in ids):
        assert saved[exercise_id]["score"] is None, f"{exercise_id} was scored, not recorded"
        if given[exercise_id] is not None:
            assert saved[exercise_id]["answer"] == given[exercise_id], exercise_id
    answered = {bank[i].type for i, answer in given.items() if answer is not None}
    assert answered >= {"numeric", "choice", "order"}, answered


LATER = "the hidden checks run when your instructor grades it"


def test_a_released_code_exercise_is_still_graded_later_after_a_restart(
    lab_server, page, output_dir
):
    """A graded code exercise in a release, checked, then the kernel restarted.

    The course has no graded code exercise, so this copy of it (in the served
    folder) makes ``critical-path-code`` graded before releasing it. Check runs
    the public examples and says the hidden checks run later; after a kernel
    restart and a reload the widget must say the same, with no score (it
    showed "· 50 %" when the restore dropped ``recorded``).
    """
    course = copy_course(lab_server.root / "graded-code")
    toml = course / "exercises" / "critical-path-code.toml"
    text = toml.read_text(encoding="utf-8")
    toml.write_text(text.replace('type = "code"\n', 'type = "code"\ngraded = true\n', 1))
    make_release(course)
    setup = "import os, course\nos.getpid()"
    name = "graded-code/release/notebooks/browser-critical-path-code.ipynb"
    write_notebook(lab_server.root / name, setup, 'course.show("critical-path-code")')
    open_notebook(page, lab_server, name)
    run_all(page)
    pid = page.locator(".jp-Cell").first.locator(".jp-OutputArea-output")
    expect(pid).to_have_text(re.compile(r"^\d+$"))
    kernel_pid = pid.inner_text()
    code = exercise(page, "critical-path-code")
    open_text_box(code).fill("def critical_path(tasks):\n    return sorted(tasks)\n")
    code.get_by_role("button", name="Check").click()
    feedback = code.locator(".pm-feedback")
    expect(feedback).to_contain_text(LATER)
    checked = feedback.text_content()
    assert "%" not in checked, checked
    saved = Journal(lab_server.home / "journal.jsonl").latest()["critical-path-code"]
    assert saved["score"] is None and saved["result"]["recorded"] is True

    restart_and_run_again(page, pid, kernel_pid)
    expect(code).to_contain_text("Restored your answer saved on")
    expect(feedback).to_have_text(checked)  # graded later, as after Check
    assert "%" not in code.inner_text(), code.inner_text()
    screenshot(page, code, output_dir / "critical-path-code.png")
