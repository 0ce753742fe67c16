"""Hostile lines in a learner's own journal: submit and progress skip them, keep the rest.

The red team's journal (``redteam-web-2026-12.md``) held one line nested 100,000
deep and one with a 5,000-digit integer; each made ``pm-course submit`` and
``pm-course progress`` die with a traceback. Here both, and a lone surrogate, sit
between honest answers; the real commands must finish and hand in the honest ones.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

from course import load_bank
from course.core.submission import read
from course.learner.journal import Journal

HOSTILE = [
    b'{"exercise": "warm-up", "answer": ' + b"[" * 100_000 + b"]" * 100_000 + b"}",
    b'{"exercise": "warm-up", "answer": ' + b"9" * 5000 + b"}",
    b'{"exercise": "warm-up", "answer": "\\ud800"}',
]


def test_submit_and_progress_skip_hostile_journal_lines(tmp_path):
    bank = load_bank()
    honest = bank["cpi-numeric"]
    journal = Journal(tmp_path / "journal.jsonl")
    journal.append({"exercise": "warm-up", "answer": ["party"], "learner": "ada"})
    with open(journal.path, "ab") as file:
        file.write(b"\n".join(HOSTILE) + b"\n")
    journal.append({"exercise": honest.id, "answer": 0.8, "learner": "ada"})
    env = dict(os.environ, PM_COURSE_LEARNER="ada", PM_COURSE_HOME=str(tmp_path))
    command = [sys.executable, "-m", "course.cli"]
    out = tmp_path / "out"
    done = subprocess.run(
        [*command, "submit", "--student", "ada", "--out", str(out), "--journal", str(journal.path)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr and "skipped 3 unreadable line(s)" in done.stderr
    (handed_in,) = out.iterdir()
    answers = read(handed_in).answers
    assert answers[honest.id] == 0.8 and "warm-up" in answers
    assert json.loads(handed_in.read_text())["student"] == "ada"
    shown = subprocess.run(
        [*command, "progress"], capture_output=True, text=True, env=env, timeout=120
    )
    assert shown.returncode == 0 and "Traceback" not in shown.stderr, shown.stderr
