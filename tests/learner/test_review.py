"""The review set from real journals, with expected sets worked by hand.

FSRS (fsrs 6, default parameters w0..w3 = 0.212, 1.2931, 2.3065, 8.2956; desired
retention 0.9, so a Review card's interval is its stability rounded, at least a
day) gives a first Check an interval of 1 day (Again: 0.212; Hard: 1.2931),
2 days (Good) or 8 days (Easy). course/learner/review.py rates a Check under half
marks Again, half or more Hard, full marks Easy on the first Check and Good later.
"""

import json
import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta

import fsrs
import pytest

import course
from course.errors import UsageError
from course.learner import mastery, review
from course.learner.review import review_set, text
from tests.conftest import BANKS

NOW = datetime(2026, 12, 10, 12, 0, tzinfo=UTC)


def check(journal, exercise, score, days_ago, now=NOW, **more):
    """A Check record, through the real journal API, ``days_ago`` before ``now``."""
    moment = now - timedelta(days=days_ago)
    journal.append(
        {
            "exercise": exercise,
            "answer": None,
            "score": score,
            "max_score": more.pop("max_score", 1.0),
            "time": moment.isoformat(timespec="milliseconds"),
            **more,
        }
    )


@pytest.fixture
def notebooks(tmp_path):
    folder = tmp_path / "notebooks"
    folder.mkdir()
    for name, ids in {
        "01-one": ["sort", "cpi"],
        "02-two": ["certs", "define", "ladder"],
        "03-three": ["traits", "duration"],
    }.items():
        cells = [{"cell_type": "code", "source": [f'course.show("{i}")\n'], "metadata": {}}
                 for i in ids]  # fmt: skip
        (folder / f"{name}.ipynb").write_text(json.dumps({"cells": cells}))
    return folder


def chosen(journal, bank, notebooks, count=10, now=NOW):
    items = review_set(journal, count, bank=bank, folder=notebooks, now=now)
    return [(item.exercise, item.kind, item.why) for item in items]


def test_wrong_three_days_ago_and_right_yesterday_is_not_due_yet(bank, journal, notebooks):
    # Again 3 days ago: stability 0.212, due 2 days ago. Good yesterday, 2 days after it:
    # retrievability (1 + 0.9805 * 2 / 0.212) ** -0.1542 = 0.698, new stability
    # 0.212 * (1 + e^1.8722 * (11 - 6.4133) * 0.212^-0.1666 * (e^(0.796 * 0.302) - 1))
    # = 2.43, so due 2 days after yesterday: tomorrow. It was right: not "not right yet".
    check(journal, "cpi", 0.0, 3)
    check(journal, "cpi", 1.0, 1)
    assert chosen(journal, bank, notebooks) == [
        ("sort", "not-tried", "not tried yet, in a notebook you have started"),
    ]
    # a day and an hour later it is due, an hour overdue
    later = NOW + timedelta(days=1, hours=1)
    assert chosen(journal, bank, notebooks, now=later) == [
        ("cpi", "due", "due for review: right last time, 2 days ago"),
        ("sort", "not-tried", "not tried yet, in a notebook you have started"),
    ]
    cpi = mastery.checks(journal.records())["cpi"]
    assert review.card(cpi).stability == pytest.approx(2.43, abs=0.01)


def test_due_most_overdue_first_then_not_right_then_not_tried(bank, journal, notebooks):
    check(journal, "ladder", 1.0, 30)  # Easy: due 8 days later, 22 days ago
    check(journal, "define", 0.0, 3)  # Again: due 1 day later, 2 days ago
    check(journal, "sort", 0.5, 5)  # Hard: due 1 day later, 4 days ago
    check(journal, "traits", 0.0, 2 / 24)  # Again 2 hours ago: due tomorrow
    check(journal, "cpi", 0.25, 5 / 24)  # Again 5 hours ago: due tomorrow
    check(journal, "certs", 0.0, 10, max_score=3.0)  # graded: never in the set
    assert chosen(journal, bank, notebooks) == [
        ("ladder", "due", "due for review: right last time, 30 days ago"),
        ("sort", "due", "partly right last time, 5 days ago"),
        ("define", "due", "wrong last time, 3 days ago"),
        ("cpi", "not-right", "not right yet, tried 5 hours ago"),
        ("traits", "not-right", "not right yet, tried 2 hours ago"),
        ("duration", "not-tried", "not tried yet, in a notebook you have started"),
    ]
    assert [i for i, *_ in chosen(journal, bank, notebooks, count=5)] == [
        "ladder", "sort", "define", "cpi", "traits"
    ]  # fmt: skip
    assert [i for i, *_ in chosen(journal, bank, notebooks, count=2)] == ["ladder", "sort"]


def test_right_with_the_answer_shown_comes_back_the_next_day(bank, journal, notebooks):
    check(journal, "cpi", 0.0, 1.5)  # Again, then Again (key on screen) the same minute
    check(journal, "cpi", 1.0, 1.5, revealed=True)
    assert chosen(journal, bank, notebooks) == [
        ("cpi", "due", "right with the answer shown last time, 1 day ago"),
        ("sort", "not-tried", "not tried yet, in a notebook you have started"),
    ]


def test_an_exercise_with_variants_comes_back_on_a_variant_not_seen(bank, journal, notebooks):
    check(journal, "cpi", 0.0, 3, seed=2)
    journal.append({"exercise": "cpi", "action": "variant", "seed": 5})  # Try a new one
    check(journal, "cpi", 0.0, 2.9, seed=5)
    check(journal, "define", 0.0, 3)  # no variants: the exercise as written
    items = review_set(journal, bank=bank, folder=notebooks, now=NOW)
    assert [(i.exercise, i.seed) for i in items[:2]] == [("define", None), ("cpi", 6)]


def test_right_first_try_waits_eight_days(bank, journal, notebooks):
    check(journal, "sort", 1.0, 7.9)
    check(journal, "cpi", 1.0, 8.1)
    assert chosen(journal, bank, notebooks) == [
        ("cpi", "due", "due for review: right last time, 8 days ago"),
    ]


def test_a_graded_exercise_is_never_in_the_set_even_if_never_tried(bank, journal, notebooks):
    check(journal, "define", 1.0, 0.5)  # 02-two started; certs (graded) untried
    assert chosen(journal, bank, notebooks) == [
        ("ladder", "not-tried", "not tried yet, in a notebook you have started"),
    ]


def test_nothing_tried_nothing_to_review(bank, journal, notebooks):
    assert review_set(journal, bank=bank, folder=notebooks, now=NOW) == []
    assert text([]).startswith("Nothing to review now")


def test_ratings_follow_the_documented_table():
    def rate(score, first=False, **more):
        return review.rating({"score": score, "max_score": 4.0, **more}, first)

    assert rate(1.9) == fsrs.Rating.Again
    assert rate(2.0) == fsrs.Rating.Hard
    assert rate(3.9) == fsrs.Rating.Hard
    assert rate(4.0, first=True) == fsrs.Rating.Easy
    assert rate(4.0) == fsrs.Rating.Good
    assert rate(4.0, revealed=True) == fsrs.Rating.Again


def test_a_bad_count_is_a_usage_error(bank, journal, notebooks):
    for bad in (0, -1, 2.5, True):
        with pytest.raises(UsageError, match="count must be a whole number"):
            review_set(journal, bad, bank=bank, folder=notebooks)


def test_the_notebook_view_shows_each_item_as_a_working_widget(bank, journal, notebooks):
    now = datetime.now(UTC)  # the widget's Check below is journalled at the real time
    check(journal, "cpi", 0.0, 3, now=now)
    check(journal, "define", 0.0, 4, now=now)
    shown = course.review(journal=journal, bank=bank, folder=notebooks, now=now)
    assert [item.exercise for item in shown.items] == ["define", "cpi", "sort", "ladder"]
    assert [w.exercise.id for w in shown.widgets] == ["define", "cpi", "sort", "ladder"]
    header, *parts = shown.box.children
    assert "Review: 4 exercises to practise now" in header.value
    headings = [p.value for p in parts[::2]]
    assert "1. Wrong last time, 4 days ago" in headings[0] and "02-two" in headings[0]
    assert "3. Not tried yet" in headings[2]
    assert parts[1] is shown.widgets[0].box
    # each starts blank, to be answered from memory, though the journal has its last answer
    assert [w.result for w in shown.widgets] == [None] * 4
    assert shown.widgets[0].feedback.value == "" and shown.widgets[0].attempts == 1
    # answering in the review set is an ordinary Check, journalled as in the notebook
    shown.widgets[1].answer = "0.8"
    assert shown.widgets[1].check().score == 1.0
    assert journal.records()[-1]["exercise"] == "cpi"
    after = chosen(journal, bank, notebooks, now=datetime.now(UTC))
    assert "cpi" not in [i for i, *_ in after]


def pm_course(*args, home):
    return subprocess.run(
        [sys.executable, "-m", "course.cli", *args],
        capture_output=True,
        text=True,
        env={**os.environ, "PM_COURSE_HOME": str(home)},
        timeout=120,
    )


def test_the_command_prints_the_set_with_the_notebook_cell_to_run(journal, notebooks, tmp_path):
    now = datetime.now(UTC)
    check(journal, "define", 0.0, 3, now=now)
    check(journal, "cpi", 1.0, 20, now=now)
    options = ["--journal", str(journal.path), "--bank", str(BANKS / "valid")]
    options += ["--notebooks", str(notebooks)]
    done = pm_course("review", *options, home=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [
        f"Review: 4 exercises to practise now (the notebooks are in {notebooks}).",
        " 1. cpi     due for review: right last time, 20 days ago",
        '            open 01-one.ipynb, run its course.show("cpi") cell',
        " 2. define  wrong last time, 3 days ago",
        '            open 02-two.ipynb, run its course.show("define") cell',
        " 3. sort    not tried yet, in a notebook you have started",
        '            open 01-one.ipynb, run its course.show("sort") cell',
        " 4. ladder  not tried yet, in a notebook you have started",
        '            open 02-two.ipynb, run its course.show("ladder") cell',
        "",
        "Or run course.review() in any notebook: this whole set there, ready to answer.",
    ]
    two = pm_course("review", *options, "--count", "1", home=tmp_path)
    assert two.stdout.splitlines()[1] == " 1. cpi  due for review: right last time, 20 days ago"
    bad = pm_course("review", *options, "--count", "0", home=tmp_path)
    assert bad.returncode == 2 and "must be 1 or more" in bad.stderr


def test_the_command_with_an_empty_journal_says_there_is_nothing(tmp_path, notebooks):
    done = pm_course("review", "--notebooks", str(notebooks), home=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("Nothing to review now")


def test_a_reviewed_exercise_with_variants_opens_on_the_fresh_variant(journal, tmp_path):
    """In the course's own bank, cpi-numeric has a template: the set shows variant 3, not 2."""
    from course.core.bank import load_bank

    full = load_bank()
    folder = tmp_path / "nb"
    folder.mkdir()
    page = {"cells": [{"cell_type": "code", "source": 'course.show("cpi-numeric")'}]}
    (folder / "05-toolkit.ipynb").write_text(json.dumps(page), encoding="utf-8")
    check(journal, "cpi-numeric", 0.0, 3, seed=2)
    shown = course.review(journal=journal, bank=full, folder=folder, now=NOW)
    assert [(i.exercise, i.seed) for i in shown.items] == [("cpi-numeric", 3)]
    widget = shown.widgets[0]
    assert widget.seed == 3
    assert widget.exercise.data["prompt"] != full["cpi-numeric"].data["prompt"]  # new numbers
