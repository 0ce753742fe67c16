"""A text box for a number (``0.75``, ``0,75``, ``75 %``, ``1 250``), with its unit.

Enter in the box checks the answer, as the Check button does.
"""

from __future__ import annotations

import warnings

import ipywidgets as w

from course.core.exercise import Result
from course.learner.controls.common import Changes


class NumberControls(Changes):
    """The number box; ``on_enter(callback)`` makes Enter call ``callback()``.

    ``reader(text) -> float`` (or ValueError) reads what is typed; the box says
    how it reads it, so "1,250" is seen to mean 1250 before Check.
    """

    def __init__(self, unit: str, reader=None):
        self.text = w.Text(
            description="Your answer",
            placeholder="a number, e.g. 0.75",
            tooltip="Press Enter to check",
            style={"description_width": "initial"},
            layout=w.Layout(width="22em"),
        )
        self.text.add_class("pm-number")
        self.reader = reader
        self.reading = w.HTML()
        self.reading.add_class("pm-reading")
        self.text.observe(self.changed, "value")
        if reader is not None:
            self.text.observe(lambda change: self._read(change["new"]), "value")
        parts = [self.text, w.Label(unit), self.reading]
        self.box = w.HBox(parts, layout=w.Layout(align_items="center", flex_flow="row wrap"))

    def _read(self, text: str) -> None:
        """Say how the typed text reads as a number ("read as 1250"), as it is typed.

        Only where the reading differs from what was typed ("1 250", "0,75",
        "75 %"): a plain number needs no echo, and so sends no message that a
        Check pressed right after typing would wait behind.
        """
        try:
            value = self.reader(text)
        except ValueError:
            self.reading.value = ""
            return
        shown = f"{value:g}"
        echo = text.strip() != shown
        self.reading.value = f'<span class="pm-status">read as {shown}</span>' if echo else ""

    def on_enter(self, callback) -> None:
        with warnings.catch_warnings():
            # Deprecated in ipywidgets 8 in favour of observing the value with
            # continuous_update off, which would also check on leaving the box.
            warnings.simplefilter("ignore", DeprecationWarning)
            self.text.on_submit(lambda _: callback())

    def get(self) -> str:
        return self.text.value

    def set(self, answer: object) -> None:
        self.text.value = answer if isinstance(answer, str) else f"{answer:g}"

    def clear(self) -> None:
        self.text.value = ""
        self.reading.value = ""

    def blank(self) -> tuple[int, int]:
        return int(not self.text.value.strip()), 1

    def mark(self, result: Result | None, open_all: bool = False, reveal: bool = True) -> None:
        pass  # one answer: its feedback is the feedback area below
