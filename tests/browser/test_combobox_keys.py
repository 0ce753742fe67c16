"""The row boxes of categorize and match (stock Comboboxes) keep the arrow keys, in
real JupyterLab in headless Chromium.

What is asserted, exactly: headless Chromium draws no datalist pop-up (it is a
native widget outside the page, so neither the DOM nor a screenshot shows it),
so the test cannot see ArrowDown *open* the list. It asserts what can be seen:

* ArrowDown, ArrowUp and Alt+ArrowDown pressed in a focused, empty row box reach
  the box (a listener on the box sees each key) and not the notebook (a listener
  on the document, where JupyterLab's shortcuts are read, sees none);
* the notebook's active cell does not move, no cell enters edit mode, the focus
  stays in the box and its value stays empty (no option is chosen unseen);
* the Enter that follows does not open the next (markdown) cell for editing;
* the control: the same ArrowDown pressed on the exercise's Check button does
  move JupyterLab's cell selection, so the test can tell a key that leaks;
* the box's list arrow is drawn without hovering (08dc464: Chromium showed it
  only on hover): the right end of the box holds dark pixels of the arrow, which
  vanish when the arrow is hidden with the same selector.
"""

from __future__ import annotations

import io

import pytest
from helpers import (
    choice_box,
    exercise,
    expect,
    learner_exercise,
    open_notebook,
    run_all,
    write_notebook,
)

pytestmark = pytest.mark.browser

STATE = """() => {
    const cells = [...document.querySelectorAll('.jp-Notebook .jp-Cell')];
    return {active: cells.findIndex(c => c.classList.contains('jp-mod-active')),
            editing: !!document.querySelector('.jp-Notebook.jp-mod-editMode')};
}"""
# Record the keys that reach a row box, and those that reach the document (bubbling).
LISTEN = """(box) => {
    window.pmKeys = {box: [], page: []};
    box.addEventListener('keydown', e => window.pmKeys.box.push(e.key));
    document.addEventListener('keydown', e => {
        if (e.target === box) window.pmKeys.page.push(e.key); });
}"""
# The list arrow's pixels: the darkest value in the right-hand 22 px of the box.
HIDE_ARROW = "input::-webkit-calendar-picker-indicator {opacity: 0 !important}"


def darkest_at_right_end(box) -> int:
    """The lowest grey level (0 black .. 255 white) in the box's right-hand 22 px,
    its border left out; a drawn arrow makes it dark."""
    from PIL import Image

    shot = Image.open(io.BytesIO(box.screenshot())).convert("L")
    width, height = shot.size
    region = shot.crop((width - 24, 4, width - 3, height - 4))
    return region.getextrema()[0]


def test_arrow_keys_stay_in_a_row_box_and_its_arrow_shows(lab_server, page, output_dir):
    ex = learner_exercise(lab_server, "cert-match")
    path = write_notebook(
        lab_server.root / "notebooks" / "browser-combobox.ipynb",
        "import course",
        f'course.show("{ex.id}")',
    )
    # a markdown cell under the exercise: the Enter the review saw opened it for editing
    _add_markdown_cell(path, "A paragraph under the exercise.")
    open_notebook(page, lab_server, f"notebooks/{path.name}")
    run_all(page)
    widget = exercise(page, ex.id)
    expect(widget).to_have_count(1)
    row = ex.shuffled("browser-test")[0]["id"]
    box = choice_box(widget, row)
    page.mouse.move(0, 0)  # nothing hovered

    # The list arrow shows without hovering, and the measure can tell it is there.
    widget.scroll_into_view_if_needed()
    box.evaluate("(node) => node.blur()")
    shown = darkest_at_right_end(box)
    box.screenshot(path=output_dir / "row-box.png")
    page.add_style_tag(content=HIDE_ARROW)
    hidden = darkest_at_right_end(box)
    assert shown < 140 <= hidden, f"arrow pixels: {shown} with the arrow, {hidden} without"

    box.click()  # focus the empty box, as Tab does
    expect(box).to_be_focused()
    expect(box).to_have_value("")
    box.evaluate(LISTEN)
    before = page.evaluate(STATE)
    assert before["active"] >= 0 and not before["editing"], before
    keys = ["ArrowDown", "ArrowUp", "Alt+ArrowDown", "ArrowDown"]
    for key in keys:
        page.keyboard.press(key)
        expect(box).to_be_focused()
        assert page.evaluate(STATE) == before, f"{key} moved the notebook"
    expect(box).to_have_value("")  # no option chosen without the list on screen
    page.keyboard.press("Enter")
    expect(box).to_be_focused()
    assert page.evaluate(STATE) == before, "Enter opened a cell for editing"
    seen = page.evaluate("() => window.pmKeys")
    assert seen["box"] == ["ArrowDown", "ArrowUp", "Alt", "ArrowDown", "ArrowDown", "Enter"]
    assert seen["page"] == [], f"keys that reached the notebook: {seen['page']}"

    # The control: ArrowDown on a button does leave the widget and moves the cell selection.
    check = widget.get_by_role("button", name="Check")
    check.focus()
    expect(check).to_be_focused()
    start = page.evaluate(STATE)
    page.keyboard.press("ArrowDown")
    page.wait_for_function(f"() => ({STATE})().active !== {start['active']}")
    expect(check).not_to_be_focused()


def _add_markdown_cell(path, text: str) -> None:
    import json

    notebook = json.loads(path.read_text())
    notebook["cells"].append({"cell_type": "markdown", "metadata": {}, "source": text})
    path.write_text(json.dumps(notebook))
