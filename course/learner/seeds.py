"""Which variant of an exercise a learner sees (course/core/variants.py): their seed."""

from __future__ import annotations

import warnings

from course.core import variants
from course.core.bank import has_keys
from course.core.exercise import Exercise
from course.errors import JournalError
from course.learner.journal import Journal


def default_seed(exercise: Exercise, journal: Journal, learner: str) -> int:
    """The variant a learner sees: their journal's last, else 0 (as written).

    A graded exercise in a student release (no keys) with a template starts at a
    seed of the learner's own, so two learners get different numbers; the grader
    grades each against theirs (the seed travels in the submission).
    """
    if not variants.has_template(exercise):
        return 0
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # restore() reports unreadable lines
            found = journal.seeds().get(exercise.id)
    except JournalError:
        found = None
    if found is not None:
        return found
    if exercise.graded and not has_keys(exercise):
        return variants.learner_seed(exercise.id, learner)
    return 0
