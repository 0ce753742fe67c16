"""Fixtures for the unit tests: small banks kept in tests/fixtures/banks."""

from pathlib import Path

import pytest

from course.core.bank import load_bank
from course.learner.journal import Journal

FIXTURES = Path(__file__).parent / "fixtures"
BANKS = FIXTURES / "banks"


@pytest.fixture
def bank():
    """A valid bank with one or more exercises of every type."""
    return load_bank(BANKS / "valid")


@pytest.fixture
def journal(tmp_path):
    """An empty journal in a temporary folder."""
    return Journal(tmp_path / "journal.jsonl")


@pytest.fixture(scope="session")
def playwright_session():
    """One Playwright for the whole run, shared by the browser, live and hub tests.

    Playwright's sync API runs an event loop in the test thread: a second
    ``sync_playwright()`` while one is open fails ("using Playwright Sync API
    inside the asyncio loop"), so every browser fixture launches from this one.
    Request it only after checking that Playwright is installed.
    """
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        yield playwright
