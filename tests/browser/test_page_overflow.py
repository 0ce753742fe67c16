"""Long unbroken learner text does not spill the class pages sideways.

The web red team's report found a 4,800 px wide feedback page from one long word in a
learner's answer. Here a learner answers with a 5,000-character word, and the feedback
page and the class report, opened in Chromium at 1024 px, stay that wide.
"""

from __future__ import annotations

import pytest
from grading import support

from course.instructor.batch import grade_folder
from course.instructor.feedback import write_feedback
from course.instructor.gradebook import Gradebook
from course.instructor.report import write_report

pytestmark = pytest.mark.browser


def test_a_long_word_wraps_on_the_feedback_page_and_the_report(tmp_path, page, output_dir):
    doc = support.submission("w" * 60)  # a long but valid id, shown in the page heading
    long_word = "x" * 5000  # the check message keeps 300 characters of it
    doc["answers"]["duration"]["answer"] = (
        f"def project_duration(tasks):\n    raise ValueError('{long_word}')\n"
    )
    support.write(tmp_path / "in", doc, "long.json")
    with Gradebook(tmp_path / "g.sqlite") as book:
        grade_folder(
            tmp_path / "in", book, bank=support.bank(), jobs=1, progress=False, isolation="process"
        )
        (feedback,) = write_feedback(book, tmp_path / "fb")
        report = write_report(book, tmp_path / "report.html")
    page.set_viewport_size({"width": 1024, "height": 800})
    for name, path in (("feedback", feedback), ("report", report)):
        page.goto(path.as_uri())
        page.screenshot(path=output_dir / f"{name}.png", full_page=True)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 1024, f"the {name} page is {width} px wide"
    assert "ValueError: " + "x" * 250 in feedback.read_text(encoding="utf-8")  # it is shown
