"""A code exercise's variants are solvable: a right function passes every check of its own
variant in the sandbox (the learner's Check), and a function hard-wired to the written
examples does not."""

import pytest

from course.core import variants
from course.core.bank import load_bank
from course.learner.checking import grade

BANK = load_bank()
NPV = """def npv(rate, flows):
    return sum(flow / (1 + rate) ** t for t, flow in enumerate(flows))
"""
CRITICAL_PATH = """def critical_path(tasks):
    order, done = [], set()
    while len(order) < len(tasks):
        for task in sorted(tasks):
            if task not in done and all(p in done for p in tasks[task].get("after", [])):
                order.append(task)
                done.add(task)
    es, ef = {}, {}
    for task in order:
        es[task] = max((ef[p] for p in tasks[task].get("after", [])), default=0)
        ef[task] = es[task] + tasks[task]["duration"]
    end = max(ef.values(), default=0)
    ls = {}
    for task in reversed(order):
        after_me = [s for s in tasks if task in tasks[s].get("after", [])]
        ls[task] = min((ls[s] for s in after_me), default=end) - tasks[task]["duration"]
    return sorted((t for t in tasks if ls[t] - es[t] <= 1e-9), key=lambda t: (es[t], t))
"""


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
