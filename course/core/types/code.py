"""``code``: the learner writes a function; checks run it in a sandbox.

Visible ``examples`` are shown to the learner; ``hidden`` checks compare the
function with a reference from ``course.pm`` on generated inputs the learner
never sees. The learner's code runs in a separate process (``course.sandbox``)
that receives only the source and the arguments; expected results stay here.
Score: the share of checks (visible and hidden) passed. The summary counts
examples and hidden checks apart; :func:`grouped` says what failed, a stopped
run once and hidden checks by kind of failure, never by input.
"""

from __future__ import annotations

import importlib
import json
import math
from collections import Counter
from functools import lru_cache
from typing import cast

from course.core.exercise import Exercise, Feedback, Result
from course.core.schema import Field
from course.core.types._common import require, scored
from course.core.wording import NOT_RIGHT, verdict_for
from course.sandbox.jobs import Job, Limits, Run, error_kind

MAX_SOURCE_CHARS = 100_000
RUNS_CODE = True  # grade() needs a sandbox run of job(): see course.learner.checking
CONTROLS = "code.CodeControls"  # its widget controls, in course.learner.controls

SCHEMA = {
    "function": Field("text"),
    "starter": Field("text"),
    "explanation": Field("text"),
    "hint": Field("text", required=False),
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


@lru_cache(maxsize=64)
def hidden_kinds(cases: str, count: int, seed: int) -> tuple[str, ...]:
    """What kind of input each hidden check is, in words ("a network with two critical
    paths"), from the generator's ``kind`` where it has one; "" where it has none."""
    generator = _resolve(cases)
    kind = getattr(generator, "kind", None)
    if kind is None:
        return ("",) * count
    return tuple(str(kind(*args)) for args in generator(seed, count))


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
    answer = cast(str, answer)
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
    kinds = hidden_kinds(hidden["cases"], hidden["count"], hidden["seed"])
    return visible + [
        (a, e, f"hidden check {i}" + (f" ({k})" if k else ""))
        for i, ((a, e), k) in enumerate(zip(pairs, kinds, strict=True), 1)
    ]


def job(ex: Exercise, source: str) -> Job:
    """The sandbox job that runs ``source`` on every check of ``ex`` (nothing is run here)."""
    limits = Limits(
        time_s=float(ex.data.get("time_limit", Limits.time_s)),
        memory_mb=int(ex.data.get("memory_limit_mb", Limits.memory_mb)),
    )
    hidden_from = len(ex.data["examples"])  # hidden checks run in a process of their own
    return Job(source, ex.data["function"], [c[0] for c in checks(ex)], limits, hidden_from)


def grade(ex: Exercise, answer: str, run: Run) -> Result:
    """Grade ``answer`` from ``run``, a finished sandbox run of :func:`job` (pure: runs nothing).

    The widget (:mod:`course.learner.checking`) and the batch grader run the job
    themselves, each at its own isolation level.
    """
    compare = ex.data.get("compare", "approx")
    feedback = []
    for i, (_, expected, label) in enumerate(checks(ex)):
        hidden = label.startswith("hidden")
        if i >= len(run.results):
            feedback.append(Feedback(str(i), False, f"not run: {run.error}", label, NOT_RIGHT))
            continue
        result = run.results[i]
        if result.error and hidden:  # the message could quote the hidden inputs
            right, message = False, f"failed: {error_kind(result.error)}"
        elif result.error:
            right, message = False, f"failed: {result.error}" + _alone(result.error)
        elif same(result.value, expected, compare):
            right, message = True, "returned the right result"
        elif hidden:
            right, message = False, "returned a wrong result"
        else:
            right, message = False, _difference(result.value, expected)
        feedback.append(Feedback(str(i), right, message, label, verdict_for(right)))
    fraction = sum(f.correct for f in feedback) / len(feedback)
    return scored(ex, feedback, fraction, "checks", _summary(feedback, run.error))


def _summary(feedback: list[Feedback], error: str | None) -> str:
    """``"2 of 3 examples right · 17 of 20 hidden checks passed"``, or why it did not run."""
    if error and not any(not f.message.startswith("not run") for f in feedback):
        return f"Did not run: {error}"
    visible = [f for f in feedback if not f.label.startswith("hidden")]
    hidden = [f for f in feedback if f.label.startswith("hidden")]
    parts = [f"{sum(f.correct for f in visible)} of {len(visible)} examples right"]
    if hidden:
        parts.append(f"{sum(f.correct for f in hidden)} of {len(hidden)} hidden checks passed")
    line = " · ".join(parts)
    return f"{line}; then it stopped: {error}" if error else line


def grouped(result: Result) -> list[str]:
    """The feedback of a code answer as a learner reads it: what repeats, said once.

    A run that stopped is reported once (it is in the summary); each visible
    example that failed gets a line (the learner sees those inputs); hidden
    checks that failed are counted by kind of failure, never shown one by one.

    >>> from course.core.exercise import Feedback, Result
    >>> items = [Feedback("0", False, "returned a wrong result", "hidden check 1"),
    ...          Feedback("1", False, "failed: KeyError", "hidden check 2"),
    ...          Feedback("2", True, "returned the right result", "hidden check 3")]
    >>> grouped(Result("x", 1 / 3, 1, tuple(items)))
    ['Hidden checks that failed: 1 returned a wrong result, 1 raised KeyError.']
    """
    lines: list[str] = []
    hidden: list[str] = []
    inputs: dict[str, Counter[str]] = {}
    for f in result.items:
        if f.correct or f.message.startswith("not run"):
            continue
        if f.label.startswith("hidden"):
            hidden.append(f.message)
            if "(" in f.label:  # its kind of input: "hidden check 3 (a network with ...)"
                how = hidden_failures([f.message]).removeprefix("1 ")
                inputs.setdefault(how, Counter())[f.label.split("(", 1)[1].rstrip(")")] += 1
        else:
            lines.append(f"{f.label} {f.message}.")
    if hidden:
        lines.append(f"Hidden checks that failed: {hidden_failures(hidden)}.")
        for how, found in inputs.items():
            which = "; ".join(f"{kind} ({n})" if n > 1 else kind for kind, n in found.most_common())
            lines.append(f"It {how} on: {which}.")
    return lines


def hidden_failures(messages: list[str]) -> str:
    """The failed hidden checks counted by kind, in the one wording of the widget and
    the feedback page (``messages``: theirs, each run and failed).

    >>> hidden_failures(["returned a wrong result", "failed: KeyError", "failed"])
    '1 returned a wrong result, 1 raised KeyError, 1 raised an error'
    """
    kinds: Counter[str] = Counter()
    for message in messages:
        failed = message.removeprefix("failed: ")
        if message == "failed":
            kinds["raised an error"] += 1
        elif failed == message or failed == "returned a wrong result":
            kinds["returned a wrong result"] += 1
        else:
            kinds[f"raised {failed}"] += 1
    return ", ".join(f"{n} {kind}" for kind, n in kinds.most_common())


def _difference(got: object, expected: object, shown: int = 3) -> str:
    """What a visible example returned against what it expects, the differing keys only.

    >>> _difference({"a": 1, "b": 2.0}, {"a": 1, "b": 2.5})
    'returned b = 2, expected 2.5'
    """
    if isinstance(got, dict) and isinstance(expected, dict) and got.keys() == expected.keys():
        wrong = [k for k in expected if not same(got[k], expected[k])]
        parts = [f"{k} = {_number(got[k])}, expected {_number(expected[k])}" for k in wrong]
        rest = len(wrong) - shown
        more = f" (and {rest} more key{'s' if rest > 1 else ''})" if rest > 0 else ""
        return f"returned {'; '.join(parts[:shown])}{more}"
    if isinstance(got, dict) and isinstance(expected, dict):
        missing, extra = sorted(expected.keys() - got.keys()), sorted(got.keys() - expected.keys())
        said = [f"missing keys {', '.join(missing)}"] if missing else []
        said += [f"keys not asked for: {', '.join(extra)}"] if extra else []
        return f"returned a dict with {'; '.join(said)}"
    return f"returned {_number(got)}, expected {_number(expected)}"


def _alone(error: str) -> str:
    """Why a name the notebook has is missing: the function is run on its own.

    >>> _alone("NameError: name 'pm' is not defined")[:45]
    ' (the function is checked on its own, apart f'
    """
    if not error.startswith("NameError"):
        return ""
    return (
        " (the function is checked on its own, apart from the notebook's other cells:"
        " import or define inside it what it uses)"
    )


def _number(value: object) -> str:
    """A value for a message; floats with 6 significant digits (1.05..., not 1.0526315789)."""
    if isinstance(value, float):
        return f"{value:.6g}"
    return _short(value)


def _short(value: object, limit: int = 120) -> str:
    """A value as Python writes it (``None``, ``True``, ``['A', 'C']``), floats with 6
    significant digits, at most ``limit`` characters (then cut, ending in ``…``).

    >>> _short(None), _short([True, "A"]), _short({"cpi": 0.8928571428571429})
    ('None', "[True, 'A']", "{'cpi': 0.892857}")
    """
    text = _python(value)
    return text if len(text) <= limit else text[: limit - 2] + " …"


def _python(value: object) -> str:
    if isinstance(value, float):
        return f"{value:.6g}"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k!r}: {_python(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_python(v) for v in value) + "]"
    return repr(value)


def view(ex: Exercise, learner: str) -> dict:
    """The arguments of this type's controls (``CONTROLS``) for ``learner``."""
    return {"function": ex.data["function"], "starter": ex.data["starter"]}


# policy other modules read (course.core.types.base.ExerciseType)
ITEMS, DRAWS, SHUFFLE, QUIZ = "", False, "", ""
ATTEMPTS, SINGLE_FEEDBACK = True, True
PICKS: tuple[str, ...] = ()
PLACES, PLACE_WORDS = "", ("", "")
WHY, BLANK = "", ""
# read the task, write and test a short function, read the feedback: 45 minutes flat,
# between the review's 35 for a learner comfortable in Python and 60 for a non-coder
MINUTES = (45.0, 0.0)
ROW_HINT = ""


def all_or_nothing(data: dict) -> bool:
    """False: each check passed earns its share."""
    return False


def key_values(data: dict) -> list[str]:
    """Nothing beyond the key fields (``KEYS``) that gives the key away in a notebook."""
    return []


# its variant templates (course.core.variants): allowed fields, those a template needs
VARIANTS = frozenset({"examples"})
VARIANT_NEEDS, VARIANT_MAKES, POOL = ("examples",), "checks", ()


def keyed(data: dict) -> object:
    """The answer an exercise file's (or a variant's) key gives, full marks; None if none."""
    return None
