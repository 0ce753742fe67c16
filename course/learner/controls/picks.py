"""One dropdown per row (categorize, match): Tab to a row, Space to open its list.

Each dropdown shows its placeholder ("— choose —") until a choice is made, is
labelled by its row's text (the dropdown's own description, a real ``<label>``,
so a screen reader names the list by the row), and has the row's mark, verdict
and explanation under it after a check. The label itself never changes: a
changed description is typeset again by the front end (MathJax), which cost
about 40 ms a check.
"""

from __future__ import annotations

import ipywidgets as w

from course.core.exercise import Result
from course.learner.controls.common import CHOOSE, Changes, Note, full_width, verdicts

UNSET = ""  # the placeholder's value: a real value, so the dropdown shows it
STACK_AFTER = 28  # characters of the longest option beyond which the list goes under its row


class PickControls(Changes):
    """Rows of ``(id, text)``, each with a dropdown of ``(label, id)`` options."""

    def __init__(self, rows: list[tuple[str, str]], options: list[tuple[str, str]]):
        self.texts = dict(rows)
        # Long options (a match's partners) go on a line of their own under the row's text,
        # the whole width, so the chosen one is read whole; short ones (buckets) beside it.
        stacked = max((len(label) for label, _ in options), default=0) > STACK_AFTER
        self.pickers: dict[str, w.Dropdown] = {}
        self.notes: dict[str, Note] = {}
        lines = []
        for row_id, text in rows:
            picker = w.Dropdown(
                options=[(CHOOSE, UNSET), *options],
                value=UNSET,
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
        hint = w.HTML(
            "<i>Keyboard: Tab to a row, press Space to open its list, then the arrow "
            "keys and Enter to choose.</i>"
        )
        self.box = w.VBox([hint, *lines], layout=full_width())

    def get(self) -> dict:
        return {k: p.value for k, p in self.pickers.items() if p.value != UNSET}

    def set(self, answer: dict) -> None:
        for row_id, picker in self.pickers.items():
            picker.value = answer.get(row_id) or UNSET

    def clear(self) -> None:
        self.set({})
        self.mark(None)

    def blank(self) -> tuple[int, int]:
        """``(rows without a choice, rows)``."""
        return sum(p.value == UNSET for p in self.pickers.values()), len(self.pickers)

    def mark(self, result: Result | None, open_all: bool = False, reveal: bool = True) -> None:
        found = verdicts(result)
        for row_id in self.pickers:
            self.notes[row_id].show(found.get(row_id), open_all, reveal)
