"""The class report and a feedback page as staff and students see them: in Chromium,
opened from disk (offline), at a laptop's width. Nothing overflows or is cut, the
embedded plot loads, and the unanswered exercises unfold on a click.

Screenshots go to test-output/browser/<test name>/.
"""

from __future__ import annotations

import importlib.util
import json

import pytest
from helpers import REPO

from course.core.bank import load_bank
from course.instructor.batch import grade_folder
from course.instructor.feedback import write_feedback
from course.instructor.gradebook import Gradebook
from course.instructor.report import write_report

pytestmark = pytest.mark.browser

# every cell whose content is wider than the cell (text cut or spilling out)
CLIPPED = """() => [...document.querySelectorAll('td, th, h1, h2, h3, p, li, summary')]
  .filter(e => e.scrollWidth > e.clientWidth + 1)
  .map(e => e.textContent.slice(0, 60))"""


def make_class(folder):
    """30 learners answering the course's own bank (the grading benchmark's generator)."""
    spec = importlib.util.spec_from_file_location("bench", REPO / "benchmarks" / "grading.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    bench.make_class(folder, 30, code=False)
    doc = json.loads((folder / "s00001.json").read_text())
    doc["student"] = "skipper"
    doc["answers"] = dict(list(doc["answers"].items())[:3])
    (folder / "skipper.json").write_text(json.dumps(doc))


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    root = tmp_path_factory.mktemp("class")
    make_class(root / "in")
    with Gradebook(root / "class.sqlite") as book:
        grade_folder(root / "in", book, bank=load_bank(), jobs=1, progress=False)
        report = write_report(book, root / "class-report.html")
        write_feedback(book, root / "feedback")
    return report, root / "feedback" / "feedback-skipper.html"


def test_the_class_report_reads_at_laptop_width(page, pages, output_dir):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(pages[0].as_uri())
    page.screenshot(path=output_dir / "class-report.png", full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
    assert page.evaluate(CLIPPED) == []
    assert page.evaluate("document.querySelector('img').naturalWidth") > 0  # embedded PNG
    assert page.locator("text=Reliability of the graded assessment").is_visible()
    assert page.locator("tr.nb").first.inner_text().startswith("01 ")
    assert "…" not in page.inner_text("body")


def test_a_narrow_window_wraps_instead_of_cutting(page, pages, output_dir):
    page.set_viewport_size({"width": 700, "height": 900})
    page.goto(pages[0].as_uri())
    page.screenshot(path=output_dir / "class-report-narrow.png", full_page=True)
    assert page.evaluate(CLIPPED) == []


def test_a_feedback_page_folds_what_was_not_answered(page, pages, output_dir):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(pages[1].as_uri())
    summary = page.locator("details.skipped summary")
    assert "Not answered" in summary.inner_text()
    names = page.locator("details.skipped li")
    assert not names.first.is_visible()  # folded
    page.screenshot(path=output_dir / "feedback-folded.png", full_page=True)
    height = page.evaluate("document.body.scrollHeight")
    assert height < 2500  # three answered exercises: a short page, not a wall of "no answer"
    summary.click()
    assert names.first.is_visible() and names.count() == len(load_bank()) - 3
    page.screenshot(path=output_dir / "feedback-unfolded.png", full_page=True)
    assert page.evaluate(CLIPPED) == []


PLAN = """
[[assignment]]
id = "a1"
title = "Projects, programs and the difference"
notebooks = ["02-what-is-a-project", "04-project-vs-program"]
due = 2025-03-01T21:00:00+01:00
late = { policy = "penalty", per_day = 10, max_days = 5 }

[[assignment]]
id = "capstone"
title = "Capstone"
notebooks = ["14-capstone"]
due = 2025-03-02T17:00:00Z
late = "reject"
"""


@pytest.fixture(scope="module")
def assignment_pages(tmp_path_factory):
    """The class of :func:`make_class` with two assignments; ``latecomer`` hands in on
    2025-03-03 12:00 UTC: a1 two days late (penalty), the capstone rejected."""
    from course.content.notebooks import shown_order
    from course.instructor import assignments

    root = tmp_path_factory.mktemp("assigned")
    make_class(root / "in")
    doc = json.loads((root / "in" / "s00002.json").read_text())
    doc.update(student="latecomer", created="2025-03-03T12:00:00+00:00")
    bank = load_bank()
    for exercise in [i for i, e in bank.items() if "draw" in e.data]:  # s00002's own items
        doc["answers"].pop(exercise, None)
    (root / "in" / "latecomer.json").write_text(json.dumps(doc))
    (root / "assignments.toml").write_text(PLAN)
    notebooks: dict[str, list[str]] = {}
    for exercise, stem in shown_order():
        notebooks.setdefault(stem, []).append(exercise)
    plan = assignments.load_assignments(root / "assignments.toml", list(bank), notebooks)
    with Gradebook(root / "class.sqlite") as book:
        grade_folder(root / "in", book, bank=bank, jobs=1, progress=False)
        assignments.record(book, plan)
        report = write_report(book, root / "class-report.html")
        write_feedback(book, root / "feedback")
    return report, root / "feedback" / "feedback-latecomer.html"


def test_the_report_shows_two_assignments_and_the_late_file(page, assignment_pages, output_dir):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(assignment_pages[0].as_uri())
    section = page.locator("section", has=page.locator("h2", has_text="Assignments"))
    section.scroll_into_view_if_needed()
    page.screenshot(path=output_dir / "report-assignments.png")
    rows = section.locator("table").first.locator("tr")
    assert rows.count() == 3  # a header and two assignments
    assert "late work loses 10 % per day late, up to 5 days" in rows.nth(1).inner_text()
    assert "late work is not accepted" in rows.nth(2).inner_text()
    section.locator("details summary").first.click()  # a1's students (names behind it)
    late = section.locator("tr", has_text="latecomer").first
    assert "LATE 2 days, −20 %" in late.inner_text()
    late.scroll_into_view_if_needed()
    page.screenshot(path=output_dir / "report-assignments-late.png")
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
    assert page.evaluate(CLIPPED) == []
    page.goto(assignment_pages[1].as_uri())
    page.screenshot(path=output_dir / "feedback-late.png")
    body = page.inner_text("body")
    assert "LATE 2 days, −20 %" in body and "REJECTED late: handed in 2025-03-03 12:00" in body
    assert page.evaluate(CLIPPED) == []
