"""Tests for course.core.submission: reading a submission file back and checking it."""

import json

import pytest
from grading import support

from course.core.submission import CHECKS, canonical_time, read, read_bytes
from course.errors import SubmissionError


def test_read_accepts_a_byte_order_mark(tmp_path):
    raw = (support.SUBMISSIONS / "valid.json").read_bytes()
    (tmp_path / "bom.json").write_bytes(b"\xef\xbb\xbf" + raw)
    assert read(tmp_path / "bom.json").student == "ada"


def test_read_rejects_with_the_path_and_reason():
    with pytest.raises(SubmissionError) as caught:
        read(support.SUBMISSIONS / "truncated.json")
    assert caught.value.path.endswith("truncated.json")
    assert str(caught.value).startswith(caught.value.path + ": truncated")


def test_a_missing_file_is_rejected(tmp_path):
    with pytest.raises(SubmissionError, match="cannot read the file"):
        read(tmp_path / "gone.json")


def test_checks_run_in_order_format_first():
    assert CHECKS[0].__name__ == "check_format" and CHECKS[1].__name__ == "check_version"


def test_times_are_canonical_utc_so_they_sort_as_text():
    assert canonical_time("2025-03-01T12:15:00+02:00") == "2025-03-01T10:15:00.000000+00:00"
    assert canonical_time("2025-03-01T10:15:00Z") == "2025-03-01T10:15:00.000000+00:00"
    with pytest.raises(ValueError):
        canonical_time("2025-03-01T10:15:00")


@pytest.mark.parametrize(("size", "limit"), [(0, 10), (10, 10), (11, 10), (5000, 4096)])
def test_read_bytes_reads_whole_files_up_to_the_limit(tmp_path, size, limit):
    path = tmp_path / "f.json"
    path.write_bytes(b"x" * size)
    if size > limit:
        with pytest.raises(SubmissionError, match=f"too large: {size:,} bytes"):
            read_bytes(str(path), limit)
    else:
        assert read_bytes(str(path), limit) == b"x" * size


def test_a_malformed_learner_id_in_a_file_is_rejected(tmp_path):
    doc = support.submission("ada")
    doc["answers"]["duties"]["learner"] = "../x"
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    with pytest.raises(SubmissionError, match="malformed learner id in answers"):
        read(path)
