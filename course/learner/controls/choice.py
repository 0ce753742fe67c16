"""Check boxes for a choice exercise; with one answer, ticking a box clears the others.

Check boxes rather than radio buttons: radio buttons change with the arrow
keys, which the notebook takes (ipywidgets issue #3912); a check box is
reached with Tab and ticked with Space. Each box is named by its option's
text, and has the option's explanation under it after a check.
"""

from __future__ import annotations

import ipywidgets as w

from course.core.exercise import Result
from course.learner.controls.common import Changes, Note, full_width, verdicts


class ChoiceControls(Changes):
    """Options of ``(text, id)``; ``multiple`` allows more than one ticked box."""

    def __init__(self, options: list[tuple[str, str]], multiple: bool):
        self.multiple = multiple
        self.texts = {oid: text for text, oid in options}
        self.boxes: dict[str, w.Checkbox] = {}
        self.notes: dict[str, Note] = {}
        rows = []
        for text, oid in options:
            box = w.Checkbox(
                description=text,
                value=False,
                indent=False,
                description_allow_html=False,
                layout=full_width(),
                style={"description_width": "initial"},
            )
            self.boxes[oid], self.notes[oid] = box, Note()
            box.observe(self.changed, "value")
            row = w.VBox([box, self.notes[oid].widget], layout=full_width())
            row.add_class("pm-row")
            rows.append(row)
        if not multiple:
            for oid, box in self.boxes.items():
                box.observe(lambda change, oid=oid: self._only(oid, change["new"]), "value")
        hint = (
            "Tick every option that applies."
            if multiple
            else "Tick one option. Ticking another clears the first: one answer only."
        )
        self.box = w.VBox([w.HTML(f"<i>{hint}</i>"), *rows], layout=full_width())
        self.box.add_class("pm-choice")

    def _only(self, chosen: str, ticked: bool) -> None:
        if ticked:
            for oid, box in self.boxes.items():
                if oid != chosen:
                    box.value = False

    def get(self) -> list:
        return [oid for oid, box in self.boxes.items() if box.value]

    def set(self, answer: list) -> None:
        for oid, box in self.boxes.items():
            box.value = oid in answer

    def clear(self) -> None:
        self.set([])
        self.mark(None)

    def blank(self) -> tuple[int, int]:
        """``(1, 1)`` when no box is ticked, else ``(0, 1)``: the answer as one row."""
        return int(not self.get()), 1

    def mark(self, result: Result | None, open_all: bool = False, reveal: bool = True) -> None:
        """The verdict on each option goes under it (the box keeps its plain text as its name).

        Before ``reveal`` only the ticked options get one: a mark on an unticked
        option would say which one is the answer.
        """
        found = verdicts(result)
        for oid, box in self.boxes.items():
            shown = found.get(oid) if reveal or box.value else None
            self.notes[oid].show(shown, open_all, reveal)
