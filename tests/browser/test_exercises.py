"""Exercises answered and checked in the real JupyterLab UI.

Each test puts a small notebook that shows one exercise into the server's copy
of the course, runs it, answers through the page and compares what the page
shows after Check with what :func:`course.grade` says for the same answer.
The duty sort and the career ladder are answered and checked with the keyboard
alone (the notebook itself is run from the Run menu, as setup).

Keyboard notes (found by these tests, JupyterLab 4 and Notebook 7): inside a
notebook's output, bare ArrowUp/ArrowDown are the notebook's "select cell
above/below" shortcuts, so on a closed dropdown or in the order list they move
the focus to the next cell instead of changing the choice (ipywidgets issue
3912). What works: Space opens a dropdown's list, the arrows move in the open
list and Enter picks; in the order list, Home and End select the first and last
item. The tests use those keys.
"""

from __future__ import annotations

import re

import pytest
from helpers import (
    KERNEL_READY,
    LEARNER,
    exercise,
    expect,
    menu,
    open_notebook,
    run_all,
    screenshot,
    tab_into,
    write_notebook,
)

from course import grade, load_bank

pytestmark = pytest.mark.browser
CRITICAL_PATH = '''def critical_path(tasks):
    """Zero-slack tasks in order of earliest start, ties by id."""
    order, done = [], set()
    while len(order) < len(tasks):
        for task in sorted(tasks):
            if task not in done and all(p in done for p in tasks[task].get("after", [])):
                order.append(task)
                done.add(task)
    es, ef = {}, {}
    for task in order:
        es[task] = max((ef[p] for p in tasks[task].get("after", [])), default=0)
        ef[task] = es[task] + tasks[task]["duration"]
    end = max(ef.values(), default=0)
    ls = {}
    for task in reversed(order):
        after_me = [s for s in tasks if task in tasks[s].get("after", [])]
        ls[task] = min((ls[s] for s in after_me), default=end) - tasks[task]["duration"]
    zero = 1e-9 * max(end, 1)
    return sorted((t for t in tasks if ls[t] - es[t] <= zero), key=lambda t: (es[t], t))
'''


def show_notebook(server, *exercise_ids: str, setup: str = "import course") -> str:
    """Write a notebook: ``setup``, then each exercise in a cell of its own; returns its path."""
    name = f"notebooks/browser-{'-'.join(exercise_ids)}.ipynb"
    cells = [setup] + [f'course.show("{i}")' for i in exercise_ids]
    write_notebook(server.root / name, *cells)
    return name


def learner_exercise(server, exercise_id: str):
    """The exercise as the server's learner sees it (their draw of items, if any)."""
    return load_bank(server.root / "exercises")[exercise_id].for_learner(LEARNER)


def expect_feedback(widget, result) -> None:
    """The page shows ``result``: its score, its summary and one line per item."""
    feedback = widget.locator(".pm-feedback")
    expect(feedback).to_have_attribute("data-score", f"{result.score:g}")
    head = f"Score: {result.score:g} / {result.max_score:g} ({result.summary})"
    expect(feedback.locator("p").first).to_have_text(head)
    lines = [
        f"{'✓' if f.correct else '✗'} {f.label + ': ' if f.label else ''}{f.message}"
        for f in result.items
    ]
    expect(feedback.locator("li")).to_have_text(lines)


def texts(locator) -> list[str]:
    """The texts of ``locator``'s elements, with ipywidgets' no-break spaces made plain."""
    return [text.replace("\xa0", " ") for text in locator.all_inner_texts()]


def choose_by_keyboard(page, select, index: int) -> None:
    """With ``select`` focused: Space opens its list, arrows move to ``index``, Enter picks."""
    current = select.evaluate("(node) => node.selectedIndex")
    if current == index:
        return
    page.keyboard.press("Space")
    key = "ArrowDown" if index > current else "ArrowUp"
    for _ in range(abs(index - current)):
        page.keyboard.press(key)
    page.keyboard.press("Enter")
    expect(select).to_have_js_property("selectedIndex", index)


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
    selects = widget.locator("select")
    expect(selects).to_have_count(len(rows))
    tab_into(page, widget)
    for row in rows:
        select = widget.locator(f".pm-pick-{row} select")
        expect(select).to_be_focused()
        expect(select.locator("option")).to_have_count(len(buckets) + 1)
        # option 0 is "— choose —" (unplaced); bucket n is option n + 1
        target = buckets.index(answer[row]) + 1 if row in answer else 0
        choose_by_keyboard(page, select, target)
        page.keyboard.press("Tab")
    check = widget.get_by_role("button", name="Check")
    expect(check).to_be_focused()
    page.keyboard.press("Enter")

    expect_feedback(widget, expected)
    verdicts = {f.item: f.correct for f in expected.items}
    for row in rows:
        label = widget.locator(f".widget-hbox:has(> .pm-pick-{row}) .widget-html-content")
        expect(label).to_have_text(re.compile("^✓" if verdicts[row] else "^✗"))
    screenshot(page, widget, output_dir / "duty-sort.png")


def ladder_steps(order: list[str], key: list[str]) -> list[int]:
    """Moves that sort ``order`` into ``key`` taking only the bottom item each time.

    Each entry is how many steps to move the bottom item up (End, then Move up).
    Item by item, the bottom one is slid up into its place among those already
    placed at the top, as in an insertion sort.
    """
    rank = {item: key.index(item) for item in order}
    order, moves = list(order), []
    for placed in range(len(order)):
        item = order[-1]
        to = sum(rank[other] < rank[item] for other in order[:placed])
        moves.append(len(order) - 1 - to)
        order.insert(to, order.pop())
    assert order == key
    return moves


def test_career_ladder_by_keyboard(lab_server, page, output_dir):
    """End selects the bottom item, Tab and Enter press Move up; the figure redraws."""
    ex = learner_exercise(lab_server, "career-ladder")
    key = list(ex.data["answer"])
    names = {item["id"]: item["text"] for item in ex.items()}
    expected = grade(ex, key)

    open_notebook(page, lab_server, show_notebook(lab_server, "career-ladder"))
    run_all(page)
    widget = exercise(page, "career-ladder")
    listbox = widget.locator(".pm-order-list select")
    figure = widget.locator(".widget-output img")
    expect(figure).to_have_count(1)
    ids = {text: item for item, text in names.items()}
    order = [ids[re.sub(r"^\d+\. ", "", label)] for label in texts(listbox.locator("option"))]

    def shows(order: list[str]) -> None:
        lines = [f"{n}. {names[item]}" for n, item in enumerate(order, 1)]
        expect(listbox.locator("option")).to_have_text(lines)

    shows(order)
    tab_into(page, widget)
    expect(listbox).to_be_focused()
    move_up = widget.get_by_role("button", name="Move up")
    redraws = 0
    for steps in ladder_steps(order, key):
        if not steps:
            continue
        page.keyboard.press("End")
        expect(listbox).to_have_js_property("selectedIndex", len(order) - 1)
        page.keyboard.press("Tab")
        expect(move_up).to_be_focused()
        moving = order[-1]
        for _ in range(steps):
            before = figure.get_attribute("src")
            page.keyboard.press("Enter")
            at = order.index(moving)
            order[at - 1], order[at] = order[at], order[at - 1]
            shows(order)
            expect(figure).not_to_have_attribute("src", before)
            redraws += 1
        page.keyboard.press("Shift+Tab")
        expect(listbox).to_be_focused()
    assert order == key and redraws > 0
    before = figure.get_attribute("src")
    check = widget.get_by_role("button", name="Check")
    tab_into(page, check)
    page.keyboard.press("Enter")
    expect_feedback(widget, expected)
    expect(figure).not_to_have_attribute("src", before)  # redrawn, coloured by the check
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
    screenshot(page, widget, output_dir / "project-cost-overrun.png")


def test_code_exercise(lab_server, page, output_dir):
    """A function typed into the code box; visible and hidden checks run in the sandbox."""
    ex = learner_exercise(lab_server, "critical-path-code")
    expected = grade(ex, CRITICAL_PATH)
    assert expected.score == expected.max_score
    assert any(f.label.startswith("hidden") for f in expected.items)
    open_notebook(page, lab_server, show_notebook(lab_server, "critical-path-code"))
    run_all(page)
    widget = exercise(page, "critical-path-code")
    tab_into(page, widget)
    type_and_check(page, widget, widget.locator(".pm-code textarea"), CRITICAL_PATH)
    expect_feedback(widget, expected)
    expect(widget.locator(".pm-feedback")).to_contain_text(ex.data["explanation"])
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
        duty.locator(f".pm-pick-{row} select").select_option(label=label)
    number = exercise(page, "project-cost-overrun")
    number.locator(".pm-number input").fill("61.5")
    code = exercise(page, "critical-path-code")
    source = "def critical_path(tasks):\n    return sorted(tasks)  # saved?\n"
    code.locator(".pm-code textarea").fill(source)
    ladder = exercise(page, "career-ladder")
    options = ladder.locator(".pm-order-list select option")
    order = texts(options)
    ladder.locator(".pm-order-list select").select_option(index=len(order) - 1)
    ladder.get_by_role("button", name="Move up").click()
    expect(options.nth(len(order) - 2)).to_contain_text(order[-1].split(". ", 1)[1])
    order = texts(options)
    for widget in (duty, number, code, ladder):
        widget.get_by_role("button", name="Check").click()
        expect(widget.locator(".pm-feedback")).to_be_visible()

    # Restart the kernel (Kernel > Restart Kernel…), then reload the page.
    menu(page, "Kernel", "Restart Kernel…")
    with page.expect_response(lambda r: "/restart" in r.url and r.request.method == "POST"):
        page.locator(".jp-Dialog .jp-mod-accept").click()
    page.on("dialog", lambda dialog: dialog.accept())  # "leave the page?" (unsaved outputs)
    page.reload()
    page.wait_for_function(KERNEL_READY)
    run_all(page)
    expect(pid).to_have_text(re.compile(r"^\d+$"))
    assert pid.inner_text() != kernel_pid, "the kernel did not restart"

    for widget in (duty, number, code, ladder):
        expect(widget).to_contain_text("Restored your answer saved at")
        expect(widget.locator(".pm-feedback")).to_have_count(0)  # a new widget, not the old
    for row, label in picks.items():
        expect(duty.locator(f".pm-pick-{row} select")).to_have_value(label)
    expect(number.locator(".pm-number input")).to_have_value("61.5")
    expect(code.locator(".pm-code textarea")).to_have_value(source)
    expect(options).to_have_text(order)
    for exercise_id in ids:
        screenshot(page, exercise(page, exercise_id), output_dir / f"{exercise_id}.png")
