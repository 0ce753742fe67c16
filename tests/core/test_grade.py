"""grade(): one function for the widget and the grader."""

import json
from dataclasses import replace

from course import grade
from course.core.bank import public_data


def test_result_carries_exercise_and_serialises(bank):
    result = grade(bank["cpi"], 0.8)
    data = result.to_dict()
    assert data["exercise"] == "cpi" and data["score"] == 1.0 and data["max_score"] == 1.0
    assert data["items"][0]["correct"] is True
    assert result.fraction == 1.0


def test_a_result_comes_back_from_its_dict_whole(bank):
    """The one codec: recorded, each item's verdict and hint survive the round trip."""
    from course.core.exercise import Feedback, Result

    wrong = Feedback("1", False, "returned 5, expected 4", "f(4)", "not right", "Add them.")
    result = Result("duration", 0.5, 1.0, (wrong,), "1 of 2 examples right", recorded=True)
    back = Result.from_dict(json.loads(json.dumps(result.to_dict())))
    assert back == result and back.recorded and back.items[0].hint == "Add them."
    for stored in (grade(bank["cpi"], 0.7), grade(bank["sort"], {"schedule": "project"})):
        assert Result.from_dict(stored.to_dict()) == stored
    old = Feedback.from_dict(["1", False, "returned 5, expected 4", "f(4)"])  # older gradebooks
    assert old == Feedback("1", False, "returned 5, expected 4", "f(4)")


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


def test_pick_feedback_made_once_still_follows_what_the_learner_saw(bank):
    """grade_picks keeps each row's feedback for the next learner who picks alike; an
    exercise with the same rows but another label for the bucket picked gets its own
    wording, and the feedback is what a fresh grade writes."""
    from course.core.types import _common

    answer = {"schedule": "program", "benefits": "program"}
    first = grade(bank["sort"], answer)
    relabelled = replace(
        bank["sort"],
        data={
            **bank["sort"].data,
            "buckets": [
                {"id": "project", "label": "Project manager"},
                {"id": "program", "label": "Program lead"},
            ],
        },
    )
    again = grade(relabelled, answer)
    assert first.items[0].message == (
        "Not right: you chose Program manager; the answer is Project manager. "
        "Scheduling one piece of work is project work."
    )
    assert again.items[0].message == (
        "Not right: you chose Program lead; the answer is Project manager. "
        "Scheduling one piece of work is project work."
    )
    assert first.items[2].message.startswith("Not answered: nothing chosen; the answer is Project")
    _common._PICKED.clear()
    assert grade(bank["sort"], answer) == first and grade(relabelled, answer) == again
    assert first.score == 0.25 and first.summary == "1 of 4 items right"
