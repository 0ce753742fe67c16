"""Handing in: the learner's side of ``pm-course submit``, one new submission file.

For example (not run as a doctest: it works on real course files)::

    path = submit("ada", tmp_path)          # the learner's latest answers, one file
    read(path).student                       # course.core.submission.read
    # 'ada'

The file's format and the checks the grader runs on it are in ``course/core/submission.py``.
"""

from __future__ import annotations

import json
import os
import secrets
import stat
import tempfile
import warnings
from datetime import UTC, datetime
from pathlib import Path

from course.core import paths
from course.core.submission import FORMAT, VERSION, check_student, same_learner
from course.errors import AnswerError, UsageError


def build(student: str, bank, journal) -> dict:
    """The submission document for ``student``: the latest journal answer per exercise.

    For example (not run as a doctest: it works on real course files)::

        build("ada", load_bank(), Journal())["answers"]["duty-sort"]["answer"]
        # {'build-schedule': 'project'}

    Parameters:
        student: the student id (letters, digits, ``.``, ``_``, ``@``, ``-``).
        bank: the :class:`course.core.bank.Bank` the learner answered.
        journal: the learner's :class:`course.learner.journal.Journal`.

    Answers to exercises no longer in the bank are left out with a warning;
    answers that no longer fit their exercise raise :class:`UsageError`.
    """
    from course.core.version import __version__

    if problem := check_student({"student": student}):
        raise UsageError(f"{problem}.")
    answers, problems = {}, []
    marked = {r["exercise"] for r in journal.records() if r.get("self_assessed")}
    for exercise_id, record in sorted(journal.latest().items()):
        if exercise_id not in bank:
            warnings.warn(
                f"left out your answer to {exercise_id!r}: no longer in the course", stacklevel=3
            )
            continue
        problems += _fit_problems(bank[exercise_id], record, student)
        answers[exercise_id] = {"answer": record.get("answer"), "time": record.get("time", "")}
        if record.get("seed"):  # the variant answered: the grader grades against it
            answers[exercise_id]["seed"] = record["seed"]
        if exercise_id in marked and bank[exercise_id].graded:
            answers[exercise_id]["self_assessed"] = True  # the learner saw its marks
        learner = record.get("learner", student)
        if bank[exercise_id].data.get("draw") and learner != student:
            answers[exercise_id]["learner"] = learner  # the grader draws the items for it
    if problems:
        raise UsageError("Cannot submit yet:\n" + "\n".join(problems))
    return {
        "format": FORMAT,
        "version": VERSION,
        "student": student,
        "created": datetime.now(UTC).isoformat(timespec="microseconds"),
        "course_version": __version__,
        "bank_fingerprint": bank.fingerprint(),
        "answers": answers,
    }


def same_person(learner: str, student: str) -> bool:
    """Whether answers given as ``learner`` are ``student``'s: the id itself, or the hub's
    system user name for it (TLJH logs ``dave`` in as ``jupyter-dave``), or, on a hub,
    this account's login name when the hub knows it as ``student``. The grader applies
    the same rule (:func:`course.core.submission.same_learner`), taking the login name
    from the owner of the handed-in file.

    >>> same_person("jupyter-dave", "dave")
    True
    """
    if same_learner(learner, student):
        return True
    hub_user = os.environ.get("JUPYTERHUB_USER")
    return hub_user == student and learner == paths.login_name()


def _fit_problems(exercise, record: dict, student: str) -> list[str]:
    """Why the journal ``record`` would be rejected by the grader, as fix-it lines."""
    from course.core.grade import normalize
    from course.core.variants import VariantError, variant

    learner = record.get("learner", student)
    if exercise.data.get("draw") and not same_person(learner, student):
        return [
            f"- {exercise.id}: you answered as learner {learner!r} but submit as {student!r}; "
            "this exercise gives each student their own items, chosen by id. Submit with "
            f"--student {learner}, or set PM_COURSE_LEARNER={student}, restart the kernel "
            "and answer it again."
        ]
    try:
        normalize(
            variant(exercise, record.get("seed") or 0).for_learner(learner), record.get("answer")
        )
    except AnswerError as error:
        return [f"- {exercise.id}: {error.reason}; answer it again in its notebook."]
    except VariantError as error:
        return [f"- {exercise.id}: its variant {record.get('seed')} cannot be made ({error})."]
    return []


def write(doc: dict, folder: str | os.PathLike) -> Path:
    """Write ``doc`` as a new file ``<student>-<time>-<random>.json`` in ``folder``; never
    overwrites.

    The file appears complete or not at all: it is written to a temporary file
    and hard-linked into place, and linking fails rather than replace a file.
    It is readable by its owner only, unless ``folder`` has the setgid bit (a
    shared exchange folder, see ``docs/running-a-class.md``): then the file
    belongs to the folder's group and that group may read it.
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    stamp = doc["created"][:19].replace("-", "").replace(":", "")
    body = json.dumps(doc, ensure_ascii=False, indent=1).encode("utf-8")
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=".submission-", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as out:
            share_with_group(out.fileno(), folder)
            out.write(body)
            out.flush()
            os.fsync(out.fileno())
        path = _link_new(Path(tmp), folder, f"{doc['student']}-{stamp}Z")
    finally:
        os.unlink(tmp)
    return_folder(folder, doc["student"])
    return path


RETURNED = ".feedback"  # in a shared exchange: where feedback comes back, one folder each


def return_folder(exchange: Path, student: str) -> Path | None:
    """Make this learner's folder for returned feedback, ``EXCHANGE/.feedback/STUDENT/``,
    if the exchange has a ``.feedback`` folder (docs/running-a-class.md): the learner's
    own, shared with the staff group (mode 0770), closed to everyone else. Never fails."""
    mine = exchange / RETURNED / student
    if not (exchange / RETURNED).is_dir():
        return None
    try:
        mine.mkdir(exist_ok=True)
        if os.stat(mine).st_uid == os.getuid():
            os.chmod(mine, 0o770)  # the exchange gave it the staff group
    except OSError:
        return None
    return mine


def share_with_group(fd: int, folder: Path) -> None:
    """Make the open file ``fd`` readable by ``folder``'s group if the folder is setgid."""
    info = os.stat(folder)
    if not info.st_mode & stat.S_ISGID:
        return
    if os.fstat(fd).st_gid != info.st_gid:  # the system did not give it the group: ask
        try:
            os.fchown(fd, -1, info.st_gid)
        except OSError as error:
            raise UsageError(
                f"cannot give your submission to the group of {folder} ({error.strerror}); "
                "ask your instructor to check that folder's group and setgid bit"
            ) from None
    os.fchmod(fd, 0o640)


def _link_new(tmp: Path, folder: Path, stem: str) -> Path:
    """Link ``tmp`` into ``folder`` as ``<stem>-<8 random hex>.json``, a name nobody can
    guess ahead, so no one who can write to a shared folder can block a hand-in."""
    for _ in range(100):
        target = folder / f"{stem}-{secrets.token_hex(4)}.json"
        try:
            os.link(tmp, target)
            return target
        except FileExistsError:
            continue
    raise UsageError(f"{folder} already holds every name tried for {stem}*; use another folder.")


def submit(student: str | None = None, out: str | os.PathLike = ".", *, bank=None, journal=None):
    """Bundle this learner's latest answers into one new submission file; returns its path.

    For example (not run as a doctest: it works on real course files)::

        course.submit("s1234567")                # in a notebook
        # PosixPath('s1234567-20250301T101500Z-5f3a9c1e.json')

    Parameters:
        student: the student id your instructor gave you (default: the learner id,
            ``PM_COURSE_LEARNER`` or your login name).
        out: the folder to write into (created if missing).
        bank: the exercise bank (default: the course's).
        journal: the answer journal (default: this learner's).
    """
    from course.core.bank import load_bank
    from course.learner.journal import Journal

    student = student or paths.learner_id()
    doc = build(student, bank if bank is not None else load_bank(), journal or Journal())
    return write(doc, out)
