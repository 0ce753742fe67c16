"""Per-student feedback: one self-contained HTML file per student, from the gradebook.

For example (not run as a doctest: it works on real course files)::

    with open_existing("class.sqlite") as book:
        len(write_feedback(book, "feedback/"))
    # 212

Each page shows the total, a score per exercise and the feedback on every
item. The gradebook keeps each answer, not its feedback: the feedback on an
item is computed here by :func:`course.grade`, the one grading function, from
the stored answer and the exercise as it was graded (the gradebook keeps the
bank of every grading run), so it is the feedback the grader computed. Code
answers are the exception: their checks ran in the sandbox once, and their
feedback was stored then.

Pages have no scripts, no external links or images, and every text is
HTML-escaped. Hidden checks of code exercises are reported as passed or failed
only: their inputs, and error messages that could quote them, never appear.
"""

from __future__ import annotations

import hashlib
import html
import os
import stat
from pathlib import Path

from course.content.notebooks import in_notebook_order
from course.core.files import write_atomic
from course.core.grade import grade
from course.core.types.code import hidden_failures
from course.errors import AnswerError, UsageError
from course.instructor.gradebook import Gradebook
from course.instructor.graded import with_counts
from course.sandbox.jobs import error_kind

STYLE = """
body {font-family: system-ui, sans-serif; max-width: 52em; margin: 2em auto; color: #222;
      overflow-wrap: anywhere}
table {border-collapse: collapse} td, th {padding: 2px 10px; text-align: left}
th {border-bottom: 1px solid #999} td.num {text-align: right}
.right {color: #1b7837} .wrong {color: #b2182b}
section {border-left: 4px solid #4477aa; padding-left: 12px; margin: 1.5em 0}
li {margin-bottom: 4px}
.skipped {color: #555; margin: 1em 0} .skipped ul {columns: 2 18em}
.late {color: #b2182b} .note {color: #555} table.assignments {margin: .5em 0 1em}
table.assignments td {vertical-align: top} table.assignments .when {white-space: nowrap}
table.assignments td.num, table.assignments th {white-space: nowrap}
table.assignments td.status {min-width: 14em}
"""
HIDDEN = "hidden check"
MEMO_SIZE = 20_000  # feedback of distinct answers kept while writing pages
DIFFERS = (
    "This pm-course grades the answer differently from the one that recorded the score "
    "(upgraded since?): grade the submissions again to bring score and feedback together."
)


def public_message(item: dict) -> str:
    """The message a student may see for one feedback item.

    Hidden checks say passed or failed, with the name of a built-in exception at
    most (:func:`course.sandbox.jobs.error_kind`, the one rule the sandbox and the
    widget use too): its message could quote the hidden input (``raise
    ValueError(repr(tasks))``), and a name the learner made up could spell it.
    Messages may or may not start with the check's label (older ones did).

    >>> public_message({"label": "hidden check 2", "correct": False,
    ...                 "message": "failed: KeyError: 'A'"})
    'failed: KeyError'
    """
    label, message = item["label"], item["message"]
    if not label.startswith(HIDDEN):
        return message
    if item["correct"]:
        return "passed"
    rest = (message[len(label) :] if message.startswith(label) else message).lstrip(": ")
    if rest.startswith("not run"):
        return "not run: the code stopped before this check (see the summary above)"
    if rest == "returned a wrong result":
        return "failed: returned a wrong result"
    words = rest.replace("failed:", " ").replace("raised", " ").split(":", 1)[0].split()
    kind = error_kind(words[0]) if len(words) == 1 else "an error"
    return "failed" if kind == "an error" else f"failed: {kind}"


def hidden_checks_line(hidden: list[dict]) -> str:
    """The hidden checks of a code answer in one line, failures counted by kind
    in the widget's wording (:func:`course.core.types.code.hidden_failures`).

    >>> hidden_checks_line([
    ...     {"label": "hidden check 1", "correct": True, "message": ""},
    ...     {"label": "hidden check 2", "correct": False, "message": "failed: KeyError: 'A'"},
    ...     {"label": "hidden check 3", "correct": False, "message": "not run: timed out"}])
    '1 of 3 hidden checks passed; failed: 1 raised KeyError; 1 not run (the code stopped first)'
    """
    passed = sum(1 for i in hidden if i["correct"])
    shown = [public_message(i) for i in hidden if not i["correct"]]
    failed = [m for m in shown if not m.startswith("not run")]
    line = f"{passed} of {len(hidden)} hidden checks passed"
    if failed:
        line += f"; failed: {hidden_failures(failed)}"
    if len(shown) > len(failed):
        line += f"; {len(shown) - len(failed)} not run (the code stopped first)"
    return line


def _sign(right: bool) -> str:
    return '<b class="right">✓</b>' if right else '<b class="wrong">✗</b>'


def _number(value: float) -> str:
    return f"{round(value, 2):g}"


def answered(grade: dict) -> bool:
    """Whether the student answered this exercise (code answers keep their feedback)."""
    answer = grade["answer_id"] is not None or grade.get("feedback") is not None
    return answer or grade.get("override_why") is not None


def page(
    student: str, current: dict, grades: list[dict], exercises: list[dict], totals: str = ""
) -> str:
    """The HTML page for ``student``.

    ``current`` is their row of :meth:`Gradebook.current`, ``grades`` their rows of
    :func:`student_grades`, ``exercises`` :meth:`Gradebook.exercises` in the order to
    show them, ``totals`` the HTML of the graded and practice totals
    (:func:`course.instructor.graded.feedback_block`; without it, the sum of all).
    Exercises not answered are folded into one line.
    """
    e = html.escape
    titles = {x["id"]: x["title"] for x in exercises}
    counts = {x["id"]: x.get("counts", "") for x in exercises}
    order = {x["id"]: n for n, x in enumerate(exercises)}
    grades = sorted(grades, key=lambda g: order.get(g["exercise"], len(order)))
    done = [g for g in grades if answered(g)]
    rows = "".join(
        f"<tr><td>{e(titles.get(g['exercise'], g['exercise']))}</td>"
        f'<td class="num">{_number(g["score"])} / {_number(g["max_score"])}</td>'
        f'<td class="note">{e(counts.get(g["exercise"], ""))}</td></tr>'
        for g in done
    )
    total = f"{_number(current['score'] or 0)} / {_number(current['max_score'] or 0)}"
    total = totals or f"<p><b>Total: {total}</b></p>"
    head = "<tr><th>Exercise</th><th>Score</th><th>Counts for</th></tr>"
    table = f"<table>{head}{rows}</table>" if done else ""
    return (
        f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>Feedback for {e(student)}</title><style>{STYLE}</style></head><body>"
        f"<h1>Feedback for {e(student)}</h1>"
        f"<p>Submission of {e(current['created'][:16].replace('T', ' '))} UTC.</p>{total}"
        f"{table}{_not_answered([g for g in grades if not answered(g)], titles)}"
        + "".join(_section(g, titles) for g in done)
        + "</body></html>\n"
    )


def _not_answered(grades: list[dict], titles: dict) -> str:
    """One line for every exercise left unanswered, their names folded under it."""
    if not grades:
        return ""
    points = _number(sum(g["max_score"] for g in grades))
    names = "".join(
        f"<li>{html.escape(titles.get(g['exercise'], g['exercise']))}</li>" for g in grades
    )
    count = f"{len(grades)} exercise{'s' if len(grades) != 1 else ''}"
    return (
        f'<details class="skipped"><summary><b>Not answered</b>: {count}, {points} points '
        f"(show which)</summary><ul>{names}</ul></details>"
    )


def _section(grade: dict, titles: dict) -> str:
    e = html.escape
    title = titles.get(grade["exercise"], grade["exercise"])
    items = []
    hidden = [i for i in grade["items"] if i["label"].startswith(HIDDEN)]
    for item in grade["items"]:
        if not item["label"].startswith(HIDDEN):
            label = f"<b>{e(item['label'])}</b>: " if item["label"] else ""
            items.append(f"<li>{_sign(item['correct'])} {label}{e(public_message(item))}</li>")
    if hidden:
        right = all(i["correct"] for i in hidden)
        items.append(f"<li>{_sign(right)} {e(hidden_checks_line(hidden))}</li>")
    listing = f"<ul>{''.join(items)}</ul>" if items else ""
    note = f"<p><i>{e(grade['note'])}</i></p>" if grade.get("note") else ""
    score = f"{_number(grade['score'])} / {_number(grade['max_score'])}"
    return (
        f'<section id="{e(grade["exercise"])}"><h2>{e(title)}</h2>'
        f"<p><b>{score}</b>: {e(grade['summary'])}</p>{_override(grade)}{listing}{note}</section>"
    )


def _override(grade: dict) -> str:
    """The line saying a score was set by hand: from what, by whom, when and why."""
    if grade.get("override_why") is None:
        return ""
    e = html.escape
    return (
        f'<p class="override"><b>Score set by hand</b> (graded '
        f"{_number(grade['graded_score'])}) by {e(grade['override_who'])} on "
        f"{e(grade['override_at'][:10])}: {e(grade['override_why'])}</p>"
    )


def item_feedback(grade_row: dict, exercises: dict, student: str) -> tuple[list[dict], str]:
    """``(items, note)``: the feedback on each item of one graded answer.

    ``grade_row`` is a row of :meth:`Gradebook.grades`; ``exercises`` the bank it
    was graded with (:meth:`Gradebook.bank`). Items are the dicts of
    :meth:`course.core.exercise.Feedback.to_dict`; ``note`` is empty unless the
    feedback cannot be what the grader saw.
    """
    if grade_row["feedback"] is not None:
        return grade_row["feedback"], ""
    if grade_row["answer_id"] is None:
        return [], ""
    exercise = exercises[grade_row["exercise"]].for_learner(student)
    try:
        result = grade(exercise, grade_row["answer"])
    except AnswerError:
        return [], DIFFERS
    items = result.to_dict()["items"]
    same = abs(result.score - grade_row.get("graded_score", grade_row["score"])) < 1e-9
    return items, "" if same else DIFFERS


def student_grades(book: Gradebook, student: str, memo: dict | None = None) -> list[dict]:
    """The current grades of ``student``, each with ``items`` (feedback) and ``note``.

    ``memo`` keeps the feedback of answers seen for earlier students (the same
    answer to the same exercise and draw gets the same feedback).
    """
    memo = {} if memo is None else memo
    rows = book.grades(student)
    for row in rows:
        key = (row["grading_key"], row["answer_id"])
        if key not in memo:
            if len(memo) >= MEMO_SIZE:
                memo.clear()
            memo[key] = item_feedback(row, book.bank(row["grading_key"]), student)
        row["items"], row["note"] = memo[key]
    return rows


def counted_grades(book: Gradebook, student: str, memo: dict | None = None) -> list[dict]:
    """:func:`student_grades`, but each assignment's exercises as the file that counts
    for it graded them: an earlier file when the latest came too late for the policy; a
    score of 0 when no file of the student's was accepted (the reason says why)."""
    memo = {} if memo is None else memo
    rows = student_grades(book, student, memo)
    current = {c["student"]: c["submission"] for c in book.current()}.get(student)
    plan = {a["id"]: a["exercises"] for a in book.assignments()}
    by_id = {r["exercise"]: r for r in rows}
    for result in book.assignment_results(student):
        exercises = plan.get(result["assignment"], [])
        if result["submission"] is None:
            for exercise in exercises:
                if exercise in by_id:
                    row = by_id[exercise]
                    row.update(score=0.0, items=[], note="", summary="not counted: "
                               + result["reason"])  # fmt: skip
            continue
        if result["sha256"] == current:
            continue
        earlier = {r["exercise"]: r for r in book.submission_grades(student, result["submission"])}
        for exercise in exercises:
            if exercise in earlier and exercise in by_id:
                row = earlier[exercise]
                key = (row["grading_key"], row["answer_id"])
                if key not in memo:
                    memo[key] = item_feedback(row, book.bank(row["grading_key"]), student)
                row["items"], row["note"] = memo[key]
                by_id[exercise].clear()
                by_id[exercise].update(row)
    return rows


def _blocks(book: Gradebook):
    """``block(student)``: the HTML of a student's graded and practice totals."""
    from course.instructor.graded import feedback_block, totals

    every = totals(book)
    return lambda student: feedback_block(book, student, every.get(student))


def write_feedback(
    book: Gradebook, out: str | os.PathLike, notebooks: str | os.PathLike | None = None
) -> list[Path]:
    """Write ``feedback-<student>.html`` (:func:`page_names`) for every student with a
    current grade, each owner-only and whole (:func:`course.core.files.write_atomic`);
    returns the files.

    Parameters:
        book: an open gradebook.
        out: the folder to write into (created if missing, owner-only); existing pages are
            replaced. Each page is readable by its owner only (it holds the keys).
        notebooks: the notebooks folder whose order the exercises follow (default: the
            course's; without one, bank order).
    """
    out = Path(out)
    if not out.is_dir():
        out.mkdir(mode=0o700, parents=True)
    exercises = with_counts(book, in_notebook_order(book.exercises(), notebooks))
    memo: dict = {}
    block = _blocks(book)
    written = []
    currents = book.current()
    names = page_names([c["student"] for c in currents])
    for current in currents:
        student = current["student"]
        text = page(
            student, current, counted_grades(book, student, memo), exercises, block(student)
        )
        written.append(write_atomic(out / names[student], text))
    return written


def page_names(students: list[str]) -> dict[str, str]:
    """The file name of each student's page: ``feedback-<id>.html``, so no id (``report``,
    ``index``) can take another page's name; ids equal but for case (``Jo``, ``jo``) get
    a short hash of the id too, so they stay apart on case-insensitive file systems.

    >>> page_names(["ada", "Jo", "jo"])["ada"], page_names(["Jo", "jo"])["jo"][:12]
    ('feedback-ada.html', 'feedback-jo-')
    """
    folded: dict[str, int] = {}
    for student in students:
        folded[student.casefold()] = folded.get(student.casefold(), 0) + 1
    names = {}
    for student in students:
        if folded[student.casefold()] > 1:
            tag = hashlib.sha256(student.encode()).hexdigest()[:8]
            names[student] = f"feedback-{student}-{tag}.html"
        else:
            names[student] = f"feedback-{student}.html"
    return names


def return_feedback(book: Gradebook, exchange: str | os.PathLike, notebooks=None) -> tuple:
    """``(returned, missing)``: write each student's page into their own folder of the
    exchange, ``EXCHANGE/.feedback/STUDENT/STUDENT.html`` (made by ``pm-course submit``),
    readable there by that learner and the staff group only; ``missing`` lists
    ``(student, why)`` for those without a folder of their own.

    A folder counts only if its owner is the student (as for submissions, see
    :mod:`course.instructor.identity`), so nobody can collect another's page.
    """
    from course.core.paths import login_names
    from course.instructor.identity import owner_name

    base = Path(exchange) / ".feedback"
    if not base.is_dir():
        raise UsageError(
            f"{base} does not exist: make it as docs/running-a-class.md says (same owner, "
            "group and mode 3753 as the exchange), then learners' next submit makes their "
            "folders"
        )
    exercises = with_counts(book, in_notebook_order(book.exercises(), notebooks))
    memo: dict = {}
    block = _blocks(book)
    returned, missing = [], []
    for current in book.current():
        student = current["student"]
        folder = base / student
        try:
            info = os.lstat(folder)
        except OSError:
            missing.append((student, "no folder (they have not submitted since it was made)"))
            continue
        owner = owner_name(info.st_uid)
        if not stat.S_ISDIR(info.st_mode) or owner not in login_names(student):
            missing.append((student, f"{folder} belongs to {owner}, not to {student}: skipped"))
            continue
        if info.st_mode & 0o007:
            missing.append((student, f"{folder} is open to others (mode {info.st_mode:o})"))
            continue
        text = page(
            student, current, counted_grades(book, student, memo), exercises, block(student)
        )
        path = folder / f"{student}.html"
        # The learner is neither its owner nor in its group: they read it by its "others"
        # bit, and only they (the folder's owner) and the staff group can enter the folder.
        write_atomic(path, text, mode=0o644)
        returned.append(path)
    return returned, missing
