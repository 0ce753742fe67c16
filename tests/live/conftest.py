"""Fixtures for the live-view tests: a real ``pm-course live`` server, and Chromium.

Without Chromium (or Playwright) the browser tests skip with how to install
it, except in CI (``CI`` set), where that is a failure: CI must run them.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "browser"))
from live_fixtures import server_and_browser  # noqa: E402
from live_support import REPO  # noqa: E402

OUTPUT = REPO / "test-output" / "live"


@pytest.fixture(autouse=True)
def fresh_journal(tmp_path, monkeypatch):
    """Each test's learner starts with no saved answers: re-checking a restored answer
    is not a new try, so the widget would not send it again."""
    monkeypatch.setenv("PM_COURSE_HOME", str(tmp_path / "home"))


server, chromium_browser, page = server_and_browser(
    "the live-view browser tests", {"width": 1600, "height": 1000}, 30_000
)


@pytest.fixture
def output_dir() -> Path:
    OUTPUT.mkdir(parents=True, exist_ok=True)
    return OUTPUT
