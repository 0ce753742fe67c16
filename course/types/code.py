"""``code``: the learner writes a function; checks run it in a sandbox.

Visible ``examples`` are shown to the learner; ``hidden`` checks compare the
function with a reference from ``course.pm`` on generated inputs the learner
never sees. The learner's code runs in a separate process (``course.sandbox``)
that receives only the source and the arguments; expected results stay here.
Score: the share of checks (visible and hidden) passed.
"""

from __future__ import annotations

import importlib
import json
import math
from dataclasses import replace
from functools import lru_cache

from course.exercise import Exercise, Feedback, Result
from course.schema import Field
from course.types._common import require, scored

MAX_SOURCE_CHARS = 100_000
SCHEMA = {
    "function": Field("text"),
    "starter": Field("text"),
    "explanation": Field("text"),
    "compare": Field("text", required=False),
    "time_limit": Field("number", required=False),
    "memory_limit_mb": Field("int", required=False),
    "examples": Field(
        "tables",
        schema={"args": Field("any"), "expected": Field("any"), "note": Field("text", False)},
    ),
    "hidden": Field(
        "table",
        required=False,
        schema={
            "reference": Field("text"),
            "cases": Field("text"),
            "count": Field("int"),
            "seed": Field("int"),
        },
    ),
}
KEYS = {"": ("hidden", "explanation")}


def _resolve(spec: str):
    module, _, name = spec.partition(":")
    return getattr(importlib.import_module(module), name)


def check(data: dict) -> list[tuple[str, str]]:
    problems = []
    if not data["function"].isidentifier():
        problems.append(("function", f"{data['function']!r} is not a Python function name"))
    if data.get("compare", "approx") not in ("approx", "exact"):
        problems.append(("compare", "must be 'approx' or 'exact'"))
    for name in ("time_limit", "memory_limit_mb"):
        if name in data and not data[name] > 0:
            problems.append((name, "must be greater than 0"))
    for i, example in enumerate(data["examples"]):
        if not isinstance(example.get("args"), list):
            problems.append((f"examples[{i}].args", "must be a list of arguments"))
    hidden = data.get("hidden")
    if isinstance(hidden, dict) and not problems:
        problems += _check_hidden(data, hidden)
    return problems


def _check_hidden(data: dict, hidden: dict) -> list[tuple[str, str]]:
    problems = []
    for name in ("reference", "cases"):
        try:
            _resolve(hidden[name])
        except (ImportError, AttributeError, ValueError):
            problems.append((f"hidden.{name}", f"cannot import {hidden[name]!r} (module:function)"))
    if problems:
        return problems
    reference = _resolve(hidden["reference"])
    for i, example in enumerate(data["examples"]):
        got = _plain(reference(*example["args"]))
        if not same(got, example["expected"], data.get("compare", "approx")):
            problems.append((f"examples[{i}].expected", f"the reference gives {got!r:.80}"))
    return problems


def _plain(value: object) -> object:
    """``value`` as the sandbox returns it: JSON round-tripped (tuples become lists)."""
    return json.loads(json.dumps(value))


@lru_cache(maxsize=64)
def hidden_checks(reference: str, cases: str, count: int, seed: int) -> tuple:
    """``(args, expected)`` pairs for hidden checks, computed once per process."""
    ref = _resolve(reference)
    return tuple((_plain(args), _plain(ref(*args))) for args in _resolve(cases)(seed, count))


def same(got: object, expected: object, compare: str = "approx") -> bool:
    """Equal, with floats compared to 1e-6 relative when ``compare`` is ``approx``."""
    if compare == "approx" and isinstance(got, int | float) and isinstance(expected, int | float):
        if isinstance(got, bool) or isinstance(expected, bool):
            return got is expected
        return math.isclose(got, expected, rel_tol=1e-6, abs_tol=1e-9)
    if isinstance(got, list) and isinstance(expected, list):
        return len(got) == len(expected) and all(
            same(g, e, compare) for g, e in zip(got, expected, strict=True)
        )
    if isinstance(got, dict) and isinstance(expected, dict):
        return got.keys() == expected.keys() and all(
            same(got[k], expected[k], compare) for k in got
        )
    return type(got) is type(expected) and got == expected


def normalize(ex: Exercise, answer: object) -> str:
    require(ex, isinstance(answer, str), f"expected source code text, got {type(answer).__name__}")
    require(ex, len(answer) <= MAX_SOURCE_CHARS, f"longer than {MAX_SOURCE_CHARS} characters")
    return answer


def checks(ex: Exercise) -> list[tuple[list, object, str]]:
    """Every check of ``ex`` as ``(args, expected, label)``; hidden ones only with keys."""
    function = ex.data["function"]
    visible = [
        (e["args"], e["expected"], f"{function}({_short(e['args'])[1:-1]})")
        for e in ex.data["examples"]
    ]
    hidden = ex.data.get("hidden")
    if not hidden:
        return visible
    pairs = hidden_checks(hidden["reference"], hidden["cases"], hidden["count"], hidden["seed"])
    return visible + [(a, e, f"hidden check {i}") for i, (a, e) in enumerate(pairs, 1)]


def job(ex: Exercise, source: str):
    """The sandbox job that runs ``source`` on every check of ``ex``."""
    from course.sandbox import Job, Limits

    limits = Limits(
        time_s=float(ex.data.get("time_limit", Limits.time_s)),
        memory_mb=int(ex.data.get("memory_limit_mb", Limits.memory_mb)),
    )
    hidden_from = len(ex.data["examples"])  # hidden checks run in a process of their own
    return Job(source, ex.data["function"], [c[0] for c in checks(ex)], limits, hidden_from)


def grade(ex: Exercise, answer: str, run=None) -> Result:
    """Grade ``answer``; ``run`` is a finished sandbox run of :func:`job` (batch grading)."""
    if run is None:
        from course.sandbox import run_batch

        run = run_batch([job(ex, answer)])[0]
    compare = ex.data.get("compare", "approx")
    feedback = []
    for i, (_, expected, label) in enumerate(checks(ex)):
        hidden = label.startswith("hidden")
        if i >= len(run.results):
            feedback.append(Feedback(str(i), False, f"not run: {run.error}", label))
            continue
        result = run.results[i]
        if result.error and hidden:  # the message could quote the hidden inputs
            right, message = False, f"failed: {_error_kind(result.error)}"
        elif result.error:
            right, message = False, f"failed: {result.error}"
        elif same(result.value, expected, compare):
            right, message = True, "returned the right result"
        elif hidden:
            right, message = False, "returned a wrong result"
        else:
            right = False
            message = f"returned {_short(result.value)}, expected {_short(expected)}"
        feedback.append(Feedback(str(i), right, message, label))
    result = scored(ex, feedback, sum(f.correct for f in feedback) / len(feedback), "checks")
    if run.error:
        result = replace(result, summary=f"{result.summary}; {run.error}")
    return result


def _error_kind(error: str) -> str:
    """``"KeyError: 'A'"`` -> ``"KeyError"``: what went wrong, without learner-made text."""
    kind = error.split(":", 1)[0].strip()
    return kind if kind.isidentifier() else "an error"


def _short(value: object, limit: int = 120) -> str:
    text = json.dumps(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def render(ex: Exercise, learner: str):
    from course.widget import CodeControls

    return CodeControls(ex.data["starter"])
