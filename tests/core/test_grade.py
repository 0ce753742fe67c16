"""grade(): one function for the widget and the grader."""

from dataclasses import replace

from course import grade
from course.core.bank import public_data


def test_result_carries_exercise_and_serialises(bank):
    result = grade(bank["cpi"], 0.8)
    data = result.to_dict()
    assert data["exercise"] == "cpi" and data["score"] == 1.0 and data["max_score"] == 1.0
    assert data["items"][0]["correct"] is True
    assert result.fraction == 1.0


def test_exercise_without_keys_is_recorded_not_graded(bank):
    released = replace(
        bank["certs"], data={**public_data(bank["certs"].data), "keys_removed": True}
    )
    result = grade(released, {"pmp": "project"})
    assert result.recorded and result.score == 0.0 and result.max_score == 3.0
    assert "graded later" in result.summary
    assert result.items == ()


def test_grade_is_pure(bank):
    answer = {"schedule": "project"}
    first = grade(bank["sort"], answer)
    assert grade(bank["sort"], answer) == first
    assert answer == {"schedule": "project"}
