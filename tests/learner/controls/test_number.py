"""The number box says how it reads what is typed, only where that differs from the text."""

import pytest

from course.core.types.numeric import parse
from course.learner.controls.number import NumberControls


@pytest.mark.parametrize(
    ("typed", "echo"),
    [
        ("60", ""),  # a plain number: nothing to say, no message to the front end
        ("0.75", ""),
        ("60.0", "read as 60"),
        ("0,75", "read as 0.75"),
        ("1 250", "read as 1250"),
        ("1,250", "read as 1250"),
        ("75 %", "read as 0.75"),
        ("abc", ""),  # not a number: the Check says how to write it
    ],
)
def test_the_box_echoes_a_reading_only_where_it_differs(typed, echo):
    box = NumberControls("", parse)
    box.text.value = typed
    assert echo in box.reading.value and (echo or box.reading.value == "")
