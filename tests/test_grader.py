"""Tests for course.grader: the stages, each rejection reason, code answers, a whole folder."""

import json

import pytest
from grading import support

from course.gradebook import Graded, Rejected
from course.grader import STAGES, context, grade_file, grade_files

FIXTURES = support.SUBMISSIONS

REJECTIONS = support.REJECTIONS


@pytest.fixture(scope="module")
def ctx():
    return context(support.bank())


@pytest.mark.parametrize("name", sorted(REJECTIONS))
def test_each_fault_is_rejected_with_its_reason(ctx, name):
    outcome = grade_file(str(FIXTURES / name), ctx)
    assert isinstance(outcome, Rejected)
    assert REJECTIONS[name] in outcome.reason


def test_every_fixture_file_is_covered():
    names = {p.name for p in FIXTURES.glob("*.json")}
    assert names == set(REJECTIONS) | {"valid.json", "fingerprint-mismatch.json"}


def test_a_file_over_the_size_limit_is_rejected_unread(tmp_path, ctx):
    doc = support.submission("ada")
    doc["answers"]["duration"]["answer"] += "#" * 3_000_000
    path = support.write(tmp_path, doc, "too-large.json")
    outcome = grade_file(str(path), ctx)
    assert isinstance(outcome, Rejected)
    assert "too large" in outcome.reason and "over the limit of 2,000,000" in outcome.reason


def test_the_valid_fixture_is_graded_without_warnings(ctx):
    outcome = grade_file(str(FIXTURES / "valid.json"), ctx)
    assert isinstance(outcome, Graded)
    assert outcome.student == "ada" and outcome.warnings == ()
    scores = {row[0]: row[1] for row in outcome.rows}
    assert scores == {
        "certs": pytest.approx(1 / 3),
        "cpi": 1.0,
        "define": 1.0,
        "duration": 1.0,
        "duties": 3.0,
        "ladder": pytest.approx(5 / 6),
        "traits": 0.0,
    }


def test_a_fingerprint_mismatch_is_graded_with_a_warning(ctx):
    outcome = grade_file(str(FIXTURES / "fingerprint-mismatch.json"), ctx)
    valid = grade_file(str(FIXTURES / "valid.json"), ctx)
    assert isinstance(outcome, Graded)
    assert len(outcome.warnings) == 1 and "bank fingerprint mismatch" in outcome.warnings[0]
    assert [r[:4] for r in outcome.rows] == [r[:4] for r in valid.rows]


def test_unanswered_exercises_score_zero(tmp_path, ctx):
    doc = support.submission("ada")
    doc["answers"] = {"cpi": {"answer": 0.8}}
    outcome = grade_file(str(support.write(tmp_path, doc)), ctx)
    rows = {r[0]: r for r in outcome.rows}
    assert len(rows) == len(ctx.bank)
    assert rows["cpi"][1] == 1.0
    assert rows["ladder"][1] == 0.0 and rows["ladder"][3] == "no answer submitted"


def test_the_grader_grades_each_student_s_own_draw(tmp_path, ctx):
    for student in ("ada", "grace", "linus"):
        doc = support.submission(student)
        outcome = grade_file(str(support.write(tmp_path, doc)), ctx)
        duties = json.loads(outcome.texts[{r[0]: r for r in outcome.rows}["duties"][5]])
        drawn = [i["id"] for i in ctx.bank["duties"].for_learner(student).items()]
        assert [item[0] for item in duties] == drawn


def test_answers_for_another_student_s_draw_are_rejected(tmp_path, ctx):
    doc = support.submission("ada")
    doc["student"] = "grace"  # grace was given other duties than ada
    outcome = grade_file(str(support.write(tmp_path, doc)), ctx)
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
    outcome = grade_file(str(support.write(tmp_path, doc)), ctx)
    assert isinstance(outcome, Graded)
    rows = {r[0]: r for r in outcome.rows}
    assert rows["duration"][1] == 0.0
    items = json.loads(outcome.texts[rows["duration"][5]])
    messages = [outcome.texts[item[2]] for item in items]
    feedback = rows["duration"][3] + " ".join(messages)
    assert reason in feedback
    assert all(r[1] == r[2] for exercise, r in rows.items() if exercise != "duration")


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
    for outcome in outcomes:
        duration = {r[0]: r[1] for r in outcome.rows}["duration"]
        assert duration == (1.0 if outcome.student.startswith("good") else 0.0), outcome.path


def test_a_memoised_answer_is_still_checked_against_each_student_s_draw(tmp_path, ctx):
    ada = support.submission("ada")
    assert isinstance(grade_file(str(support.write(tmp_path, ada)), ctx), Graded)
    ada["student"] = "grace"  # the very answer ada gave, now from grace: other duties
    outcome = grade_file(str(support.write(tmp_path, ada)), ctx)
    assert isinstance(outcome, Rejected) and "'duties'" in outcome.reason


def test_grades_are_the_same_when_the_memo_is_full(tmp_path, monkeypatch):
    paths = [str(p) for p in support.class_folder(tmp_path, 12, code=False)]
    warm = grade_files(paths, context(support.bank()))
    monkeypatch.setattr("course.grader.MEMO_SIZE", 2)
    cold = grade_files(paths, context(support.bank()))
    assert [o.rows for o in cold] == [o.rows for o in warm]
    union = [{k: t for o in outcomes for k, t in o.texts.items()} for outcomes in (cold, warm)]
    assert union[0] == union[1]
    used = {k for o in warm for row in o.rows for k in [row[5], *_keys(union[1][row[5]])]}
    assert used - {""} == set(union[1])


def _keys(items_json: str) -> list[str]:
    return [k for item in json.loads(items_json) for k in item[2:]]


def test_a_bug_while_grading_one_file_rejects_that_file_only(tmp_path, monkeypatch):
    from course import grader

    def grade(exercise, answer, run=None):
        if answer == ["b"]:
            raise RuntimeError("boom")
        return real_grade(exercise, answer, run)

    real_grade = grader.grade
    monkeypatch.setattr(grader, "grade", grade)
    paths = [str(p) for p in support.class_folder(tmp_path, 3, code=False)]  # s000 answers ["b"]
    outcomes = grade_files(paths, context(support.bank()))
    assert isinstance(outcomes[0], Rejected)
    assert outcomes[0].reason.startswith("not graded: pm-course failed on this file")
    assert "RuntimeError('boom')" in outcomes[0].reason
    assert all(isinstance(o, Graded) for o in outcomes[1:])
