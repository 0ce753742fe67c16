"""``grade(exercise, answer)``: the one grading function.

The widget's Check button and the batch grader both call it, so what a
learner sees while practising is what the grader scores.
"""

from __future__ import annotations

from dataclasses import replace

from course.core import types
from course.core.bank import has_keys
from course.core.exercise import Exercise, Result
from course.errors import UsageError


def normalize(exercise: Exercise, answer: object) -> object:
    """``answer`` in canonical form for ``exercise``, or :class:`AnswerError` saying why not."""
    return types.get(exercise.type).normalize(exercise, answer)


def grade(exercise: Exercise, answer: object, run=None) -> Result:
    """Score ``answer`` to ``exercise``: score, maximum and per-item feedback.

    >>> from course import load_bank
    >>> ex = load_bank()["cert-match"]
    >>> grade(ex, {}).score
    0.0

    Parameters:
        exercise: an exercise from :func:`course.load_bank` (``for_learner`` applied
            when it draws per-student variants).
        answer: the answer in the shape of its type (see docs/exercise-format.md).
        run: code exercises only, and required for them: a finished sandbox run
            of ``types.code.job`` (:func:`course.grade` runs it when not given).

    Raises :class:`AnswerError` when the answer has the wrong shape. A
    student-release exercise without keys returns ``Result(recorded=True)``.
    """
    return grade_normalized(exercise, normalize(exercise, answer), run)


def grade_normalized(exercise: Exercise, answer: object, run=None) -> Result:
    """:func:`grade` for an answer that already went through :func:`normalize`.

    The batch grader checks every answer's shape before it grades any (a wrong
    shape rejects the whole file), so it calls this rather than normalise twice.
    ``grade(exercise, answer)`` is ``grade_normalized(exercise, normalize(exercise,
    answer))``: the same function, the same result.
    """
    kind = types.get(exercise.type)
    if not has_keys(exercise) and not kind.RUNS_CODE:
        return Result(
            exercise.id,
            0.0,
            exercise.points,
            summary="Answer recorded: this exercise is graded later by your instructor.",
            recorded=True,
        )
    if not getattr(kind, "RUNS_CODE", False):
        return kind.grade(exercise, answer)
    if run is None:
        raise UsageError(
            f"{exercise.id}: a code answer is graded from a sandbox run of its job; "
            "use course.grade (it runs the code) or pass run="
        )
    result = kind.grade(exercise, answer, run)
    if has_keys(exercise):
        return result
    later = "the hidden checks run when your instructor grades it"
    return replace(result, summary=f"{result.summary}; {later}", recorded=True)
