"""choice: single answer all-or-nothing; multiple (right - wrong) / right, floored at 0."""

import re

import pytest

from course import AnswerError, grade


def test_single_full_and_zero(bank):
    assert grade(bank["define"], ["temporary"]).score == 1.0
    assert grade(bank["define"], ["ongoing"]).score == 0.0
    assert grade(bank["define"], []).score == 0.0


def test_single_accepts_a_bare_id(bank):
    assert grade(bank["define"], "temporary").score == 1.0


def test_per_option_feedback(bank):
    result = grade(bank["define"], ["group"])
    messages = {f.item: f.message for f in result.items}
    assert messages["group"] == "Not right: this one does not apply. That is a program."
    missed = "Not right: this is the answer, left unticked. PMI's definition."
    assert messages["temporary"] == missed
    assert messages["ongoing"] == "Well left out: That is operations."
    assert result.summary == "not right"


def test_nothing_ticked_is_not_answered(bank):
    result = grade(bank["traits"], [])
    verdicts = {f.item: f.verdict for f in result.items}
    assert verdicts == {
        "benefits": "not answered",
        "related": "not answered",
        "single": "well left out",
        "forever": "well left out",
    }
    assert result.summary == "not answered"


def test_multiple_summary_agrees_with_the_score(bank):
    result = grade(bank["traits"], ["benefits", "related", "single"])
    assert result.summary == "2 of 2 right options ticked, minus 1 wrong one"
    assert result.score == 0.5  # (2 - 1) / 2


def test_multiple_partial(bank):
    assert grade(bank["traits"], ["benefits"]).score == 0.5
    assert grade(bank["traits"], ["benefits", "related"]).score == 1.0
    assert grade(bank["traits"], ["benefits", "related", "single"]).score == 0.5


def test_multiple_ticking_everything_earns_nothing(bank):
    assert grade(bank["traits"], ["benefits", "related", "single", "forever"]).score == 0.0
    assert grade(bank["traits"], ["single"]).score == 0.0


@pytest.mark.parametrize(
    "name, answer, reason",
    [
        ("define", ["temporary", "ongoing"], "only one option"),
        ("define", ["maybe"], "'maybe' is not an option"),
        ("traits", ["benefits", "benefits"], "chosen twice"),
        ("traits", {"benefits": True}, "expected a list"),
    ],
)
def test_malformed(bank, name, answer, reason):
    with pytest.raises(AnswerError, match=reason):
        grade(bank[name], answer)


def test_no_option_of_the_course_says_its_verdict_twice():
    """An option's own "Not right: ..." is dropped: the row's verdict already says it."""
    from course import load_bank

    again = re.compile(r"(?:^|\. )(?:not right|right|well left out)\s*[:.]\s", re.I)
    choices = [ex for ex in load_bank().values() if ex.type == "choice"]
    assert len(choices) > 50
    for ex in choices:
        every = [o["id"] for o in ex.data["options"]]
        chosen = [every] if ex.data.get("multiple") else [[i] for i in every]
        for answer in ([], *chosen):
            for f in grade(ex, answer).items:
                rest = f.message.split(": ", 1)[1]  # after the row's own verdict
                assert not again.search(rest), f"{ex.id}: {f.message[:80]}"
