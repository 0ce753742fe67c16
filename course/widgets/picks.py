"""One dropdown per row (categorize, match): Tab to a row, Space to open its list.

Each dropdown shows its placeholder ("— choose —") until a choice is made, is
named for a screen reader by its row's text, and has the row's explanation
under it after a check.
"""

from __future__ import annotations

import html

import ipywidgets as w

from course.exercise import Result
from course.widgets.common import CHOOSE, Note, full_width, mark_html, verdicts

UNSET = ""  # the placeholder's value: a real value, so the dropdown shows it


class PickControls:
    """Rows of ``(id, text)``, each with a dropdown of ``(label, id)`` options."""

    def __init__(self, rows: list[tuple[str, str]], options: list[tuple[str, str]]):
        self.texts = dict(rows)
        self.labels: dict[str, w.HTML] = {}
        self.pickers: dict[str, w.Dropdown] = {}
        self.notes: dict[str, Note] = {}
        lines = []
        for row_id, text in rows:
            label = w.HTML(html.escape(text), layout=w.Layout(width="60%"))
            picker = w.Dropdown(
                options=[(CHOOSE, UNSET), *options],
                value=UNSET,
                tooltip=text,  # the select's accessible name: a screen reader reads the row
                layout=w.Layout(width="38%", min_width="12em"),
            )
            picker.add_class(f"pm-pick-{row_id}")
            note = Note()
            self.labels[row_id], self.pickers[row_id], self.notes[row_id] = label, picker, note
            line = w.HBox([label, picker], layout=full_width(align_items="center"))
            box = w.VBox([line, note.widget], layout=full_width())
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

    def mark(self, result: Result | None, open_all: bool = False) -> None:
        found = verdicts(result)
        for row_id, label in self.labels.items():
            label.value = mark_html(found.get(row_id)) + html.escape(self.texts[row_id])
            self.notes[row_id].show(found.get(row_id), open_all)
