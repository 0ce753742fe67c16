"""Every kind of exercise control, completed with the keyboard alone, no mouse.

One notebook shows an exercise of each kind. It is run from the Run menu (the
setup); from then on only keys are pressed: Tab and Shift+Tab move the focus,
and

* choice box (categorize, match): the option's text is typed into the row's box
  (a stock Combobox; in a real browser ArrowDown opens its list, which headless
  Chromium does not show);
* order: Enter on a step's Up or Down button;
* single choice: Space ticks a check box, and ticking a second box clears the
  first (the kernel does it; the test sees it happen in the page);
* multiple choice: Space ticks each box;
* number and code: the answer is typed into the text box;
* Check and Reset: Enter.

Each exercise is checked and the page must show what :func:`course.grade`
says about the same answer. The test runs in JupyterLab and in Notebook 7.

Arrow keys: in both front ends a notebook's output is in command mode, where
bare ArrowUp/ArrowDown select the cell above/below and take the focus out of a
button, check box or closed dropdown (upstream ipywidgets issue #3912); only
text boxes keep their keys. So the rows of categorize and match are text boxes
with a list (Combobox): the test presses ArrowDown, ArrowUp and Enter in one and
checks that the focus stays, the active cell stays and no cell opens for editing.
Order steps have their own Up and Down buttons; choices are check boxes.

After checking, screenshots of the single choice, multiple choice and order
exercises are saved (also at a narrow width), and their layout is checked: no
option text is cut off, rows do not overlap, the step buttons line up.
"""

from __future__ import annotations

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
    press_step_button,
    run_all,
    screenshot,
    show_notebook,
    shown_order,
    step_button,
    swaps_to,
    tab_to,
)

from course import grade

pytestmark = pytest.mark.browser
EXERCISES = {
    "dropdown": "cert-match",
    "order": "project-life-cycle",
    "single": "program-definition",
    "multiple": "seed-corrections",
    "number": "project-cost-overrun",
    "code": "earned-value-code",
}
EARNED_VALUE = """def earned_value(bac, pv, ev, ac):
    cpi = ev / ac
    eac = bac / cpi
    return {"cv": ev - ac, "sv": ev - pv, "cpi": cpi, "spi": ev / pv,
            "eac": eac, "etc": eac - ac, "vac": bac - eac, "tcpi": (bac - ev) / (bac - ac)}
"""
NARROW = {"width": 800, "height": 1000}
# Layout faults of a choice exercise: option texts cut off or outside their row, rows overlapping.
CHOICE_LAYOUT = """(widget) => {
    const problems = [], choice = widget.querySelector('.pm-choice');
    const right = choice.getBoundingClientRect().right;
    if (choice.scrollWidth > choice.clientWidth + 1) problems.push('the options scroll sideways');
    let above = null;
    for (const row of widget.querySelectorAll('.pm-choice .widget-checkbox')) {
        const label = row.querySelector('.widget-label-basic');
        const text = label.querySelector('span');
        const name = JSON.stringify(text.textContent.slice(0, 40));
        const box = row.getBoundingClientRect(), words = text.getBoundingClientRect();
        if (label.scrollWidth > label.clientWidth + 1 || text.scrollWidth > text.clientWidth + 1)
            problems.push(`${name} is cut off`);
        if (words.right > right + 1 || words.bottom > box.bottom + 1)
            problems.push(`${name} runs out of its row`);
        if (above && box.top < above.bottom - 1) problems.push(`${name} overlaps the row above`);
        above = box;
    }
    return problems;
}"""
# Layout faults of an order exercise: Up buttons, Down buttons or step texts not in
# line, step texts cut off, rows overlapping.
ORDER_LAYOUT = """(widget) => {
    const problems = [];
    const place = (selector, width) => new Set([...widget.querySelectorAll(selector)].map(n => {
        const r = n.getBoundingClientRect();
        return width ? `${Math.round(r.left)}+${Math.round(r.width)}` : `${Math.round(r.left)}`;
    }));
    const lines = [['.pm-move-up', true], ['.pm-move-down', true],
                   ['.pm-order-steps .pm-step', false]];
    for (const [selector, width] of lines) {
        const found = place(selector, width);
        if (found.size !== 1) problems.push(`${selector} not in line: ${[...found].join(', ')}`);
    }
    let above = null;
    for (const row of widget.querySelectorAll('.pm-order-steps .pm-row')) {
        const text = row.querySelector('.pm-step .pm-step-text');
        const name = JSON.stringify(text.textContent);
        if (text.scrollWidth > text.clientWidth + 1) problems.push(`${name} is cut off`);
        const box = row.getBoundingClientRect();
        if (above && box.top < above.bottom - 1) problems.push(`${name} overlaps`);
        above = box;
    }
    return problems;
}"""


@pytest.fixture(params=["lab", "notebook"])
def server(request: pytest.FixtureRequest):
    """The JupyterLab server, then the Notebook 7 one."""
    return request.getfixturevalue(f"{request.param}_server")


def check_by_keyboard(page, widget, ex, answer) -> None:
    """Tab to Check, press Enter: the page shows what ``course.grade`` says of ``answer``.

    Every answer the test gives is the key, so each exercise ends fully right.
    """
    check = widget.get_by_role("button", name="Check")
    tab_to(page, check)
    expect(check).to_be_focused()
    page.keyboard.press("Enter")
    result = grade(ex, answer)
    assert result.score == result.max_score, f"{ex.id}: the test's answer is not the key"
    expect_feedback(widget, result, ex.type)


def reset_by_keyboard(page, widget) -> None:
    """Tab to Reset and press Enter: the feedback goes."""
    reset = widget.get_by_role("button", name="Reset")
    tab_to(page, reset)
    expect(reset).to_be_focused()
    page.keyboard.press("Enter")
    expect(widget.locator(".pm-feedback")).to_have_count(0)


NOTEBOOK_STATE = """() => {
    const cells = [...document.querySelectorAll('.jp-Notebook .jp-Cell')];
    return {active: cells.findIndex(c => c.classList.contains('jp-mod-active')),
            editing: !!document.querySelector('.jp-Notebook.jp-mod-editMode')};
}"""


def dropdowns(page, widget, ex) -> None:
    """Each row: Tab to its box, type the right person; arrows and Enter stay in the box."""
    expect(widget).to_contain_text("Keyboard: Tab to a row's box, press ArrowDown to open its list")
    labels = {person["id"]: person["text"] for person in ex.data["right"]}
    answer = {item["id"]: item["answer"] for item in ex.items()}
    for item in ex.shuffled(LEARNER):
        box = choice_box(widget, item["id"])
        tab_to(page, box)
        expect(box).to_be_focused()
        choose_by_keyboard(page, box, labels[answer[item["id"]]])
    # The notebook does not take the arrow keys or Enter from a box.
    before = page.evaluate(NOTEBOOK_STATE)
    assert before["active"] >= 0 and not before["editing"], before
    chosen = box.input_value()
    for key in ("ArrowDown", "ArrowUp", "ArrowDown", "Enter"):
        page.keyboard.press(key)
        expect(box).to_be_focused()
        assert page.evaluate(NOTEBOOK_STATE) == before, f"{key} moved the notebook"
    expect(box).to_have_value(chosen)  # no list in headless Chromium: the choice stands
    check_by_keyboard(page, widget, ex, answer)


def order(page, widget, ex) -> None:
    """Tab to a step's Up or Down button and press Enter, until the order is the key's."""
    key = list(ex.data["answer"])
    names = {item["id"]: item["text"] for item in ex.items()}
    ids = {text: item for item, text in names.items()}
    expect(widget.locator(STEP_LABELS)).to_have_count(len(key))
    steps = [ids[text] for text in shown_order(widget)]
    first = step_button(widget, 0, "down")  # the top row's Up is disabled, so Tab skips it
    tab_to(page, first)
    expect(first).to_be_focused()
    swaps = swaps_to(steps, key)
    assert swaps, "the learner's shuffle is the key already"
    for n, row in enumerate(swaps):
        target, direction = (row, "up") if n % 2 == 0 else (row - 1, "down")
        press_step_button(page, widget, target, direction, "Enter")
        steps[row - 1], steps[row] = steps[row], steps[row - 1]
        expect_order(widget, [names[item] for item in steps])
        moved = target - 1 if direction == "up" else target + 1
        expect_focus_follows(widget, moved, direction, len(key))
    check_by_keyboard(page, widget, ex, key)


def checkbox(widget, option: dict):
    """The check box of choice ``option`` (its text is the box's accessible name)."""
    return widget.get_by_role("checkbox", name=option["text"], exact=True)


def tick(page, widget, option: dict) -> None:
    """Tab (or Shift+Tab) to ``option``'s check box and press Space: it is ticked."""
    box = checkbox(widget, option)
    tab_to(page, box)
    expect(box).to_be_focused()
    expect(box).not_to_be_checked()
    page.keyboard.press("Space")
    expect(box).to_be_checked()


def single_choice(page, widget, ex) -> None:
    """Tick a wrong option, then the right one: the wrong one is cleared; Check."""
    expect(widget.locator(".pm-choice")).to_contain_text("Tick one option.")
    options = ex.shuffled(LEARNER)
    right = next(o for o in options if o["correct"])
    wrong = [o for o in options if not o["correct"]][-1]
    tick(page, widget, wrong)
    tick(page, widget, right)
    expect(checkbox(widget, wrong)).not_to_be_checked()  # cleared by the kernel
    expect(widget.get_by_role("checkbox", checked=True)).to_have_count(1)
    check_by_keyboard(page, widget, ex, [right["id"]])


def multiple_choice(page, widget, ex) -> None:
    """Tick every right option; the others stay clear; Check."""
    expect(widget.locator(".pm-choice")).to_contain_text("Tick every option that applies.")
    right = [o for o in ex.shuffled(LEARNER) if o["correct"]]
    assert 1 < len(right) < len(ex.items())
    for option in right:
        tick(page, widget, option)
    expect(widget.get_by_role("checkbox", checked=True)).to_have_count(len(right))
    check_by_keyboard(page, widget, ex, [o["id"] for o in right])


def typed(page, widget, field, ex, text: str) -> None:
    """Tab to ``field``, select what it holds, type ``text`` key by key; Check."""
    tab_to(page, field)
    expect(field).to_be_focused()
    page.keyboard.press("Control+A")
    page.keyboard.type(text)
    expect(field).to_have_value(text)
    if ex.type == "numeric":
        # The kernel has the number once the box says how it reads it: only then is
        # Check sure to see it (ipywidgets queues keystrokes, not button presses).
        expect(widget.locator(".pm-reading")).to_have_text(f"read as {float(text):g}")
    check_by_keyboard(page, widget, ex, text)


def layout_problems(widget, kind: str) -> list[str]:
    """What looks wrong in an order or choice exercise's layout (empty: nothing)."""
    return widget.evaluate(ORDER_LAYOUT if kind == "order" else CHOICE_LAYOUT)


def test_every_control_by_keyboard(server, page, output_dir):
    """Dropdowns, order steps, check boxes, text boxes, Check and Reset: keys only."""
    exercises = {kind: learner_exercise(server, i) for kind, i in EXERCISES.items()}
    open_notebook(page, server, show_notebook(server, *EXERCISES.values()))
    run_all(page)
    widgets = {kind: exercise(page, i) for kind, i in EXERCISES.items()}
    for widget in widgets.values():
        expect(widget).to_have_count(1)

    dropdowns(page, widgets["dropdown"], exercises["dropdown"])
    order(page, widgets["order"], exercises["order"])
    single_choice(page, widgets["single"], exercises["single"])
    multiple_choice(page, widgets["multiple"], exercises["multiple"])
    shown = ("single", "multiple", "order")
    for kind in shown:
        screenshot(page, widgets[kind], output_dir / f"{kind}-{EXERCISES[kind]}.png")
        assert layout_problems(widgets[kind], kind) == [], kind
    reset_by_keyboard(page, widgets["multiple"])
    expect(widgets["multiple"].get_by_role("checkbox", checked=True)).to_have_count(0)

    number = widgets["number"].locator(".pm-number input")
    # "60.0", not "60": the box echoes how it reads a number only when the reading
    # differs from the text, and that echo is how typed() knows the kernel has it.
    typed(page, widgets["number"], number, exercises["number"], "60.0")
    reset_by_keyboard(page, widgets["number"])
    expect(number).to_have_value("")
    # The code box is the fallback for front ends without cells: a toggle opens it.
    toggle = widgets["code"].get_by_role("button", name="Open the text box")
    tab_to(page, toggle)
    page.keyboard.press("Enter")
    expect(widgets["code"].get_by_role("button", name="Close the text box")).to_be_focused()
    code = widgets["code"].locator(".pm-code textarea")
    expect(code).to_be_visible()
    typed(page, widgets["code"], code, exercises["code"], EARNED_VALUE)

    # A narrow page: long texts wrap, rows stay in line.
    wide = widgets["single"].evaluate("(node) => node.getBoundingClientRect().width")
    page.set_viewport_size(NARROW)
    page.wait_for_function(
        "([node, wide]) => node.getBoundingClientRect().width < wide - 100",
        arg=[widgets["single"].element_handle(), wide],
    )
    for kind in shown:
        screenshot(page, widgets[kind], output_dir / f"{kind}-{EXERCISES[kind]}-narrow.png")
        assert layout_problems(widgets[kind], kind) == [], f"{kind}, narrow"
