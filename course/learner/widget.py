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

Attempts, every type hint first: a wrong answer first gets which rows are
wrong (verdicts only, no explanation that gives the answer away) and a hint.
The explanations of rows (sort, match, choice, order) open after a second
wrong try or on Show answer; the key or worked solution of a number or a code
answer only on Show answer. Checking the same answer again is not another try
(so a double press counts once), nor is Check on a code exercise's untouched
starter; Reset starts the tries afresh. Any change to the answer clears the
marks at once, so they never describe an answer no longer on screen. See
docs/grading-rules.md, "Feedback".

Variants (:mod:`course.core.variants`): an exercise with a template is shown
at the learner's seed, the one their journal last recorded (0, as written,
for a first visit; in a student release a graded one starts at a seed of the
learner's own). After a wrong answer, or once the answer is shown, "Try a new
one" loads the next seed; the journal records it, so a restart shows it again.

Self-assessment (:mod:`course.learner.selfcheck`): a graded exercise whose
keys are not in the learner's copy offers "Mark it myself"; from then on it is
checked like any other, and its journal records say ``self_assessed``.
"""

from __future__ import annotations

import html
import warnings
from datetime import UTC, datetime

import ipywidgets as w

from course.core import paths, types, variants
from course.core.bank import has_keys, load_bank
from course.core.exercise import Exercise, Result
from course.core.grade import normalize
from course.core.wording import score_line
from course.errors import AnswerError, JournalError
from course.learner import controls, events, seeds, selfcheck
from course.learner.checking import grade_normalized
from course.learner.controls.common import STYLE
from course.learner.controls.feedback import feedback_html
from course.learner.journal import VARIANT, Journal

ROW_REVEAL_AFTER = 2  # wrong tries after which rows' explanations open by themselves
SELF_MARK = "Mark it myself"
TRY_NEW = "Try a new one"


def _when(stamp: str, zone=None) -> str:
    """A journal time in the learner's own time zone (``zone``: the computer's by default).

    >>> from datetime import timedelta, timezone
    >>> _when("2026-11-21T20:38:05.120+00:00", timezone(timedelta(hours=1), "CET"))
    'on 2026-11-21 at 21:38 CET'
    """
    try:
        moment = datetime.fromisoformat(stamp)
    except ValueError:
        return "earlier"
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    local = moment.astimezone(zone)
    return f"on {local:%Y-%m-%d} at {local:%H:%M} {local.tzname() or ''}".rstrip()


def _result_from(record: dict) -> Result | None:
    """The Result stored with a journal record (code answers), if any."""
    data = record.get("result")
    return Result.from_dict(data) if isinstance(data, dict) else None


class ExerciseWidget:
    """An exercise on screen: its controls, Check and Reset, feedback, and the journal."""

    def __init__(self, exercise: Exercise, journal: Journal, learner: str, seed: int = 0):
        self.base = exercise
        self.seed = seed  # the variant shown (course.core.variants); 0 is the exercise as written
        self.exercise = variants.variant(exercise, seed).for_learner(learner)
        self.kind = types.get(exercise.type)  # its policy: attempts, feedback layout
        self.grading = self.exercise  # with its keys, once the learner asks to mark it
        self.self_assessed = False
        self.journal = journal
        self.learner = learner
        self.result: Result | None = None
        self.checked: object = None  # the normalised answer of ``result``
        self.attempts = 0  # Checks of this exercise, earlier sessions included
        self.wrong = 0  # of which not fully right
        self.shown = False  # the key or worked solution is shown (until Reset)
        self.ever_shown = False  # ... or was, before a Reset
        self.busy = False
        self.open_all = False
        self.controls = controls.for_exercise(self.exercise, learner)
        self.recorded_only = not has_keys(self.exercise) and not self.kind.RUNS_CODE
        self.label = "Save answer" if self.recorded_only else "Check"
        self.check_button = w.Button(description=self.label, button_style="primary", icon="check")
        self.keyed = selfcheck.keyed(exercise) if not has_keys(exercise) else None
        self.self_button = w.Button(
            description=SELF_MARK,
            icon="user-check",
            tooltip=(
                "Studying alone? See the marks now. Your journal and your submission "
                "record that you marked it yourself."
            ),
            layout=w.Layout(display=None if self.keyed else "none", width="auto"),
        )
        self.self_button.add_class("pm-self-mark")
        self.self_button.on_click(lambda _: self.mark_myself())
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
        self.new_button = w.Button(
            description=TRY_NEW,
            icon="refresh",
            tooltip="The same exercise with new numbers: a fresh variant to practise on",
            layout=w.Layout(display="none", width="auto"),
        )
        self.new_button.add_class("pm-try-new")
        self.new_button.on_click(lambda _: self.new_variant())
        self.offers_new = variants.has_template(exercise) and not exercise.graded
        self.check_button.on_click(lambda _: self.check())
        self.answer_button.on_click(lambda _: self.show_answer())
        self.open_button.on_click(lambda _: self.toggle_explanations())
        self.reset_button.on_click(lambda _: self.reset())
        if hasattr(self.controls, "on_enter"):
            self.controls.on_enter(self.check)
        self.controls.on_change = self._moved
        self.status = w.HTML()
        self.status.add_class("pm-status")
        self.feedback = w.HTML()
        self.feedback.add_class("pm-feedback-area")
        graded = " · graded" if self.exercise.graded else ""
        points = f"{self.exercise.points:g} point{'s' if self.exercise.points != 1 else ''}"
        shown = f" · variant {seed}" if seed and variants.has_template(exercise) else ""
        self.header = header = w.HTML(
            f"{STYLE}<h4>{html.escape(self.exercise.title)}</h4>"
            f"<p>{self.exercise.prompt}</p>"
            # the id is for course staff (tooltip), not part of what a learner reads
            f'<small title="exercise id: {self.exercise.id}">{points}{graded}{shown}</small>'
        )
        buttons = w.HBox(
            [
                self.check_button,
                self.self_button,
                self.answer_button,
                self.open_button,
                self.reset_button,
                self.new_button,
            ],
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
        """Whether the explanations, key or worked solution are shown.

        Rows (sort, match, choice, order): after the second wrong try or on Show
        answer. Numeric and code: on Show answer only (a hint stays a hint).
        """
        if self.shown or (self.result is not None and self.result.score >= self.result.max_score):
            return True
        return not self.kind.ATTEMPTS and self.wrong >= ROW_REVEAL_AFTER

    def mark_myself(self) -> Result | None:
        """Self-assessment: check this graded exercise with its keys, from now on (journalled)."""
        if self.keyed is None:
            return None
        self._self_assessing()
        return self.check()

    def _self_assessing(self) -> None:
        self.self_assessed = True
        self.grading = variants.variant(self.keyed, self.seed).for_learner(self.learner)
        self.recorded_only = False
        self.label = self.check_button.description = "Check"
        self.self_button.layout.display = "none"
        self.result = self.checked = None

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
            what = self.kind.BLANK or "Choose for a row"
            self.feedback.value = f'<p class="pm-warn">{what} first, then press Check.</p>'
            return None
        if problem := getattr(self.controls, "not_ready", lambda _: None)(answer):
            self.feedback.value = f'<p class="pm-warn">{html.escape(problem)}</p>'
            return None  # the untouched starter, or a cell changed and not run: not a try
        if self.result is not None and answer == self.checked:
            self._show()  # the same answer again: not another try
            return self.result
        self._set_busy(True)
        try:
            result = grade_normalized(self.grading, answer)
        finally:
            self._set_busy(False)
        self.result, self.checked = result, answer
        self.attempts += 1
        if not result.recorded and result.score < result.max_score:
            self.wrong += 1
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
        if not self.kind.RUNS_CODE:
            return
        with self.check_button.hold_sync():
            self.check_button.disabled = busy
            self.check_button.icon = "hourglass-half" if busy else "check"
            self.check_button.description = "Checking…" if busy else self.label

    def _show(self) -> None:
        """Marks on the rows, the feedback area and the buttons for ``self.result``."""
        result = self.result
        if self.stale:
            self.stale = False
            self.box.remove_class("pm-stale")
        self.controls.mark(result, self.open_all, self.reveal)
        if result is None:
            self.feedback.value = ""
            self.answer_button.layout.display = self.open_button.layout.display = "none"
            self.new_button.layout.display = "none"
            return
        lines = []
        if self.kind.RUNS_CODE:
            lines = self.kind.grouped(result)
        self.feedback.value = feedback_html(
            self.grading, result, self.reveal, self.controls.blank(), lines
        )
        wrong = not result.recorded and result.score < result.max_score
        can_reveal = wrong and not self.reveal
        self.answer_button.layout.display = None if can_reveal else "none"
        rows = not self.kind.SINGLE_FEEDBACK and not result.recorded
        self.open_button.layout.display = None if rows else "none"
        offer = self.offers_new and not result.recorded and (wrong or self.shown)
        self.new_button.layout.display = None if offer else "none"

    stale = False

    def _moved(self) -> None:
        """The answer changed: the last check's marks no longer describe it, so they grey.

        The result is kept, so that changing the answer back and pressing Check
        shows it again without counting another try.
        """
        if self.stale or self.result is None:
            return
        self.stale = True
        # One class greys every mark at once (and says so, see STYLE): clearing each row's
        # note would cost a message a row now and another on the next Check.
        self.box.add_class("pm-stale")
        self.answer_button.layout.display = self.open_button.layout.display = "none"
        after = "to save it" if self.result.recorded else "to see how it does"
        self.feedback.value = (
            f'<p class="pm-status">Your answer changed since the last {self.label}: '
            f"press {self.label} {after}.</p>"
        )

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
            "answer_shown": self.shown or self.ever_shown,
            "wrong_tries": self.wrong,  # since the last Reset
            "revealed": self.shown,
            "seed": self.seed,  # the variant answered: the grader grades against it
        }
        if self.self_assessed:
            record["self_assessed"] = True
        if self.kind.RUNS_CODE:  # its sandbox run is not repeated on restore
            record["result"] = result.to_dict()
        notes = []
        if action == "show":
            record["action"] = "show"
        elif self.self_assessed:
            notes.append("Marked by yourself (self-assessment): your submission says so.")
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
            if self.seed:  # a variant's answer: the live view scores it against that variant
                event["seed"] = self.seed
            event.update(type=self.exercise.type, learner=self.learner, action=action)
            notes += events.emit(event)
        self.status.value = " · ".join(html.escape(n) for n in notes)

    def reset(self) -> None:
        """Clear the answer and the feedback, and start the tries afresh (hint first again).

        The journal keeps earlier answers, and that the answer was shown.
        """
        self.controls.clear()
        self.result = self.checked = None
        self.ever_shown = self.ever_shown or self.shown
        self.wrong, self.shown = 0, False
        self.open_all = False
        self.open_button.description = "Open all explanations"
        self._show()
        self.status.value = ""

    def restore(self) -> None:
        """Put back the learner's latest saved answer, with its marks and feedback."""
        try:
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                mine = [
                    r
                    for r in self.journal.records()
                    if r["exercise"] == self.exercise.id
                    and r.get("action") != VARIANT
                    and r.get("seed", 0) == self.seed
                ]
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
            self.ever_shown = any(r.get("answer_shown") for r in mine)
            self.shown = bool(record.get("revealed", self.ever_shown))
            self.wrong = record.get("wrong_tries", self.wrong)
            if self.keyed is not None and any(r.get("self_assessed") for r in mine):
                self._self_assessing()
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
        if self.kind.RUNS_CODE:
            result = _result_from(record)
        elif self.recorded_only or record.get("score") is not None:
            result = grade_normalized(self.grading, answer)  # pure and quick
        else:
            result = None
        self.result, self.checked = result, answer if result else None
        self._show()
        saved = f"Restored your answer saved {_when(record.get('time', ''))}"
        if result is not None and not result.recorded:
            return f"{saved}: {score_line(result.summary, result.score, result.max_score)}."
        return f"{saved}."

    def new_variant(self) -> None:
        """Load the next variant (Try a new one): new numbers, tries afresh; journalled."""
        if not self.offers_new:
            return
        seed = self.seed + 1
        record = {"exercise": self.base.id, "learner": self.learner, "action": VARIANT}
        try:
            made = variants.variant(self.base, seed).for_learner(self.learner)
            self.journal.append({**record, "seed": seed})
        except (variants.VariantError, JournalError, OSError) as error:
            self.status.value = f'<p class="pm-wrong">{html.escape(str(error))}</p>'
            return
        self.seed, self.exercise, self.grading = seed, made, made
        if not self.kind.RUNS_CODE:  # a code answer is kept: the function asked for is the same
            self.controls = controls.for_exercise(made, self.learner)
            if hasattr(self.controls, "on_enter"):
                self.controls.on_enter(self.check)
            self.controls.on_change = self._moved
            children = list(self.box.children)
            children[1] = self.controls.box
            self.box.children = children
        points = f"{made.points:g} point{'s' if made.points != 1 else ''}"
        self.header.value = (
            f"{STYLE}<h4>{html.escape(made.title)}</h4><p>{made.prompt}</p>"
            f"<small>{made.id} · {points} · variant {seed}</small>"
        )
        self.result = self.checked = None
        self.attempts = self.wrong = 0
        self.shown = self.ever_shown = self.open_all = False
        self._show()
        self.status.value = f"<p><i>Variant {seed}: new numbers, the same method.</i></p>"

    def _ipython_display_(self) -> None:
        from IPython.display import display

        display(self.box)


def show(
    exercise_id: str, *, bank=None, journal: Journal | None = None, seed: int | None = None
) -> ExerciseWidget:
    """Show exercise ``exercise_id`` as a widget; returns it so code can drive it.

    Parameters:
        exercise_id: the exercise's id (its file name in ``exercises/``).
        bank: a :class:`course.core.bank.Bank`; default, the course's bank.
        journal: where answers are saved; default, the learner's journal.
        seed: the variant to show (:mod:`course.core.variants`); default, the one
            the journal last recorded for it (:func:`course.learner.seeds.default_seed`).
    """
    exercise = (bank if bank is not None else load_bank())[exercise_id]
    journal = journal or Journal()
    learner = paths.learner_id()
    if seed is None:
        seed = seeds.default_seed(exercise, journal, learner)
    elif not isinstance(seed, int) or isinstance(seed, bool) or seed < 0:
        raise ValueError(f"seed must be a whole number >= 0, not {seed!r}")
    return ExerciseWidget(exercise, journal, learner, seed)
