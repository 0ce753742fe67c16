"""Exercise widgets: stock ipywidgets only, every control reachable by keyboard.

>>> w = show("cert-match")          # in a notebook: displays the exercise
>>> w.answer = {"pmp": "project-manager"}
>>> w.check().summary               # the same call the Check button makes
'1 of 5 pairs right'

``show`` builds an :class:`ExerciseWidget` around the controls of the
exercise's type (``course.learner.controls.for_exercise``, built from
``course.learner.controls``), restores the learner's last answer from the journal with
its marks and feedback, and on Check calls :func:`course.grade`, appends the
answer to the journal and tells :mod:`course.learner.events` listeners.

Attempts (numeric and code): a wrong answer first gets what is wrong and a
hint; the key or worked solution shows after a second wrong answer or when the
learner presses Show answer. Checking the same answer again is not another
try (so a double press counts once). See docs/grading-rules.md, "Feedback".
"""

from __future__ import annotations

import html
import warnings

import ipywidgets as w

from course.core import paths, types
from course.core.bank import has_keys, load_bank
from course.core.exercise import Exercise, Result
from course.core.grade import normalize
from course.core.wording import score_line
from course.errors import AnswerError, JournalError
from course.learner import controls, events
from course.learner.checking import grade_normalized
from course.learner.controls.common import STYLE
from course.learner.controls.feedback import feedback_html
from course.learner.journal import Journal


def _when(stamp: str) -> str:
    """``2026-11-21T20:38:05.120+00:00`` -> ``on 2026-11-21 at 20:38 UTC``."""
    if len(stamp) < 16:
        return "earlier"
    return f"on {stamp[:10]} at {stamp[11:16]} UTC"


def _result_from(record: dict) -> Result | None:
    """The Result stored with a journal record (code answers), if any."""
    data = record.get("result")
    return Result.from_dict(data) if isinstance(data, dict) else None


class ExerciseWidget:
    """An exercise on screen: its controls, Check and Reset, feedback, and the journal."""

    def __init__(self, exercise: Exercise, journal: Journal, learner: str):
        self.exercise = exercise.for_learner(learner)
        self.kind = types.get(exercise.type)  # its policy: attempts, feedback layout
        self.journal = journal
        self.learner = learner
        self.result: Result | None = None
        self.checked: object = None  # the normalised answer of ``result``
        self.attempts = 0  # Checks of this exercise, earlier sessions included
        self.wrong = 0  # of which not fully right
        self.shown = False  # the key or worked solution was shown
        self.busy = False
        self.open_all = False
        self.controls = controls.for_exercise(self.exercise, learner)
        self.recorded_only = not has_keys(self.exercise) and self.exercise.type != "code"
        self.label = "Save answer" if self.recorded_only else "Check"
        self.check_button = w.Button(description=self.label, button_style="primary", icon="check")
        self.answer_button = w.Button(
            description="Show answer",
            icon="eye",
            tooltip="Show the answer and its worked explanation",
            layout=w.Layout(display="none", width="auto"),
        )
        self.open_button = w.Button(
            description="Open all explanations",
            icon="list",
            layout=w.Layout(display="none", width="auto"),
        )
        self.reset_button = w.Button(description="Reset", icon="undo")
        self.check_button.on_click(lambda _: self.check())
        self.answer_button.on_click(lambda _: self.show_answer())
        self.open_button.on_click(lambda _: self.toggle_explanations())
        self.reset_button.on_click(lambda _: self.reset())
        if hasattr(self.controls, "on_enter"):
            self.controls.on_enter(self.check)
        if hasattr(self.controls, "on_change"):
            self.controls.on_change = self._moved
        self.status = w.HTML()
        self.status.add_class("pm-status")
        self.feedback = w.HTML()
        self.feedback.add_class("pm-feedback-area")
        graded = " · graded" if self.exercise.graded else ""
        points = f"{self.exercise.points:g} point{'s' if self.exercise.points != 1 else ''}"
        header = w.HTML(
            f"{STYLE}<h4>{html.escape(self.exercise.title)}</h4>"
            f"<p>{self.exercise.prompt}</p>"
            f"<small>{self.exercise.id} · {points}{graded}</small>"
        )
        buttons = w.HBox(
            [self.check_button, self.answer_button, self.open_button, self.reset_button],
            layout=w.Layout(flex_flow="row wrap"),
        )
        self.box = w.VBox([header, self.controls.box, buttons, self.feedback, self.status])
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

    @property
    def reveal(self) -> bool:
        """Whether the key or worked solution is shown (always, outside numeric and code)."""
        return not self.kind.ATTEMPTS or self.shown or self.wrong >= 2

    def check(self) -> Result | None:
        """Grade the current answer, show feedback, save it: what the Check button does."""
        if self.busy:
            return None  # a second press while the first check runs
        try:
            answer = normalize(self.exercise, self.controls.get())
        except AnswerError as error:
            self.feedback.value = f'<p class="pm-wrong">{html.escape(error.reason)}</p>'
            return None
        empty, rows = self.controls.blank()
        if not self.recorded_only and rows and empty == rows:
            what = "Tick an option" if self.exercise.type == "choice" else "Choose for a row"
            self.feedback.value = f'<p class="pm-warn">{what} first, then press Check.</p>'
            return None
        if self.result is not None and answer == self.checked:
            self._show()  # the same answer again: not another try
            return self.result
        self._set_busy(True)
        try:
            result = grade_normalized(self.exercise, answer)
        finally:
            self._set_busy(False)
        self.result, self.checked = result, answer
        self.attempts += 1
        if not result.recorded and result.score < result.max_score:
            self.wrong += 1
        self.shown = self.shown or (self.reveal and self.kind.ATTEMPTS)
        self._show()
        self._save(answer, result, "save" if result.recorded else "check")
        return result

    def _set_busy(self, busy: bool) -> None:
        """While a check runs: the button says so and cannot be pressed again.

        Shown only for code, whose check runs a sandbox process (up to its time
        limit); other checks take well under a millisecond, and showing it would
        cost two round trips of the button for a flicker nobody could read.
        """
        self.busy = busy
        if self.exercise.type != "code":
            return
        with self.check_button.hold_sync():
            self.check_button.disabled = busy
            self.check_button.icon = "hourglass-half" if busy else "check"
            self.check_button.description = "Checking…" if busy else self.label

    def _show(self) -> None:
        """Marks on the rows, the feedback area and the buttons for ``self.result``."""
        result = self.result
        self.controls.mark(result, self.open_all)
        if result is None:
            self.feedback.value = ""
            self.answer_button.layout.display = self.open_button.layout.display = "none"
            return
        lines = []
        if self.exercise.type == "code":
            lines = types.get("code").grouped(result)
        self.feedback.value = feedback_html(
            self.exercise, result, self.reveal, self.controls.blank(), lines
        )
        wrong = not result.recorded and result.score < result.max_score
        can_reveal = self.kind.ATTEMPTS and wrong and not self.reveal
        self.answer_button.layout.display = None if can_reveal else "none"
        rows = not self.kind.SINGLE_FEEDBACK and not result.recorded
        self.open_button.layout.display = None if rows else "none"

    def _moved(self) -> None:
        """A step moved: the last check's marks and summary no longer describe the rows."""
        if self.result is not None:
            self.result = self.checked = None
            self._show()

    def show_answer(self) -> None:
        """Show the key or worked solution now (the Show answer button); journalled."""
        if self.result is None or self.shown:
            return
        self.shown = True
        self._show()
        self._save(self.checked, self.result, "show")

    def toggle_explanations(self) -> None:
        """Open every row's explanation, or fold the right ones again."""
        self.open_all = not self.open_all
        self.open_button.description = (
            "Fold right rows" if self.open_all else "Open all explanations"
        )
        self._show()

    def _save(self, answer: object, result: Result, action: str) -> None:
        record = {
            "exercise": self.exercise.id,
            "learner": self.learner,
            "answer": answer,
            "score": None if result.recorded else result.score,
            "max_score": result.max_score,
            "attempts": self.attempts,
            "answer_shown": self.shown,
        }
        if self.exercise.type == "code":  # its sandbox run is not repeated on restore
            record["result"] = result.to_dict()
        notes = []
        if action == "show":
            record["action"] = "show"
        else:
            origin = getattr(self.controls, "origin", "")
            notes += [origin] if origin else []
        try:
            self.journal.append(record)
        except (JournalError, OSError) as error:
            self.status.value = f'<p class="pm-wrong">{html.escape(str(error))}</p>'
            return
        if action != "show":
            event = {k: record[k] for k in ("exercise", "answer", "score", "max_score")}
            event.update(type=self.exercise.type, learner=self.learner, action=action)
            notes += events.emit(event)
        self.status.value = " · ".join(html.escape(n) for n in notes)

    def reset(self) -> None:
        """Clear the answer and the feedback (the journal keeps earlier answers)."""
        self.controls.clear()
        self.result = self.checked = None
        self.open_all = False
        self.open_button.description = "Open all explanations"
        self._show()
        self.status.value = ""

    def restore(self) -> None:
        """Put back the learner's latest saved answer, with its marks and feedback."""
        try:
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                mine = [r for r in self.journal.records() if r["exercise"] == self.exercise.id]
        except JournalError as error:
            self.status.value = f'<p class="pm-wrong">{html.escape(str(error))}</p>'
            return
        notes = [str(c.message) for c in caught]
        if mine:
            record = mine[-1]
            self.attempts = max(len([r for r in mine if r.get("action") != "show"]), 1)
            self.wrong = sum(
                1
                for r in mine
                if r.get("action") != "show"
                and r.get("score") is not None
                and r["score"] < r.get("max_score", 1)
            )
            self.shown = any(r.get("answer_shown") for r in mine)
            try:
                notes.append(self._restore(record))
            except (KeyError, TypeError, ValueError, AttributeError, AnswerError):
                self.controls.clear()
                self.result = self.checked = None
                notes.append("Your saved answer no longer fits this exercise; start afresh.")
        self.status.value = "".join(f"<p><i>{html.escape(n)}</i></p>" for n in notes)

    def _restore(self, record: dict) -> str:
        """Restore ``record``'s answer and its result; returns the note saying so."""
        self.controls.set(record["answer"])
        answer = normalize(self.exercise, record["answer"])
        if self.exercise.type == "code":
            result = _result_from(record)
        elif self.recorded_only or record.get("score") is not None:
            result = grade_normalized(self.exercise, answer)  # pure and quick
        else:
            result = None
        self.result, self.checked = result, answer if result else None
        self._show()
        saved = f"Restored your answer saved {_when(record.get('time', ''))}"
        if result is not None and not result.recorded:
            return f"{saved}: {score_line(result.summary, result.score, result.max_score)}."
        return f"{saved}."

    def _ipython_display_(self) -> None:
        from IPython.display import display

        display(self.box)


def show(exercise_id: str, *, bank=None, journal: Journal | None = None) -> ExerciseWidget:
    """Show exercise ``exercise_id`` as a widget; returns it so code can drive it.

    Parameters:
        exercise_id: the exercise's id (its file name in ``exercises/``).
        bank: a :class:`course.core.bank.Bank`; default, the course's bank.
        journal: where answers are saved; default, the learner's journal.
    """
    exercise = (bank if bank is not None else load_bank())[exercise_id]
    return ExerciseWidget(exercise, journal or Journal(), paths.learner_id())
