"""Hostile code answers through the real grading path, beside honest students.

Every attack of issue 8 (and some it suggests) is one student's answer to the
``duration`` code exercise; the same class has honest students, right and
wrong. The answers go through a learner's journal, ``pm-course submit``,
``pm-course grade`` (a separate process, at the default isolation level ``os``),
the gradebook and ``pm-course feedback``, once for the module. Each test then
checks that its attack is contained: nothing written outside the job, no process
left, no signal reaching the grader (the ``pm-course grade`` process itself,
its pid written into the answers as it starts) or a bystander, no key, environment or
hidden input in any output, a gradebook and pages of normal size, and the
honest students graded right. The attacks first get past the audit hook (the
tests check they did), so what holds them is the OS sandbox.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
import uuid
from pathlib import Path

import attacks
import pytest
from grading import support

from course.cli import main
from course.core.types.code import hidden_checks
from course.learner.journal import Journal

ATTACKERS = sorted(attacks.ATTACKS)
HONEST = {"honest-a": True, "honest-b": True, "honest-c": False}


# Stands for the pid of `pm-course grade` in the attacks' sources until GRADE,
# which then becomes that process (exec keeps the pid), writes its pid in.
GRADER_PID = "73914062501"
GRADE = f"""
import os, pathlib, sys
print("grader pid", os.getpid(), file=sys.stderr, flush=True)
for path in pathlib.Path(sys.argv[1]).glob("*.json"):
    path.write_text(path.read_text().replace("{GRADER_PID}", str(os.getpid())))
os.execv(sys.executable, [sys.executable, "-m", "course.cli", "grade", *sys.argv[1:]])
"""


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    """Grade one class of attackers and honest students; what the tests inspect."""
    support.require_os_sandbox()
    root = tmp_path_factory.mktemp("hostile")
    key_canary, env_canary, marker = (
        f"{kind}-{uuid.uuid4().hex}" for kind in ("KEY", "ENV", "PROC")
    )
    bank = root / "bank"
    shutil.copytree(support.BANK, bank)
    with open(bank / "duties.toml", "a", encoding="utf-8") as toml:
        toml.write(f"# {key_canary}\n")
    victim = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(600)"])
    book, outside = root / "class.sqlite", root / "outside-canary"
    canaries = {
        "bank": bank,
        "gradebook": book,
        "outside": outside,
        "marker": marker,
        "victim": victim.pid,
        "grader": GRADER_PID,
    }
    sources = attacks.sources(**canaries)
    submissions = root / "submissions"
    for student in [*ATTACKERS, *HONEST]:
        doc = support.submission(student.replace("_", "-"), right=HONEST.get(student, True))
        answers = {i: record["answer"] for i, record in doc["answers"].items()}
        if student in sources:
            answers["duration"] = sources[student]
        journal = Journal(root / "journals" / f"{student}.jsonl")
        for exercise_id, answer in answers.items():
            journal.append({"exercise": exercise_id, "answer": answer, "score": 0.0})
        assert (
            main(
                [
                    "submit",
                    "--student",
                    student.replace("_", "-"),
                    "--journal",
                    str(journal.path),
                    "--bank",
                    str(bank),
                    "--out",
                    str(submissions),
                ]
            )
            == 0
        )
    env = {**os.environ, "PM_GRADER_SECRET": env_canary}
    grading = subprocess.run(
        [
            sys.executable,
            "-c",
            GRADE,
            str(submissions),
            "--gradebook",
            str(book),
            "--bank",
            str(bank),
            "--quiet",
            "--jobs",
            "2",
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
    )
    victim_alive = victim.poll() is None
    victim_state = Path(f"/proc/{victim.pid}/stat").read_text().split()[2] if victim_alive else ""
    victim.kill()
    victim.wait()
    pages = root / "feedback"
    assert main(["feedback", "--gradebook", str(book), "--out", str(pages)]) == 0
    with sqlite3.connect(book) as db:
        rows = db.execute(
            "SELECT c.student, r.exercise, r.score, a.summary, a.feedback "
            "FROM current c JOIN results r ON r.submission = c.submission "
            "LEFT JOIN answers a ON a.id = r.answer"
        ).fetchall()
    return {
        "root": root,
        "book": book,
        "pages": pages,
        "grading": grading,
        "rows": rows,
        "key": key_canary,
        "env": env_canary,
        "marker": marker,
        "outside": outside,
        "victim": (victim_alive, victim_state),
        "bank": bank,
    }


def feedback_of(graded, student: str) -> str:
    """Everything stored and shown about ``student``'s code answer."""
    student = student.replace("_", "-")
    stored = [
        f"{summary} {fb}"
        for s, e, _, summary, fb in graded["rows"]
        if s == student and e == "duration"
    ]
    page = (graded["pages"] / f"feedback-{student}.html").read_text(encoding="utf-8")
    return " ".join(stored) + page


def assert_contained(graded, student: str) -> str:
    """The checks every attack must pass; returns what the student's feedback says."""
    grading = graded["grading"]
    assert grading.returncode == 0, grading.stdout + grading.stderr
    said = feedback_of(graded, student)
    everything = grading.stdout + grading.stderr + said
    assert graded["key"] not in everything and graded["env"] not in everything
    assert str(graded["bank"]) not in said and str(graded["book"]) not in said
    assert " LEAK" not in said
    assert not list(graded["root"].glob(graded["outside"].name + "*"))
    for proc in Path("/proc").iterdir():
        try:
            assert graded["marker"] not in (proc / "cmdline").read_bytes().decode("latin-1")
        except OSError:
            continue
    assert graded["victim"] == (True, "S"), "a bystander process was signalled"
    assert os.path.getsize(graded["book"]) < 1_000_000
    for page in graded["pages"].iterdir():
        assert page.stat().st_size < 100_000, page
    return said


def score(graded, student: str, exercise: str = "duration") -> float:
    student = student.replace("_", "-")
    return next(sc for s, e, sc, *_ in graded["rows"] if s == student and e == exercise)


def test_honest_students_are_graded_right_beside_the_attackers(graded):
    assert graded["grading"].returncode == 0, graded["grading"].stdout
    assert f"{len(ATTACKERS) + len(HONEST)} graded" in graded["grading"].stdout
    assert score(graded, "honest-a") == score(graded, "honest-b") == 1.0
    assert score(graded, "honest-c") == 0.0
    for attacker in ATTACKERS:  # their other answers are right, and graded so
        assert score(graded, attacker, "ladder") == 1.0
        assert score(graded, attacker) == 0.0


def test_alias_fork_exec_shell(graded):
    said = assert_contained(graded, "alias_fork_exec_shell")
    assert "UNHOOKED-RAN" in said  # it got past the audit hook: the OS sandbox held it
    assert "shell no" in said and "bank no" in said and "rewrite no" in said and "net no" in said


def test_subinterpreter(graded):
    said = assert_contained(graded, "subinterpreter")
    assert "SUBINTERPRETER-RAN" in said and "bank no" in said and "outside no" in said


def test_grader_environ(graded):
    said = assert_contained(graded, "grader_environ")
    assert "UNHOOKED-RAN" in said and "grader no" in said and "parent no" in said


def test_fifo_and_device_nodes(graded):
    said = assert_contained(graded, "fifo_and_device_nodes")
    assert "UNHOOKED-RAN" in said and "fifo-here no PermissionError" in said
    assert "node-here no PermissionError" in said


def test_signal_to_grader(graded):
    said = assert_contained(graded, "signal_to_grader")
    pid = graded["grading"].stderr.split("grader pid ", 1)[1].split()[0]
    (handed_in,) = (graded["root"] / "submissions").glob("signal-to-grader-*.json")
    aimed = json.loads(handed_in.read_text())["answers"]["duration"]["answer"]
    assert f"{pid}]:" in aimed and GRADER_PID not in aimed  # it aimed at `pm-course grade`
    assert "UNHOOKED-RAN" in said and "pidfd no PermissionError" in said


def test_frame_walking_hidden_inputs(graded):
    said = assert_contained(graded, "frame_walking_hidden_inputs")
    hidden = hidden_checks(
        "course.pm:project_duration", "course.pm.cases:critical_path_cases", 5, 1
    )
    text = said + graded["book"].read_bytes().decode("latin-1")
    for args, _ in hidden:
        for name, task in args[0].items():
            if task["after"]:  # a task with predecessors: particular to this hidden case
                assert repr({name: task})[1:-1] not in text
                assert json.dumps({name: task})[1:-1] not in text
    assert "failed: ValueError" in said  # hidden checks report the kind only


def test_thirty_megabyte_message(graded):
    said = assert_contained(graded, "thirty_megabyte_message")
    assert "A" * 1000 not in said


def test_thirty_megabyte_print(graded):
    said = assert_contained(graded, "thirty_megabyte_print")
    assert "printed more than 64 KiB" in said and "B" * 1000 not in said


def test_forged_reply(graded):
    said = assert_contained(graded, "forged_reply")
    assert "UNHOOKED-RAN" in said and "forge no" in said
    assert score(graded, "forged_reply") == 0.0
