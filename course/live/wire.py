"""What a learner's post must look like, and the clear 4xx it gets when it does not.

A post is one JSON object (one answer event)::

    {"class": "PM-MON", "id": "5f0c…", "learner": "a41c9e07d2b3", "name": null,
     "exercise": "duty-sort", "action": "check", "answer": {...}, "score": 0.75,
     "max_score": 1, "time": "2026-11-30T10:02:11Z"}

``class`` and ``learner`` are left out on a JupyterHub, where the hub says who
posts. The answer is checked against the instructor's exercise bank with the
same ``normalize`` the widget uses, so a malformed answer is refused (422) and
never stored. Where the server's bank has the key, it scores the answer itself
rather than trust the number sent.
"""

from __future__ import annotations

import json
import math
import re

from course.core.bank import has_keys
from course.core.grade import grade_normalized, normalize
from course.errors import AnswerError

MAX_BYTES = 16_384  # one event; a code answer of a few hundred lines fits
EVENT_ID = re.compile(r"[A-Za-z0-9_-]{8,64}")
PSEUDONYM = re.compile(r"[0-9a-f]{8,64}")
ACTIONS = ("check", "save")
GRADED_HERE = ("categorize", "match", "order", "choice", "numeric")


class Refused(Exception):
    """A post the server refuses: ``status`` is the HTTP status, ``reason`` says how to fix it."""

    def __init__(self, status: int, reason: str):
        super().__init__(reason)
        self.status = status
        self.reason = reason


def parse(body: bytes) -> dict:
    """The JSON object in ``body``, or :class:`Refused` (413 too big, 400 not an object)."""
    if len(body) > MAX_BYTES:
        raise Refused(413, f"post is {len(body)} bytes; the limit is {MAX_BYTES} per event")
    try:
        event = json.loads(body)
    except (UnicodeDecodeError, ValueError) as error:
        raise Refused(400, f"post is not JSON ({error}); send one JSON object per event") from None
    if not isinstance(event, dict):
        raise Refused(400, f"post is a JSON {type(event).__name__}; send one JSON object")
    return event


def _text(event: dict, key: str, pattern: re.Pattern | None = None, limit: int = 64) -> str:
    value = event.get(key)
    if not isinstance(value, str) or not value or len(value) > limit:
        raise Refused(400, f"{key!r} must be a non-empty string of at most {limit} characters")
    if pattern is not None and not pattern.fullmatch(value):
        raise Refused(400, f"{key!r} is {value[:64]!r}, which is not a valid {key}")
    return value


def check(event: dict, bank, learner: str, name: str | None) -> dict:
    """The event to store: checked, normalised, scored; :class:`Refused` if it cannot be."""
    event_id = _text(event, "id", EVENT_ID)
    exercise_id = _text(event, "exercise")
    if exercise_id not in bank:
        raise Refused(422, f"there is no exercise {exercise_id!r} in this class's bank")
    ex = bank[exercise_id]
    action = event.get("action", "check")
    if action not in ACTIONS:
        raise Refused(400, f"'action' must be one of {', '.join(ACTIONS)}, not {action!r}")
    if "answer" not in event:
        raise Refused(400, "the event has no 'answer'")
    try:
        answer = normalize(ex, event["answer"])
    except AnswerError as error:
        raise Refused(422, f"answer to {exercise_id!r}: {error.reason}") from None
    score = _score(event.get("score"), ex.points)
    if ex.type in GRADED_HERE and has_keys(ex) and not ex.data.get("draw"):
        result = grade_normalized(ex, answer)
        score = result.score
    return {
        "id": event_id,
        "learner": learner,
        "name": name,
        "exercise": exercise_id,
        "action": action,
        "answer": answer,
        "score": score,
        "max_score": ex.points,
    }


def _score(value: object, points: float) -> float | None:
    if value is None:
        return None
    ok = isinstance(value, int | float) and not isinstance(value, bool)
    if not ok or not math.isfinite(value) or not 0 <= value <= points:
        raise Refused(400, f"'score' must be null or a number from 0 to {points:g}")
    return float(value)


def learner_and_name(event: dict) -> tuple[str, str | None]:
    """The pseudonym and (opted-in) real name a class-code post gives for itself."""
    learner = _text(event, "learner", PSEUDONYM)
    name = event.get("name")
    if name is not None and (not isinstance(name, str) or len(name.strip()) > 60):
        raise Refused(400, "'name' must be null or a string of at most 60 characters")
    return learner, (name.strip() or None) if name else None
