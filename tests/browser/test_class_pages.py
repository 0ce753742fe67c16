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
