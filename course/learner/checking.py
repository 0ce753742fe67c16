"""Grading as a learner's Check does it: :mod:`course.core.grade`, with code run first.

The core grading functions are pure: a code answer is scored from a finished
sandbox run. Here, on the learner's own machine, the run is made at the
sandbox's default level (``process``: a forked child with limits and an audit
hook, see :mod:`course.sandbox`). The batch grader makes its own runs, at the
``os`` level, many at a time (:mod:`course.instructor.pipeline`).
"""

from __future__ import annotations

from course.core import types
from course.core.exercise import Exercise, Result
from course.core.grade import grade_normalized as _grade_normalized
from course.core.grade import normalize
from course.sandbox import Run, run_batch


def grade(exercise: Exercise, answer: object, run: Run | None = None) -> Result:
    """Score ``answer`` to ``exercise`` (see :func:`course.core.grade.grade`), running code.

    >>> from course import load_bank
    >>> grade(load_bank()["cert-match"], {}).score
    0.0
    """
    return grade_normalized(exercise, normalize(exercise, answer), run)


def grade_normalized(exercise: Exercise, answer: object, run: Run | None = None) -> Result:
    """:func:`grade` for an answer that already went through ``normalize``."""
    kind = types.get(exercise.type)
    if run is None and getattr(kind, "RUNS_CODE", False):
        run = run_batch([kind.job(exercise, answer)])[0]
    return _grade_normalized(exercise, answer, run)
