"""The feedback wording of every type: one vocabulary, never a verdict against its mark.

Every exercise of the course's own bank is graded with a right answer, a
partly wrong one and an empty one (code exercises with the fixture bank's,
which run in the sandbox); each feedback item must carry a verdict from the
vocabulary that agrees with its mark, and its message must lead with it.
"""

from __future__ import annotations

import re

import pytest

from course import grade, load_bank
from course.core.wording import CORRECT, MARKS, VERDICTS, out_of, percent, points, score_line
from course.learner.controls.common import note_html

COURSE = load_bank()
# A bank's own verdict word right after ours would contradict or repeat it.
SECOND_VERDICT = re.compile(r"^[^:]+: (yes|no|right|wrong|correct|incorrect)\b[:.]", re.I)


def answers(ex) -> dict[str, object]:
    """A right, a partly wrong and an empty answer to ``ex``."""
    data, items = ex.data, ex.items()
    if ex.type in ("categorize", "match"):
        choices = [c["id"] for c in data["buckets" if ex.type == "categorize" else "right"]]
        key = {i["id"]: i["answer"] for i in items}
        partly = dict(key)
        first, second = items[0]["id"], items[1]["id"]
        partly[first] = next(c for c in choices if c != key[first])
        del partly[second]
        return {"right": key, "partly": partly, "empty": {}}
    if ex.type == "order":
        key = list(data["answer"])
        return {"right": key, "partly": [key[1], key[0], *key[2:]], "empty": key[::-1]}
    if ex.type == "choice":
        right = [o["id"] for o in items if o["correct"]]
        wrong = [o["id"] for o in items if not o["correct"]]
        partly = [wrong[0]] if not data.get("multiple") else [right[0], wrong[0]]
        return {"right": right, "partly": partly, "empty": []}
    if ex.type == "numeric":
        return {"right": data["answer"], "partly": data["answer"] * 2 + 1, "empty": -1.0}
    raise AssertionError(ex.type)


CASES = [
    (ex_id, kind)
    for ex_id, ex in sorted(COURSE.items())
    if ex.type != "code"
    for kind in ("right", "partly", "empty")
]


@pytest.mark.parametrize("ex_id, kind", CASES)
def test_no_verdict_contradicts_its_mark(ex_id, kind):
    ex = COURSE[ex_id]
    result = grade(ex, answers(ex)[kind])
    assert result.items
    for f in result.items:
        assert f.verdict in VERDICTS, f
        assert CORRECT[f.verdict] == f.correct, f
        head = f.verdict[:1].upper() + f.verdict[1:]
        assert f.message.startswith(f"{head}: ") or f.message == head, f.message
        assert not SECOND_VERDICT.match(f.message), f.message
        assert f"{MARKS[f.verdict]} {head}" in note_html(f)  # the mark beside its verdict
        note = note_html(f)
        assert ("pm-right" in note) == f.correct and "<b class=" in note
        assert (" open>" in note) == (not f.correct)  # wrong rows open, right ones folded
    if kind == "right":
        assert result.score == result.max_score
        assert all(f.correct for f in result.items)
    else:
        assert result.score < result.max_score


@pytest.mark.parametrize("ex_id", sorted(i for i, ex in COURSE.items() if ex.type != "code"))
def test_summary_agrees_with_score(ex_id):
    """The counts in the summary give the score's percentage (the ladder's said 5 of 7 at 95 %)."""
    ex = COURSE[ex_id]
    tried = answers(ex)
    assert len(tried) >= 2, "a right and a wrong answer at least"
    for answer in tried.values():
        result = grade(ex, answer)
        counts = [tuple(map(int, m)) for m in re.findall(r"(\d+) of (\d+)", result.summary)]
        if ex.type == "order":
            placed, steps = counts[0]  # "k of n steps in place"
            assert result.fraction == pytest.approx(placed / steps)
        elif ex.type in ("categorize", "match"):
            right, rows = counts[0]
            assert result.fraction == pytest.approx(right / rows)
        elif ex.type == "choice" and ex.data.get("multiple"):
            minus = re.search(r"minus (\d+)", result.summary)
            hits, n_right = counts[0] if counts else (0, 1)
            share = max(0, hits - (int(minus.group(1)) if minus else 0)) / n_right
            assert result.fraction == pytest.approx(share)
        else:
            assert result.summary in ("right", "not right", "not answered")
            assert (result.summary == "right") == (result.score == result.max_score)


def test_code_feedback_groups_what_repeats(bank):
    ex = bank["duration"]
    broken = grade(ex, "def project_duration(tasks)\n    return 5\n")  # a missing colon
    assert broken.summary.startswith("Did not run: SyntaxError")
    assert "(line 1)" in broken.summary
    from course.core.types.code import grouped

    assert grouped(broken) == []  # said once, in the summary: not once per check
    wrong = grade(ex, "def project_duration(tasks):\n    return 5\n")
    assert re.fullmatch(r"\d of 2 examples right · \d of 5 hidden checks passed", wrong.summary)
    lines = grouped(wrong)
    counted = [line for line in lines if line.startswith("Hidden checks that failed: ")]
    assert len(counted) == 1 and lines.index(counted[0]) >= len(lines) - 3
    assert lines[-1].startswith("It returned a wrong result on: a network")  # kind of input
    assert "hidden check 1" not in " ".join(lines)  # counted by kind, never listed
    for f in wrong.items:
        assert CORRECT[f.verdict] == f.correct


@pytest.mark.parametrize(
    "value, text", [(0.952381, "0.95"), (0.5, "0.5"), (3, "3"), (46, "46"), (0.004, "0")]
)
def test_points_have_at_most_two_decimals(value, text):
    assert points(value) == text


def test_score_line_reads_like_a_person_wrote_it():
    line = score_line("3 of 4 items right", 0.75, 1)
    assert line == "3 of 4 items right · 75 % · 0.75 of 1 point"
    assert score_line("5 of 8 right", 0.625, 1).startswith("5 of 8 right · 63 %")  # half up
    assert score_line("not right", 0, 2) == "Not right · 0 % · 0 of 2 points"
    assert percent(0.678571) == "68 %"
    assert out_of(2.5, 5) == "2.5 of 5 points"
