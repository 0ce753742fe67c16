"""What the hostile web tests share: an honest learner through the real client."""

from __future__ import annotations

import time

from live_support import event  # noqa: F401 (the web tests import it from here)

import course
from course.live import client as live_client


def honest_check(server, exercise_id: str, answer, name=None) -> live_client.LiveClient:
    """An honest learner joins with the real client (once) and presses Check."""
    joined = live_client.current()
    if joined is None:
        joined = course.join(server.url, server.join_code, name=name)
    widget = course.show(exercise_id)
    widget.answer = answer
    widget.check()
    assert joined.flush(20), f"the honest learner's answer was not sent: {joined.problem}"
    assert joined.refused == 0, joined.problem
    return joined


def card(state: dict, exercise_id: str) -> dict:
    return next(c for c in state["exercises"] if c["id"] == exercise_id)


def wait_until(condition, timeout: float = 20.0, every: float = 0.1):
    end = time.monotonic() + timeout
    while not (result := condition()):
        assert time.monotonic() < end, f"not within {timeout} s"
        time.sleep(every)
    return result
