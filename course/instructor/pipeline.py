"""The grading pipeline: submission files through plain stages to gradebook records.

For example (not run as a doctest: it works on real course files)::

    grade_files(["submissions/ada.json"], context(load_bank()))[0].student
    # 'ada'

A chunk of submissions goes through :data:`STAGES`, plain functions run in
order on a list of :class:`Work`. Most stages look at one file at a time
(``@per_file``) and reject it by raising :class:`SubmissionError`: the run lists
the reason and carries on with the others. ``run_code`` sends every code answer
of the chunk to one sandbox batch (:mod:`course.sandbox`); at the isolation
level ``os`` each answer runs in a bubblewrap sandbox of its own.

Grading uses :func:`course.grade` (as :func:`course.core.grade.grade_normalized`,
since the shapes were checked already), the function the widget uses. Its
per-item feedback is not stored: the gradebook keeps the score and the answer,
and feedback pages grade the stored answer again (see :mod:`course.instructor.feedback`).
A folder is graded in parallel by :mod:`course.instructor.batch`.
"""

from __future__ import annotations

import functools
import hashlib
import json
from dataclasses import dataclass, field

from course.core import paths, submission, types, variants
from course.core.bank import Bank
from course.core.exercise import Exercise, Result
from course.core.grade import grade_normalized, normalize
from course.errors import AnswerError, SubmissionError
from course.instructor import identity
from course.instructor.coderuns import run_code
from course.instructor.records import Graded, Rejected


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
        memo: graded entries by (exercise, drawn items, answer), see :func:`graded_entry`.
        hits: answer ids of the memo's entries used again since it last made room;
            misses: ``[n]``, answers not stored since then (see :func:`make_room`).
        sent: ids of the answer rows this process handed out already, see :func:`to_graded`.
        checked: normalised answers of the chunk being graded, by memo key.
        isolation: how code answers run: ``"os"`` (bubblewrap) or ``"process"``.
        code_runs: sandbox runs by (exercise, hash of the source), see :func:`run_code`.
        check_owners: a shared exchange: a file's owner must be its student (identity.py).
    """

    bank: Bank
    fingerprint: str
    max_bytes: int = submission.MAX_BYTES
    done: frozenset = frozenset()
    memo: dict = field(default_factory=dict, compare=False, repr=False)
    hits: set = field(default_factory=set, compare=False, repr=False)
    misses: list = field(default_factory=lambda: [0], compare=False, repr=False)
    sent: set = field(default_factory=set, compare=False, repr=False)
    checked: dict = field(default_factory=dict, compare=False, repr=False)
    isolation: str = "os"
    code_runs: dict = field(default_factory=dict, compare=False, repr=False)
    check_owners: bool = False

    @functools.cached_property
    def exercises(self) -> dict[str, Exercise]:
        """The bank as a plain dict, in bank order (cheaper to copy and look up)."""
        return dict(self.bank.items())

    @functools.cached_property
    def drawing(self) -> tuple[str, ...]:
        """Ids of the exercises that draw items per student (``draw``)."""
        return tuple(i for i, e in self.bank.items() if "draw" in e.data)

    @functools.cached_property
    def unanswered(self) -> dict[str, tuple]:
        """The result row of each exercise left unanswered: score 0, no answer."""
        return {i: (i, 0.0, e.points, None) for i, e in self.bank.items()}


def context(
    bank: Bank, max_bytes: int = submission.MAX_BYTES, done=frozenset(), isolation: str = "os"
) -> Context:
    """The :class:`Context` for grading with ``bank``; code runs at level ``isolation``."""
    return Context(bank, bank.fingerprint(), max_bytes, frozenset(done), isolation=isolation)


def warmed(ctx: Context) -> Context:
    """``ctx`` with its per-bank tables made, so processes forked from this one share them."""
    ctx.exercises, ctx.drawing, ctx.unanswered  # noqa: B018  (cached properties)
    return ctx


@dataclass
class Work:
    """One submission on its way through the stages; each stage fills in a field."""

    path: str
    ctx: Context
    raw: bytes = b""
    sha256: str = ""
    sub: submission.Submission | None = None
    exercises: dict[str, Exercise] = field(default_factory=dict)
    drawn: dict[str, tuple] = field(default_factory=dict)
    found: dict[str, tuple] = field(default_factory=dict)
    keys: dict[str, tuple] = field(default_factory=dict)
    answers: dict[str, object] = field(default_factory=dict)
    runs: dict[str, object] = field(default_factory=dict)
    rows: list[tuple] = field(default_factory=list)
    used: list[tuple] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    rejected: Rejected | None = None
    unchanged: bool = False
    handed_in: str = ""
    handed_in_source: str = "created"

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
    work.sha256 = hashlib.sha256(work.raw).hexdigest()
    if work.sha256 in work.ctx.done:
        raise AlreadyGraded


@per_file
def check_file(work: Work) -> None:
    """UTF-8, JSON, format and version, student id, fields: ``submission.load``; on a
    shared exchange, the file's owner is the student it names (``identity.py``)."""
    work.sub = submission.load(work.path, work.raw, work.sha256)
    work.raw = b""  # keep memory flat: a chunk may hold large files
    if work.ctx.check_owners and (problem := identity.owner_problem(work.path, work.sub.student)):
        raise SubmissionError(work.path, problem)
    work.handed_in, work.handed_in_source, late_copy = identity.hand_in_time(
        work.path, work.sub.created, work.ctx.check_owners
    )
    if late_copy:
        work.warnings.append(late_copy)


@per_file
def check_exercise_ids(work: Work) -> None:
    """Every answered exercise is in the bank."""
    unknown = sorted(i for i in work.sub.answers if i not in work.ctx.exercises)
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
    """Each exercise as this student saw it: their variant (``seed``), then ``for_learner``
    for those that ``draw``.

    An answer given to variant N (``answers[id].seed``, course/core/variants.py) is
    graded against variant N, whose key the bank's template computes; no seed is 0,
    the exercise as written, so older submissions grade as they did.

    A draw is always the file's own student's: an answer recorded as another
    learner's (``answers[id].learner``) counts only where that id is the student's
    own or the login name of the file's owner (:func:`course.core.submission.same_learner`);
    a file with an answer given as a classmate (a copied draw) is rejected with the reason.
    """
    exercises = work.exercises = dict(work.ctx.exercises)
    student = work.sub.student
    for exercise_id, seed in work.sub.seeds.items():
        if exercise_id not in exercises:
            continue
        try:
            exercises[exercise_id] = variants.variant(exercises[exercise_id], seed)
        except variants.VariantError as error:
            raise SubmissionError(
                work.path, f"{exercise_id}: variant {seed} cannot be made: {error}"
            ) from None
        work.drawn[exercise_id] = ("variant", seed)
    owner = None
    for exercise_id in work.ctx.drawing:
        learner = work.sub.learners.get(exercise_id, student)
        if learner != student and owner is None:
            owner = paths.file_owner(work.path)
        if not submission.same_learner(learner, student, owner):
            raise SubmissionError(
                work.path,
                f"{exercise_id} was answered as learner {learner!r}, not as {student!r} (nor "
                f"the file's owner): each student answers their own items of this exercise",
            )
        variant = exercises[exercise_id] = exercises[exercise_id].for_learner(learner)
        drawn = tuple(item["id"] for item in variant.items())
        work.drawn[exercise_id] = (*work.drawn.get(exercise_id, ()), *drawn)


@per_file
def check_answer_shapes(work: Work) -> None:
    """Every answer has the shape of its exercise's type (else the file is rejected).

    An answer already graded in this run (same exercise, draw and answer) passed
    this check then: its memoised entry is taken and it is not checked again; nor
    is an answer that an earlier file of the chunk gave (``ctx.checked``).
    """
    memo, checked, drawn, hits = work.ctx.memo, work.ctx.checked, work.drawn, work.ctx.hits
    found, answers, keys = work.found, work.answers, work.keys
    for exercise_id, answer in work.sub.answers.items():
        kind = type(answer)  # answer_key(answer), inline: this loop runs for every answer
        if kind is dict:
            key = (exercise_id, drawn.get(exercise_id), (dict, *answer.items()))
        elif kind is list:
            key = (exercise_id, drawn.get(exercise_id), (list, *answer))
        elif kind is float:
            key = (exercise_id, drawn.get(exercise_id), (float, repr(answer)))
        else:
            key = (exercise_id, drawn.get(exercise_id), (kind, answer))
        try:
            entry = memo.get(key)
        except TypeError:  # nested lists or objects: no answer of any type looks so
            key = (exercise_id, drawn.get(exercise_id), (object, repr(answer)))
            entry = memo.get(key)
        if entry is not None:
            found[exercise_id] = entry
            hits.add(entry[1][0])
            continue
        normal = checked.get(key, checked)
        if normal is checked:  # else an earlier file of the chunk gave this very answer
            try:
                normal = checked[key] = normalize(work.exercises[exercise_id], answer)
            except AnswerError as error:
                raise SubmissionError(work.path, f"answers of the wrong shape: {error}") from None
            except (OverflowError, ValueError):  # e.g. an integer too large for a float
                raise SubmissionError(
                    work.path,
                    f"answers of the wrong shape: the answer to {exercise_id!r} holds a number "
                    "out of range",
                ) from None
        answers[exercise_id] = normal
        keys[exercise_id] = key


def answer_key(answer: object) -> tuple:
    """A hashable key for an answer as parsed from JSON, for the memo (cheaper than JSON).

    Only graded answers are memoised, and those hold ids (str), None or a number:
    an answer with the same key is the same answer. Type tags keep ``1``, ``1.0``
    and ``True`` apart; a float goes by its repr, so ``-0.0`` is not ``0.0``.

    >>> answer_key({"pmp": "project-manager"}), answer_key(1.0)
    ((<class 'dict'>, ('pmp', 'project-manager')), (<class 'float'>, '1.0'))
    """
    kind = type(answer)
    if kind is dict:
        return (dict, *answer.items())
    if kind is list:
        return (list, *answer)
    if kind is float:
        return (float, repr(answer))
    return (kind, answer)


@per_file
def score(work: Work) -> None:
    """One result row per exercise of the bank, in bank order; no answer scores 0."""
    ctx, found, raw = work.ctx, work.found, work.sub.answers
    for exercise_id in work.answers:  # the answers not graded before in this process
        key = work.keys[exercise_id]
        exercise = work.exercises[exercise_id]
        found[exercise_id] = graded_entry(ctx.memo, key, exercise, raw[exercise_id], work)
    unanswered = ctx.unanswered
    entries = [(i, found.get(i)) for i in work.exercises]  # in bank order
    work.rows = [unanswered[i] if e is None else e[0] for i, e in entries]
    work.used = [e[1] for _, e in entries if e is not None]


# --- graded entries, memoised ----------------------------------------------------------

# Entries kept per process (some 10 MB). A full memo keeps the entries used again and
# forgets the rest (see make_room): a class of hundreds gives more distinct answers.
MEMO_SIZE = 10_000
SENT_SIZE = 50_000  # answer ids remembered as handed out; forgetting only resends rows


def graded_entry(memo: dict, key: tuple, exercise: Exercise, raw: object, work: Work) -> tuple:
    """``(row, answer_row)`` for one answer: graded by :func:`course.grade`, memoised.

    ``row`` is ``(exercise, score, max_score, answer_id)``; ``answer_row`` is the
    answer's row of the gradebook's ``answers`` table (see :func:`answer_row`).
    :func:`course.grade` is pure, so the entry of an answer already graded in
    this run is reused (a class gives the same answer to most questions); code
    answers, which ran in the sandbox, are always graded afresh.
    """
    run = work.runs.get(exercise.id)
    entry = memo.get(key)  # graded since the shapes were checked: earlier in the chunk
    if entry is not None and run is None:
        return entry
    result = grade_normalized(exercise, work.answers[exercise.id], run)
    stored = answer_row(exercise, raw, result)
    entry = ((exercise.id, result.score, result.max_score, stored[0]), stored)
    if run is None and not types.get(exercise.type).RUNS_CODE:
        if len(memo) >= MEMO_SIZE:
            make_room(work.ctx)
        if len(memo) < MEMO_SIZE:
            memo[key] = entry
    return entry


def make_room(ctx: Context) -> None:
    """Called for an answer a full memo cannot take: once a quarter of ``MEMO_SIZE`` such
    answers came, the memo keeps only the entries used again since it last made room
    (the answers many students give) and forgets the rest (answers given once).
    Only the speed depends on it: an entry is what grading the answer again gives."""
    ctx.misses[0] += 1
    if ctx.misses[0] < max(1, MEMO_SIZE // 4):
        return
    kept = {key: entry for key, entry in ctx.memo.items() if entry[1][0] in ctx.hits}
    ctx.memo.clear()
    ctx.memo.update(kept)
    ctx.hits.clear()
    ctx.misses[0] = 0


def answer_row(exercise: Exercise, raw: object, result: Result) -> tuple:
    """``(id, exercise, answer, summary, items, feedback)``: one distinct answer, stored once.

    ``answer`` is the answer as submitted (JSON); ``items`` the correctness of each
    feedback item, ``+id`` right and ``-id`` wrong, space-separated (what the class
    report counts). ``feedback`` holds the full feedback of code answers only, as
    JSON of :meth:`Feedback.to_dict` for each item: their sandbox run is not
    repeated; and of answers to a variant (its key is not in the bank as written),
    while any other answer's feedback is :func:`course.grade` again.
    The id is 60 bits of a hash of the row's content (and the score), so every
    process computes the same id for the same row and no round trip is needed,
    and an answer graded differently (a key fixed in the bank) gets a new row.
    """
    answer = _dumps(raw)
    items = " ".join([("+" if f.correct else "-") + f.item for f in result.items])
    feedback = None
    if types.get(exercise.type).RUNS_CODE or exercise.data.get("variant"):  # graded once
        feedback = _dumps(result.to_dict()["items"])
    # only the summary, last, may hold a NUL: the fields cannot run into each other
    content = (exercise.id, answer, repr(result.score), items, feedback or "", result.summary)
    digest = hashlib.blake2b("\0".join(content).encode(), digest_size=8).digest()
    answer_id = int.from_bytes(digest, "big") >> 4
    return (answer_id, exercise.id, answer, result.summary, items, feedback)


_dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


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

    For example (not run as a doctest: it works on real course files)::

        grade_files(["submissions/ada.json"], context(load_bank()))[0].student
        # 'ada'
    """
    works = [Work(path, ctx) for path in paths]
    try:
        for stage in STAGES:
            stage(works)
    finally:
        ctx.checked.clear()
    return [None if w.unchanged else w.rejected or to_graded(w) for w in works]


def to_graded(work: Work) -> Graded:
    """The gradebook record of a fully graded :class:`Work`.

    It carries the answer rows this process has not handed out before (in any
    chunk); later records that use them leave them out. The parent records the
    chunks of a worker in the order they were handed out (see
    :func:`course.instructor.batch.graded_chunks`), so an answer row is always written in
    the same transaction as its first use, or an earlier one.
    """
    sent = work.ctx.sent
    if len(sent) > SENT_SIZE:
        sent.clear()  # only costs writing some rows again; keeps memory flat
    new = []
    for row in work.used:
        if row[0] not in sent:
            sent.add(row[0])
            new.append(row)
    sub = work.sub
    return Graded(
        sub.sha256,
        sub.student,
        sub.created,
        sub.path,
        sub.course_version,
        sub.bank_fingerprint,
        tuple(work.warnings),
        work.rows,
        new,
        work.handed_in,
        work.handed_in_source,
        sub.self_assessed,
    )
