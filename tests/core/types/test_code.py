"""code: the share of checks (visible examples and hidden cases) passed, run in the sandbox."""

from dataclasses import replace

import pytest

from course import AnswerError, grade
from course.core.bank import public_data

RIGHT = """
def project_duration(tasks):
    finish = {}
    def ef(t):
        if t not in finish:
            before = [ef(p) for p in tasks[t]["after"]]
            finish[t] = tasks[t]["duration"] + max(before, default=0)
        return finish[t]
    return max(ef(t) for t in tasks)
"""
SUMS = """
def project_duration(tasks):
    return sum(t["duration"] for t in tasks.values())
"""


def test_full(bank):
    result = grade(bank["duration"], RIGHT)
    assert result.score == 1.0
    assert len(result.items) == 2 + 5  # two examples, five hidden checks
    assert result.summary == "2 of 2 examples right · 5 of 5 hidden checks passed"


def test_partial_and_visible_feedback_shows_values(bank):
    result = grade(bank["duration"], SUMS)
    assert 0 < result.score < 1
    second = result.items[1]
    assert not second.correct
    assert "returned 7, expected 4" in second.message


def test_hidden_feedback_never_shows_inputs(bank):
    result = grade(bank["duration"], SUMS)
    hidden = [f for f in result.items if f.label.startswith("hidden")]
    assert len(hidden) == 5
    for f in hidden:
        assert "duration" not in f.message and "{" not in f.message


def test_zero_when_function_returns_nothing(bank):
    source = "def project_duration(tasks):\n    return None\n"
    result = grade(bank["duration"], source)
    assert result.score == 0.0
    assert "returned None, expected" in result.items[0].message  # Python's word, not JSON's null


def test_syntax_error_scores_zero_with_reason(bank):
    result = grade(bank["duration"], "def project_duration(tasks:\n")
    assert result.score == 0.0
    assert "SyntaxError" in result.summary


def test_exception_is_reported_per_check(bank):
    result = grade(bank["duration"], "def project_duration(tasks):\n    return 1 / 0\n")
    assert result.score == 0.0
    assert "ZeroDivisionError" in result.items[0].message


@pytest.mark.parametrize("answer", [None, 42, ["def f(): pass"], "x" * 100_001])
def test_malformed(bank, answer):
    with pytest.raises(AnswerError):
        grade(bank["duration"], answer)


def test_released_code_exercise_runs_visible_checks_only(bank):
    released = replace(
        bank["duration"], data={**public_data(bank["duration"].data), "keys_removed": True}
    )
    result = grade(released, RIGHT)
    assert result.recorded and len(result.items) == 2
    assert "hidden checks run when your instructor grades it" in result.summary


def test_hidden_check_errors_never_echo_learner_text(bank):
    """A learner could raise an exception quoting its inputs: only the kind is shown."""
    source = "import json\ndef project_duration(tasks):\n    raise KeyError(json.dumps(tasks))\n"
    result = grade(bank["duration"], source)
    hidden = [f for f in result.items if f.label.startswith("hidden")]
    assert {f.message.split(": ", 1)[1] for f in hidden} == {"KeyError"}
    visible = result.items[0]
    assert visible.label.startswith("project_duration(") and "KeyError: " in visible.message


def test_hidden_failures_say_which_kind_of_input_failed_without_its_values():
    """critical-path-code of the course's bank: a function that raises on networks with
    several start tasks is told that is where it fails, and nothing of the inputs."""
    from course.core.bank import load_bank
    from course.core.types.code import grouped

    exercise = load_bank()["critical-path-code"]
    wrong = (
        "def critical_path(tasks):\n"
        "    starts = [t for t in tasks if not tasks[t]['after']]\n"
        "    if len(starts) > 1:\n"
        "        raise ValueError(starts)\n"
        "    return []\n"
    )
    result = grade(exercise, wrong)
    hidden_labels = [f.label for f in result.items if f.label.startswith("hidden")]
    assert all("(a network with" in label for label in hidden_labels)
    lines = [line for line in grouped(result) if line.startswith("It ")]
    assert any(
        line.startswith("It raised ValueError on: a network with several tasks that wait for")
        for line in lines
    ), lines
    assert not any("several tasks that wait" in line for line in lines if "wrong" in line)
    assert not any(c in " ".join(lines) for c in "{[\"'")  # no values, no keys
