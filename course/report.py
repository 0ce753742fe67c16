"""Class analytics from the gradebook: plots and a summary that links them.

>>> with open_existing("class.sqlite") as book:
...     write_report(book, "report/")
PosixPath('report/summary.md')

Plots (PNG, drawn with matplotlib's Agg backend, no display needed):

* ``score-distribution.png``: how many students scored each share of the total;
* ``exercise-means.png``: the mean score of each exercise, as a share of its points;
* ``misplaced-<id>.png`` for each categorize or match exercise (the duty sort):
  the items most often put in the wrong bucket;
* ``misordered-<id>.png`` for each order exercise (the career ladder): the
  items most often at the wrong step.

Shares are of the students who answered; with per-student draws, of those who
were given the item.
"""

from __future__ import annotations

import os
import statistics
from pathlib import Path

from course.gradebook import Gradebook

TOP_ITEMS = 12
MISSES = {"categorize": "misplaced", "match": "misplaced", "order": "misordered"}
ITEM_RECORDS = """
SELECT a.exercise, a.items, COUNT(*) AS students
FROM current c JOIN results r ON r.submission = c.submission JOIN answers a ON a.id = r.answer
GROUP BY r.answer
"""


def item_misses(book: Gradebook) -> dict[str, list[tuple[str, float, int]]]:
    """Per exercise, ``(label, share wrong, times shown)`` for each item, worst first.

    Counted from each distinct answer's record of right and wrong items (the
    ``items`` column of ``answers``), weighted by the students who gave it.
    """
    shown: dict[tuple[str, str], list[int]] = {}
    for exercise, items, students in book.db.execute(ITEM_RECORDS):
        for word in items.split():
            counts = shown.setdefault((exercise, word[1:]), [0, 0])
            counts[0] += students
            counts[1] += students if word[0] == "-" else 0
    labels = item_labels(book)
    found: dict[str, list] = {}
    for (exercise, item), (n, wrong) in shown.items():
        label = labels.get(exercise, {}).get(item) or item
        found.setdefault(exercise, []).append((label, wrong / n, n))
    return {k: sorted(v, key=lambda r: (-r[1], r[0])) for k, v in found.items()}


def item_labels(book: Gradebook) -> dict[str, dict[str, str]]:
    """The text of each item, option or left item, by exercise and item id (latest bank)."""
    labels: dict[str, dict[str, str]] = {}
    for key in book.grading_keys():
        for exercise_id, exercise in book.bank(key).items():
            texts = {i["id"]: i.get("text", i["id"]) for i in exercise.items()}
            labels.setdefault(exercise_id, {}).update(texts)
    return labels


def exercise_means(book: Gradebook) -> list[tuple[str, float]]:
    """``(exercise title, mean share of points)`` in bank order."""
    means = dict(
        book.db.execute(
            "SELECT exercise, AVG(score / max_score) FROM grades "
            "WHERE max_score > 0 GROUP BY exercise"
        ).fetchall()
    )
    return [(e["title"], means[e["id"]]) for e in book.exercises() if e["id"] in means]


def _figure(height: float = 3.5):
    from matplotlib.figure import Figure  # no pyplot: no backend or display involved

    figure = Figure(figsize=(8, height), layout="constrained")
    return figure, figure.add_subplot()


def plot_distribution(shares: list[float], path: Path) -> None:
    """A histogram of students' total score shares."""
    figure, ax = _figure()
    from matplotlib.ticker import MaxNLocator

    ax.hist([100 * s for s in shares], bins=range(0, 101, 10), color="#4477aa", edgecolor="white")
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set(xlabel="total score (% of points)", ylabel="students", title="Score distribution")
    figure.savefig(path, dpi=100)


def plot_bars(rows: list[tuple[str, float]], path: Path, title: str, xlabel: str) -> None:
    """Horizontal bars of shares (0-1) with labels, first row on top."""
    figure, ax = _figure(max(2.5, 0.35 * len(rows) + 1.2))
    labels = [_short(label) for label, _ in rows][::-1]
    ax.barh(labels, [100 * share for _, share in rows][::-1], color="#4477aa")
    ax.set(xlim=(0, 100), xlabel=xlabel, title=title)
    figure.savefig(path, dpi=100)


def _short(text: str, limit: int = 48) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def write_report(book: Gradebook, out: str | os.PathLike) -> Path:
    """Draw the plots into ``out`` and write ``summary.md`` linking them; returns its path.

    Parameters:
        book: an open gradebook.
        out: the folder to write into (created if missing).
    """
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    students = book.current()
    shares = [s["score"] / s["max_score"] for s in students if s["max_score"]]
    plot_distribution(shares, out / "score-distribution.png")
    means = exercise_means(book)
    plot_bars(means, out / "exercise-means.png", "Mean score per exercise", "mean score (%)")
    lines = _summary_head(students, shares, len(book.rejections()))
    lines += ["## Mean score per exercise", "", "![](exercise-means.png)", ""]
    lines += ["| exercise | mean |", "| --- | ---: |"]
    lines += [f"| {title} | {100 * mean:.0f}% |" for title, mean in means] + [""]
    lines += _item_sections(book, out)
    path = out / "summary.md"
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def _summary_head(students: list[dict], shares: list[float], rejected: int) -> list[str]:
    lines = ["# Class report", "", f"- students graded: {len(students)}"]
    if shares:
        lines += [
            f"- mean score: {100 * statistics.mean(shares):.1f}%",
            f"- median score: {100 * statistics.median(shares):.1f}%",
            f"- lowest / highest: {100 * min(shares):.0f}% / {100 * max(shares):.0f}%",
        ]
    lines += [f"- files rejected (last run): {rejected}", ""]
    return lines + ["## Score distribution", "", "![](score-distribution.png)", ""]


def _item_sections(book: Gradebook, out: Path) -> list[str]:
    misses = item_misses(book)
    lines = []
    for exercise in book.exercises():
        kind = MISSES.get(exercise["type"])
        rows = misses.get(exercise["id"])
        if not kind or not rows:
            continue
        name = f"{kind}-{exercise['id']}.png"
        top = [(label, share) for label, share, _ in rows[:TOP_ITEMS]]
        title = f"{exercise['title']}: items most often {kind}"
        plot_bars(top, out / name, title, f"students who {kind} it (%)")
        lines += [f"## {title}", "", f"![]({name})", ""]
        lines += [f"1. {label}: {100 * share:.0f}% of {n} students" for label, share, n in rows[:5]]
        lines.append("")
    return lines
