"""Fixtures for the browser tests: real Jupyter servers and Chromium pages.

* ``lab_server`` / ``notebook_server``: one ``jupyter lab`` / ``jupyter notebook``
  (Notebook 7) per test module, serving a temporary copy of the course (see
  :class:`helpers.JupyterServer`); stopped at the end, and an error if any
  process it started is left behind. Each test's kernels get an empty
  ``PM_COURSE_HOME`` of their own (``own_journal``), so no test sees another's answers.
* ``browser``: headless Debian Chromium, one per session.
* ``page``: a fresh browser context and page per test; the test's kernels are
  shut down afterwards. On failure a screenshot and the server log are saved.
* ``output_dir``: ``test-output/browser/<test name>/`` for screenshots.

Without Chromium (or Playwright) the tests skip with a message saying how to
install it, except in CI (``CI`` set), where that is a failure: CI must run them.
Chromium is Debian's ``/usr/bin/chromium``; ``PM_COURSE_CHROMIUM`` names another.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from helpers import (
    CHROMIUM_ARGS,
    REPO,
    JupyterServer,
    copy_course,
    expect,
    require_chromium,
)

OUTPUT = REPO / "test-output" / "browser"
VIEWPORT = {"width": 1280, "height": 1000}
TIMEOUT_MS = 30_000  # for actions, waits and assertions alike: generous on a busy machine
if expect is not None:
    expect.set_options(timeout=TIMEOUT_MS)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    """Keep each phase's report on the test, so fixtures can see whether it failed."""
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"report_{report.when}", report)


@pytest.fixture(scope="session")
def chromium() -> str:
    """The path of Debian's Chromium, or a skip (a failure in CI) when it is missing."""
    return require_chromium("the browser tests")


@pytest.fixture(scope="session")
def browser(chromium: str, playwright_session):
    """Headless Chromium, shared by the whole session."""
    browser = playwright_session.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
    yield browser
    browser.close()


def _server(app: str, tmp_path_factory: pytest.TempPathFactory):
    root = copy_course(tmp_path_factory.mktemp(f"course-{app}"))
    server = JupyterServer(root, app=app).start()
    yield server
    server.stop()
    assert not server.leftovers, f"jupyter {app} left processes behind: {server.leftovers}"


@pytest.fixture(scope="module")
def lab_server(chromium: str, tmp_path_factory: pytest.TempPathFactory):
    """A ``jupyter lab`` server on a temporary copy of the course."""
    yield from _server("lab", tmp_path_factory)


@pytest.fixture(scope="module")
def notebook_server(chromium: str, tmp_path_factory: pytest.TempPathFactory):
    """A ``jupyter notebook`` (Notebook 7) server on a temporary copy of the course."""
    yield from _server("notebook", tmp_path_factory)


def output_folder(item: pytest.Item) -> Path:
    """``test-output/browser/<test name>/``: where a test's screenshots go."""
    return OUTPUT / re.sub(r"[^A-Za-z0-9_.-]+", "_", item.name).strip("_")


@pytest.fixture
def output_dir(request: pytest.FixtureRequest) -> Path:
    """This test's output folder, emptied (see :func:`output_folder`)."""
    folder = output_folder(request.node)
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    return folder


def _servers(request: pytest.FixtureRequest) -> list[JupyterServer]:
    return [
        request.getfixturevalue(name)
        for name in ("lab_server", "notebook_server")
        if name in request.fixturenames
    ]


@pytest.fixture(autouse=True)
def own_journal(request: pytest.FixtureRequest) -> None:
    """Each test's kernels get an empty ``PM_COURSE_HOME``: no answers of earlier tests."""
    for server in _servers(request):
        server.fresh_home(request.node.name)


@pytest.fixture
def page(browser, request: pytest.FixtureRequest):
    """A fresh page (own context, so own cookies and storage); kernels shut down after."""
    context = browser.new_context(viewport=VIEWPORT)
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed:
        output_dir = output_folder(request.node)
        output_dir.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=output_dir / "failure.png", full_page=True)
        for server in _servers(request):
            (output_dir / f"{server.app}-server.log").write_text(server.log())
        if errors:
            (output_dir / "page-errors.txt").write_text("\n".join(errors))
    context.close()
    for server in _servers(request):
        server.shutdown_kernels()
