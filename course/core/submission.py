"""Submission files: their format, and reading and checking one before it is graded.

For example (not run as a doctest: it works on real course files)::

    read("submissions/ada-20250301T101500Z.json").student
    # 'ada'

A submission is one UTF-8 JSON object (see ``docs/submission-format.md``),
written by ``pm-course submit`` (``course/learner/handin.py``).
:func:`read` checks a file with one small function per check, in order, and
raises :class:`SubmissionError` with a one-line reason at the first failure;
the grader lists that reason and carries on with the next file. Checks that
need the exercise bank (unknown exercise ids, answer shapes, fingerprint) are
grading stages in ``course/instructor/pipeline.py``.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import re
import stat
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from course.errors import SubmissionError

FORMAT = "pm-course-submission"
VERSION = 1
MAX_BYTES = 2_000_000
STUDENT_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._@-]{0,63}")
FINGERPRINT = re.compile(r"sha256:[0-9a-f]{64}")
FIELDS = {"format", "version", "student", "created", "course_version", "bank_fingerprint"}
REQUIRED = FIELDS | {"answers"}
# self_assessed: the learner asked for this graded exercise's marks (course/learner/selfcheck.py)
# seed: the variant answered (course/core/variants.py); absent means 0, the exercise as written
ANSWER_FIELDS = {"answer", "time", "learner", "self_assessed", "seed"}
EARLIEST = "2000-01-01T00:00:00.000000+00:00"
CLOCK_SKEW = timedelta(minutes=10)  # how far ahead of the grader's clock a file may be dated


@dataclass(frozen=True)
class Submission:
    """A submission file that passed every check of :func:`read`.

    Parameters:
        path: where it was read from.
        sha256: hash of the file's bytes; the gradebook's key for it.
        student: the student id.
        created: creation time, UTC, ISO 8601 with microseconds (sorts as text).
        course_version: the pm-course version that wrote it.
        bank_fingerprint: ``Bank.fingerprint()`` of the bank it was answered against.
        answers: the latest answer per exercise id, as the widget saved it.
        learners: for answers given under another learner id (a hub's system user
            name), that id by exercise id: the grader draws those items for it.
        self_assessed: ids of the graded exercises whose marks the learner asked
            for before submitting (self-assessment), sorted.
        seeds: the variant each answer was given to, by exercise id, where not 0
            (the exercise as written): the grader grades it against that variant.
    """

    path: str
    sha256: str
    student: str
    created: str
    course_version: str
    bank_fingerprint: str
    answers: dict[str, object]
    learners: dict[str, str] = field(default_factory=dict)
    self_assessed: tuple[str, ...] = ()
    seeds: dict[str, int] = field(default_factory=dict)


def read(path: str | os.PathLike, max_bytes: int = MAX_BYTES) -> Submission:
    """Read and check one submission file; :class:`SubmissionError` says why it is rejected.

    For example (not run as a doctest: it works on real course files)::

        read("submissions/ada-20250301T101500Z.json").student
        # 'ada'

    Parameters:
        path: the file.
        max_bytes: files larger than this are rejected unread.
    """
    return load(str(path), read_bytes(str(path), max_bytes))


def load(shown: str, raw: bytes, sha256: str = "") -> Submission:
    """Check the bytes ``raw`` of the file ``shown``: the :class:`Submission`, or a rejection.

    ``sha256`` is the hash of ``raw`` when the caller has it already (else computed).
    """
    doc = parse(shown, decode(shown, raw))
    for check in CHECKS:
        if problem := check(doc):
            raise SubmissionError(shown, problem)
    return Submission(
        path=shown,
        sha256=sha256 or hashlib.sha256(raw).hexdigest(),
        student=doc["student"],
        created=canonical_time(doc["created"]),
        course_version=doc["course_version"],
        bank_fingerprint=doc["bank_fingerprint"],
        answers={i: record["answer"] for i, record in doc["answers"].items()},
        learners={i: r["learner"] for i, r in doc["answers"].items() if "learner" in r},
        self_assessed=tuple(sorted(i for i, r in doc["answers"].items() if "self_assessed" in r)),
        seeds={i: r["seed"] for i, r in doc["answers"].items() if r.get("seed")},
    )


def read_bytes(path: str, max_bytes: int) -> bytes:
    """The file's bytes, or a rejection when it is not a regular file or larger than ``max_bytes``.

    The file is opened without blocking and without following a symbolic link,
    so a FIFO or a device put in place of a file is rejected, never waited on.
    """
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0))
    except OSError as error:
        if os.path.islink(path):
            raise SubmissionError(path, not_a_file(path)) from None
        raise SubmissionError(path, f"cannot read the file: {error.strerror}") from None
    with open(fd, "rb") as file:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise SubmissionError(path, not_a_file(path))
        # read(max_bytes + 1) would allocate the whole limit for every file: read
        # the size the file has, and on up to the limit should it have grown since
        size = info.st_size
        try:
            raw = file.read(min(size, max_bytes) + 1)
            if len(raw) > size:
                raw += file.read(max_bytes + 1 - len(raw))
        except OSError as error:
            raise SubmissionError(path, f"cannot read the file: {error.strerror}") from None
    if len(raw) > max_bytes:
        raise SubmissionError(
            path,
            f"too large: {max(size, len(raw)):,} bytes, over the limit of {max_bytes:,}; a "
            "submission from `pm-course submit` is far smaller, so ask for it again (or raise "
            "--max-bytes)",
        )
    return raw


KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


def not_a_file(path: str) -> str:
    """Why ``path``, named like a submission, is not one: what it is instead."""
    try:
        info = os.lstat(path)
    except OSError as error:
        return f"cannot read it: {error.strerror}"
    if stat.S_ISLNK(info.st_mode):
        try:
            target = os.stat(path)
        except OSError as error:
            if error.errno == errno.ELOOP:
                return "a symbolic link loop, not a submission file; remove it"
            return "a symbolic link to a missing file, not a submission file; remove it"
        what = next((name for test, name in KINDS if test(target.st_mode)), "a file")
        return (
            f"a symbolic link (to {what}), not a submission file; copy the file itself into "
            "the folder"
        )
    what = next((name for test, name in KINDS if test(info.st_mode)), "not a regular file")
    return f"{what}, not a submission file; remove it or rename it"


def decode(path: str, raw: bytes) -> str:
    """The file's text; a rejection when it is not UTF-8 (a leading BOM is allowed)."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        byte = raw[error.start : error.start + 1].hex()
        raise SubmissionError(
            path,
            f"not UTF-8 text: byte 0x{byte} at offset {error.start}; the file was changed "
            "or re-encoded after `pm-course submit` wrote it, ask for it again",
        ) from None


MAX_DEPTH = 32  # JSON nesting: a submission's deepest answer is a few levels down
MAX_NODES = 200_000  # values in the whole document (a 2 MB file of tiny lists is below)


class Malformed(ValueError):
    """A JSON text that parses but is not one ``pm-course submit`` could write."""


def _unique_keys(pairs: list[tuple[str, object]]) -> dict:
    doc = dict(pairs)
    if len(doc) < len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise Malformed(f"the key {key!r:.60} appears twice in one object")
            seen.add(key)
    return doc


def _no_constant(name: str) -> object:
    raise Malformed(f"{name} is not a JSON number")


def parse(path: str, text: str) -> dict:
    """The JSON object in ``text``; a rejection for an empty, truncated or invalid file.

    Stricter than JSON itself, so that a file cannot mean two things: a key twice in
    one object, ``NaN``/``Infinity``, a lone surrogate (``"\\ud800"``), nesting deeper
    than ``MAX_DEPTH`` or more than ``MAX_NODES`` values are each a rejection.
    """
    if not text.strip():
        raise SubmissionError(path, "truncated: the file is empty; ask for it again")
    try:
        doc = json.loads(text, object_pairs_hook=_unique_keys, parse_constant=_no_constant)
        check_values(doc)
    except json.JSONDecodeError as error:
        if error.pos >= len(text.rstrip()) or error.msg.startswith("Unterminated string"):
            raise SubmissionError(
                path,
                f"truncated: the JSON ends early at byte {len(text.encode())} "
                "(an interrupted upload or copy?); ask for the file again",
            ) from None
        raise SubmissionError(
            path,
            f"invalid JSON at line {error.lineno} column {error.colno}: {error.msg}",
        ) from None
    except RecursionError:
        raise SubmissionError(path, "invalid JSON: nested too deeply") from None
    except Malformed as error:
        raise SubmissionError(path, f"malformed JSON: {error}; ask for the file again") from None
    except ValueError as error:  # e.g. an integer of more digits than Python converts
        raise SubmissionError(path, f"invalid JSON: {' '.join(str(error).split())[:120]}") from None
    if not isinstance(doc, dict):
        raise SubmissionError(path, f"not a submission: a JSON {type(doc).__name__}, not an object")
    return doc


def check_values(doc: object) -> None:
    """Depth, size and text of every value of ``doc`` (iteratively: no recursion limit);
    :class:`Malformed` says what is wrong. The journal reads its lines by the same rule.

    Only containers are walked; the texts (keys and string values) are checked in one
    go at the end, as one joined string (a lone surrogate stays one when joined).

    >>> check_values({"a": [[1, "x"]]}) is None
    True
    >>> check_values({"a": ["\\ud800"]})
    Traceback (most recent call last):
    ...
    course.core.submission.Malformed: a string holds a lone surrogate (\\ud800), which is not text
    """
    stack, nodes, texts = [], 1, []
    if isinstance(doc, dict | list):
        stack.append((doc, 1))
    elif isinstance(doc, str):
        texts.append(doc)
    while stack:
        value, depth = stack.pop()
        items = value.values() if isinstance(value, dict) else value
        if not items:
            continue
        if depth >= MAX_DEPTH:  # its values would be deeper
            raise Malformed(f"nested more than {MAX_DEPTH} levels deep")
        nodes += len(items)
        if nodes > MAX_NODES:
            raise Malformed(f"more than {MAX_NODES:,} values")
        if isinstance(value, dict):
            texts.extend(value)
        for item in items:
            if isinstance(item, str):
                texts.append(item)
            elif isinstance(item, dict | list):
                stack.append((item, depth + 1))
    _check_text("".join(texts))


def _check_text(text: str) -> None:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as error:
        raise Malformed(
            f"a string holds a lone surrogate (\\u{ord(text[error.start]):04x}), which is not text"
        ) from None


def check_format(doc: dict) -> str | None:
    """The ``format`` field names a pm-course submission."""
    if doc.get("format") != FORMAT:
        return f"unknown format {doc.get('format')!r}: not a pm-course submission ({FORMAT!r})"
    return None


def check_version(doc: dict) -> str | None:
    """The ``version`` is one this pm-course reads."""
    version = doc.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        return f"unknown format version {version!r:.20}: expected a whole number, 1 to {VERSION}"
    if version > 1000:
        return f"unknown format version {version!r:.20}: expected a whole number, 1 to {VERSION}"
    if version > VERSION:
        return (
            f"newer format version {version}: this pm-course reads up to version {VERSION}; "
            "upgrade pm-course (pip install -U pm-course) and grade again"
        )
    return None


def check_fields(doc: dict) -> str | None:
    """Every required field is there, and no unknown one (the student id is checked next)."""
    missing = sorted(REQUIRED - set(doc) - {"student"})
    if missing:
        return f"missing field(s): {', '.join(missing)}"
    unknown = sorted(set(doc) - REQUIRED)
    if unknown:
        return f"unknown field(s): {', '.join(unknown)}; was the file edited by hand?"
    return None


def check_student(doc: dict) -> str | None:
    """The student id is present and safe as a file name and a CSV cell."""
    student = doc.get("student")
    if student is None or student == "":
        return "missing student id: the 'student' field is absent or empty"
    if not isinstance(student, str) or not STUDENT_ID.fullmatch(student):
        return (
            f"malformed student id {student!r:.80}: use 1-64 letters, digits, '.', '_', '@' "
            "or '-', starting with a letter or digit"
        )
    return None


def check_created(doc: dict) -> str | None:
    """``created`` is an ISO 8601 time with a time zone, from 2000 up to ``CLOCK_SKEW`` from now.

    The latest file of a student is their current submission, so a time in the
    future would let a file outrank the real ones handed in after it.
    """
    try:
        created = canonical_time(doc["created"])
    except (TypeError, ValueError, OverflowError):
        return f"malformed 'created' time {doc['created']!r:.60}: use ISO 8601 with a time zone"
    latest = (datetime.now(UTC) + CLOCK_SKEW).isoformat(timespec="microseconds")
    if created > latest:
        return (
            f"'created' time {doc['created']!r:.60} is in the future: a submission is dated "
            "when it is written (was the file edited, or the computer's clock wrong? set it "
            "right and submit again)"
        )
    if created < EARLIEST:
        return (
            f"'created' time {doc['created']!r:.60} is out of range: a submission is written "
            "between 2000 and now (was the file edited, or the computer's clock wrong?)"
        )
    return None


def check_strings(doc: dict) -> str | None:
    """``course_version`` is a string and ``bank_fingerprint`` looks like one."""
    if not isinstance(doc["course_version"], str):
        return "malformed 'course_version': expected a string such as '0.1.0'"
    fingerprint = doc["bank_fingerprint"]
    if not isinstance(fingerprint, str) or not FINGERPRINT.fullmatch(fingerprint):
        return f"malformed 'bank_fingerprint' {fingerprint!r:.80}: expected 'sha256:' + 64 hex"
    return None


def check_answers(doc: dict) -> str | None:
    """``answers`` maps exercise ids to ``{"answer": ..., "time": ...}`` records."""
    answers = doc["answers"]
    if not isinstance(answers, dict):
        return f"answers of the wrong shape: 'answers' is a {type(answers).__name__}, not an object"
    for exercise_id, record in answers.items():
        if (
            not isinstance(record, dict)
            or "answer" not in record
            or not record.keys() <= ANSWER_FIELDS
        ):
            return (
                f"answers of the wrong shape: answers[{exercise_id!r:.60}] must be an object "
                "with 'answer' (and optionally 'time', 'learner', 'self_assessed' and 'seed')"
            )
        seed = record.get("seed", 0)
        if not isinstance(seed, int) or isinstance(seed, bool) or not 0 <= seed < 2**31:
            return (
                f"'seed' in answers[{exercise_id!r:.60}] must be a whole number from 0 "
                f"(the variant answered), not {seed!r:.40}"
            )
        if "self_assessed" in record and record["self_assessed"] is not True:
            return f"'self_assessed' in answers[{exercise_id!r:.60}] must be true when present"
        if "learner" in record and check_student({"student": record["learner"]}):
            return f"malformed learner id in answers[{exercise_id!r:.60}]"
    return None


CHECKS = (
    check_format,
    check_version,
    check_fields,
    check_student,
    check_created,
    check_strings,
    check_answers,
)


def same_learner(learner: str, student: str, owner: str | None = None) -> bool:
    """Whether answers recorded as ``learner`` may be graded as ``student``'s own draw:
    the id itself, the system user name a hub gives it (TLJH: ``jupyter-dave``), or
    ``owner``, the login name of the account that owns the handed-in file.

    >>> same_learner("jupyter-dave", "dave"), same_learner("ada", "dave")
    (True, False)
    """
    return learner in (student, f"jupyter-{student}") or (owner is not None and learner == owner)


def canonical_time(text: str) -> str:
    """``text`` (ISO 8601 with a zone) as UTC with microseconds, so times sort as text.

    >>> canonical_time("2025-03-01T12:15:00+02:00")
    '2025-03-01T10:15:00.000000+00:00'
    """
    moment = datetime.fromisoformat(text)
    if moment.tzinfo is None:
        raise ValueError("no time zone")
    return moment.astimezone(UTC).isoformat(timespec="microseconds")
