"""The grading pipeline: submission files through plain stages to gradebook records.

>>> grade_files(["submissions/ada.json"], context(load_bank()))[0].student
'ada'

A chunk of submissions goes through :data:`STAGES`, plain functions run in
order on a list of :class:`Work`. Most stages look at one file at a time
(``@per_file``) and reject it by raising :class:`SubmissionError`: the run lists
the reason and carries on with the others. ``run_code`` sends every code answer
of the chunk to one sandbox batch, so the sandbox's fork server starts once per
chunk, not once per file; each job still runs in its own fresh child process.

Grading uses :func:`course.grade`, the function the widget uses. A folder is
graded in parallel by :mod:`course.batch`.
"""

from __future__ import annotations

import functools
import hashlib
import json
from dataclasses import dataclass, field

from course import submission
from course.bank import Bank
from course.errors import AnswerError, SubmissionError
from course.exercise import Exercise, Result
from course.gradebook import Graded, Rejected, text_key
from course.grading import grade, normalize


class AlreadyGraded(Exception):
    """Raised by a stage when the gradebook already holds this exact file, graded alike."""


@dataclass(frozen=True)
class Context:
    """What every submission of a run is graded with.

    Parameters:
        bank: the full bank (with keys).
        fingerprint: ``bank.fingerprint()``, computed once.
        max_bytes: larger files are rejected unread.
        done: hashes of files the gradebook already holds, graded with the same keys.
        memo: graded rows by (exercise, drawn items, answer), see :func:`scored_row`.
    """

    bank: Bank
    fingerprint: str
    max_bytes: int = submission.MAX_BYTES
    done: frozenset = frozenset()
    memo: dict = field(default_factory=dict, compare=False, repr=False)


def context(bank: Bank, max_bytes: int = submission.MAX_BYTES, done=frozenset()) -> Context:
    """The :class:`Context` for grading with ``bank``."""
    return Context(bank, bank.fingerprint(), max_bytes, frozenset(done))


@dataclass
class Work:
    """One submission on its way through the stages; each stage fills in a field."""

    path: str
    ctx: Context
    raw: bytes = b""
    sub: submission.Submission | None = None
    exercises: dict[str, Exercise] = field(default_factory=dict)
    keys: dict[str, tuple] = field(default_factory=dict)
    answers: dict[str, object] = field(default_factory=dict)
    runs: dict[str, object] = field(default_factory=dict)
    rows: dict[str, tuple[tuple, dict]] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    rejected: Rejected | None = None
    unchanged: bool = False

    @property
    def live(self) -> bool:
        """Still on its way: neither rejected nor found already graded."""
        return self.rejected is None and not self.unchanged


def per_file(stage):
    """Turn ``stage(work)`` into a stage of a chunk: run on each live Work in turn.

    A :class:`SubmissionError` rejects that file only; :class:`AlreadyGraded` marks it
    unchanged. Either way the later stages skip it. Any other exception is a bug
    in pm-course: the file is rejected as "not graded", so the run goes on.
    """

    @functools.wraps(stage)
    def run(works: list[Work]) -> None:
        for work in works:
            if not work.live:
                continue
            try:
                stage(work)
            except AlreadyGraded:
                work.unchanged = True
            except SubmissionError as error:
                work.rejected = Rejected(work.path, error.reason)
            except Exception as error:  # a bug of ours must not stop the run or cost a grade
                work.rejected = Rejected(work.path, f"not graded: {BUG.format(error=error)}")

    return run


BUG = (
    "pm-course failed on this file ({error!r}); nothing was recorded. Please report this "
    "bug with the file, then grade again"
)


# --- the stages ----------------------------------------------------------------------


@per_file
def read_file(work: Work) -> None:
    """Read the bytes (size limit); stop early if this exact file is already graded."""
    work.raw = submission.read_bytes(work.path, work.ctx.max_bytes)
    if hashlib.sha256(work.raw).hexdigest() in work.ctx.done:
        raise AlreadyGraded


@per_file
def check_file(work: Work) -> None:
    """UTF-8, JSON, format and version, student id, fields: ``submission.load``."""
    work.sub = submission.load(work.path, work.raw)
    work.raw = b""  # keep memory flat: a chunk may hold large files


@per_file
def check_exercise_ids(work: Work) -> None:
    """Every answered exercise is in the bank."""
    unknown = sorted(i for i in work.sub.answers if i not in work.ctx.bank)
    if unknown:
        shown = ", ".join(repr(i) for i in unknown[:5]) + (" ..." if len(unknown) > 5 else "")
        raise SubmissionError(
            work.path,
            f"unknown exercise id(s) {shown}: not in this bank; was it made for another "
            "course, or edited by hand?",
        )


@per_file
def check_fingerprint(work: Work) -> None:
    """A bank fingerprint that differs from ours is graded, with a warning."""
    ours = work.ctx.fingerprint
    if work.sub.bank_fingerprint != ours:
        work.warnings.append(
            f"bank fingerprint mismatch: answered against {work.sub.bank_fingerprint[:19]}..., "
            f"graded against {ours[:19]}... (the bank changed since; answers were checked "
            "against this bank and graded)"
        )


@per_file
def draw_variants(work: Work) -> None:
    """Each exercise as this student saw it (the per-student draw of ``draw`` items)."""
    student = work.sub.student
    work.exercises = {i: e.for_learner(student) for i, e in work.ctx.bank.items()}


@per_file
def check_answer_shapes(work: Work) -> None:
    """Every answer has the shape of its exercise's type (else the file is rejected).

    An answer already graded in this run (same exercise, draw and answer) passed
    this check then and is not checked again.
    """
    for exercise_id, answer in work.sub.answers.items():
        exercise = work.exercises[exercise_id]
        key = work.keys[exercise_id] = memo_key(exercise, answer)
        if key in work.ctx.memo:
            work.answers[exercise_id] = answer  # grade() takes it raw, should the memo empty
            continue
        try:
            work.answers[exercise_id] = normalize(exercise, answer)
        except AnswerError as error:
            raise SubmissionError(work.path, f"answers of the wrong shape: {error}") from None


def run_code(works: list[Work]) -> None:
    """Run every code answer of the chunk in one sandbox batch, a fresh child per answer.

    The sandbox gets only the source and the arguments; expected results stay here.
    """
    todo = [(w, i) for w in works if w.live for i in w.answers if _is_code(w, i)]
    if not todo:
        return
    from course.sandbox import run_batch
    from course.types import code

    try:
        runs = run_batch([code.job(w.exercises[i], w.answers[i]) for w, i in todo])
    except Exception as error:  # the sandbox itself failed: not the students' fault
        reason = (
            f"not graded: the sandbox could not run the code answers ({error}); "
            "nothing was recorded, grade again"
        )
        for work, _ in todo:
            work.rejected = Rejected(work.path, reason)
        return
    for (work, exercise_id), run in zip(todo, runs, strict=True):
        work.runs[exercise_id] = run


def _is_code(work: Work, exercise_id: str) -> bool:
    return work.exercises[exercise_id].type == "code"


@per_file
def score(work: Work) -> None:
    """Grade each exercise of the bank with :func:`course.grade`; no answer scores 0."""
    for exercise_id, exercise in work.exercises.items():
        key = work.keys.get(exercise_id, (exercise_id, None, None))
        work.rows[exercise_id] = scored_row(
            work.ctx.memo, key, exercise, work.answers.get(exercise_id), work.runs.get(exercise_id)
        )


# --- rows, memoised ------------------------------------------------------------------

# Rows kept per process (some 10 MB). A full memo takes no more: the answers most
# students give come early in any class, so they are in it already (in the
# benchmark's class of 10,000, the 4,000 commonest answers are 80 % of all).
MEMO_SIZE = 4_000


def memo_key(exercise: Exercise, answer: object) -> tuple:
    """What a grade depends on: the exercise, the items drawn for this student, the answer."""
    drawn = tuple(i["id"] for i in exercise.items()) if "draw" in exercise.data else None
    return (exercise.id, drawn, _dumps(answer))


def scored_row(memo: dict, key: tuple, exercise: Exercise, answer: object, run) -> tuple:
    """``(row, texts)``: the gradebook row of one answer and the feedback texts it uses.

    :func:`course.grade` is pure, so the row of an answer already graded in this
    run is reused (a class gives the same answer to most questions); code answers,
    which ran in the sandbox, are always graded afresh.
    """
    found = memo.get(key)
    if found is not None:
        return found
    if key[2] is None:
        result = Result(exercise.id, 0.0, exercise.points, summary="no answer submitted")
    else:
        result = grade(exercise, answer, run=run)
    texts: dict[str, str] = {}
    items = [
        [f.item, f.correct, _text(f.message, texts), _text(f.label, texts)] for f in result.items
    ]
    items_key = _text(_dumps(items), texts)
    row = (exercise.id, result.score, result.max_score, result.summary, key[2] or "null", items_key)
    found = (row, texts)
    if run is None and exercise.type != "code" and len(memo) < MEMO_SIZE:
        memo[key] = found
    return found


def _text(text: str, texts: dict[str, str]) -> str:
    if not text:
        return ""
    key = text_key(text)
    texts[key] = text
    return key


_dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode


STAGES = (
    read_file,
    check_file,
    check_exercise_ids,
    check_fingerprint,
    draw_variants,
    check_answer_shapes,
    run_code,
    score,
)


# --- one file ------------------------------------------------------------------------


def grade_files(paths: list[str], ctx: Context) -> list:
    """Run the stages on a chunk of files: per file a :class:`Graded`, a :class:`Rejected`,
    or None when the gradebook already holds it.

    >>> grade_files(["submissions/ada.json"], context(load_bank()))[0].student
    'ada'
    """
    works = [Work(path, ctx) for path in paths]
    for stage in STAGES:
        stage(works)
    merged: set[int] = set()
    return [None if w.unchanged else w.rejected or to_graded(w, merged) for w in works]


def grade_file(path: str, ctx: Context):
    """:func:`grade_files` for one file."""
    return grade_files([path], ctx)[0]


def to_graded(work: Work, merged: set[int]) -> Graded:
    """The gradebook record of a fully graded :class:`Work`.

    Its ``texts`` leave out those an earlier record of the same chunk carries
    (``merged`` holds the ids of the memoised text dicts already taken), so a
    chunk is recorded as a whole: see :meth:`Gradebook.record`.
    """
    texts: dict[str, str] = {}
    for _, used in work.rows.values():
        if id(used) not in merged:
            texts.update(used)
            merged.add(id(used))
    sub = work.sub
    return Graded(
        sub.sha256,
        sub.student,
        sub.created,
        sub.path,
        sub.course_version,
        sub.bank_fingerprint,
        tuple(work.warnings),
        [row for row, _ in work.rows.values()],
        texts,
    )
