"""The examples in the calculators' docstrings run and give what they show."""

import doctest
import importlib

import pytest

MODULES = ["schedule", "earned_value", "program", "cases"]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    module = importlib.import_module(f"course.pm.{name}")
    result = doctest.testmod(module)
    assert result.attempted > 0
    assert result.failed == 0
