"""The rest of the grading path as hostile input: odd files, names, values and journals."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import stat
import subprocess
import sys

import pytest
from grading import support

from course.instructor.pipeline import context, grade_files
from course.learner.journal import HEADER, Journal

PM_COURSE = [sys.executable, "-m", "course.cli"]


def grade(folder, book, *extra, prefix=(), timeout=120) -> subprocess.CompletedProcess:
    """``pm-course grade`` in a new process, which must finish within ``timeout`` seconds."""
    command = [*prefix, *PM_COURSE, "grade", str(folder), "--gradebook", str(book)]
    command += ["--bank", str(support.BANK), "--quiet", "--isolation", "process", *extra]
    return subprocess.run(command, capture_output=True, text=True, timeout=timeout)


def rejected(done: subprocess.CompletedProcess) -> dict[str, str]:
    """``{file name: reason}`` from the REJECTED lines of a run."""
    found = {}
    for line in done.stdout.splitlines():
        if line.startswith("REJECTED "):
            path, _, reason = line[len("REJECTED ") :].partition(": ")
            found[os.path.basename(path)] = reason
    return found


def honest(folder, name="honest.json"):
    doc = support.submission("honest")
    del doc["answers"]["duration"]
    return support.write(folder, doc, name)


def test_fifos_devices_links_and_folders_named_json_are_reported_and_never_hang(tmp_path):
    folder = tmp_path / "in"
    honest(folder)
    os.mkfifo(folder / "fifo.json")
    os.symlink(folder / "fifo.json", folder / "link-to-fifo.json")
    os.symlink("/dev/zero", folder / "link-to-device.json")
    os.symlink(folder / "loop.json", folder / "loop.json")
    os.symlink(folder / "nowhere", folder / "link-to-missing.json")
    os.symlink(folder / "honest.json", folder / "link-to-file.json")
    (folder / "folder.json").mkdir()
    done = grade(folder, tmp_path / "g.sqlite")
    assert done.returncode == 3, done.stdout + done.stderr
    reasons = rejected(done)
    assert reasons == {
        "fifo.json": "a FIFO (named pipe), not a submission file; remove it or rename it",
        "link-to-fifo.json": "a symbolic link (to a FIFO (named pipe)), not a submission file; "
        "copy the file itself into the folder",
        "link-to-device.json": "a symbolic link (to a character device), not a submission file; "
        "copy the file itself into the folder",
        "loop.json": "a symbolic link loop, not a submission file; remove it",
        "link-to-missing.json": "a symbolic link to a missing file, not a submission file; "
        "remove it",
        "link-to-file.json": "a symbolic link (to a file), not a submission file; copy the file "
        "itself into the folder",
        "folder.json": "a folder, not a submission file; remove it or rename it",
    }
    assert "8 file(s)" in done.stdout and "1 graded" in done.stdout
    with sqlite3.connect(tmp_path / "g.sqlite") as db:
        assert db.execute("SELECT COUNT(*) FROM rejections").fetchone()[0] == 7


def test_unreadable_subfolder_is_reported(tmp_path):
    support.require_os_sandbox()  # bubblewrap drops root's power to read anything
    folder = tmp_path / "in"
    honest(folder)
    honest(folder / "locked", "inside.json")
    (folder / "locked").chmod(0)
    book = tmp_path / "out" / "g.sqlite"
    book.parent.mkdir()
    as_nobody = [
        shutil.which("bwrap"),
        "--unshare-user",
        "--uid",
        "1000",
        "--cap-drop",
        "ALL",
        "--dev-bind",
        "/",
        "/",
        "--",
    ]
    try:
        done = grade(folder, book, prefix=as_nobody)
    finally:
        (folder / "locked").chmod(0o755)
    assert done.returncode == 3, done.stdout + done.stderr
    assert rejected(done) == {"locked": "cannot read this folder: Permission denied"}
    assert "1 graded" in done.stdout


def test_file_names_with_newlines_and_terminal_escapes_are_printed_escaped(tmp_path):
    folder = tmp_path / "in"
    honest(folder)
    (folder / "evil\nREJECTED forged.json: all good\x1b[2J.json").write_text("{")
    done = grade(folder, tmp_path / "g.sqlite")
    assert done.returncode == 3
    assert "\x1b" not in done.stdout
    lines = [line for line in done.stdout.splitlines() if line.startswith("REJECTED")]
    assert len(lines) == 1
    assert "evil\\nREJECTED forged.json: all good\\x1b[2J.json: truncated" in lines[0]


@pytest.mark.parametrize(
    ("field", "value", "reason"),
    [
        ("created", "0001-01-01T00:00:00+01:00", "malformed 'created' time"),
        ("created", "0001-01-01T00:00:00+00:00", "is out of range"),
        ("created", "9999-12-31T23:59:59+00:00", "is in the future"),
        ("version", 10**4000, "unknown format version 1000000000000000"),
        ("version", "DIGITS", "invalid JSON: Exceeds the limit (4300 digits)"),
        ("answer", 10**400, "the answer to 'cpi' holds a number out of range"),
    ],
)
def test_out_of_range_dates_and_numbers_are_rejected_with_a_reason(tmp_path, field, value, reason):
    folder = tmp_path / "in"
    honest(folder)
    doc = support.submission("ranged")
    del doc["answers"]["duration"]
    if field == "answer":
        doc["answers"]["cpi"]["answer"] = value
    else:
        doc[field] = value
    text = json.dumps(doc).replace('"DIGITS"', "9" * 5000)
    (folder / "ranged.json").write_text(text)
    done = grade(folder, tmp_path / "g.sqlite")
    assert done.returncode == 3, done.stdout + done.stderr
    (why,) = rejected(done).values()
    assert reason in why and "pm-course failed" not in why
    assert len(why) < 400


def test_the_gradebook_is_readable_by_its_owner_only(tmp_path):
    folder = tmp_path / "in"
    honest(folder)
    old = os.umask(0)  # even where new files would be world-writable
    try:
        done = grade(folder, tmp_path / "g.sqlite")
    finally:
        os.umask(old)
    assert done.returncode == 0, done.stdout + done.stderr
    for path in tmp_path.glob("g.sqlite*"):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path


def test_a_journal_that_is_a_fifo_is_refused_and_never_hangs(tmp_path):
    fifo = tmp_path / "journal.jsonl"
    os.mkfifo(fifo)
    done = subprocess.run(
        [
            *PM_COURSE,
            "submit",
            "--student",
            "ada",
            "--journal",
            str(fifo),
            "--bank",
            str(support.BANK),
            "--out",
            str(tmp_path / "out"),
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2
    assert "is not a regular file (a FIFO, device or folder?)" in done.stderr
    with pytest.raises(Exception, match="not a regular file"):
        Journal(fifo).append({"exercise": "cpi", "answer": 0.8})


def test_a_header_torn_on_the_first_append_is_repaired_on_the_next(tmp_path):
    path = tmp_path / "journal.jsonl"
    path.write_bytes(HEADER.encode()[:7])  # what a full disk left of the first append
    journal = Journal(path)
    assert journal.records() == []
    journal.append({"exercise": "cpi", "answer": 0.8})
    assert [r["answer"] for r in journal.records()] == [0.8]
    assert path.read_text().startswith(HEADER)


def test_identical_code_answers_run_once_per_run(tmp_path):
    support.require_os_sandbox()
    paths = [support.write(tmp_path, support.submission(f"s{i}"), f"s{i}.json") for i in range(4)]
    ctx = context(support.bank())
    outcomes = grade_files([str(p) for p in paths], ctx)
    assert [o.scores()["duration"] for o in outcomes] == [1.0] * 4
    assert len(ctx.code_runs) == 1
