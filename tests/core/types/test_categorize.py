"""categorize: score is the share of items placed in the right bucket."""

import pytest

from course import AnswerError, grade

KEY = {"schedule": "project", "benefits": "program", "budget": "project", "funding": "program"}


def test_full(bank):
    result = grade(bank["sort"], KEY)
    assert (result.score, result.max_score) == (1.0, 1.0)
    assert all(f.correct for f in result.items)
    assert result.summary == "4 of 4 items right"


def test_partial_counts_unplaced_as_wrong(bank):
    answer = {"schedule": "project", "benefits": "project", "budget": "project"}
    result = grade(bank["sort"], answer)
    assert result.score == 0.5
    wrong = {f.item: f.message for f in result.items if not f.correct}
    assert wrong["benefits"].startswith(
        "Not right: you chose Project manager; the answer is Program manager."
    )
    assert wrong["funding"].startswith("Not answered: nothing chosen; the answer is Program")
    assert "Benefits management is the program's core." in wrong["benefits"]


def test_zero(bank):
    flipped = {k: "program" if v == "project" else "project" for k, v in KEY.items()}
    assert grade(bank["sort"], flipped).score == 0.0
    assert grade(bank["sort"], {}).score == 0.0


def test_none_means_unplaced(bank):
    assert grade(bank["sort"], {**KEY, "funding": None}).score == 0.75


@pytest.mark.parametrize(
    "answer, reason",
    [
        (["project"], "expected a mapping"),
        ({"nope": "project"}, "'nope' is not an item"),
        ({"schedule": "portfolio"}, "'portfolio' is not a choice"),
    ],
)
def test_malformed(bank, answer, reason):
    with pytest.raises(AnswerError, match=reason):
        grade(bank["sort"], answer)


def test_draw_gives_each_learner_a_stable_subset(bank):
    from dataclasses import replace

    pooled = replace(bank["sort"], data={**bank["sort"].data, "draw": 2})
    a1, a2 = pooled.for_learner("ann"), pooled.for_learner("ann")
    assert [i["id"] for i in a1.items()] == [i["id"] for i in a2.items()]
    assert len(a1.items()) == 2
    drawn = {tuple(i["id"] for i in pooled.for_learner(f"s{n}").items()) for n in range(20)}
    assert len(drawn) > 1
