"""Arrow keys in the exercise widgets: a known gap, tracked here until it is closed.

In JupyterLab 4 and Notebook 7 a notebook's output is in "command mode", where
bare ArrowUp/ArrowDown select the cell above/below (shortcut selector
``.jp-Notebook.jp-mod-commandMode:not(.jp-mod-readWrite) :focus``). Only text
inputs are exempt, so on a closed dropdown (categorize, match), in the order
list (order) and on radio buttons (single choice) the arrows move the focus to
another cell and leave the choice as it was (ipywidgets issue 3912). The
keyboard tests in test_exercises.py use the keys that do work (Space to open a
dropdown, Home/End in the list); radio buttons have no such key, so a single
choice exercise can only be answered with its first option by keyboard.

This test presses ArrowDown on each kind of control. While the gap is there it
ends as xfail, naming each control and where the focus went; once the widgets
handle arrows it passes.
"""

from __future__ import annotations

import pytest
from helpers import exercise, open_notebook, run_all, write_notebook

pytestmark = pytest.mark.browser
CONTROLS = {
    "dropdown (duty-sort)": ("duty-sort", "select"),
    "order list (career-ladder)": ("career-ladder", ".pm-order-list select"),
    "radio buttons (project-definition)": ("project-definition", "input[type=radio]"),
}
STATE = """(node) => node.tagName === 'SELECT' ? node.selectedIndex
    : [...node.closest('.widget-radio-box').querySelectorAll('input')].findIndex(i => i.checked)"""
FOCUS = """() => { const e = document.activeElement;
    return `${e.tagName.toLowerCase()}.${[...e.classList].slice(0, 3).join('.')}`; }"""


def test_arrow_keys_change_the_choice(lab_server, page):
    ids = sorted({exercise_id for exercise_id, _ in CONTROLS.values()})
    path = "notebooks/browser-arrow-keys.ipynb"
    write_notebook(lab_server.root / path, "import course", *[f'course.show("{i}")' for i in ids])
    open_notebook(page, lab_server, path)
    run_all(page)
    gaps = []
    for name, (exercise_id, selector) in CONTROLS.items():
        control = exercise(page, exercise_id).locator(selector).first
        control.focus()
        if selector.startswith("input"):
            page.keyboard.press("Space")  # select the first radio button
        before = control.evaluate(STATE)
        page.keyboard.press("ArrowDown")
        after = control.evaluate(STATE)
        if after == before:
            went = page.evaluate(FOCUS)
            gaps.append(f"{name}: ArrowDown left the choice at {before}, focus went to {went}")
    if gaps:
        pytest.xfail("arrow keys are taken by the notebook: " + "; ".join(gaps))
