"""Which items a class gets wrong, and where, from the verdicts grading gave.

The class report (``course.instructor.report``) reads the verdicts the
gradebook stored for each answer (``+id`` right, ``-id`` wrong, as graded
under that answer's own grading key); the live dashboard (``course.live.tally``)
takes them from :func:`course.core.grade.grade`. Nothing here compares an
answer with a key: right and wrong are decided once, by grading.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable

from course.core.exercise import Feedback


def verdicts(items: str | Iterable[Feedback] | None) -> dict[str, bool]:
    """Each item's verdict: from the stored ``"+a -b"`` or from a Result's items.

    >>> verdicts("+pmp -capm")
    {'pmp': True, 'capm': False}
    """
    if items is None:
        return {}
    if isinstance(items, str):
        return {word[1:]: word[0] == "+" for word in items.split()}
    return {f.item: f.correct for f in items}


def placements(answer: object) -> dict:
    """Where a sort or match answer put each item: the answer itself (``{item: place}``)."""
    return answer if isinstance(answer, dict) else {}


def steps(answer: object) -> dict:
    """Where an order answer put each item: ``{item: step}``, counted from 1.

    >>> steps(["b", "a"])
    {'b': 1, 'a': 2}
    """
    return {item: n for n, item in enumerate(answer, start=1)} if isinstance(answer, list) else {}


def wrong_places(
    answers: Iterable[tuple[object, dict[str, bool], int]], where: Callable[[object], dict]
) -> tuple[Counter, Counter]:
    """``(wrong, given)`` over ``(answer, verdicts, students)`` rows.

    ``wrong[item, place]`` counts the students who put ``item`` at ``place``
    and were marked wrong for it; ``given[item]`` those who placed ``item`` at
    all (a graded item the answer left unplaced is not counted).

    >>> wrong, given = wrong_places([({"a": "x"}, {"a": False}, 3),
    ...                              ({"a": "y"}, {"a": True}, 2)], placements)
    >>> dict(wrong), dict(given)
    ({('a', 'x'): 3}, {'a': 5})
    """
    wrong: Counter = Counter()
    given: Counter = Counter()
    for answer, verdict, students in answers:
        for item, place in where(answer).items():
            if item not in verdict:
                continue
            given[item] += students
            if not verdict[item]:
                wrong[item, place] += students
    return wrong, given
