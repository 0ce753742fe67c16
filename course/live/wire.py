"""What a learner's post must look like, and the clear 4xx it gets when it does not.

A post is one JSON object (one answer event)::

    {"id": "5f0c…", "exercise": "duty-sort", "action": "check", "answer": {...},
     "time": "2026-11-30T10:02:11Z"}

Who posts is not in the body: the request's learner token (or hub token) says.
The answer is checked against the instructor's exercise bank with the same
``normalize`` the widget uses, so a malformed answer is refused (422) and never
stored; whatever is wrong with a post, the reply is a 4xx with a short JSON
reason, never a 500. The server never takes a score from the client: it scores
the answer with its own key where it can (sorts, matches, orders, choices,
numbers, not per-learner draws) and otherwise stores none, which the dashboard
shows as "not scored live".
"""

from __future__ import annotations

import json
import re

from course.core import types, variants
from course.core.bank import has_keys
from course.core.grade import grade_normalized, normalize
from course.errors import AnswerError

MAX_BYTES = 16_384  # one event; a code answer of a few hundred lines fits
MAX_DEPTH = 8  # answers are at most a mapping of lists; deeper nesting is refused
EVENT_ID = re.compile(r"[A-Za-z0-9_-]{8,64}")
ACTIONS = ("check", "save")


class Refused(Exception):
    """A post the server refuses: ``status`` is the HTTP status, ``reason`` says how to fix it."""

    def __init__(self, status: int, reason: str, retry_after: int | None = None):
        super().__init__(reason)
        self.status = status
        self.reason = reason
        self.retry_after = retry_after


def parse(body: bytes) -> dict:
    """The JSON object in ``body``, or :class:`Refused` (413 too big, 400 not an object)."""
    if len(body) > MAX_BYTES:
        raise Refused(413, f"post is {len(body)} bytes; the limit is {MAX_BYTES} per event")
    try:
        event = json.loads(body)
    except (UnicodeDecodeError, ValueError) as error:  # ValueError: also a 5000-digit integer
        reason = str(error)[:120]
        raise Refused(400, f"post is not JSON ({reason}); send one JSON object per event") from None
    except RecursionError:
        raise Refused(
            400, f"post is nested too deep; answers nest at most {MAX_DEPTH} levels"
        ) from None
    if not isinstance(event, dict):
        raise Refused(400, f"post is a JSON {type(event).__name__}; send one JSON object")
    if depth(event) > MAX_DEPTH:
        raise Refused(400, f"post is nested too deep; answers nest at most {MAX_DEPTH} levels")
    return event


def depth(value: object) -> int:
    """How deep lists and objects nest in ``value`` (a scalar is 0), without recursion."""
    deepest, todo = 0, [(value, 0)]
    while todo:
        item, level = todo.pop()
        if isinstance(item, dict | list):
            level += 1
            deepest = max(deepest, level)
            if deepest > MAX_DEPTH:
                return deepest
            todo += [(v, level) for v in (item.values() if isinstance(item, dict) else item)]
    return deepest


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
    if not isinstance(action, str) or action not in ACTIONS:
        shown = action if isinstance(action, str) else type(action).__name__
        raise Refused(400, f"'action' must be one of {', '.join(ACTIONS)}, not {shown!r:.40}")
    if "answer" not in event:
        raise Refused(400, "the event has no 'answer'")
    seed = event.get("seed", 0)
    if not isinstance(seed, int) or isinstance(seed, bool) or not 0 <= seed < 2**31:
        raise Refused(400, f"'seed' must be a whole number from 0, not {seed!r:.40}")
    try:  # a variant's answer is scored against that variant (course/core/variants.py)
        ex = variants.variant(ex, seed)
    except variants.VariantError as error:
        raise Refused(422, f"{exercise_id!r} has no variant {seed}: {error}"[:300]) from None
    try:
        answer = normalize(ex, event["answer"])
        score = None
        if scored_live(ex):
            score = float(grade_normalized(ex, answer).score)
    except AnswerError as error:
        raise Refused(422, f"answer to {exercise_id!r}: {error.reason}"[:300]) from None
    except (TypeError, ValueError, OverflowError, KeyError, AttributeError, RecursionError):
        # e.g. a list or an object where a bucket id belongs, a 400-digit number
        raise Refused(
            422, f"answer to {exercise_id!r} is not an answer of the form a {ex.type} takes"
        ) from None
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


def scored_live(ex) -> bool:
    """Whether the server scores answers to ``ex`` itself (else: "not scored live")."""
    kind = types.TYPES.get(ex.type)  # a code answer needs the sandbox: graded later
    return kind is not None and not kind.RUNS_CODE and has_keys(ex) and not ex.data.get("draw")
