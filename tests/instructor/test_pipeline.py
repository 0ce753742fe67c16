"""Tests for course.instructor.pipeline: stages, rejection reasons, code answers, a folder."""

import dataclasses
import json

import pytest
from grading import support

from course.core.grade import grade
from course.instructor.gradebook import Graded, Rejected
from course.instructor.pipeline import STAGES, context, grade_files

FIXTURES = support.SUBMISSIONS

REJECTIONS = support.REJECTIONS


@pytest.fixture
def ctx():
    """A fresh grading context per test: no memo, sent or code-run state carried between tests."""
    return context(support.bank())


@pytest.mark.parametrize("name", sorted(REJECTIONS))
def test_each_fault_is_rejected_with_its_reason(ctx, name):
    outcome = support.grade_file(str(FIXTURES / name), ctx)
    assert isinstance(outcome, Rejected)
    assert REJECTIONS[name] in outcome.reason


def test_every_fixture_file_is_covered():
    names = {p.name for p in FIXTURES.glob("*.json")}
    assert names == set(REJECTIONS) | {"valid.json", "fingerprint-mismatch.json"}


def test_a_file_over_the_size_limit_is_rejected_unread(tmp_path, ctx):
    doc = support.submission("ada")
    doc["answers"]["duration"]["answer"] += "#" * 3_000_000
    path = support.write(tmp_path, doc, "too-large.json")
    outcome = support.grade_file(str(path), ctx)
    assert isinstance(outcome, Rejected)
    assert "too large" in outcome.reason and "over the limit of 2,000,000" in outcome.reason


def test_the_valid_fixture_is_graded_without_warnings(ctx):
    outcome = support.grade_file(str(FIXTURES / "valid.json"), ctx)
    assert isinstance(outcome, Graded)
    assert outcome.student == "ada" and outcome.warnings == ()
    assert outcome.scores() == {
        "certs": pytest.approx(1 / 3),
        "cpi": 1.0,
        "define": 1.0,
        "duration": 1.0,
        "duties": 3.0,
        "ladder": 0.5,  # coordinator and program-manager in place, the middle two swapped: 2 of 4
        "traits": 0.0,
    }


def test_a_fingerprint_mismatch_is_graded_with_a_warning(ctx):
    outcome = support.grade_file(str(FIXTURES / "fingerprint-mismatch.json"), ctx)
    valid = support.grade_file(str(FIXTURES / "valid.json"), ctx)
    assert isinstance(outcome, Graded)
    assert len(outcome.warnings) == 1 and "bank fingerprint mismatch" in outcome.warnings[0]
    assert outcome.rows == valid.rows


def test_unanswered_exercises_score_zero(tmp_path, ctx):
    doc = support.submission("ada")
    doc["answers"] = {"cpi": {"answer": 0.8}}
    outcome = support.grade_file(str(support.write(tmp_path, doc)), ctx)
    rows = {r[0]: r for r in outcome.rows}
    assert len(rows) == len(ctx.bank)
    assert rows["cpi"][1] == 1.0
    assert rows["ladder"] == ("ladder", 0.0, 1.0, None)  # no answer: no answer id


def answer(outcome, exercise: str) -> tuple:
    """The answer row that ``outcome`` (graded with a fresh context) uses for ``exercise``."""
    answer_id = {r[0]: r[3] for r in outcome.rows}[exercise]
    return {a[0]: a for a in outcome.answers}[answer_id]


def test_the_grader_grades_each_student_s_own_draw(tmp_path, ctx):
    for student in ("ada", "grace", "linus"):
        doc = support.submission(student)
        outcome = support.grade_file(str(support.write(tmp_path, doc)), context(ctx.bank))
        _, exercise, given, summary, items, feedback = answer(outcome, "duties")
        drawn = [i["id"] for i in ctx.bank["duties"].for_learner(student).items()]
        assert items.split() == [f"+{i}" for i in drawn]
        assert (exercise, summary, feedback) == ("duties", "4 of 4 items right", None)
        assert json.loads(given) == doc["answers"]["duties"]["answer"]


def test_answers_for_another_student_s_draw_are_rejected(tmp_path, ctx):
    doc = support.submission("ada")
    doc["student"] = "grace"  # grace was given other duties than ada
    outcome = support.grade_file(str(support.write(tmp_path, doc)), ctx)
    assert isinstance(outcome, Rejected)
    assert "answers of the wrong shape" in outcome.reason and "'duties'" in outcome.reason


def test_stages_are_plain_functions_in_order():
    names = [stage.__name__ for stage in STAGES]
    assert names[:2] == ["read_file", "check_file"] and names[-1] == "score"
    assert names.index("draw_variants") < names.index("check_answer_shapes")


# --- code answers: each escape attempt zeroes that exercise only ---------------------

ESCAPES = {
    "infinite loop": ("while True:\n        pass", "timed out"),
    "memory bomb": ("x = [0] * 10**10", "memory"),
    "sys.exit": ("import sys\n    sys.exit(0)", "exited with code 0"),
    "os._exit": ("import os\n    os._exit(3)", "exited with code 3"),
    "printing megabytes": ("print('x' * 10**7)", "printed more than"),
    "raising": ("raise ValueError('no')", "ValueError"),
    "opening the bank": ("return open(BANK).read()", "not allowed in code exercises"),
}


@pytest.mark.parametrize("attempt", sorted(ESCAPES))
def test_a_code_escape_attempt_scores_zero_for_that_exercise_only(tmp_path, ctx, attempt):
    body, reason = ESCAPES[attempt]
    bank_file = str(support.BANK / "duration.toml")
    source = f"BANK = {bank_file!r}\n\ndef project_duration(tasks):\n    {body}\n"
    doc = support.submission("ada")
    doc["answers"]["duration"]["answer"] = source
    outcome = support.grade_file(str(support.write(tmp_path, doc)), context(ctx.bank))
    assert isinstance(outcome, Graded)
    assert outcome.scores()["duration"] == 0.0
    _, _, given, summary, _, feedback = answer(outcome, "duration")
    assert json.loads(given) == source
    assert reason in summary + " ".join(item["message"] for item in json.loads(feedback))
    assert all(r[1] == r[2] for r in outcome.rows if r[0] != "duration")


def test_escape_attempts_in_one_chunk_do_not_touch_the_other_submissions(tmp_path, ctx):
    paths = []
    for n, (attempt, (body, _)) in enumerate(sorted(ESCAPES.items())):
        doc = support.submission(f"bad{n}")
        doc["answers"]["duration"]["answer"] = f"BANK = ''\ndef project_duration(t):\n    {body}\n"
        paths.append(str(support.write(tmp_path, doc, f"{n:02d}-{attempt}.json")))
        paths.append(
            str(support.write(tmp_path, support.submission(f"good{n}"), f"{n:02d}-ok.json"))
        )
    outcomes = grade_files(paths, ctx)
    assert len(outcomes) == len(paths) == 2 * len(ESCAPES) > 0
    for outcome in outcomes:
        duration = outcome.scores()["duration"]
        assert duration == (1.0 if outcome.student.startswith("good") else 0.0), outcome.path


def test_a_memoised_answer_is_still_checked_against_each_student_s_draw(tmp_path, ctx):
    ada = support.submission("ada")
    assert isinstance(support.grade_file(str(support.write(tmp_path, ada)), ctx), Graded)
    ada["student"] = "grace"  # the very answer ada gave, now from grace: other duties
    outcome = support.grade_file(str(support.write(tmp_path, ada)), ctx)
    assert isinstance(outcome, Rejected) and "'duties'" in outcome.reason


def test_grades_are_the_same_when_the_memo_is_full(tmp_path, monkeypatch):
    paths = [str(p) for p in support.class_folder(tmp_path, 12, code=False)]
    warm = grade_files(paths, context(support.bank()))
    monkeypatch.setattr("course.instructor.pipeline.MEMO_SIZE", 2)
    cold = grade_files(paths, context(support.bank()))
    assert [o.rows for o in cold] == [o.rows for o in warm]
    union = [{a[0]: a for o in outcomes for a in o.answers} for outcomes in (cold, warm)]
    assert union[0] == union[1]
    used = {r[3] for o in warm for r in o.rows} - {None}
    assert used == set(union[1])


def test_memoised_entries_are_what_grade_gives(tmp_path):
    paths = [str(p) for p in support.class_folder(tmp_path, 6, code=False)]
    ctx = context(support.bank())
    grade_files(paths, ctx)
    assert ctx.memo
    for (exercise_id, drawn, _), (row, stored) in ctx.memo.items():
        exercise = ctx.bank[exercise_id]
        if drawn is not None:  # the variant of the students who were given these items
            items = [i for i in exercise.items() if i["id"] in drawn]
            exercise = dataclasses.replace(exercise, data=dict(exercise.data, items=items))
        result = grade(exercise, json.loads(stored[2]))
        assert row == (exercise_id, result.score, result.max_score, stored[0])
        assert stored[3] == result.summary


def carried_before_use(outcomes: list) -> bool:
    """Every answer a record uses is carried by it or by an earlier record."""
    carried: set = set()
    for outcome in outcomes:
        if isinstance(outcome, Graded):
            carried |= {a[0] for a in outcome.answers}
            if not {r[3] for r in outcome.rows} - {None} <= carried:
                return False
    return True


def test_each_answer_row_is_handed_out_once_per_process(tmp_path):
    paths = [str(p) for p in support.class_folder(tmp_path, 9, code=False)]
    ctx = context(support.bank())
    first, second = grade_files(paths[:6], ctx), grade_files(paths[6:], ctx)
    assert carried_before_use(first + second)
    carried = [a[0] for o in first + second for a in o.answers]
    assert len(carried) == len(set(carried))
    # the same answers as earlier students, but for duties: each student draws their own
    assert {a[1] for o in second for a in o.answers} == {"duties"}


def test_a_bug_while_grading_one_file_rejects_that_file_only(tmp_path, monkeypatch):
    from course.instructor import pipeline as grader

    def grade_normalized(exercise, answer, run=None):
        if answer == ["b"] and not failed:  # s000's answer to define, once
            failed.append(exercise.id)
            raise RuntimeError("boom")
        return real(exercise, answer, run)

    real, failed = grader.grade_normalized, []
    monkeypatch.setattr(grader, "grade_normalized", grade_normalized)
    paths = [str(p) for p in support.class_folder(tmp_path, 4, code=False)]  # s000, s003 wrong
    outcomes = grade_files(paths, context(support.bank()))
    assert isinstance(outcomes[0], Rejected)
    assert outcomes[0].reason.startswith("not graded: pm-course failed on this file")
    assert "RuntimeError('boom')" in outcomes[0].reason
    assert all(isinstance(o, Graded) for o in outcomes[1:])
    # s000's answers graded before the bug were memoised; s003 carries their rows
    assert carried_before_use(outcomes)


def test_memoised_answers_are_told_apart_by_type(tmp_path):
    ctx, outcomes = context(support.bank()), {}
    for name, cpi in [("int", 1), ("bool", True), ("float", 1.0), ("text", "1"), ("nested", [[1]])]:
        doc = support.submission("ada")
        doc["answers"]["cpi"]["answer"] = cpi
        outcomes[name] = support.grade_file(str(support.write(tmp_path, doc, f"{name}.json")), ctx)
    assert isinstance(outcomes["bool"], Rejected) and isinstance(outcomes["nested"], Rejected)
    assert "answers of the wrong shape" in outcomes["nested"].reason
    stored = {name: answer(outcomes[name], "cpi")[2] for name in ("int", "float", "text")}
    assert stored == {"int": "1", "float": "1.0", "text": '"1"'}


def test_a_full_memo_keeps_the_answers_given_again_and_forgets_the_rest(tmp_path, monkeypatch):
    from course.instructor import pipeline

    monkeypatch.setattr(pipeline, "MEMO_SIZE", 8)
    ctx = context(support.bank())
    ctx.memo.update({("x", None, (str, n)): (("x", 0.0, 1.0, n), (n,)) for n in range(8)})
    ctx.hits.update({2, 5})
    pipeline.make_room(ctx)  # the first of two misses (a quarter of 8): nothing forgotten yet
    assert len(ctx.memo) == 8
    pipeline.make_room(ctx)
    assert sorted(entry[1][0] for entry in ctx.memo.values()) == [2, 5]
    assert ctx.hits == set() and ctx.misses == [0]
    paths = [str(p) for p in support.class_folder(tmp_path, 12, code=False)]
    small = grade_files(paths, ctx)
    monkeypatch.setattr(pipeline, "MEMO_SIZE", 10_000)
    assert [o.rows for o in small] == [o.rows for o in grade_files(paths, context(support.bank()))]
