"""Helpers shared by the grading tests: the fixture bank and submission builders."""

from __future__ import annotations

import json
from contextlib import contextmanager
from html.parser import HTMLParser
from pathlib import Path

from course.core.bank import load_bank

TESTS = Path(__file__).resolve().parent.parent
BANK = TESTS / "grading" / "bank"
SUBMISSIONS = TESTS / "fixtures" / "submissions"
# One fixture per fault, named after it, and a phrase its reason must contain.
REJECTIONS = {
    "invalid-json.json": "invalid JSON at line 3",
    "truncated.json": "truncated: the JSON ends early",
    "empty.json": "truncated: the file is empty",
    "not-an-object.json": "not a submission",
    "unknown-format.json": "unknown format 'nbgrader-notebook'",
    "newer-version.json": "newer format version 2",
    "missing-field.json": "missing field(s): bank_fingerprint",
    "unknown-field.json": "unknown field(s): grade",
    "missing-student-id.json": "missing student id",
    "malformed-student-id.json": "malformed student id '../../etc/passwd'",
    "malformed-created.json": "malformed 'created' time",
    "unknown-exercise.json": "unknown exercise id(s) 'no-such-exercise'",
    "wrong-answer-shape.json": "answers of the wrong shape: Answer to 'ladder'",
    "non-utf8.json": "not UTF-8 text: byte 0xe9",
}
RIGHT_SOURCE = """def project_duration(tasks):
    finish = {}

    def end(task):
        if task not in finish:
            after = [end(p) for p in tasks[task]["after"]]
            finish[task] = tasks[task]["duration"] + max(after, default=0)
        return finish[task]

    return max((end(t) for t in tasks), default=0)
"""


def bank():
    """The fixture bank: every type, graded exercises, a draw, a code exercise."""
    return load_bank(BANK)


def submission(student: str, created: str = "2025-03-01T10:15:00+00:00", right=True) -> dict:
    """A valid submission document for ``student`` (all right, or all answers wrong)."""
    b = bank()
    duties = b["duties"].for_learner(student)
    if right:
        placed = {i["id"]: i["answer"] for i in duties.items()}
        ladder = ["coordinator", "pm", "senior-pm", "program-manager"]
        source, cpi = RIGHT_SOURCE, 0.8
    else:
        flip = {"project": "program", "program": "project"}
        placed = {i["id"]: flip[i["answer"]] for i in duties.items()}
        ladder = ["program-manager", "senior-pm", "pm", "coordinator"]
        source, cpi = "def project_duration(tasks):\n    return -1\n", 8
    answers = {
        "duties": placed,
        "ladder": ladder,
        "define": ["a"] if right else ["b"],
        "traits": ["benefits", "related"] if right else ["short"],
        "certs": {"pmp": "project-manager", "pgmp": "program-manager", "capm": "project-manager"}
        if right
        else {"pmp": "program-manager"},
        "cpi": cpi,
        "duration": source,
    }
    return {
        "format": "pm-course-submission",
        "version": 1,
        "student": student,
        "created": created,
        "course_version": "0.1.0",
        "bank_fingerprint": b.fingerprint(),
        "answers": {k: {"answer": v} for k, v in answers.items()},
    }


def write(folder: Path, doc: dict, name: str | None = None) -> Path:
    """Write ``doc`` as ``folder/name`` (default ``<student>-<n>.json``)."""
    folder.mkdir(parents=True, exist_ok=True)
    name = name or f"{doc['student']}-{len(list(folder.iterdir()))}.json"
    path = folder / name
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


def class_folder(folder: Path, n: int, code: bool = True) -> list[Path]:
    """``n`` submissions of students s000, s001, ...; every third one all wrong."""
    paths = []
    for i in range(n):
        doc = submission(f"s{i:03d}", right=i % 3 != 0)
        if not code:
            del doc["answers"]["duration"]
        paths.append(write(folder, doc, f"s{i:03d}.json"))
    return paths


def grade_file(path: str, ctx):
    """``course.instructor.pipeline.grade_files`` for one file."""
    from course.instructor.pipeline import grade_files

    return grade_files([path], ctx)[0]


def history(book, student: str) -> list[dict]:
    """Every graded submission of ``student`` in gradebook ``book``, oldest first."""
    rows = book.db.execute(
        "SELECT sha256, created FROM submissions WHERE student = ? ORDER BY created, sha256",
        [student],
    )
    return [dict(r) for r in rows]


def require_os_sandbox() -> None:
    """Skip a test that needs the OS sandbox where it is missing; in CI, fail instead.

    CI installs bubblewrap (``.ci/run``), so there a missing sandbox is a broken
    setup, never a pass.
    """
    from course.sandbox import missing
    from tests import needs

    if problem := missing("os"):
        needs.unavailable(f"the OS sandbox is not available here: {problem}", "the sandbox tests")


@contextmanager
def graded_class(folder: Path, n: int):
    """A real SQLite gradebook (``folder/g.sqlite``) holding :func:`class_folder`'s class of
    ``n`` students (no code answers), graded by the batch grader."""
    from course.instructor.batch import grade_folder
    from course.instructor.gradebook import Gradebook

    class_folder(folder / "in", n, code=False)
    with Gradebook(folder / "g.sqlite") as book:
        grade_folder(folder / "in", book, bank=bank(), jobs=1, progress=False)
        yield book


def notebooks(folder: Path, *shown: list[str], heading: bool = False) -> Path:
    """A notebooks folder: notebook n shows the exercise ids of ``shown[n - 1]``, in order
    (after a markdown heading cell if ``heading``)."""
    folder.mkdir(parents=True, exist_ok=True)
    for n, ids in enumerate(shown, 1):
        cells = [{"cell_type": "markdown", "source": ["# Part"], "metadata": {}}] if heading else []
        cells += [
            {"cell_type": "code", "source": [f'course.show("{i}")'], "metadata": {}} for i in ids
        ]
        (folder / f"{n:02d}-part-{n}.ipynb").write_text(json.dumps({"cells": cells}))
    return folder


class Tags(HTMLParser):
    """The start tags of an HTML page, with their attributes, in order."""

    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
