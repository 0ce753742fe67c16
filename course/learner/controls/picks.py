"""One choice box per row (categorize, match): type or open its list, pick with Enter.

Each row's box is a stock ``Combobox`` (a text box with a list of suggestions)
restricted to the row's options (``ensure_option``): only a whole option is an
answer. It shows its placeholder ("— choose —") until a choice is made, is
labelled by its row's text (its description, a real ``<label>``, so a screen
reader names the box by the row), and has the row's mark, verdict and
explanation under it after a check. The label itself never changes: a changed
description is typeset again by the front end (MathJax), which cost about
40 ms a check.

Why not a dropdown: in JupyterLab and Notebook 7 a closed ``<select>`` loses
ArrowUp/ArrowDown to the notebook, which moves the cell selection instead of
the choice, and the next Enter opens the cell below for editing (ipywidgets
issue 3912). Stock ipywidgets cannot mark an element as keeping its keys; a
text box can (its view stops the key events), so every key typed in the box
stays in the box: ArrowDown opens the list, typing narrows it, Enter picks.
"""

from __future__ import annotations

import html

import ipywidgets as w

from course.core.exercise import Result
from course.learner.controls.common import CHOOSE, Changes, Note, full_width, verdicts

UNSET = ""  # the empty box: no choice
STACK_AFTER = 28  # characters of the longest option beyond which the box goes under its row
HINT = (
    "<i>Keyboard: Tab to a row's box, press ArrowDown to open its list (or type a few "
    "letters to narrow it), then the arrow keys and Enter to choose; to change a "
    "choice, select its text (Ctrl+A) and type or open the list again.</i>"
)


def _choices(options: list[tuple[str, str]]) -> w.HTML:
    """Every option in view above the rows (a box's list shows only when opened)."""
    items = "".join(f"<li>{html.escape(label)}</li>" for label, _ in options)
    choices = w.HTML(f'<div class="pm-choices">The choices:<ul>{items}</ul></div>')
    choices.layout = full_width()
    return choices


class PickControls(Changes):
    """Rows of ``(id, text)``, each with a choice box of ``(label, id)`` options."""

    def __init__(self, rows: list[tuple[str, str]], options: list[tuple[str, str]]):
        self.texts = dict(rows)
        self.ids = {label: option_id for label, option_id in options}
        self.labels = {option_id: label for label, option_id in options}
        if len(self.ids) != len(options):
            raise ValueError(f"two options have the same text: {[o for o, _ in options]}")
        # Long options (a match's partners) go on a line of their own under the row's text,
        # the whole width, so the chosen one is read whole; short ones (buckets) beside it.
        stacked = max((len(label) for label, _ in options), default=0) > STACK_AFTER
        self.pickers: dict[str, w.Combobox] = {}
        self.notes: dict[str, Note] = {}
        lines = []
        for row_id, text in rows:
            picker = w.Combobox(
                options=[label for label, _ in options],
                value=UNSET,
                placeholder=CHOOSE,
                ensure_option=True,
                description=text,
                style={"description_width": "100%" if stacked else "62%"},
                layout=w.Layout(width="auto", align_self="stretch"),  # 100% + margins overflows
            )
            picker.add_class(f"pm-pick-{row_id}")
            picker.add_class("pm-pick")
            if stacked:
                picker.add_class("pm-pick-stacked")
            picker.observe(self.changed, "value")
            note = Note()
            self.pickers[row_id], self.notes[row_id] = picker, note
            box = w.VBox([picker, note.widget], layout=full_width())
            box.add_class("pm-row")
            lines.append(box)
        self.box = w.VBox([w.HTML(HINT), _choices(options), *lines], layout=full_width())

    def get(self) -> dict:
        return {k: self.ids[p.value] for k, p in self.pickers.items() if p.value in self.ids}

    def set(self, answer: dict) -> None:
        for row_id, picker in self.pickers.items():
            picker.value = self.labels.get(answer.get(row_id), UNSET)

    def clear(self) -> None:
        self.set({})
        self.mark(None)

    def blank(self) -> tuple[int, int]:
        """``(rows without a choice, rows)``."""
        return sum(p.value not in self.ids for p in self.pickers.values()), len(self.pickers)

    def mark(self, result: Result | None, open_all: bool = False, reveal: bool = True) -> None:
        found = verdicts(result)
        for row_id in self.pickers:
            self.notes[row_id].show(found.get(row_id), open_all, reveal)
