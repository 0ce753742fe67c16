"""Mastery: when an exercise counts as learnt, decided here and nowhere else.

An exercise is **mastered** once the learner gets it right on a fresh variant:
a Check with full marks, made without the answer on screen, whose ``seed``
differs from the seed of every earlier Check of that exercise (a right first
try is on a fresh variant by definition). An exercise without variants always
shows the same numbers, so for it a right answer also counts when it comes at
least :data:`LATER_SESSION` after the first try: remembered on another day,
not copied from the screen a minute after the explanation.

Once mastered, an exercise stays mastered; forgetting is the scheduler's
business (:mod:`course.learner.review` brings it back when it is due).

>>> checks = [
...     {"score": 0.0, "max_score": 1.0, "time": "2026-12-01T10:00:00.000+00:00", "seed": 4},
...     {"score": 1.0, "max_score": 1.0, "time": "2026-12-01T10:02:00.000+00:00", "seed": 4},
... ]
>>> mastered(checks, variants=True)  # right, but on the variant it got wrong a minute ago
False
>>> mastered([*checks, {**checks[1], "seed": 9}], variants=True)  # right on a new variant
True

Graded exercises (the capstones) are assessment, not practice: mastery and
review count only practice exercises (:func:`practice`).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime, timedelta

LATER_SESSION = timedelta(days=1)

RULE = (
    "Mastered: right on a fresh variant (numbers you had not answered before), or, for an "
    "exercise without variants, right first try or right again a day or more after your "
    "first try, without the answer shown. Capstone (graded) exercises are not counted."
)


def when(record: dict) -> datetime | None:
    """The record's ``time`` as an aware UTC datetime; None if it has none or it is garbled."""
    try:
        moment = datetime.fromisoformat(str(record.get("time", "")))
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def seed(record: dict) -> int:
    """The variant a Check was made on; a record without ``seed`` was made on variant 0."""
    value = record.get("seed", 0)
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


def fraction(record: dict) -> float:
    """The share of the marks a Check earned, 0 to 1."""
    return max(0.0, min(1.0, float(record["score"]) / float(record["max_score"])))


def _number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def is_right(record: dict) -> bool:
    """Full marks."""
    return fraction(record) >= 1.0


def checks(records: Iterable[dict]) -> dict[str, list[dict]]:
    """The learner's Checks by exercise id, oldest first.

    A Check is a journal record with a score, its ``max_score`` and a readable
    time: "Show answer" records (``action: "show"``) and answers recorded
    without a key (no score) are not Checks.
    """
    found: dict[str, list[dict]] = {}
    for record in records:
        score, top = record.get("score"), record.get("max_score")
        if record.get("action") == "show" or not _number(score) or not _number(top):
            continue
        if top <= 0 or when(record) is None:
            continue
        found.setdefault(record["exercise"], []).append(record)
    for mine in found.values():
        mine.sort(key=lambda r: when(r))  # type: ignore[arg-type, return-value]
    return found


def has_variants(exercise, mine: list[dict]) -> bool:
    """Whether an exercise makes seeded variants: the bank says so, or its Checks carry seeds."""
    data = getattr(exercise, "data", None) or {}
    if getattr(exercise, "variants", None) or data.get("variants"):
        return True
    return any(seed(r) != 0 for r in mine)


def mastered(mine: list[dict], variants: bool) -> bool:
    """Whether these Checks of one exercise (oldest first) show it mastered (see the module)."""
    if not mine:
        return False
    first = when(mine[0])
    seen: set[int] = set()
    for record in mine:
        fresh = seed(record) not in seen
        moment = when(record)
        later = not variants and first and moment and moment - first >= LATER_SESSION
        if is_right(record) and not record.get("revealed") and (fresh or later):
            return True
        seen.add(seed(record))
    return False


def practice(exercise) -> bool:
    """Practice, not assessment: every exercise but the graded (capstone) ones."""
    return not getattr(exercise, "graded", False)


def mastered_ids(bank, records: Iterable[dict]) -> set[str]:
    """The ids of the practice exercises in ``bank`` that ``records`` show mastered."""
    found = checks(records)
    return {
        exercise_id
        for exercise_id, mine in found.items()
        if exercise_id in bank
        and practice(bank[exercise_id])
        and mastered(mine, has_variants(bank[exercise_id], mine))
    }
