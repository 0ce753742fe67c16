"""course.review() and course.progress() with mastery, in real JupyterLab.

The learner's journal is written through the real journal API before the
notebook runs, with answers graded by :func:`course.grade` and dated in the
past, so the review set has something due, something not right yet and
something not tried; then one review item is answered through the page.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from helpers import (
    REPO,
    axe_violations,
    exercise,
    expect,
    open_notebook,
    run_all,
    screenshot,
    tab_into,
    write_notebook,
)

from course import grade, load_bank
from course.content.notebooks import read, shown_ids
from course.core import variants
from course.core.grade import normalize
from course.learner.journal import Journal

pytestmark = pytest.mark.browser


def keyed(exercise_):
    """The keyed answer of a numeric, sort or choice exercise."""
    if exercise_.type == "numeric":
        return exercise_.data["answer"]
    if exercise_.type == "categorize":
        return {i["id"]: i["answer"] for i in exercise_.items()}
    return [o["id"] for o in exercise_.data["options"] if o["correct"]]


def wrong(exercise_):
    """An answer worth less than half the marks."""
    if exercise_.type == "numeric":
        return exercise_.data["answer"] * 3 + 17
    if exercise_.type == "categorize":
        buckets = [b["id"] for b in exercise_.data["buckets"]]
        return {i["id"]: next(b for b in buckets if b != i["answer"]) for i in exercise_.items()}
    return [o["id"] for o in exercise_.data["options"] if not o["correct"]][:1]


def answered(journal, bank, exercise_id, raw, days_ago, now):
    ex = bank[exercise_id]
    result = grade(ex, raw)
    journal.append(
        {
            "exercise": exercise_id,
            "learner": "browser-test",
            "answer": normalize(ex, raw),
            "score": result.score,
            "max_score": result.max_score,
            "attempts": 1,
            "time": (now - timedelta(days=days_ago)).isoformat(timespec="milliseconds"),
        }
    )
    return result


def test_review_set_and_progress_with_mastery(lab_server, page, output_dir):
    bank = load_bank(lab_server.root / "exercises")
    journal = Journal(lab_server.home / "journal.jsonl")
    now = datetime.now(UTC)
    right = ["project-definition", "project-or-operation", "constraints", "program-definition"]
    for exercise_id in right:  # right first try, a day ago: mastered, due in 8 days
        assert answered(journal, bank, exercise_id, keyed(bank[exercise_id]), 1, now).score == 1
    # wrong, then right two days later on the same draw: not mastered, since level-sort
    # has variants (a pool) and mastery needs a right answer on a fresh one
    answered(journal, bank, "level-sort", wrong(bank["level-sort"]), 3, now)
    answered(journal, bank, "level-sort", keyed(bank["level-sort"]), 1, now)
    answered(journal, bank, "duty-sort", keyed(bank["duty-sort"]), 12, now)  # due 4 days ago
    answered(journal, bank, "cpi-numeric", wrong(bank["cpi-numeric"]), 3, now)  # due 2 days ago
    answered(journal, bank, "eac-numeric", wrong(bank["eac-numeric"]), 0.1, now)  # not right
    path = "notebooks/browser-review.ipynb"
    write_notebook(lab_server.root / path, "import course", "course.review()")
    write_notebook(lab_server.root / "notebooks/browser-progress.ipynb", "import course",
                   "course.progress()")  # fmt: skip
    open_notebook(page, lab_server, path)
    run_all(page)
    review = page.locator(".pm-review")
    expect(review.locator("h3")).to_have_text("Review: 5 exercises to practise now")
    whys = review.locator(".pm-review-why")
    expect(whys).to_have_count(5)
    expect(whys.nth(0)).to_contain_text("1. Due for review: right last time, 12 days ago")
    expect(whys.nth(0)).to_contain_text("04-project-vs-program")
    expect(whys.nth(1)).to_contain_text("2. Wrong last time, 3 days ago")
    expect(whys.nth(2)).to_contain_text("3. Not right yet, tried 2 hours ago")
    expect(whys.nth(3)).to_contain_text("4. Not tried yet, in a notebook you have started")
    expect(review.locator(".pm-exercise")).to_have_count(5)
    assert axe_violations(page, ".pm-review") == []
    screenshot(page, review, output_dir / "review.png")
    # the second item is cpi-numeric: answer it right, through the page
    widget = exercise(page, "cpi-numeric")
    field = widget.locator(".pm-number input")
    expect(field).to_have_value("")  # blank, to answer from memory (the journal keeps the last)
    expect(review.locator(".pm-feedback")).to_have_count(0)
    # it opens on a variant not met yet (the journal's Checks were variant 0): variant 1
    fresh = variants.variant(bank["cpi-numeric"], 1).data["answer"]
    field.fill(f"{fresh:g}")
    tab_into(page, widget.get_by_role("button", name="Check"))
    page.keyboard.press("Enter")
    expect(widget.locator(".pm-feedback-area")).to_contain_text("Right")
    assert journal.records()[-1]["exercise"] == "cpi-numeric"
    assert journal.records()[-1]["score"] == 1.0
    screenshot(page, widget, output_dir / "review-answered.png")

    open_notebook(page, lab_server, "notebooks/browser-progress.ipynb")
    run_all(page)
    output = page.locator(".jp-OutputArea").last
    expect(output.locator("img")).to_be_visible()
    text = output.locator("pre").first
    for stem, done, mastered in (("02-what-is-a-project", 3, 3), ("03-what-is-a-program", 2, 1)):
        total = len(shown_ids(read(REPO / "notebooks" / f"{stem}.ipynb")))
        expect(text).to_contain_text(re.compile(rf"{stem} +{done}/{total} +{mastered}/{total}"))
    expect(text).to_contain_text("Mastered: right on a fresh variant")
    screenshot(page, output, output_dir / "progress.png")
