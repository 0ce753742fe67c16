"""The answer journal's durability, proven with real processes."""

import os
import signal
import subprocess
import sys

import pytest

from course.errors import JournalError
from course.learner.journal import HEADER, Journal

WRITER = """
import os, sys
from course.learner.journal import Journal
journal = Journal(sys.argv[1])
ready, go = int(sys.argv[3]), int(sys.argv[4])
os.write(ready, b"r")  # the barrier: say ready, then wait for the go
assert os.read(go, 1) == b"g"
for n in range(int(sys.argv[2])):
    journal.append({"exercise": "e", "writer": sys.argv[5], "n": n})
"""


def _writers(path, count, names) -> list[subprocess.Popen]:
    """Start one writer per name, all blocked on a pipe until every one is ready; then go."""
    ready_r, ready_w = os.pipe()
    go_r, go_w = os.pipe()
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, str(path), str(count), str(ready_w), str(go_r), name],
            pass_fds=(ready_w, go_r),
        )
        for name in names
    ]
    os.close(ready_w)
    os.close(go_r)
    for _ in names:
        assert os.read(ready_r, 1) == b"r"
    os.write(go_w, b"g" * len(names))
    os.close(go_w)
    os.close(ready_r)
    return writers


# A writer that gets through ``cut`` bytes of its one append, says so on a pipe
# and waits to be killed: the kill lands mid-append for certain. The append is
# the real one (lock, header check, torn-line repair); only the write is held.
TORN = """
import os, sys, time
import course.learner.journal as module
real, cut, told = os.write, int(sys.argv[2]), int(sys.argv[3])
def held(fd, data):
    if fd == told:
        return real(fd, data)
    real(fd, data[:cut])
    real(told, b"w")
    time.sleep(600)
module.os.write = held
module.Journal(sys.argv[1]).append({"exercise": "torn", "answer": "x" * 400_000})
"""


def test_append_and_latest(journal):
    journal.append({"exercise": "a", "answer": 1, "score": 0.0})
    journal.append({"exercise": "b", "answer": 2, "score": 1.0})
    journal.append({"exercise": "a", "answer": 3, "score": 1.0})
    latest = journal.latest()
    assert latest["a"]["answer"] == 3 and latest["b"]["answer"] == 2
    assert "time" in latest["a"]
    assert journal.path.read_text().startswith(HEADER)


def test_missing_journal_reads_empty(journal):
    assert journal.records() == [] and not journal.path.exists()


def test_two_processes_appending_at_once_lose_nothing(journal):
    """Two writers released together by a pipe barrier; their records must interleave."""
    writers = _writers(journal.path, 2000, ("k1", "k2"))
    assert [w.wait(timeout=60) for w in writers] == [0, 0]
    records = journal.records()
    assert len(records) == 4000
    for name in ("k1", "k2"):
        assert sorted(r["n"] for r in records if r["writer"] == name) == list(range(2000))
    order = [r["writer"] for r in records]
    switches = sum(a != b for a, b in zip(order, order[1:], strict=False))
    assert switches >= 2, "the writers ran one after the other: nothing was appended at once"


@pytest.mark.parametrize("cut", [1, 200_000, 399_990])
def test_sigkill_mid_append_never_corrupts_earlier_records(journal, cut):
    """A writer killed with part of its line written: every other record survives."""
    journal.append({"exercise": "before", "answer": "kept"})
    size = journal.path.stat().st_size
    told_r, told_w = os.pipe()
    writer = subprocess.Popen(
        [sys.executable, "-c", TORN, str(journal.path), str(cut), str(told_w)],
        pass_fds=(told_w,),
    )
    os.close(told_w)
    assert os.read(told_r, 1) == b"w", "the writer died before its append"
    writer.send_signal(signal.SIGKILL)
    assert writer.wait(timeout=30) == -signal.SIGKILL
    os.close(told_r)
    data = journal.path.read_bytes()
    assert len(data) == size + cut and not data.endswith(b"\n")  # the kill landed mid-append
    journal.append({"exercise": "after", "answer": 1})
    with pytest.warns(UserWarning, match="skipped 1 unreadable line"):
        records = journal.records()
    assert [(r["exercise"], r["answer"]) for r in records] == [("before", "kept"), ("after", 1)]


def test_torn_last_line_is_skipped_with_a_warning_and_next_append_is_whole(journal):
    journal.append({"exercise": "a", "answer": 1})
    journal.append({"exercise": "b", "answer": 2})
    data = journal.path.read_bytes()
    journal.path.write_bytes(data[:-15])  # what a kill mid-write leaves behind
    with pytest.warns(UserWarning, match="skipped 1 unreadable line"):
        assert [r["exercise"] for r in journal.records()] == ["a"]
    journal.append({"exercise": "c", "answer": 3})
    with pytest.warns(UserWarning):
        assert [r["exercise"] for r in journal.records()] == ["a", "c"]


@pytest.mark.parametrize(
    "content", [b"shopping list\nmilk\n", b"\x00\xff\xfe garbage", b'{"format": "other"}\n']
)
def test_a_file_that_is_not_ours_is_reported_and_left_untouched(journal, content):
    journal.path.write_bytes(content)
    with pytest.raises(JournalError, match="is not a pm-course answer journal"):
        journal.records()
    with pytest.raises(JournalError, match="Move that file away"):
        journal.append({"exercise": "a", "answer": 1})
    assert journal.path.read_bytes() == content


def test_default_path_follows_pm_course_home(tmp_path, monkeypatch):
    monkeypatch.setenv("PM_COURSE_HOME", str(tmp_path / "home"))
    journal = Journal()
    journal.append({"exercise": "a", "answer": 1})
    assert (tmp_path / "home" / "journal.jsonl").exists()
    assert os.stat(journal.path).st_mode & 0o077 == 0  # private to the learner
