"""Steps to put in order, each row with its own Up and Down buttons.

Buttons rather than a list box: in JupyterLab and Notebook 7 the arrow keys
belong to the notebook (ipywidgets issue #3912), while Tab and Enter reach
every button, so the order can be set with the keyboard alone.

Step 1 is the top row in every order exercise, the ladder's included (one
convention for the course). With ``ladder`` a ladder is drawn beside the rows,
as a ladder stands: step 1 is its bottom rung, the last step its top. The
ladder is HTML, redrawn on every move in well under a millisecond of kernel time (a
matplotlib figure took 0.4-0.9 s a click).
"""

from __future__ import annotations

import html

import ipywidgets as w

from course.core.exercise import Result
from course.learner.controls.common import Changes, full_width, note_html, verdicts


class OrderControls(Changes):
    """Items ``(id, text)`` in their starting order (step 1 first)."""

    def __init__(self, items: list[tuple[str, str]], title: str, ladder: bool = False):
        self.texts = dict(items)
        self.title = title
        self.ladder = ladder
        self.start = [i for i, _ in items]
        self.rows = list(self.start)  # rows as shown, top first: step 1 on top
        n = len(items)
        self.steps = [w.HTML(layout=w.Layout(width="auto", flex="1 1 auto")) for _ in items]
        for step in self.steps:
            step.add_class("pm-step")
        self.ups = [self._button("Up", "arrow-up", r, -1) for r in range(n)]
        self.downs = [self._button("Down", "arrow-down", r, +1) for r in range(n)]
        lines = []
        for up, down, step in zip(self.ups, self.downs, self.steps, strict=True):
            # The step's note is in the step's own HTML: one message per row on a check.
            line = w.HBox([up, down, step], layout=full_width(align_items="flex-start"))
            line.add_class("pm-row")
            lines.append(line)
        self.figure = w.HTML(layout=w.Layout(width="auto", flex="0 1 34%"))
        self.figure.add_class("pm-ladder-figure")
        self.redraws = 0
        self.result: Result | None = None
        where = "Step 1 is the top row."
        if ladder:
            where += " The ladder beside it stands as a ladder does: step 1 is its bottom rung."
        hint = w.HTML(
            f"<i>{where} Tab to a step's Up or Down button and press Enter to move that step.</i>"
        )
        steps = w.VBox(lines, layout=w.Layout(flex="1 1 66%"))
        steps.add_class("pm-order-steps")
        body = w.HBox([steps, self.figure] if ladder else [steps], layout=full_width())
        self.box = w.VBox([hint, body], layout=full_width())
        self._refresh()

    def _button(self, label: str, icon: str, row: int, step: int) -> w.Button:
        button = w.Button(description=label, icon=icon, layout=w.Layout(width="6.5em"))
        button.add_class(f"pm-move-{label.lower()}")
        button.on_click(lambda _: self.move(row, step))
        return button

    def move(self, row: int, step: int) -> None:
        """Move the step in row ``row`` (0 = top) one row up (-1) or down (+1)."""
        to = row + step
        if 0 <= row < len(self.rows) and 0 <= to < len(self.rows):
            self.rows[row], self.rows[to] = self.rows[to], self.rows[row]
            self.result = None
            self._refresh()
            self._follow(to, step)
            self.changed()

    def _follow(self, row: int, step: int) -> None:
        """Focus the moved step's button of the same direction (the other at an end),
        so a second Enter moves the same step again."""
        same, other = (self.ups, self.downs) if step < 0 else (self.downs, self.ups)
        button = same[row] if not same[row].disabled else other[row]
        button.focus()

    def _number(self, row: int) -> int:
        return row + 1

    def _refresh(self) -> None:
        found = verdicts(self.result)
        for row, (step, item) in enumerate(zip(self.steps, self.rows, strict=True)):
            text = html.escape(self.texts[item])
            line = f"{self._number(row)}. {text}"  # its mark leads the note below
            note = note_html(found.get(item), self.open_all, self.reveal)
            note = f'<div class="pm-note">{note}</div>' if note else ""
            step.value = f'<div class="pm-step-text">{line}</div>{note}'
            self.ups[row].tooltip = f"Move {self.texts[item]} up"
            self.downs[row].tooltip = f"Move {self.texts[item]} down"
        for row, (up, down) in enumerate(zip(self.ups, self.downs, strict=True)):
            up.disabled = row == 0
            down.disabled = row == len(self.rows) - 1
        self.redraw()

    open_all = False
    reveal = True

    def redraw(self) -> None:
        """Draw the ladder (coloured by correctness after a check), if the exercise has one."""
        if not self.ladder:
            return
        found = verdicts(self.result)
        rungs = []
        for row, item in reversed(list(enumerate(self.rows))):  # the top rung first
            tone = ""
            if item in found:
                tone = " pm-rung-right" if found[item].correct else " pm-rung-wrong"
            text = f"{self._number(row)}. {html.escape(self.texts[item])}"
            rungs.append(f'<div class="pm-rung{tone}">{text}</div>')
        label = html.escape(f"{self.title}: the ladder as it stands, top rung first")
        self.figure.value = (
            f'<div class="pm-ladder" role="img" aria-label="{label}">{"".join(rungs)}</div>'
        )
        self.redraws += 1

    def get(self) -> list:
        """The order, step 1 first."""
        return list(self.rows)

    def set(self, answer: list) -> None:
        if sorted(answer) == sorted(self.rows):
            self.rows = list(answer)
            self.result = None
            self._refresh()

    def clear(self) -> None:
        self.open_all = False
        self.set(self.start)

    def blank(self) -> tuple[int, int]:
        return 0, len(self.rows)  # every step always has a place

    def mark(self, result: Result | None, open_all: bool = False, reveal: bool = True) -> None:
        self.result, self.open_all, self.reveal = result, open_all, reveal
        self._refresh()
