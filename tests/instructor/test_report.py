"""Tests for course.instructor.report: one self-contained HTML page with the class's statistics."""

import base64
import re

import pytest
from grading import support

from course.instructor.batch import grade_folder
from course.instructor.gradebook import Gradebook
from course.instructor.report import (
    exercise_rows,
    graded_reliability,
    order_misses,
    write_report,
    wrong_placements,
)

PNG = b"\x89PNG\r\n\x1a\n"


@pytest.fixture
def book(tmp_path):
    # nine students s000..s008: every third one (s000, s003, s006) all wrong, the rest all
    # right; the code exercise "duration" left out, so nobody answered it
    with support.graded_class(tmp_path, 9) as book:
        yield book


def test_one_self_contained_page_with_the_plot_embedded(book, tmp_path):
    page = write_report(book, tmp_path / "out" / "class.html").read_text(encoding="utf-8")
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["class.html"]
    tags = support.Tags()
    tags.feed(page)
    names = {t for t, _ in tags.tags}
    assert not names & {"script", "link", "iframe", "object"}
    (img,) = [attrs for tag, attrs in tags.tags if tag == "img"]
    assert img["alt"] and img["src"].startswith("data:image/png;base64,")
    assert base64.b64decode(img["src"].split(",", 1)[1]).startswith(PNG)
    assert not re.search(r"(src|href)=\"(?!data:)", page)
    assert "Students graded</td><td>9" in page
    assert "…" not in page  # labels wrap, never cut


def test_exercises_follow_the_notebooks_whatever_their_order(book, tmp_path):
    first = support.notebooks(
        tmp_path / "a", ["cpi", "define"], ["ladder", "duties", "certs"], heading=True
    )
    rows = exercise_rows(book, first)
    assert [r["id"] for r in rows][:5] == ["cpi", "define", "ladder", "duties", "certs"]
    assert {r["notebook"] for r in rows[5:]} == {""}  # shown by no notebook: last
    renumbered = support.notebooks(
        tmp_path / "b", ["certs"], ["define", "cpi"], ["duties"], heading=True
    )
    assert [r["id"] for r in exercise_rows(book, renumbered)][:4] == [
        "certs",
        "define",
        "cpi",
        "duties",
    ]
    page = write_report(book, tmp_path / "r.html", notebooks=renumbered).read_text("utf-8")
    headings = re.findall(r'<tr class="nb"><th colspan="\d">([^<]+)</th>', page)
    assert headings == ["01 Part 1", "02 Part 2", "03 Part 3", "Not in a notebook"]


def test_difficulty_and_discrimination_per_exercise(book):
    rows = {r["id"]: r for r in exercise_rows(book)}
    # six of nine right on every answered exercise, all or nothing
    for exercise_id in ("cpi", "define", "traits", "certs", "duties", "ladder"):
        assert rows[exercise_id]["answered"] == 9
        assert rows[exercise_id]["difficulty"] == pytest.approx(6 / 9)
        # right students are exactly the strong ones: a perfect item-rest correlation
        assert rows[exercise_id]["discrimination"] == pytest.approx(1.0)
    assert rows["duration"]["answered"] == 0 and rows["duration"]["difficulty"] == 0
    assert rows["duration"]["discrimination"] is None  # everyone scored 0


def test_the_table_says_nobody_answered_rather_than_0_percent(book, tmp_path):
    page = write_report(book, tmp_path / "r.html").read_text(encoding="utf-8")
    row = page.split("Project duration", 1)[1].split("</tr>", 1)[0]
    assert "0 of 9" in row and "nobody answered" in row and "0 %" not in row
    assert "1.00 <span" in page.split("Cost performance index", 1)[1].split("</tr>", 1)[0]


def test_reliability_of_the_graded_exercises_hand_computed(book, tmp_path):
    # graded: certs 1, cpi 1, duration 1 (nobody answered: 0 for all), duties 3, traits 1.
    # All-or-nothing scores, so KR-20. Every varying item has p = 6/9, q = 3/9;
    # an item worth m points has variance p q m^2; totals are 6 or 0, variance p q 6^2.
    # KR-20 = 5/4 * (1 - p q (1 + 1 + 0 + 9 + 1) / (p q 36)) = 5/4 * (1 - 12/36) = 5/6
    assert graded_reliability(book) == ("KR-20", pytest.approx(5 / 6), 5)
    page = write_report(book, tmp_path / "r.html").read_text(encoding="utf-8")
    assert "<b>KR-20 = 0.83</b> over 5 graded exercises." in page
    assert "With only 5 graded exercises a low value is expected." in page


def test_most_common_wrong_placements_never_list_a_zero(book, tmp_path):
    placements = wrong_placements(book)
    # the wrong students paired only PMP, with the program manager
    assert placements["certs"] == [("PMP", "Program manager", "Project manager", 3, 9)]
    # ...and swapped project and program on each of the four duties they were given
    duties = placements["duties"]
    assert sum(wrong for *_, wrong, _ in duties) == 3 * 4
    assert all(wrong > 0 and placed != right for _, placed, right, wrong, _ in duties)
    shares = [wrong / given for *_, wrong, given in duties]
    assert shares == sorted(shares, reverse=True)
    ladder = order_misses(book)["ladder"]
    assert len(ladder) == 4 and all(miss == 3 and n == 9 for _, miss, n in ladder)
    page = write_report(book, tmp_path / "r.html").read_text(encoding="utf-8")
    assert "<td>PMP</td><td>Program manager</td><td>Project manager</td>" in page
    mistakes = page.split("<h2>Most common mistakes", 1)[1].split("<h2>Students", 1)[0]
    assert "(3 of 9)" in mistakes and "(0 of" not in mistakes
    assert not re.search(r"(?<![0-9.])0 %", mistakes)


def test_the_report_lists_files_still_rejected(book, tmp_path):
    (tmp_path / "in" / "broken.json").write_text("{")
    grade_folder(tmp_path / "in", book, bank=support.bank(), jobs=1, progress=False)
    page = write_report(book, tmp_path / "r.html").read_text(encoding="utf-8")
    assert "Files rejected, not graded</td><td>1" in page and "broken.json" in page
    (tmp_path / "in" / "broken.json").unlink()
    grade_folder(tmp_path / "in", book, bank=support.bank(), jobs=1, progress=False)
    page = write_report(book, tmp_path / "r.html").read_text(encoding="utf-8")
    assert "Files rejected, not graded</td><td>0" in page and "broken.json" not in page


def test_a_folder_gets_report_html(book, tmp_path):
    assert write_report(book, tmp_path / "rep").name == "report.html"


def test_a_gradebook_with_nobody_graded_yet(tmp_path):
    with Gradebook(tmp_path / "empty.sqlite") as empty:
        empty.set_exercises(support.bank())
        page = write_report(empty, tmp_path / "r.html").read_text(encoding="utf-8")
    assert "Students graded</td><td>0" in page and "<img" not in page
    assert "<b>KR-20 = not computable</b>" in page and "Not computable" in page
