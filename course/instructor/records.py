"""What the grading pipeline hands the gradebook: a graded submission, or a rejected file.

Kept apart from :mod:`course.instructor.gradebook` (the storage) so the pipeline
that makes them does not depend on SQLite code.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Graded:
    """A graded submission as the grader hands it to :meth:`Gradebook.record`.

    ``rows`` holds one ``(exercise, score, max_score, answer_id)`` tuple per
    exercise of the bank (``answer_id`` None when not answered);
    ``answers`` the rows of the ``answers`` table that these rows use and that
    no earlier record of the run carried: ``(id, exercise, answer_json, summary,
    items, feedback)``; ``handed_in`` when the file was handed in (UTC ISO text; empty:
    ``created``) and ``handed_in_source`` what says so (``"created"`` or ``"file"``, see
    :func:`course.instructor.identity.hand_in_time`).
    items, feedback)``; ``self_assessed`` the exercises whose marks the learner
    asked for before submitting ("Mark it myself", :mod:`course.learner.selfcheck`).
    """

    sha256: str
    student: str
    created: str
    path: str
    course_version: str
    bank_fingerprint: str
    warnings: tuple[str, ...] = ()
    rows: list[tuple] = field(default_factory=list)
    answers: list[tuple] = field(default_factory=list)
    handed_in: str = ""
    handed_in_source: str = "created"
    self_assessed: tuple[str, ...] = ()

    def scores(self) -> dict[str, float]:
        """The score of each exercise, by id."""
        return {row[0]: row[1] for row in self.rows}


@dataclass(frozen=True)
class Rejected:
    """A rejected submission file and the one-line reason."""

    path: str
    reason: str


UNRECORDABLE = "not graded: the gradebook could not record this file"


def as_text(text: str) -> str:
    r"""``text`` as UTF-8 that SQLite (and a terminal) takes: the bytes of a file name
    that is not UTF-8 become ``\xff`` escapes, any other lone surrogate ``\ud800``.

    >>> print(as_text("s\udcff.json"), as_text("a\ud800"))
    s\xff.json a\ud800
    """
    try:
        return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:
        return text.encode("utf-8", "backslashreplace").decode("utf-8")
