"""Fixtures for the hostile web tests: a real ``pm-course live`` server over loopback.

Attackers send from loopback addresses of their own (127.0.0.66, ...), as
another machine in the room would; honest learners send from 127.0.0.1
(and, where many are needed, from 127.0.1.x), through the real client where
the test is about what they lose.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

HERE = Path(__file__).parent
TESTS = HERE.parents[1]
sys.path.insert(0, str(TESTS / "live"))
sys.path.insert(0, str(TESTS / "browser"))
from live_fixtures import server_and_browser  # noqa: E402


@pytest.fixture(autouse=True)
def fresh_learner(tmp_path, monkeypatch):
    """Each test's honest learner starts with no saved answers and no kept token."""
    monkeypatch.setenv("PM_COURSE_HOME", str(tmp_path / "home"))
    yield
    from course.live import client

    client.leave()


server, chromium_browser, page = server_and_browser(
    "the hostile web tests", {"width": 1400, "height": 900}, 20_000
)
