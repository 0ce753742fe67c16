"""The answer journal's durability, proven with real processes."""

import os
import signal
import subprocess
import sys
import time

import pytest

from course.errors import JournalError
from course.learner.journal import HEADER, Journal

WRITER = """
import sys, time
from course.learner.journal import Journal
journal = Journal(sys.argv[1])
start = float(sys.argv[3])
while time.time() < start:
    pass
answer = "x" * int(sys.argv[5])
for n in range(int(sys.argv[2])):
    journal.append({"exercise": "e", "writer": sys.argv[4], "n": n, "answer": answer})
"""


def _writer(path, count, start, name, size=10):
    args = [sys.executable, "-c", WRITER, str(path), str(count), str(start), name, str(size)]
    return subprocess.Popen(args)


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
    start = time.time() + 1.0
    writers = [_writer(journal.path, 1000, start, name) for name in ("k1", "k2")]
    assert [w.wait(timeout=60) for w in writers] == [0, 0]
    records = journal.records()
    assert len(records) == 2000
    for name in ("k1", "k2"):
        assert sorted(r["n"] for r in records if r["writer"] == name) == list(range(1000))


def test_sigkill_mid_append_never_corrupts_earlier_records(journal):
    """Kill writers of large records at varying moments; every complete record survives."""
    journal.append({"exercise": "before", "answer": "kept"})
    for round_ in range(8):
        writer = _writer(journal.path, 10_000, 0, f"w{round_}", size=400_000)
        size = journal.path.stat().st_size
        while journal.path.stat().st_size < size + 400_000 * (1 + round_ % 3):
            assert writer.poll() is None
        writer.send_signal(signal.SIGKILL)
        writer.wait()
        journal.append({"exercise": "after", "answer": round_})
    with pytest.warns(UserWarning) if _has_torn_line(journal) else _no_warning():
        records = journal.records()
    assert records[0]["answer"] == "kept"
    assert [r["answer"] for r in records if r["exercise"] == "after"] == list(range(8))
    lines = journal.path.read_bytes().split(b"\n")[1:-1]
    assert len(records) >= len(lines) - 8  # at most one torn line per kill


def _has_torn_line(journal) -> bool:
    import json

    for line in journal.path.read_bytes().split(b"\n")[1:]:
        if line:
            try:
                json.loads(line)
            except ValueError:
                return True
    return False


class _no_warning:
    def __enter__(self):
        import warnings

        self._catch = warnings.catch_warnings()
        self._catch.__enter__()
        warnings.simplefilter("error")

    def __exit__(self, *exc):
        self._catch.__exit__(*exc)


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
