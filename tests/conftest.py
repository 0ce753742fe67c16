"""Fixtures for the unit tests: small banks kept in tests/fixtures/banks."""

from pathlib import Path

import pytest

from course.bank import load_bank
from course.journal import Journal

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
