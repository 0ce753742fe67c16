"""Tests for course.learner.handin: writing from the journal, never overwriting, on a hub."""

import json
import os
import re
import shutil
import stat
import warnings

import pytest
from grading import support

import course
from course.core.submission import FORMAT, read
from course.errors import UsageError
from course.instructor.batch import grade_folder
from course.instructor.gradebook import Gradebook
from course.learner.handin import build, share_with_group, submit, write
from course.learner.journal import Journal
from tests import needs


@pytest.fixture
def bank():
    return support.bank()


@pytest.fixture
def journal(tmp_path, bank):
    journal = Journal(tmp_path / "journal.jsonl")
    duties = bank["duties"].for_learner("ada")
    journal.append({"exercise": "cpi", "learner": "ada", "answer": "0.9"})
    journal.append({"exercise": "cpi", "learner": "ada", "answer": "0.8"})
    journal.append(
        {"exercise": "duties", "learner": "ada", "answer": {duties.items()[0]["id"]: "project"}}
    )
    journal.append({"exercise": "duration", "learner": "ada", "answer": support.RIGHT_SOURCE})
    return journal


def test_submit_writes_the_latest_answer_of_each_exercise(tmp_path, bank, journal):
    path = submit("ada", tmp_path / "out", bank=bank, journal=journal)
    doc = json.loads(path.read_text(encoding="utf-8"))
    assert doc["format"] == FORMAT and doc["version"] == 1 and doc["student"] == "ada"
    assert doc["course_version"] == course.__version__
    assert doc["bank_fingerprint"] == bank.fingerprint()
    assert doc["answers"]["cpi"]["answer"] == "0.8"
    assert doc["answers"]["duration"]["answer"] == support.RIGHT_SOURCE
    assert set(doc["answers"]) == {"cpi", "duties", "duration"}
    sub = read(path)
    assert sub.student == "ada" and sub.answers["cpi"] == "0.8"
    assert path.name.startswith("ada-") and path.suffix == ".json"


def test_submit_never_overwrites_an_earlier_submission(tmp_path, bank, journal):
    paths = [submit("ada", tmp_path, bank=bank, journal=journal) for _ in range(3)]
    assert len(set(paths)) == 3
    doc = build("ada", bank, journal)
    first = write(doc, tmp_path / "same")
    before = first.read_bytes()
    second = write(doc, tmp_path / "same")
    assert second != first and first.read_bytes() == before
    stem = first.stem.rpartition("-")[0]  # <student>-<time>, then 8 random hex digits
    assert second.stem.rpartition("-")[0] == stem and len(second.stem) == len(first.stem)
    assert re.fullmatch(r"ada-\d{8}T\d{6}Z-[0-9a-f]{8}", first.stem)
    assert not [p for p in tmp_path.rglob("*.tmp")]


def test_answers_made_as_another_learner_for_a_drawn_exercise_are_refused(bank, journal):
    with pytest.raises(UsageError, match="PM_COURSE_LEARNER=grace"):
        build("grace", bank, journal)


def test_answers_to_exercises_no_longer_in_the_bank_are_left_out(bank, journal):
    journal.append({"exercise": "retired", "learner": "ada", "answer": 1})
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        doc = build("ada", bank, journal)
    assert "retired" not in doc["answers"]
    assert "left out your answer to 'retired'" in str(caught[0].message)


def test_an_answer_that_no_longer_fits_is_refused(bank, journal):
    journal.append({"exercise": "ladder", "learner": "ada", "answer": ["pm"]})
    with pytest.raises(UsageError, match="ladder: must list each of"):
        build("ada", bank, journal)


@pytest.mark.parametrize("student", ["", "a b", "../x", "-rf", "x" * 65])
def test_a_malformed_student_id_is_refused_at_submit(bank, journal, student):
    with pytest.raises(UsageError, match="student id"):
        build(student, bank, journal)


def test_course_submit_uses_the_learner_s_journal(tmp_path, monkeypatch):
    root = tmp_path / "course"
    shutil.copytree(support.BANK, root / "exercises")
    monkeypatch.setenv("PM_COURSE_ROOT", str(root))
    monkeypatch.setenv("PM_COURSE_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("PM_COURSE_LEARNER", "ada")
    Journal().append({"exercise": "cpi", "learner": "ada", "answer": 0.8})
    path = course.submit(out=tmp_path / "out")
    assert read(path).student == "ada" and read(path).answers == {"cpi": 0.8}


# --- on a hub: the system user name, the exchange folder's group ---------------------


def hub_journal(tmp_path, bank, learner):
    """A journal with every duty of ``learner``'s draw placed right, answered as ``learner``."""
    journal = Journal(tmp_path / f"{learner}.jsonl")
    duties = bank["duties"].for_learner(learner)
    placed = {item["id"]: item["answer"] for item in duties.items()}
    journal.append({"exercise": "duties", "learner": learner, "answer": placed})
    return journal, placed


def test_answers_under_the_tljh_system_name_are_graded_with_that_draw(tmp_path, bank):
    journal, placed = hub_journal(tmp_path, bank, "jupyter-dave")
    assert (
        bank["duties"].for_learner("dave").items()
        != bank["duties"].for_learner("jupyter-dave").items()
    ), "pick learner ids whose draws differ"
    path = submit("dave", tmp_path / "out", bank=bank, journal=journal)
    sub = read(path)
    assert sub.student == "dave" and sub.learners == {"duties": "jupyter-dave"}
    with Gradebook(tmp_path / "class.sqlite") as book:
        run = grade_folder(tmp_path / "out", book, bank=bank, jobs=1, progress=False)
        assert run.graded == 1 and not run.rejected
        (duties,) = [g for g in book.grades("dave") if g["exercise"] == "duties"]
    assert duties["answer"] == placed
    assert duties["score"] == duties["max_score"] > 0


def test_answers_under_this_account_s_login_count_as_its_hub_user(tmp_path, bank, monkeypatch):
    from course.core import paths

    journal, _ = hub_journal(tmp_path, bank, "u1042")
    monkeypatch.setattr(paths, "login_name", lambda: "u1042")
    monkeypatch.setenv("JUPYTERHUB_USER", "erin")
    assert read(submit("erin", tmp_path, bank=bank, journal=journal)).learners == {
        "duties": "u1042"
    }
    monkeypatch.setenv("JUPYTERHUB_USER", "frank")  # not this account's hub user
    with pytest.raises(UsageError, match="you answered as learner 'u1042' but submit as 'erin'"):
        submit("erin", tmp_path, bank=bank, journal=journal)


def test_the_default_student_id_on_a_hub_is_jupyterhub_user(tmp_path, monkeypatch, bank):
    monkeypatch.delenv("PM_COURSE_LEARNER", raising=False)
    monkeypatch.setenv("JUPYTERHUB_USER", "dave")
    journal, _ = hub_journal(tmp_path, bank, "dave")
    assert read(submit(out=tmp_path, bank=bank, journal=journal)).student == "dave"


def other_group() -> int:
    """A group this process may give files to that is not its own (root may give any)."""
    groups = [g for g in os.getgroups() if g != os.getegid()]
    if groups:
        return groups[0]
    if os.geteuid() == 0:
        return 65534 if os.getegid() != 65534 else 65533
    needs.unavailable("this user has no second group to give the exchange folder")


def test_a_submission_is_private_unless_the_folder_is_setgid(tmp_path, bank, journal):
    plain = submit("ada", tmp_path / "plain", bank=bank, journal=journal)
    assert stat.S_IMODE(plain.stat().st_mode) == 0o600
    exchange = tmp_path / "exchange"
    exchange.mkdir()
    group = other_group()
    os.chown(exchange, -1, group)
    os.chmod(exchange, 0o2773)
    shared = submit("ada", exchange, bank=bank, journal=journal)
    info = shared.stat()
    assert stat.S_IMODE(info.st_mode) == 0o640
    assert info.st_gid == group != os.getegid()


def test_a_file_the_system_did_not_give_the_folders_group_is_given_it(tmp_path):
    """The fchown branch: a file made before the folder became setgid to another group."""
    folder = tmp_path / "exchange"
    folder.mkdir()
    fd = os.open(folder / "ada.json", os.O_CREAT | os.O_WRONLY, 0o600)
    try:
        group = other_group()
        os.chown(folder, -1, group)
        os.chmod(folder, 0o2773)
        assert os.fstat(fd).st_gid != group
        share_with_group(fd, folder)
        assert os.fstat(fd).st_gid == group
    finally:
        os.close(fd)
