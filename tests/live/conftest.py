"""Fixtures for the live-view tests: a real ``pm-course live`` server per test."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from support import LiveServer  # noqa: E402


@pytest.fixture
def server(tmp_path):
    """``pm-course live --class PM-TEST`` on a free port of 127.0.0.1, stopped after the test."""
    with LiveServer(tmp_path / "events.sqlite") as live:
        yield live
