"""pm-course: project management vs program management, as a Jupyter course.

The public API, and where each name lives. Widgets and plots load ipywidgets
and matplotlib only when first used, so ``import course`` stays light.
"""

from course.core.bank import Bank, check_bank, load_bank
from course.core.exercise import Exercise, Feedback, Result
from course.core.version import __version__ as __version__
from course.errors import (
    AnswerError,
    BankError,
    CourseError,
    JournalError,
    Problem,
    SubmissionError,
    UnknownExerciseError,
    UsageError,
)
from course.learner.checking import grade
from course.learner.journal import Journal

__all__ = [
    "AnswerError",
    "Bank",
    "BankError",
    "CourseError",
    "Exercise",
    "Feedback",
    "Journal",
    "JournalError",
    "Problem",
    "Result",
    "SubmissionError",
    "UnknownExerciseError",
    "UsageError",
    "check_bank",
    "feedback",
    "grade",
    "join",
    "load_bank",
    "progress",
    "review",
    "show",
    "submit",
]


def show(exercise_id: str, **options):
    """Show an exercise as a widget (see :func:`course.learner.widget.show`)."""
    from course.learner.widget import show as _show
    from course.live.client import join_from_env

    join_from_env()  # a hub may set PM_COURSE_LIVE for every learner
    return _show(exercise_id, **options)


def join(url: str | None = None, code: str | None = None, **options):
    """Send your answers to the instructor's live class view (see :func:`course.live.join`)."""
    from course.live.client import join as _join

    return _join(url, code, **options)


def progress(**options):
    """This learner's progress per notebook, as a chart (:func:`course.learner.progress.show`)."""
    from course.learner.progress import show as _show

    return _show(**options)


def review(count: int = 5, **options):
    """A short practice set from your answers, as widgets (:func:`course.learner.review.show`)."""
    from course.learner.review import show as _show
    from course.live.client import join_from_env

    join_from_env()  # answers in the review set reach the live view like any other
    return _show(count, **options)


def submit(student: str | None = None, out: str = ".", **options):
    """Write your latest answers into one submission file (:func:`course.learner.handin.submit`)."""
    from course.learner.handin import submit as _submit

    return _submit(student, out, **options)


def feedback(exchange: str | None = None, student: str | None = None):
    """Copy the feedback page your instructor returned into ``~/feedback/`` and return its path
    (:func:`course.learner.returned.feedback`)."""
    from course.learner.returned import feedback as _feedback

    return _feedback(exchange, student)
