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
from helpers import launch_chromium  # noqa: E402
from live_support import LiveServer  # noqa: E402


@pytest.fixture(autouse=True)
def fresh_learner(tmp_path, monkeypatch):
    """Each test's honest learner starts with no saved answers and no kept token."""
    monkeypatch.setenv("PM_COURSE_HOME", str(tmp_path / "home"))
    yield
    from course.live import client

    client.leave()


@pytest.fixture
def server(tmp_path):
    """``pm-course live --class PM-TEST`` on a free port of 127.0.0.1."""
    with LiveServer(tmp_path / "events.sqlite") as live:
        yield live


@pytest.fixture(scope="module")
def chromium_browser(request: pytest.FixtureRequest):
    """Headless Debian Chromium; missing, it skips with how to install (fails in CI)."""
    browser = launch_chromium(request, "the hostile web tests")
    yield browser
    browser.close()


@pytest.fixture
def page(chromium_browser):
    context = chromium_browser.new_context(viewport={"width": 1400, "height": 900})
    context.set_default_timeout(20_000)
    yield context.new_page()
    context.close()
