"""Tests for course.grader: the stages, each rejection reason, code answers, a whole folder."""

import json
import shutil

import pytest
from grading import support

from course.errors import UsageError
from course.gradebook import Gradebook, Graded, Rejected
from course.grader import STAGES, context, grade_file, grade_files, grade_folder, submission_files
from course.release import write_bank

FIXTURES = support.SUBMISSIONS

# One fixture per fault, named after it, and a phrase its reason must contain.
REJECTIONS = {
    "invalid-json.json": "invalid JSON at line 3",
    "truncated.json": "truncated: the JSON ends early",
    "empty.json": "truncated: the file is empty",
    "not-an-object.json": "not a submission",
    "unknown-format.json": "unknown format 'nbgrader-notebook'",
    "newer-version.json": "newer format version 2",
    "missing-field.json": "missing field(s): bank_fingerprint",
    "unknown-field.json": "unknown field(s): grade",
    "missing-student-id.json": "missing student id",
    "malformed-student-id.json": "malformed student id '../../etc/passwd'",
    "malformed-created.json": "malformed 'created' time",
    "unknown-exercise.json": "unknown exercise id(s) 'no-such-exercise'",
    "wrong-answer-shape.json": "answers of the wrong shape: Answer to 'ladder'",
    "non-utf8.json": "not UTF-8 text: byte 0xe9",
}


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


def test_grading_with_a_student_release_bank_is_refused(tmp_path):
    write_bank(support.bank(), tmp_path / "exercises")
    from course.bank import load_bank

    released = load_bank(tmp_path / "exercises")
    with Gradebook(tmp_path / "g.sqlite") as book, pytest.raises(UsageError, match="release"):
        grade_folder(tmp_path, book, bank=released, progress=False)


# --- a folder ------------------------------------------------------------------------


def test_submission_files_finds_json_in_subfolders_and_skips_hidden(tmp_path):
    for name in ("a.json", "sub/b.json", ".hidden/c.json", "sub/.d.json", "notes.txt"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("{}")
    found = [p.replace(str(tmp_path) + "/", "") for p in submission_files(tmp_path)]
    assert found == ["a.json", "sub/b.json"]


def test_a_folder_is_graded_and_rejections_do_not_stop_the_run(tmp_path):
    folder = tmp_path / "in"
    support.class_folder(folder, 5, code=False)
    for name in REJECTIONS:
        shutil.copy(FIXTURES / name, folder / name)
    with Gradebook(tmp_path / "g.sqlite") as book:
        run = grade_folder(folder, book, bank=support.bank(), jobs=1, progress=False)
        assert run.graded == 5 and len(run.rejected) == len(REJECTIONS)
        assert {p.split("/")[-1] for p, _ in run.rejected} == set(REJECTIONS)
        assert book.counts() == {
            "submissions": 5,
            "results": 5 * 7,
            "current": 5,
            "rejections": len(REJECTIONS),
        }


def test_parallel_and_serial_runs_give_the_same_gradebook(tmp_path):
    support.class_folder(tmp_path / "in", 40, code=False)
    grades, bank = [], support.bank()
    for jobs in (1, 2):
        with Gradebook(tmp_path / f"g{jobs}.sqlite") as book:
            run = grade_folder(tmp_path / "in", book, bank=bank, jobs=jobs, progress=False)
            assert run.graded == 40
            grades.append([(g["student"], g["exercise"], g["score"]) for g in book.grades()])
    assert grades[0] == grades[1]


def test_regrading_is_idempotent(tmp_path):
    support.class_folder(tmp_path / "in", 12, code=False)
    bank = support.bank()
    with Gradebook(tmp_path / "g.sqlite") as book:
        grade_folder(tmp_path / "in", book, bank=bank, jobs=1, progress=False)
        before = (book.grades(), book.counts(), book.current())
        again = grade_folder(tmp_path / "in", book, bank=bank, jobs=2, progress=False)
        assert again.graded == 0 and again.unchanged == 12
        forced = grade_folder(tmp_path / "in", book, bank=bank, progress=False, regrade=True)
        assert forced.graded == 12
        assert (book.grades(), book.counts(), book.current()) == before


def test_the_latest_submission_counts_and_earlier_ones_stay_on_record(tmp_path):
    folder = tmp_path / "in"
    bank = support.bank()
    with Gradebook(tmp_path / "g.sqlite") as book:
        support.write(folder, support.submission("ada", "2025-03-02T09:00:00+00:00", right=False))
        grade_folder(folder, book, bank=bank, jobs=1, progress=False)
        assert book.current()[0]["score"] == 0
        # a later resubmission, and a file from before both, arriving later
        support.write(folder, support.submission("ada", "2025-03-03T09:00:00+01:00", right=True))
        support.write(folder, support.submission("ada", "2025-03-01T09:00:00+00:00", right=False))
        run = grade_folder(folder, book, bank=bank, jobs=1, progress=False)
        assert run.graded == 2 and run.unchanged == 1
        (current,) = book.current()
        assert current["created"] == "2025-03-03T08:00:00.000000+00:00"
        assert current["score"] == current["max_score"] == 9
        assert len(book.history("ada")) == 3
        assert len(book.grades("ada")) == 7


def test_a_changed_bank_key_regrades_what_was_graded(tmp_path):
    support.class_folder(tmp_path / "in", 3, code=False)
    changed = tmp_path / "bank"
    shutil.copytree(support.BANK, changed)
    cpi = changed / "cpi.toml"
    cpi.write_text(cpi.read_text().replace("answer = 0.8", "answer = 8"))
    from course.bank import load_bank

    with Gradebook(tmp_path / "g.sqlite") as book:
        grade_folder(tmp_path / "in", book, bank=support.bank(), jobs=1, progress=False)
        run = grade_folder(tmp_path / "in", book, bank=load_bank(changed), jobs=1, progress=False)
        assert run.graded == 3
        cpi_scores = {g["student"]: g["score"] for g in book.grades() if g["exercise"] == "cpi"}
        assert cpi_scores == {"s000": 1.0, "s001": 0.0, "s002": 0.0}
        assert book.counts()["submissions"] == 3


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
