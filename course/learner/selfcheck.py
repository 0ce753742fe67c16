"""Self-assessment: the marks of a graded exercise for a learner who studies alone.

A learner's copy of the course (``pm-course start``, a class release) has no
keys for graded exercises: their answers are recorded and graded later by an
instructor. A self-study learner has no instructor, so the widget offers
"Mark it myself": it grades the answer with the exercise's keys, and the
journal and the submission record that the learner asked for the marks
(``self_assessed``), so an instructor who does grade it sees that they did.

The keys come from where the package keeps them: an installed wheel carries
the graded exercises as ``course/_keys/`` (outside the learner's copy, which
stays keyless); a source checkout has them in its ``exercises/``. A keyed
exercise is used only when what the learner sees of it is the same as in
their copy (the same public data), so an outdated key never marks an answer.

``PM_COURSE_SELF_ASSESSMENT=off`` (an instructor's hub) turns the offer off.
"""

from __future__ import annotations

import json
import os

from course.core import paths
from course.core.bank import _unordered, has_keys, load_bank, public_data
from course.core.exercise import Exercise
from course.errors import BankError

OFF = ("0", "off", "no", "false")


def allowed() -> bool:
    """Whether self-assessment is offered (not turned off with ``PM_COURSE_SELF_ASSESSMENT``)."""
    return os.environ.get("PM_COURSE_SELF_ASSESSMENT", "").strip().lower() not in OFF


def _public(exercise: Exercise) -> str:
    return json.dumps(_unordered(public_data(exercise.data)), sort_keys=True)


def keyed(exercise: Exercise) -> Exercise | None:
    """The same exercise with its keys (``for_learner`` not yet applied), or None.

    ``exercise`` is the keyless one of the learner's copy; None when self-assessment
    is off, no key store holds it, or the keyed one differs from it.
    """
    if has_keys(exercise) or not allowed():
        return None
    for folder in (paths.PACKAGED_KEYS, paths.PACKAGE_ROOT / "exercises"):
        if not folder.is_dir():
            continue
        try:
            found = load_bank(folder).get(exercise.id)
        except BankError:
            continue
        if found is not None and has_keys(found) and _public(found) == _public(exercise):
            return found
    return None
