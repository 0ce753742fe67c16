"""A short review set: the exercises this learner should practise again now.

>>> from datetime import UTC, datetime
>>> journal = Journal(tmp_path / "journal.jsonl")
>>> journal.append({"exercise": "cpi-numeric", "answer": 0.5, "score": 0.0, "max_score": 1.0,
...                 "time": "2026-12-01T09:00:00.000+00:00"})
>>> chosen = review_set(journal, 1, now=datetime(2026, 12, 4, 9, tzinfo=UTC))
>>> [(item.exercise, item.why) for item in chosen]
[('cpi-numeric', 'wrong last time, 3 days ago')]

In a notebook, ``course.review()`` (:func:`show`) shows the same set as exercise widgets.

Each practice exercise's Checks in the journal are replayed, oldest first, into
one card of the FSRS spaced-repetition scheduler (the ``fsrs`` package), rating
each Check from its result:

=====================================  ==========
Check                                  rating
=====================================  ==========
less than half the marks               Again
half the marks or more, not all        Hard
full marks on the first Check ever     Easy
full marks later                       Good
full marks with the answer on screen   Again (read, not recalled)
=====================================  ==========

The scheduler runs without learning steps (an exercise is not a flash card a
learner flips again ten minutes later) and without fuzz, so the same journal
always gives the same set: after a first Check an exercise is due again in 1
day (Again or Hard), 2 days (Good) or 8 days (Easy), and later intervals grow
with each right answer as FSRS's memory model says.

The set is filled, up to ``count`` items, with:

1. exercises **due** for review, most overdue first;
2. exercises **never right yet** (not due yet: tried within the last day),
   the one tried longest ago first;
3. exercises **not tried yet** in notebooks the learner has started, in
   course order.

Graded exercises (the capstones) are assessment and never in the set.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import fsrs

from course.content.notebooks import exercise_notebooks
from course.core.bank import load_bank
from course.errors import UsageError
from course.learner import mastery
from course.learner.journal import Journal

COUNT = 5  # items in a review set unless asked otherwise


@dataclass(frozen=True)
class Item:
    """One exercise in a review set, and why it is there.

    ``kind`` is ``"due"``, ``"not-right"`` or ``"not-tried"``; ``why`` says it
    in words ("wrong last time, 3 days ago"); ``due``, for a due item, is when
    the scheduler wanted it again (None for the others). ``seed``, for an
    exercise with variants, is a variant this learner has not seen (one past
    the highest seed in their journal), so a right answer there counts as
    mastery; None for an exercise without variants.
    """

    exercise: str
    notebook: str
    kind: str
    why: str
    due: datetime | None = None
    seed: int | None = None


def scheduler():
    """The FSRS scheduler every review set uses (no learning steps, no fuzz)."""
    return fsrs.Scheduler(learning_steps=(), relearning_steps=(), enable_fuzzing=False)


def rating(record: dict, first: bool):
    """The FSRS rating of one Check (see the table in the module's docstring)."""
    share = mastery.fraction(record)
    if share >= 1.0:
        if record.get("revealed"):
            return fsrs.Rating.Again
        return fsrs.Rating.Easy if first else fsrs.Rating.Good
    return fsrs.Rating.Hard if share >= 0.5 else fsrs.Rating.Again


def card(mine: list[dict], number: int = 0, schedule=None):
    """The FSRS card after replaying one exercise's Checks (oldest first)."""
    schedule = schedule or scheduler()
    state = fsrs.Card(card_id=number + 1)  # an id of our own: Card() would sleep 1 ms for one
    for index, record in enumerate(mine):
        state, _ = schedule.review_card(state, rating(record, index == 0), mastery.when(record))
    return state


def review_set(
    journal: Journal | None = None,
    count: int = COUNT,
    *,
    bank=None,
    folder: Path | None = None,
    now: datetime | None = None,
) -> list[Item]:
    """Up to ``count`` exercises to practise now, in the order of the module's docstring.

    Parameters:
        journal: the learner's answers; default, this learner's journal.
        count: how many items at most (default :data:`COUNT`).
        bank: the exercise bank; default, the course's.
        folder: the notebooks folder; default, the course's.
        now: the moment to schedule for (an aware datetime); default, now.
    """
    if isinstance(count, bool) or not isinstance(count, int) or count < 1:
        raise UsageError(f"count must be a whole number of exercises, 1 or more (got {count!r}).")
    bank = bank if bank is not None else load_bank()
    now = (now or datetime.now(UTC)).astimezone(UTC)
    notebooks = exercise_notebooks(folder)
    where = {
        exercise_id: notebook
        for exercise_id, notebook in notebooks.items()
        if exercise_id in bank and mastery.practice(bank[exercise_id])
    }
    records = (journal or Journal()).records()
    tried = mastery.checks(r for r in records if r["exercise"] in where)
    order = {exercise_id: index for index, exercise_id in enumerate(where)}
    schedule = scheduler()
    due, not_right = [], []
    for exercise_id, mine in tried.items():
        state = card(mine, order[exercise_id], schedule)
        last = mine[-1]
        if state.due <= now:
            due.append((state.due, exercise_id, last))
        elif not any(mastery.is_right(r) for r in mine):
            not_right.append((mastery.when(last), exercise_id, last))
    chosen = [
        Item(i, where[i], "due", _why_due(last, now), at, _fresh(bank[i], records))
        for at, i, last in sorted(due, key=lambda d: (d[0], order[d[1]]))
    ]
    chosen += [
        Item(
            i,
            where[i],
            "not-right",
            f"not right yet, tried {_ago(at, now)}",
            None,
            _fresh(bank[i], records),
        )  # fmt: skip
        for at, i, _ in sorted(not_right, key=lambda d: (d[0], order[d[1]]))
    ]
    started = {notebooks[r["exercise"]] for r in records if r["exercise"] in notebooks}
    chosen += [
        Item(i, notebook, "not-tried", "not tried yet, in a notebook you have started")
        for i, notebook in where.items()
        if notebook in started and i not in tried
    ]
    return chosen[:count]


def _fresh(exercise, records: list[dict]) -> int | None:
    """A seed this learner has not met for ``exercise`` (Checks and Try a new one alike)."""
    mine = [r for r in records if r["exercise"] == exercise.id]
    if not mastery.has_variants(exercise, mine):
        return None
    return max((mastery.seed(r) for r in mine), default=0) + 1


def _why_due(last: dict, now: datetime) -> str:
    ago = _ago(mastery.when(last), now)
    if mastery.is_right(last) and last.get("revealed"):
        return f"right with the answer shown last time, {ago}"
    if mastery.is_right(last):
        return f"due for review: right last time, {ago}"
    if mastery.fraction(last) >= 0.5:
        return f"partly right last time, {ago}"
    return f"wrong last time, {ago}"


def _ago(moment: datetime | None, now: datetime) -> str:
    """``3 days ago``, ``1 day ago``, ``5 hours ago``, ``less than an hour ago``."""
    if moment is None:
        return "some time ago"
    gap = now - moment
    if gap >= timedelta(days=1):
        return f"{gap.days} day{'s' if gap.days != 1 else ''} ago"
    hours = int(gap.total_seconds() // 3600)
    if hours >= 1:
        return f"{hours} hour{'s' if hours != 1 else ''} ago"
    return "less than an hour ago"


def text(items: list[Item], folder: Path | None = None) -> str:
    """The review set for the terminal: each exercise, why, and the notebook cell to run."""
    if not items:
        return (
            "Nothing to review now: no exercise is due, none is waiting to be got right, and "
            "every exercise in the notebooks you have started has been tried. "
            "Open the next notebook, or come back in a day or two."
        )
    n = len(items)
    where = f" (the notebooks are in {folder})" if folder else ""
    lines = [f"Review: {n} exercise{'s' if n != 1 else ''} to practise now{where}."]
    width = max(len(item.exercise) for item in items)
    for number, item in enumerate(items, 1):
        lines.append(f"{number:>2}. {item.exercise:<{width}}  {item.why}")
        run = f'open {item.notebook}.ipynb, run its course.show("{item.exercise}") cell'
        lines.append(f"    {'':<{width}}  {run}")
    lines += ["", "Or run course.review() in any notebook: this whole set there, ready to answer."]
    return "\n".join(lines)


class Review:
    """A review set on screen: a header, then each exercise's widget under why it is there.

    Each exercise starts blank (as after Reset), so it is answered from memory;
    the journal keeps every earlier answer.

    ``items`` is the set (:class:`Item`), ``widgets`` the exercise widgets in the
    same order (:class:`course.learner.widget.ExerciseWidget`), so code can drive them.
    """

    def __init__(self, items: list[Item], bank=None, journal: Journal | None = None):
        import ipywidgets as w

        from course.learner.widget import show

        self.items = items
        self.widgets = [
            show(item.exercise, bank=bank, journal=journal, seed=item.seed) for item in items
        ]
        for widget in self.widgets:
            widget.reset()  # blank, to answer from memory: the journal keeps the last answer
        parts = [w.HTML(_header(items))]
        for number, (item, widget) in enumerate(zip(items, self.widgets, strict=True), 1):
            parts += [w.HTML(_item_heading(number, item)), widget.box]
        self.box = w.VBox(parts)
        self.box.add_class("pm-review")

    def _ipython_display_(self) -> None:
        from IPython.display import display

        display(self.box)


def show(
    count: int = COUNT,
    *,
    journal: Journal | None = None,
    bank=None,
    folder: Path | None = None,
    now: datetime | None = None,
) -> Review:
    """Build the review set and show it as exercise widgets (what ``course.review()`` does)."""
    bank = bank if bank is not None else load_bank()
    items = review_set(journal, count, bank=bank, folder=folder, now=now)
    return Review(items, bank=bank, journal=journal)


def _header(items: list[Item]) -> str:
    if not items:
        return f"<p>{html.escape(text([]))}</p>"
    n = len(items)
    return (
        f"<h3>Review: {n} exercise{'s' if n != 1 else ''} to practise now</h3>"
        "<p>Chosen from your answers: first those due again (spaced so that each comes back "
        "about when you would start to forget it), then those not right yet, then ones you "
        "have not tried in notebooks you have started. Each starts blank, to answer from "
        "memory; your answers are saved as in the notebooks. Run "
        "<code>course.review()</code> again for the next set.</p>"
    )


def _item_heading(number: int, item: Item) -> str:
    why = html.escape(item.why[:1].upper() + item.why[1:])
    return (
        f'<p class="pm-review-why" style="margin-top: 1.5em"><b>{number}. {why}</b>'
        f" · from <code>{html.escape(item.notebook)}</code></p>"
    )
