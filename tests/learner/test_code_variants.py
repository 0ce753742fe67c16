"""A code exercise's variants are solvable: a right function passes every check of its own
variant in the sandbox (the learner's Check), and a function hard-wired to the written
examples does not."""

import pytest

from course.core import variants
from course.core.bank import load_bank
from course.learner.checking import grade
from tests.model_answers import MODEL_ANSWERS

BANK = load_bank()
NPV = MODEL_ANSWERS["npv-code"]
CRITICAL_PATH = MODEL_ANSWERS["critical-path-code"]


@pytest.mark.parametrize(
    ("exercise_id", "source"), [("npv-code", NPV), ("critical-path-code", CRITICAL_PATH)]
)
@pytest.mark.parametrize("seed", [0, 4, 9])
def test_a_right_function_passes_every_check_of_each_variant(exercise_id, source, seed):
    made = variants.variant(BANK[exercise_id], seed)
    result = grade(made, source)
    assert result.score == result.max_score, [f.message for f in result.items if not f.correct]
    assert sum(f.label.startswith("hidden") for f in result.items) == made.data["hidden"]["count"]


def test_a_function_that_only_knows_the_written_examples_fails_a_variant():
    written = BANK["npv-code"]
    table = {repr(e["args"]): e["expected"] for e in written.data["examples"]}
    source = f"TABLE = {table!r}\ndef npv(rate, flows):\n    return TABLE[repr([rate, flows])]\n"
    assert grade(written, source).fraction < 1  # the hidden checks catch it as written, too
    made = variants.variant(written, 4)
    result = grade(made, source)
    fresh = [f for f in result.items if not f.label.startswith("hidden")][-1]
    assert not fresh.correct  # the variant's own visible example is new to it
