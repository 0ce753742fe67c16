"""Exercises answered and checked in the real JupyterLab UI.

Each test puts a small notebook that shows one exercise into the server's copy
of the course, runs it, answers through the page and compares what the page
shows after Check with what :func:`course.grade` says for the same answer.
The duty sort and the career ladder are answered and checked with the keyboard
alone (the notebook itself is run from the Run menu, as setup).

Keyboard notes (JupyterLab 4 and Notebook 7): inside a notebook's output, bare
ArrowUp/ArrowDown are the notebook's "select cell above/below" shortcuts, which
a closed dropdown loses to the notebook (ipywidgets issue 3912); so the rows of
categorize and match are text boxes with a list (Combobox), which keep their
keys: the test types each row's choice. An order exercise has an Up and a Down
button on every step, reached with Tab and Shift+Tab and pressed with Enter or Space.
test_keyboard.py goes through every kind of control; test_feedback.py shows
the feedback of every type after a partly wrong Check.
"""

from __future__ import annotations

import re

import pytest
from helpers import (
    LEARNER,
    STEP_LABELS,
    choice_box,
    choose_by_keyboard,
    exercise,
    expect,
    expect_feedback,
    expect_focus_follows,
    expect_order,
    learner_exercise,
    open_notebook,
    open_text_box,
    pick,
    press_step_button,
    restart_and_run_again,
    run_all,
    screenshot,
    show_notebook,
    shown_order,
    shown_rows,
    step_button,
    swaps_to,
    tab_into,
    tab_to,
    texts,
    write_cell,
)

from course import grade
from course.core.wording import MARKS
from tests.model_answers import MODEL_ANSWERS

pytestmark = pytest.mark.browser
RESTORED = re.compile(r"Restored your answer saved on \d{4}-\d\d-\d\d at \d\d:\d\d \S+")
CRITICAL_PATH = MODEL_ANSWERS["critical-path-code"].lstrip()


def test_duty_sort_by_keyboard(lab_server, page, output_dir):
    """Tab through the rows, choose with Space/arrows/Enter, Check with Enter."""
    ex = learner_exercise(lab_server, "duty-sort")
    rows = [item["id"] for item in ex.shuffled(LEARNER)]
    buckets = [b["id"] for b in ex.data["buckets"]]
    key = {item["id"]: item["answer"] for item in ex.items()}
    # Mostly right, some wrong, some left unplaced: every kind of feedback shows.
    answer = {}
    for n, row in enumerate(rows):
        if n % 4 == 2:
            answer[row] = buckets[(buckets.index(key[row]) + 1) % len(buckets)]
        elif n % 4 != 3:
            answer[row] = key[row]
    expected = grade(ex, answer)
    assert 0 < expected.score < expected.max_score

    open_notebook(page, lab_server, show_notebook(lab_server, "duty-sort"))
    run_all(page)
    widget = exercise(page, "duty-sort")
    boxes = widget.locator(".pm-pick input")
    expect(boxes).to_have_count(len(rows))
    labels = {b["id"]: b["label"] for b in ex.data["buckets"]}
    tab_into(page, widget)
    for row in rows:
        box = choice_box(widget, row)
        expect(box).to_be_focused()
        # its list: every bucket; a row left unplaced keeps the empty box ("— choose —")
        expect(widget.locator(f".pm-pick-{row} datalist option")).to_have_count(len(buckets))
        expect(box).to_have_attribute("placeholder", "— choose —")
        if row in answer:
            choose_by_keyboard(page, box, labels[answer[row]])
        page.keyboard.press("Tab")
    check = widget.get_by_role("button", name="Check")
    expect(check).to_be_focused()
    page.keyboard.press("Enter")

    expect_feedback(widget, expected, "categorize")
    marks = {f.item: MARKS[f.said] for f in expected.items}
    for row in rows:
        note = widget.locator(f".pm-row:has(.pm-pick-{row}) .pm-note summary")
        expect(note).to_have_text(re.compile(f"^{marks[row]} "))
    screenshot(page, widget, output_dir / "duty-sort.png")


def test_career_ladder_by_keyboard(lab_server, page, output_dir):
    """Tab and Shift+Tab reach each step's Up and Down; Enter or Space moves the step.

    Step 1 is the top row, as in every order exercise; the ladder drawn beside
    the rows stands as a ladder does (step 1 its bottom rung). After every move
    the page shows the new order, the ladder is redrawn, and focus follows the
    moved step, so a second Enter moves the same step again; at the key order,
    Check shows what :func:`course.grade` says and colours every rung.
    """
    ex = learner_exercise(lab_server, "career-ladder")
    key = list(ex.data["answer"])
    names = {item["id"]: item["text"] for item in ex.items()}
    ids = {text: item for item, text in names.items()}
    expected = grade(ex, key)

    open_notebook(page, lab_server, show_notebook(lab_server, "career-ladder"))
    run_all(page)
    widget = exercise(page, "career-ladder")
    rungs = widget.locator(".pm-ladder .pm-rung")
    expect(rungs).to_have_count(len(key))
    expect(widget.locator(STEP_LABELS)).to_have_count(len(key))
    rows = [ids[text] for text in shown_rows(widget)]  # top row first
    assert rows == [item["id"] for item in ex.shuffled(LEARNER)]
    expect(step_button(widget, 0, "up")).to_be_disabled()
    expect(step_button(widget, len(key) - 1, "down")).to_be_disabled()

    tab_into(page, widget.locator(".pm-order-steps"))
    expect(step_button(widget, 0, "down")).to_be_focused()  # the top row's Up is skipped
    swaps = swaps_to(rows, key)
    assert len(swaps) > 1
    for n, row in enumerate(swaps):
        # Rows row - 1 and row swap by Up on the lower one or Down on the upper one:
        # take turns, and turns with Enter and Space too.
        target, direction = (row, "up") if n % 2 == 0 else (row - 1, "down")
        press_step_button(page, widget, target, direction, ("Enter", "Space")[n // 2 % 2])
        rows[row - 1], rows[row] = rows[row], rows[row - 1]
        expect_order(widget, [names[item] for item in rows], ladder=True)
        # the ladder beside the rows stands as a ladder: the last step is the top rung
        expect(rungs).to_have_text(texts(widget.locator(STEP_LABELS))[::-1])
        # focus follows the moved step: its button of the same direction, the other at an end
        moved = target - 1 if direction == "up" else target + 1
        expect_focus_follows(widget, moved, direction, len(key))
    assert rows == key

    check = widget.get_by_role("button", name="Check")
    tab_to(page, check)
    page.keyboard.press("Enter")
    expect_feedback(widget, expected, "order")
    expect(widget.locator(".pm-ladder .pm-rung-right")).to_have_count(len(key))
    screenshot(page, widget, output_dir / "career-ladder.png")


def type_and_check(page, widget, field, text: str) -> None:
    """Focus is in ``field``: replace its text with ``text``, Tab to Check, press Enter."""
    expect(field).to_be_focused()
    page.keyboard.press("Control+A")
    page.keyboard.insert_text(text)
    expect(field).to_have_value(text)
    tab_into(page, widget.get_by_role("button", name="Check"))
    page.keyboard.press("Enter")


def test_numeric_exercise(lab_server, page, output_dir):
    """A wrong and then a right number, typed and checked through the page."""
    ex = learner_exercise(lab_server, "project-cost-overrun")
    open_notebook(page, lab_server, show_notebook(lab_server, "project-cost-overrun"))
    run_all(page)
    widget = exercise(page, "project-cost-overrun")
    field = widget.locator(".pm-number input")
    tab_into(page, widget)
    for text in ("75", f"{ex.data['answer']:g}"):
        expected = grade(ex, text)
        type_and_check(page, widget, field, text)
        expect_feedback(widget, expected)
        page.keyboard.press("Shift+Tab")  # back to the field
    assert expected.score == expected.max_score
    expect(widget.locator(".pm-feedback")).to_contain_text(ex.data["explanation"][:40])
    screenshot(page, widget, output_dir / "project-cost-overrun.png")


def test_code_exercise(lab_server, page, output_dir):
    """A function written in a notebook cell; visible and hidden checks run in the sandbox."""
    ex = learner_exercise(lab_server, "critical-path-code")
    expected = grade(ex, CRITICAL_PATH)
    assert expected.score == expected.max_score
    assert any(f.label.startswith("hidden") for f in expected.items)
    path = show_notebook(lab_server, "critical-path-code", setup="import course\n")
    open_notebook(page, lab_server, path)
    run_all(page)
    write_cell(page, 0, "import course\n\n" + CRITICAL_PATH)
    widget = exercise(page, "critical-path-code")
    widget.get_by_role("button", name="Check").click()
    expect_feedback(widget, expected)
    expect(widget.locator(".pm-feedback")).to_contain_text(ex.data["explanation"])
    expect(widget).to_contain_text("Checked critical_path from your notebook")
    screenshot(page, widget, output_dir / "critical-path-code.png")


def test_answers_survive_restart_and_reload(lab_server, page, output_dir):
    """Check four exercises, restart the kernel, reload, run again: the answers are back."""
    ids = ("duty-sort", "project-cost-overrun", "critical-path-code", "career-ladder")
    # The first cell also shows the kernel's process id, to prove the restart.
    path = show_notebook(lab_server, *ids, setup="import os, course\nos.getpid()")
    open_notebook(page, lab_server, path)
    run_all(page)
    pid = page.locator(".jp-Cell").first.locator(".jp-OutputArea-output")
    expect(pid).to_have_text(re.compile(r"^\d+$"))
    kernel_pid = pid.inner_text()

    duty = exercise(page, "duty-sort")
    rows = [r["id"] for r in learner_exercise(lab_server, "duty-sort").shuffled(LEARNER)]
    picks = {rows[0]: "Program manager", rows[1]: "Both, at their own level"}
    for row, label in picks.items():
        pick(duty, row, label)
    number = exercise(page, "project-cost-overrun")
    number.locator(".pm-number input").fill("61.5")
    code = exercise(page, "critical-path-code")
    source = "def critical_path(tasks):\n    return sorted(tasks)  # saved?\n"
    open_text_box(code).fill(source)
    ladder = exercise(page, "career-ladder")
    steps = len(learner_exercise(lab_server, "career-ladder").items())
    expect(ladder.locator(STEP_LABELS)).to_have_count(steps)
    order = shown_order(ladder)  # step 1 first: the top row
    ladder.locator(".pm-move-up").last.click()  # the last step goes up one
    order[-2:] = order[-1], order[-2]
    expect_order(ladder, order, ladder=True)
    summaries = []
    for widget in (duty, number, code, ladder):
        feedback = widget.locator(".pm-feedback")
        # Earlier tests' answers were restored with their feedback: wait for the new one.
        before = feedback.text_content() if feedback.count() else None
        widget.get_by_role("button", name="Check").click()
        expect(feedback).to_be_visible()
        if before is not None:
            expect(feedback).not_to_have_text(before)
        summaries.append(widget.locator(".pm-feedback").text_content())
    duty_marks = texts(duty.locator(".pm-note summary"))

    # Restart the kernel (Kernel > Restart Kernel…), then reload the page.
    restart_and_run_again(page, pid, kernel_pid)

    for widget, summary in zip((duty, number, code, ladder), summaries, strict=True):
        expect(widget).to_contain_text(RESTORED)
        # a new widget with the same feedback: summary, marks, notes
        expect(widget.locator(".pm-feedback")).to_have_text(summary)
    for row, label in picks.items():
        expect(choice_box(duty, row)).to_have_value(label)
    expect(duty.locator(".pm-note summary")).to_have_text(duty_marks)  # ✓, ✗ and – are back
    expect(number.locator(".pm-number input")).to_have_value("61.5")
    expect(open_text_box(code)).to_have_value(source)
    expect_order(ladder, order, ladder=True)
    for exercise_id in ids:
        screenshot(page, exercise(page, exercise_id), output_dir / f"{exercise_id}.png")
