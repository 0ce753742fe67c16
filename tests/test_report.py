"""Tests for course.report: class analytics plots and the summary linking them."""

import re

import pytest
from grading import support

from course.batch import grade_folder
from course.gradebook import Gradebook
from course.report import exercise_means, item_misses, write_report

PNG = b"\x89PNG\r\n\x1a\n"


@pytest.fixture
def book(tmp_path):
    support.class_folder(tmp_path / "in", 9, code=False)
    with Gradebook(tmp_path / "g.sqlite") as book:
        grade_folder(tmp_path / "in", book, bank=support.bank(), jobs=1, progress=False)
        yield book


def test_the_report_draws_every_plot_and_the_summary_links_them(book, tmp_path):
    summary = write_report(book, tmp_path / "report")
    text = summary.read_text(encoding="utf-8")
    links = re.findall(r"!\[\]\(([^)]+)\)", text)
    assert links == [
        "score-distribution.png",
        "exercise-means.png",
        "misplaced-certs.png",
        "misplaced-duties.png",
        "misordered-ladder.png",
    ]
    for name in links:
        assert (tmp_path / "report" / name).read_bytes().startswith(PNG)
    assert "- students graded: 9" in text


def test_items_most_often_misplaced_or_misordered(book):
    misses = item_misses(book)
    # s000, s003, s006 misplaced all four duties each was given, the others none
    duties = misses["duties"]
    assert sum(shown for _, _, shown in duties) == 9 * 4
    assert sum(share * shown for _, share, shown in duties) == pytest.approx(3 * 4)
    assert [share for _, share, _ in duties] == sorted((s for _, s, _ in duties), reverse=True)
    ladder = {label: share for label, share, _ in misses["ladder"]}
    assert ladder == {label: pytest.approx(1 / 3) for label in ladder}
    assert len(ladder) == 4


def test_mean_score_per_exercise(book):
    means = dict(exercise_means(book))
    assert means["Cost performance index"] == pytest.approx(6 / 9)
    assert means["Project duration"] == 0.0
