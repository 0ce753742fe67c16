"""The grading stage that runs code answers: every code answer of a chunk in one sandbox batch.

Part of the stages of :mod:`course.instructor.pipeline` (kept apart so each module
stays short); it works on the pipeline's ``Work`` items and their ``Context``.
"""

from __future__ import annotations

import hashlib

from course.core import types
from course.instructor.records import Rejected

RUNS_SIZE = 10_000  # sandbox runs kept per process, by (exercise, draw, source hash)
CODE_MEMO_BYTES = 1 << 20  # sandbox replies kept for reuse (course.sandbox.jobs caps each)


def run_code(works: list) -> None:
    """Run every code answer of the chunk at the run's isolation level (see course.sandbox).

    The sandbox gets only the source and the arguments; expected results stay here.
    A code exercise's checks are fixed, so an (exercise, source) pair already run
    in this process takes the earlier run. Where the level is not available
    (``pm-course grade`` defaults to the OS sandbox), files with code answers are
    rejected with what to install, and every other file is graded.
    """
    todo = [
        (w, i)
        for w in works
        if w.live
        for i in w.answers
        if types.get(w.exercises[i].type).RUNS_CODE
    ]
    if not todo:
        return
    from course.core.types import code
    from course.sandbox import missing, run_batch

    ctx = works[0].ctx
    if problem := missing(ctx.isolation):
        reason = (
            f"not graded: it has code answers, and {problem}. Nothing was recorded; grade "
            "again once it is installed (or pass --isolation process to run the code with "
            "weaker protection; see docs/grading-a-class.md)"
        )
        for work, _ in todo:
            work.rejected = Rejected(work.path, reason)
        return
    keys = [  # a variant has hidden checks of its own: its seed is part of the key
        (i, w.drawn.get(i), hashlib.sha256(w.answers[i].encode("utf-8", "surrogatepass")).digest())
        for w, i in todo
    ]
    fresh = {
        key: (w, i) for key, (w, i) in zip(keys, todo, strict=True) if key not in ctx.code_runs
    }
    try:
        runs = run_batch(
            [code.job(w.exercises[i], w.answers[i]) for w, i in fresh.values()], ctx.isolation
        )
    except Exception as error:  # the sandbox itself failed: not the students' fault
        reason = (
            f"not graded: the sandbox could not run the code answers ({error}); "
            "nothing was recorded, grade again"
        )
        for work, _ in todo:
            work.rejected = Rejected(work.path, reason)
        return
    kept = sum(run.size for run in [*ctx.code_runs.values(), *runs])  # JSON bytes replied
    if len(ctx.code_runs) + len(fresh) > RUNS_SIZE or kept > CODE_MEMO_BYTES:
        ctx.code_runs.clear()
    ctx.code_runs.update(zip(fresh, runs, strict=True))
    for (work, exercise_id), key in zip(todo, keys, strict=True):
        work.runs[exercise_id] = ctx.code_runs[key]
