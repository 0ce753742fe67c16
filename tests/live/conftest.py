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
from helpers import launch_chromium  # noqa: E402
from live_support import REPO, LiveServer  # noqa: E402

OUTPUT = REPO / "test-output" / "live"


@pytest.fixture(autouse=True)
def fresh_journal(tmp_path, monkeypatch):
    """Each test's learner starts with no saved answers: re-checking a restored answer
    is not a new try, so the widget would not send it again."""
    monkeypatch.setenv("PM_COURSE_HOME", str(tmp_path / "home"))


@pytest.fixture
def server(tmp_path):
    """``pm-course live --class PM-TEST`` on a free port of 127.0.0.1, stopped after the test."""
    with LiveServer(tmp_path / "events.sqlite") as live:
        yield live


@pytest.fixture(scope="module")
def chromium_browser(request: pytest.FixtureRequest):
    """Headless Debian Chromium for one test module."""
    browser = launch_chromium(request, "the live-view browser tests")
    yield browser
    browser.close()


@pytest.fixture
def page(chromium_browser):
    """A fresh page the size of a projector's screen."""
    context = chromium_browser.new_context(viewport={"width": 1600, "height": 1000})
    context.set_default_timeout(30_000)
    yield context.new_page()
    context.close()


@pytest.fixture
def output_dir() -> Path:
    OUTPUT.mkdir(parents=True, exist_ok=True)
    return OUTPUT
