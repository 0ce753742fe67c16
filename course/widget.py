"""Exercise widgets: stock ipywidgets only, every control reachable by keyboard.

>>> w = show("cert-match")          # in a notebook: displays the exercise
>>> w.answer = {"pmp": "project-manager"}
>>> w.check().summary               # the same call the Check button makes
'1 of 5 pairs right'

``show`` builds an :class:`ExerciseWidget` around the controls of the
exercise's type (``course.types.<type>.render``), restores the learner's last
answer from the journal, and on Check calls :func:`course.grade` and appends
the answer to the journal.
"""

from __future__ import annotations

import html
import warnings

import ipywidgets as w

from course import events, paths, types
from course.bank import has_keys, load_bank
from course.errors import AnswerError, JournalError
from course.exercise import Exercise, Result
from course.grading import grade_normalized, normalize
from course.journal import Journal

CHOOSE = "— choose —"
STYLE = """<style>
.pm-exercise {border-left: 4px solid #4477aa; padding-left: 12px; margin: 8px 0}
.pm-code textarea {font-family: monospace; font-size: 13px}
.pm-right {color: #1b7837} .pm-wrong {color: #b2182b}
.pm-feedback li {margin-bottom: 4px}
.pm-choice .widget-checkbox {height: auto; min-height: var(--jp-widgets-inline-height);
  margin-left: 0; margin-right: 0}
.pm-choice .widget-checkbox .widget-label-basic {display: flex; align-items: flex-start;
  white-space: normal; overflow: visible; line-height: 1.4; padding: 5px 0}
.pm-choice .widget-checkbox input[type='checkbox'] {flex: none; margin: 2px 8px 0 0;
  align-self: flex-start}
.pm-choice .widget-checkbox .widget-label-basic span {flex: 1 1 auto; min-width: 0}
.pm-order-steps .widget-button {flex: none}
.pm-order-steps .widget-html-content {line-height: 1.4; padding: 5px 0 5px 4px}
</style>"""


def _full_width(**extra) -> w.Layout:
    return w.Layout(width="100%", **extra)


class PickControls:
    """One dropdown per row (categorize, match): Tab to a row, arrows to choose."""

    def __init__(self, rows: list[tuple[str, str]], options: list[tuple[str, str]]):
        self.labels = {}
        self.pickers = {}
        lines = []
        for row_id, text in rows:
            label = w.HTML(html.escape(text), layout=w.Layout(width="60%"))
            picker = w.Dropdown(
                options=[(CHOOSE, None), *options],
                value=None,
                description="",
                layout=w.Layout(width="38%"),
            )
            picker.add_class(f"pm-pick-{row_id}")
            self.labels[row_id], self.pickers[row_id] = label, picker
            lines.append(w.HBox([label, picker], layout=_full_width()))
        self.texts = dict(rows)
        hint = w.HTML(
            "<i>Keyboard: Tab to a row, press Space to open its list, then the arrow "
            "keys and Enter to choose.</i>"
        )
        self.box = w.VBox([hint, *lines], layout=_full_width())

    def get(self) -> dict:
        return {k: p.value for k, p in self.pickers.items() if p.value is not None}

    def set(self, answer: dict) -> None:
        for row_id, picker in self.pickers.items():
            picker.value = answer.get(row_id)

    def clear(self) -> None:
        self.set({})
        self.mark(None)

    def mark(self, result: Result | None) -> None:
        verdicts = {f.item: f.correct for f in result.items} if result else {}
        for row_id, label in self.labels.items():
            text = html.escape(self.texts[row_id])
            if row_id in verdicts:
                ok = verdicts[row_id]
                sign = '<b class="pm-right">✓</b> ' if ok else '<b class="pm-wrong">✗</b> '
                text = sign + text
            label.value = text


class OrderControls:
    """One row per step with its own Up and Down buttons; redraws the ladder on each move.

    Buttons rather than a list box: in JupyterLab and Notebook 7 the arrow keys
    belong to the notebook (ipywidgets issue #3912), while Tab and Enter reach
    every button, so the order can be set with the keyboard alone.
    """

    def __init__(self, items: list[tuple[str, str]], title: str, ladder: bool = False):
        self.texts = dict(items)
        self.title = title
        self.order = [i for i, _ in items]
        self.steps = [w.HTML(layout=w.Layout(width="auto")) for _ in items]
        self.ups = [self._button("Up", "arrow-up", n, -1) for n in range(len(items))]
        self.downs = [self._button("Down", "arrow-down", n, +1) for n in range(len(items))]
        parts = zip(self.ups, self.downs, self.steps, strict=True)
        rows = [w.HBox([up, down, step]) for up, down, step in parts]
        self.figure = w.Output()
        self.ladder = ladder
        self.redraws = 0
        self.correct: list[bool] | None = None
        hint = w.HTML(
            "<i>Step 1 is the top row. Tab to a step's Up or Down button and press "
            "Enter to move that step.</i>"
        )
        rows_box = w.VBox(rows)
        rows_box.add_class("pm-order-steps")
        self.box = w.VBox([hint, rows_box, self.figure])
        self._refresh()

    def _button(self, label: str, icon: str, position: int, step: int) -> w.Button:
        button = w.Button(description=label, icon=icon, layout=w.Layout(width="6.5em"))
        button.add_class(f"pm-move-{label.lower()}")
        button.on_click(lambda _: self.move(position, step))
        return button

    def move(self, position: int, step: int) -> None:
        """Move the item at ``position`` (0 = first) one step up (-1) or down (+1)."""
        to = position + step
        if 0 <= position < len(self.order) and 0 <= to < len(self.order):
            self.order[position], self.order[to] = self.order[to], self.order[position]
            self._refresh()

    def _refresh(self) -> None:
        self.correct = None
        for n, (step, item) in enumerate(zip(self.steps, self.order, strict=True)):
            step.value = f"{n + 1}. {html.escape(self.texts[item])}"
            self.ups[n].tooltip = f"Move {self.texts[item]} up"
            self.downs[n].tooltip = f"Move {self.texts[item]} down"
        self.ups[0].disabled = self.downs[-1].disabled = True
        self.redraw()

    def redraw(self) -> None:
        """Draw the sequence as a ladder (coloured by correctness after a check), if asked."""
        if not self.ladder:
            return
        from IPython.display import display

        from course.figures import ladder

        fig = ladder([self.texts[i] for i in self.order], correct=self.correct, title=self.title)
        with self.figure:
            self.figure.clear_output(wait=True)
            display(fig)
        self.redraws += 1

    def get(self) -> list:
        return list(self.order)

    def set(self, answer: list) -> None:
        if sorted(answer) == sorted(self.order):
            self.order = list(answer)
            self._refresh()

    def clear(self) -> None:
        self.order = sorted(self.order, key=list(self.texts).index)
        self._refresh()

    def mark(self, result: Result | None) -> None:
        graded = result is not None and not result.recorded
        self.correct = [f.correct for f in result.items] if graded else None
        self.redraw()


class ChoiceControls:
    """One check box per option; with one answer, ticking a box clears the others.

    Check boxes rather than radio buttons: radio buttons change with the arrow
    keys, which the notebook takes (ipywidgets issue #3912); a check box is
    reached with Tab and ticked with Space.
    """

    def __init__(self, options: list[tuple[str, str]], multiple: bool):
        self.multiple = multiple
        self.boxes = {
            oid: w.Checkbox(
                description=text,
                value=False,
                indent=False,
                description_allow_html=False,
                layout=_full_width(),
                style={"description_width": "initial"},
            )
            for text, oid in options
        }
        if not multiple:
            for oid, box in self.boxes.items():
                box.observe(lambda change, oid=oid: self._only(oid, change["new"]), "value")
        hint = "Tick every option that applies." if multiple else "Tick one option."
        self.box = w.VBox([w.HTML(f"<i>{hint}</i>"), *self.boxes.values()], layout=_full_width())
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

    def mark(self, result: Result | None) -> None:
        pass  # per-option feedback is listed below the controls


class NumberControls:
    """A text box for a number (accepts 1,250.5 or $1200), with its unit."""

    def __init__(self, unit: str):
        self.text = w.Text(placeholder="type a number", layout=w.Layout(width="16em"))
        self.text.add_class("pm-number")
        self.box = w.HBox([self.text, w.Label(unit)])

    def get(self) -> str:
        return self.text.value

    def set(self, answer: object) -> None:
        self.text.value = answer if isinstance(answer, str) else f"{answer:g}"

    def clear(self) -> None:
        self.text.value = ""

    def mark(self, result: Result | None) -> None:
        pass


class CodeControls:
    """A text area holding the learner's function (starts with the starter code)."""

    def __init__(self, starter: str):
        self.starter = starter.strip("\n") + "\n"
        rows = max(8, self.starter.count("\n") + 4)
        self.text = w.Textarea(value=self.starter, rows=rows, layout=_full_width())
        self.text.add_class("pm-code")
        self.box = self.text

    def get(self) -> str:
        return self.text.value

    def set(self, answer: str) -> None:
        self.text.value = answer

    def clear(self) -> None:
        self.text.value = self.starter

    def mark(self, result: Result | None) -> None:
        pass


def _when(stamp: str) -> str:
    """``2026-11-21T20:38:05.120+00:00`` -> ``on 2026-11-21 at 20:38 UTC``."""
    if len(stamp) < 16:
        return "earlier"
    return f"on {stamp[:10]} at {stamp[11:16]} UTC"


def feedback_html(exercise: Exercise, result: Result) -> str:
    """The feedback a learner sees after Check, as HTML."""
    score = f"{result.score:g} / {result.max_score:g}"
    if result.recorded:
        head = f"<p><b>{html.escape(result.summary)}</b></p>"
    else:
        head = f"<p><b>Score: {score}</b> ({html.escape(result.summary)})</p>"
    rows = []
    for f in result.items:
        if result.recorded and exercise.type != "code":
            break
        sign = '<b class="pm-right">✓</b>' if f.correct else '<b class="pm-wrong">✗</b>'
        label = f"<b>{html.escape(f.label)}</b>: " if f.label else ""
        rows.append(f"<li>{sign} {label}{html.escape(f.message)}</li>")
    tail = ""
    if exercise.type == "code" and "explanation" in exercise.data:
        tail = f"<p><i>{html.escape(exercise.data['explanation'])}</i></p>"
    items = f"<ul>{''.join(rows)}</ul>" if rows else ""
    return f'<div class="pm-feedback" data-score="{result.score:g}">{head}{items}{tail}</div>'


class ExerciseWidget:
    """An exercise on screen: its controls, Check and Reset, feedback, and the journal."""

    def __init__(self, exercise: Exercise, journal: Journal, learner: str):
        self.exercise = exercise.for_learner(learner)
        self.journal = journal
        self.learner = learner
        self.result: Result | None = None
        self.controls = types.get(self.exercise.type).render(self.exercise, learner)
        recorded_only = not has_keys(self.exercise) and self.exercise.type != "code"
        self.check_button = w.Button(
            description="Save answer" if recorded_only else "Check",
            button_style="primary",
            icon="check",
        )
        self.reset_button = w.Button(description="Reset", icon="undo")
        self.check_button.on_click(lambda _: self.check())
        self.reset_button.on_click(lambda _: self.reset())
        self.status = w.HTML()
        self.feedback = w.HTML()
        self.feedback.add_class("pm-feedback-area")
        graded = " · graded" if self.exercise.graded else ""
        points = f"{self.exercise.points:g} point{'s' if self.exercise.points != 1 else ''}"
        header = w.HTML(
            f"{STYLE}<h4>{html.escape(self.exercise.title)}</h4>"
            f"<p>{self.exercise.prompt}</p>"
            f"<small>{self.exercise.id} · {points}{graded}</small>"
        )
        buttons = w.HBox([self.check_button, self.reset_button])
        self.box = w.VBox([header, self.controls.box, buttons, self.status, self.feedback])
        self.box.add_class("pm-exercise")
        self.box.add_class(f"pm-exercise-{self.exercise.id}")
        self.restore()

    @property
    def answer(self) -> object:
        """The answer as the controls hold it now (the shape ``grade`` takes)."""
        return self.controls.get()

    @answer.setter
    def answer(self, value: object) -> None:
        self.controls.set(value)

    def check(self) -> Result | None:
        """Grade the current answer, show feedback, save it: what the Check button does."""
        try:
            answer = normalize(self.exercise, self.controls.get())
            result = grade_normalized(self.exercise, answer)
        except AnswerError as error:
            self.feedback.value = f'<p class="pm-wrong">{html.escape(error.reason)}</p>'
            return None
        self.result = result
        self.controls.mark(result)
        self.feedback.value = feedback_html(self.exercise, result)
        self._save(answer, result)
        return result

    def _save(self, answer: object, result: Result) -> None:
        record = {
            "exercise": self.exercise.id,
            "learner": self.learner,
            "answer": answer,
            "score": None if result.recorded else result.score,
            "max_score": result.max_score,
        }
        try:
            self.journal.append(record)
            self.status.value = ""
        except (JournalError, OSError) as error:
            self.status.value = f'<p class="pm-wrong">{html.escape(str(error))}</p>'
        action = "save" if self.check_button.description == "Save answer" else "check"
        notices = events.emit({**record, "type": self.exercise.type, "action": action})
        self.status.value += "".join(f"<p><i>{html.escape(n)}</i></p>" for n in notices)

    def reset(self) -> None:
        """Clear the answer and the feedback (the journal keeps earlier answers)."""
        self.controls.clear()
        self.result = None
        self.feedback.value = ""
        self.status.value = ""

    def restore(self) -> None:
        """Put back the learner's latest saved answer, if there is one."""
        try:
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                record = self.journal.latest().get(self.exercise.id)
        except JournalError as error:
            self.status.value = f'<p class="pm-wrong">{html.escape(str(error))}</p>'
            return
        notes = [str(c.message) for c in caught]
        if record is not None:
            try:
                self.controls.set(record["answer"])
                score = record.get("score")
                shown = (
                    f", score {score:g} / {record.get('max_score', 1):g}"
                    if score is not None
                    else ""
                )
                notes.append(f"Restored your answer saved {_when(record.get('time', ''))}{shown}.")
            except (KeyError, TypeError, ValueError, AttributeError):
                notes.append("Your saved answer no longer fits this exercise; start afresh.")
        self.status.value = "".join(f"<p><i>{html.escape(n)}</i></p>" for n in notes)

    def _ipython_display_(self) -> None:
        from IPython.display import display

        display(self.box)


def show(exercise_id: str, *, bank=None, journal: Journal | None = None) -> ExerciseWidget:
    """Show exercise ``exercise_id`` as a widget; returns it so code can drive it.

    Parameters:
        exercise_id: the exercise's id (its file name in ``exercises/``).
        bank: a :class:`course.bank.Bank`; default, the course's bank.
        journal: where answers are saved; default, the learner's journal.
    """
    exercise = (bank if bank is not None else load_bank())[exercise_id]
    return ExerciseWidget(exercise, journal or Journal(), paths.learner_id())
