"""Tests for course.instructor.feedback: a self-contained, escaped HTML page per student."""

import html
import json
import re

import pytest
from grading import support

from course import grade
from course.core.types.code import checks
from course.instructor.batch import grade_folder
from course.instructor.feedback import (
    DIFFERS,
    hidden_checks_line,
    item_feedback,
    public_message,
    student_grades,
    write_feedback,
)
from course.instructor.gradebook import Gradebook


@pytest.fixture
def pages(tmp_path):
    folder = tmp_path / "in"
    support.class_folder(folder, 3)
    sneaky = support.submission("mallory")
    sneaky["answers"]["duration"]["answer"] = (
        "import json\ndef project_duration(tasks):\n"
        "    raise ValueError('<script>alert(1)</script>' + json.dumps(tasks))\n"
    )
    support.write(folder, sneaky)
    with Gradebook(tmp_path / "g.sqlite") as book:
        grade_folder(folder, book, bank=support.bank(), jobs=1, progress=False)
        return {
            p.stem.removeprefix("feedback-"): p.read_text(encoding="utf-8")
            for p in write_feedback(book, tmp_path / "fb")
        }


def test_one_page_per_student_with_the_total_and_each_exercise(pages):
    assert sorted(pages) == ["mallory", "s000", "s001", "s002"]
    page = pages["s001"]
    # graded (duties 3, certs, cpi, duration, traits) apart from practice (define, ladder)
    assert "<b>Graded work: 7 / 7 (100 %)</b>" in page
    assert "Practice (not counted in the grade): 2 / 2" in page
    for exercise in support.bank().values():
        assert f'<section id="{exercise.id}">' in page and exercise.title in page
    assert "Right: Program manager. Benefits management" in page or "Right: Project" in page


def test_pages_are_self_contained(pages):
    assert len(pages) == 4
    for page in pages.values():
        tags = support.Tags()
        tags.feed(page)
        names = {t for t, _ in tags.tags}
        assert not names & {"script", "link", "img", "iframe", "object"}
        assert not re.search(r"(src|href)=", page)


def test_learner_text_is_escaped_and_hidden_inputs_never_shown(pages):
    page = pages["mallory"]
    assert "<script>" not in page
    # the hidden checks in one line, the failures' kind (a name) only
    assert "0 of 5 hidden checks passed; failed: 5 raised ValueError</li>" in page
    assert "hidden check 1" not in page
    exercise = support.bank()["duration"]
    cases = [(args, label.startswith("hidden")) for args, _, label in checks(exercise)]
    assert sum(hidden for _, hidden in cases) == 5
    text = html.unescape(page)
    for args, hidden in cases:  # the raised message quoted every input
        assert (json.dumps(args[0]) in text) is not hidden


HIDDEN_MESSAGES = [
    ("hidden check 1 returned a wrong result", "failed: returned a wrong result"),
    ("hidden check 1 raised KeyError: 'A'", "failed: KeyError"),
    ("hidden check 1 failed: KeyError: 'A'", "failed: KeyError"),
    ("hidden check 1 failed: ValueError: {'A': {'duration': 3}}", "failed: ValueError"),
    ("hidden check 1 raised {'A': 1}", "failed"),
    ("hidden check 1 failed: returned a set, which is not plain data", "failed"),
    (
        "hidden check 1: not run: timed out",
        "not run: the code stopped before this check (see the summary above)",
    ),
    ("something new {'A': 1}", "failed"),
    # the same, as course.core.types.code words them now: without the label
    ("returned a wrong result", "failed: returned a wrong result"),
    ("failed: KeyError: 'A'", "failed: KeyError"),
    ("failed: ValueError: {'A': {'duration': 3}}", "failed: ValueError"),
    ("failed: returned a set, which is not plain data", "failed"),
    ("not run: timed out", "not run: the code stopped before this check (see the summary above)"),
]


@pytest.mark.parametrize(("message", "shown"), HIDDEN_MESSAGES)
def test_hidden_checks_show_pass_or_fail_and_an_exception_name_only(message, shown):
    item = {"label": "hidden check 1", "correct": False, "message": message}
    assert public_message(item) == shown


def test_visible_and_passed_checks():
    assert public_message({"label": "hidden check 3", "correct": True, "message": "x"}) == "passed"
    visible = {"label": "f([1])", "correct": False, "message": "f([1]) returned 2, expected 1"}
    assert public_message(visible) == "f([1]) returned 2, expected 1"


def test_feedback_is_what_grade_gives_for_the_stored_answer(tmp_path):
    support.require_os_sandbox()  # the code answers are graded at level os
    support.class_folder(tmp_path / "in", 4)
    bank = support.bank()
    with Gradebook(tmp_path / "g.sqlite") as book:
        grade_folder(tmp_path / "in", book, bank=bank, jobs=1, progress=False)
        for student in ("s000", "s001", "s003"):
            rows = student_grades(book, student)
            assert sorted(r["exercise"] for r in rows) == sorted(bank)
            assert any(r["feedback"] is not None for r in rows)  # the stored code feedback
            for row in rows:
                exercise = bank[row["exercise"]].for_learner(student)
                result = grade(exercise, row["answer"])
                assert row["score"] == result.score and row["summary"] == result.summary
                shown = [(i["item"], i["correct"], i["message"], i["label"]) for i in row["items"]]
                assert shown == [(f.item, f.correct, f.message, f.label) for f in result.items]
                assert row["note"] == ""


def test_a_grade_that_no_longer_matches_its_feedback_gets_a_note():
    exercise = support.bank()["cpi"]
    row = {"exercise": "cpi", "answer": 0.8, "answer_id": 1, "feedback": None, "score": 0.0}
    items, note = item_feedback(row, {"cpi": exercise}, "ada")
    assert items[0]["correct"] and note == DIFFERS
    items, note = item_feedback(dict(row, score=1.0), {"cpi": exercise}, "ada")
    assert note == ""
    assert item_feedback(dict(row, answer_id=None), {"cpi": exercise}, "ada") == ([], "")


def test_unanswered_exercises_fold_into_one_line_and_order_follows_the_notebooks(tmp_path):
    doc = support.submission("skipper")
    doc["answers"] = {"cpi": doc["answers"]["cpi"], "ladder": doc["answers"]["ladder"]}
    support.write(tmp_path / "in", doc)
    nbs = support.notebooks(tmp_path / "nb", ["cpi", "define"], ["ladder", "duties"])
    with Gradebook(tmp_path / "g.sqlite") as book:
        grade_folder(tmp_path / "in", book, bank=support.bank(), jobs=1, progress=False)
        (path,) = write_feedback(book, tmp_path / "fb", notebooks=nbs)
    page = path.read_text(encoding="utf-8")
    assert "no answer submitted" not in page
    assert re.findall(r'<section id="([^"]+)">', page) == ["cpi", "ladder"]  # notebook order
    bank = support.bank()
    rest = [i for i in bank if i not in {"cpi", "define", "ladder", "duties"}]
    skipped = ["define", "duties", *rest]  # notebook order, then bank order
    points = sum(bank[i].points for i in skipped)
    line = "".join(f"<li>{html.escape(bank[i].title)}</li>" for i in skipped)
    assert f"<b>Not answered</b>: 5 exercises, {points:g} points (show which)" in page
    assert f"</summary><ul>{line}</ul></details>" in page
    assert page.count("<tr>") == 1 + 2  # the header and the two answered exercises


def test_hidden_checks_are_one_line_with_failures_counted_by_kind():
    hidden = [
        {"label": f"hidden check {n}", "correct": n < 17, "message": "returned the right result"}
        for n in range(1, 21)
    ]
    hidden[16]["message"] = "failed: KeyError: 'A'"
    hidden[17]["message"] = hidden[18]["message"] = "returned a wrong result"
    hidden[19]["message"] = "not run: timed out"
    assert hidden_checks_line(hidden) == (
        "16 of 20 hidden checks passed; failed: 2 returned a wrong result, 1 raised KeyError; "
        "1 not run (the code stopped first)"
    )
