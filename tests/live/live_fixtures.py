"""The live server, Chromium and page fixtures that the live-view tests and the hostile
web tests share (each conftest names what it tests and the page size it wants)."""

from __future__ import annotations

import pytest
from helpers import launch_chromium
from live_support import LiveServer


def server_and_browser(what: str, viewport: dict, timeout_ms: int):
    """Fixtures ``server``, ``chromium_browser`` (one a module) and ``page``."""

    @pytest.fixture
    def server(tmp_path):
        """``pm-course live --class PM-TEST`` on a free port of 127.0.0.1, stopped after."""
        with LiveServer(tmp_path / "events.sqlite") as live:
            yield live

    @pytest.fixture(scope="module")
    def chromium_browser(request: pytest.FixtureRequest):
        """Headless Debian Chromium; missing, it skips with how to install (fails in CI)."""
        browser = launch_chromium(request, what)
        yield browser
        browser.close()

    @pytest.fixture
    def page(chromium_browser):
        context = chromium_browser.new_context(viewport=viewport)
        context.set_default_timeout(timeout_ms)
        yield context.new_page()
        context.close()

    return server, chromium_browser, page
