"""The class report: ONE self-contained HTML page from the gradebook.

For example (not run as a doctest: it works on real course files)::

    with open_existing("class.sqlite") as book:
        write_report(book, "class-report.html")
    # PosixPath('class-report.html')

The page opens offline (no scripts, no external files: the plot is an
embedded PNG, bars are styled boxes) and holds:

* the class in numbers and the score distribution;
* the reliability of the graded assessment (KR-20 or Cronbach's alpha, see
  :mod:`course.instructor.itemstats`) with a sentence on how to read it;
* every exercise in notebook order (read from the notebooks, see
  :mod:`course.content.notebooks`) with how many answered, its difficulty (share of the
  points earned) and its discrimination;
* for sorts and matches, the most common wrong placements ("placed in X, belongs
  in Y"), and for order exercises the items most often at the wrong step; only
  mistakes somebody made are listed.

Texts wrap; nothing is cut short.
"""

from __future__ import annotations

import base64
import html
import io
import json
import os
import statistics
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

from course.content.notebooks import in_notebook_order, notebook_title
from course.core import analytics, types
from course.core.files import write_atomic
from course.instructor import graded, itemstats
from course.instructor.gradebook import Gradebook
from course.instructor.students import caution, students_section

TOP = 5  # wrong placements listed per exercise
# Each distinct current answer once, with how many students gave it.
STYLE = """
body {font-family: system-ui, sans-serif; max-width: 62em; margin: 2em auto; padding: 0 1em;
      color: #222; line-height: 1.4; overflow-wrap: anywhere}
h1 {margin-bottom: 0} .meta {color: #555; margin-top: .2em}
table {border-collapse: collapse; width: 100%} caption {text-align: left; font-weight: bold}
td, th {padding: 4px 8px; text-align: left; vertical-align: top; overflow-wrap: break-word}
td.count {white-space: nowrap; width: 1%}
th {border-bottom: 1px solid #999} tr.nb th {background: #eef2f7; border-bottom: none;
      padding-top: 10px}
td.num, th.num {text-align: right; white-space: nowrap}
.bar {display: inline-block; height: .8em; background: #4477aa; vertical-align: middle}
.barbox {display: inline-block; width: 6em; background: #e4e8ee; margin-right: .4em}
.note {color: #555; font-size: .92em} .id {color: #777; font-size: .85em}
.warn {color: #b2182b} .late {color: #b2182b} .facts td:first-child {color: #555}
section {margin: 2em 0} img {max-width: 100%; height: auto}
"""


def percent(share: float | None) -> str:
    """``0.4567`` -> ``"46 %"``; None -> ``"–"``."""
    return "–" if share is None else f"{100 * share:.0f} %"


# --- the numbers -------------------------------------------------------------------


def class_scores(book: Gradebook) -> tuple[list[str], dict[str, dict[str, float]]]:
    """``(students, scores)``: the students with a current grade and their score per exercise."""
    scores: dict[str, dict[str, float]] = {}
    for student, exercise, score in book.scores():
        scores.setdefault(student, {})[exercise] = score
    return sorted(scores), scores


def exercise_rows(book: Gradebook, notebooks=None) -> list[dict]:
    """Per exercise in notebook order: the exercise's fields plus ``answered``,
    ``difficulty`` and ``discrimination`` (over all students; unanswered scores 0)."""
    exercises = in_notebook_order(book.exercises(), notebooks)
    students, scores = class_scores(book)
    matrix = [[scores[s].get(e["id"], 0.0) for e in exercises] for s in students]
    answered = book.answered_counts()
    rows = []
    for n, exercise in enumerate(exercises):
        column = [row[n] for row in matrix]
        rows.append(
            dict(
                exercise,
                answered=answered.get(exercise["id"], 0),
                difficulty=itemstats.difficulty(column, exercise["points"]),
                discrimination=itemstats.discrimination(matrix, n) if matrix else None,
            )
        )
    return rows


def graded_reliability(book: Gradebook) -> tuple[str, float | None, int]:
    """``(name, value, k)`` for the graded exercises (all exercises if none is graded)."""
    counted = graded.graded_ids(book)
    exercises = [e for e in book.exercises() if e["id"] in counted] or book.exercises()
    students, scores = class_scores(book)
    matrix = [[scores[s].get(e["id"], 0.0) for e in exercises] for s in students]
    name, value = itemstats.reliability(matrix, [e["points"] for e in exercises])
    return name, value, len(exercises)


def wrong_placements(book: Gradebook) -> dict[str, list[tuple[str, str, str, int, int]]]:
    """Per sort or match exercise: ``(item, placed in, belongs in, wrong, given)`` rows,
    most common first; only placements somebody made.

    ``given`` counts the students who answered and were given the item (draws give
    each student some items). Right and wrong are the verdicts stored with each
    answer (:mod:`course.core.analytics`); texts and labels are those of the
    latest grading run.
    """
    keys = book.grading_keys()
    bank = book.bank(keys[-1]) if keys else {}
    answers: dict[str, list] = {}
    for exercise_id, answer, items, students in book.answer_counts():
        exercise = bank.get(exercise_id)
        if exercise is not None and types.get(exercise.type).PLACES == "choices":
            answers.setdefault(exercise_id, []).append(
                (json.loads(answer), analytics.verdicts(items), students)
            )
    found: dict[str, list] = {}
    for exercise_id, rows in answers.items():
        wrong, given = analytics.wrong_places(rows, analytics.placements)
        exercise = bank[exercise_id]
        items, targets, field = types.get(exercise.type).PICKS
        pool = {i["id"]: i for i in exercise.data[items]}
        names = {t["id"]: t[field] for t in exercise.data[targets]}
        for (item, placed), count in wrong.items():
            if item not in pool:
                continue
            right = names.get(pool[item].get("answer"), pool[item].get("answer"))
            row = (pool[item]["text"], names.get(placed, placed), right, count, given[item])
            found.setdefault(exercise_id, []).append(row)
    return {k: sorted(v, key=lambda r: (-r[3] / r[4], r[0], r[1])) for k, v in found.items()}


def order_misses(book: Gradebook) -> dict[str, list[tuple[str, int, int]]]:
    """Per order exercise: ``(item, times at a wrong step, given)``, most often first;
    only items somebody put at a wrong step."""
    keys = book.grading_keys()
    bank = book.bank(keys[-1]) if keys else {}
    answers: dict[str, list] = {}
    for exercise_id, answer, items, students in book.answer_counts():
        exercise = bank.get(exercise_id)
        if exercise is not None and types.get(exercise.type).PLACES == "steps":
            answers.setdefault(exercise_id, []).append(
                (json.loads(answer), analytics.verdicts(items), students)
            )
    found: dict[str, list] = {}
    for exercise_id, rows in answers.items():
        wrong, given = analytics.wrong_places(rows, analytics.steps)
        misses: Counter = Counter()
        for (item, _), count in wrong.items():
            misses[item] += count
        texts = {i["id"]: i.get("text", i["id"]) for i in bank[exercise_id].items()}
        for item, miss in misses.items():
            found.setdefault(exercise_id, []).append((texts.get(item, item), miss, given[item]))
    return {k: sorted(v, key=lambda r: (-r[1] / r[2], r[0])) for k, v in found.items()}


# --- the page ------------------------------------------------------------------------


def distribution_png(shares: list[float]) -> str:
    """A histogram of total score shares as a base64 PNG (matplotlib, no display)."""
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator, PercentFormatter

    figure = Figure(figsize=(7, 2.8), layout="constrained")
    ax = figure.add_subplot()
    ax.hist([100 * s for s in shares], bins=range(0, 101, 10), color="#4477aa", edgecolor="white")
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.xaxis.set_major_formatter(PercentFormatter(decimals=0))
    ax.set(xlim=(0, 100), xlabel="graded total (share of the graded points)", ylabel="students")
    ax.spines[["top", "right"]].set_visible(False)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=110)
    return base64.b64encode(buffer.getvalue()).decode("ascii")


def _bar(share: float | None) -> str:
    if share is None:
        return "–"
    width = max(0.0, min(1.0, share)) * 100
    return (
        f'<span class="barbox"><span class="bar" style="width:{width:.0f}%"></span></span>'
        f"{percent(share)}"
    )


def discrimination_word(r: float | None) -> str:
    """A value and what it means (Ebel's rough bands for item-total correlations)."""
    if r is None:
        return '– <span class="note">(all scored the same)</span>'
    if r < 0:
        return f'<span class="warn">−{-r:.2f} negative: check the key</span>'
    word = "good" if r >= 0.3 else "fair" if r >= 0.2 else "weak"
    return f'{r:.2f} <span class="note">{word}</span>'


def _head(book: Gradebook, students: list[dict]) -> str:
    e = html.escape
    every = graded.totals(book)
    shares = [t.share for t in every.values() if t.share is not None]
    facts = [("Students graded", str(len(students)))]
    if shares:
        facts += [
            ("Mean graded total", percent(statistics.fmean(shares))),
            ("Median graded total", percent(statistics.median(shares))),
            ("Lowest / highest", f"{percent(min(shares))} / {percent(max(shares))}"),
        ]
    else:
        facts.append(("Graded work", "none: no assignments and no exercise marked graded"))
    practice = [t.practice / t.practice_max for t in every.values() if t.practice_max]
    if practice:
        facts.append(("Practice, not counted (mean)", percent(statistics.fmean(practice))))
    rejected = book.rejections()
    facts.append(("Files rejected, not graded", str(len(rejected))))
    rows = "".join(f"<tr><td>{e(k)}</td><td>{e(v)}</td></tr>" for k, v in facts)
    out = f'<table class="facts" style="width:auto">{rows}</table>'
    if rejected:
        items = "".join(f"<li>{e(r['path'])}: {e(r['reason'])}</li>" for r in rejected)
        out += f'<p class="warn">Rejected files (ask for them again):</p><ul>{items}</ul>'
    if shares:
        out += (
            "<h2>Score distribution</h2>"
            f'<img alt="Histogram of students by graded total, in steps of 10 %" '
            f'src="data:image/png;base64,{distribution_png(shares)}">'
        )
    return out


def _reliability(book: Gradebook) -> str:
    name, value, k = graded_reliability(book)
    shown = "not computable" if value is None else f"{value:.2f}"
    which = "graded exercises" if graded.graded_ids(book) else "exercises"
    return (
        f"<section><h2>Reliability of the graded assessment</h2>"
        f"<p><b>{html.escape(name)} = {shown}</b> over {k} {which}. "
        f"{html.escape(itemstats.reading(value, k))}</p></section>"
    )


def _measures(row: dict) -> str:
    if not row["answered"]:
        return '<td>–</td><td><span class="note">nobody answered</span></td>'
    return (
        f'<td class="count">{_bar(row["difficulty"])}</td>'
        f"<td>{discrimination_word(row['discrimination'])}</td>"
    )


def _exercise_table(rows: list[dict], total: int, owners: dict | None = None) -> str:
    e = html.escape
    body, notebook = [], None
    for row in rows:
        if row["notebook"] != notebook:
            notebook = row["notebook"]
            body.append(f'<tr class="nb"><th colspan="4">{e(notebook_title(notebook))}</th></tr>')
        if owners is not None:
            where = owners.get(row["id"])
            tag = f" · graded, {where}" if where else " · practice"
        else:
            tag = " · graded" if row["graded"] else ""
        body.append(
            f"<tr><td>{e(row['title'])}<br>"
            f'<span class="id">{e(row["id"])} · {e(row["type"])}{tag}</span></td>'
            f'<td class="num">{row["answered"]} of {total}</td>{_measures(row)}</tr>'
        )
    head = (
        "<tr><th>Exercise</th><th class='num'>Answered</th><th>Share right</th>"
        "<th>Discrimination</th></tr>"
    )
    return (
        "<section><h2>Exercises, in notebook order</h2>"
        '<p class="note"><b>Share right</b>: the share of the points the class earned '
        "(unanswered counts as 0). <b>Discrimination</b>: how well the exercise separates "
        "strong from weak students, as the correlation of its score with the rest of the "
        "total (0.3 and above good, 0.2 to 0.3 fair, below 0.2 weak; negative means strong "
        "students got it wrong more often: check the key).</p>"
        f"<table>{head}{''.join(body)}</table></section>"
    )


def _owners(book: Gradebook) -> dict[str, str] | None:
    """Exercise id -> the assignment it counts for (None without assignments)."""
    plan = book.assignments()
    return {i: a["id"] for a in plan for i in a["exercises"]} if plan else None


def _count(k: int, n: int) -> str:
    return f'{_bar(k / n)} <span class="note">({k} of {n})</span>'


def _mistakes(rows: list[dict], placements: dict, misorders: dict) -> str:
    e = html.escape
    parts = []
    for row in rows:
        if row["id"] in placements:
            lines = "".join(
                f"<tr><td>{e(item)}</td><td>{e(placed)}</td><td>{e(right)}</td>"
                f'<td class="count">{_count(wrong, given)}</td></tr>'
                for item, placed, right, wrong, given in placements[row["id"]][:TOP]
            )
            head = "<tr><th>Item</th><th>Placed in</th><th>Belongs in</th><th>Students</th></tr>"
            parts.append(f"<h3>{e(row['title'])}</h3><table>{head}{lines}</table>")
        elif row["id"] in misorders:
            lines = "".join(
                f'<tr><td>{e(item)}</td><td class="count">{_count(miss, n)}</td></tr>'
                for item, miss, n in misorders[row["id"]][:TOP]
            )
            head = "<tr><th>Item</th><th>Students who put it at a wrong step</th></tr>"
            parts.append(f"<h3>{e(row['title'])}</h3><table>{head}{lines}</table>")
    if not parts:
        return ""
    return (
        "<section><h2>Most common mistakes in sorts, matches and sequences</h2>"
        f'<p class="note">Up to {TOP} per exercise, of the students who were given the item; '
        "the misconceptions table in the instructor guide says what they usually mean.</p>"
        + "".join(parts)
        + "</section>"
    )


def report_html(
    book: Gradebook, notebooks=None, title: str = "Class report", roster=None, below=0.5
) -> str:
    """The report page as a string (see :func:`write_report`)."""
    students = book.current()
    rows = exercise_rows(book, notebooks)
    order = in_notebook_order(book.exercises(), notebooks)
    now = datetime.now(UTC).strftime("%Y-%m-%d %H:%M")
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{html.escape(title)}</title><style>{STYLE}</style></head><body>"
        f"<h1>{html.escape(title)}</h1>"
        f'<p class="meta">From {html.escape(book.path.name)}, {now} UTC.</p>'
        + _head(book, students)
        + graded.assignments_section(book)
        + caution(len(students))
        + _reliability(book)
        + _exercise_table(rows, len(students), _owners(book))
        + _mistakes(rows, wrong_placements(book), order_misses(book))
        + students_section(book, order, roster, below)
        + "</body></html>\n"
    )


def write_report(
    book: Gradebook,
    out: str | os.PathLike,
    notebooks: str | os.PathLike | None = None,
    roster: list[str] | None = None,
    below: float = 0.5,
) -> Path:
    """Write the report page to ``out`` (a ``.html`` file, or a folder to hold
    ``report.html``); returns the file.

    Parameters:
        book: an open gradebook.
        out: the page to write (replaced whole, owner-only), or a folder for ``report.html``.
        notebooks: the notebooks folder whose order the exercises follow (default: the
            course's; without one, bank order).
        roster: student ids expected (who has not handed in is listed), or None.
        below: list the students under this share of the graded points.
    """
    out = Path(out)
    if out.suffix.lower() != ".html":
        out = out / "report.html"
    return write_atomic(out, report_html(book, notebooks, roster=roster, below=below))
