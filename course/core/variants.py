"""Seeded variants of an exercise: new numbers, networks and cash flows, keyed by ``course.pm``.

An exercise file may carry a ``[variants]`` table (docs/exercise-format.md,
"Variant templates"). :func:`variant` turns the exercise and a seed into a new
:class:`Exercise`; seed 0 is the exercise as written, so notebooks, tests and
old submissions are unchanged. What a template may say, by exercise type:

* numeric and choice: ``params`` (each ``[low, high]`` whole numbers,
  ``[low, high, step]``, or ``{choices = [...]}``), ``values`` (names computed
  from the params), ``require`` (conditions a draw must meet, else it is drawn
  again), ``key`` (an expression that calls a ``course.pm`` calculator: never a
  hand-written key), and text templates ``prompt``, ``explanation``, ``hint``
  (numeric) or ``options`` and ``feedback`` by option id (choice), with
  ``{name}`` or ``{name:,.0f}`` placeholders; ``answer`` is the key;
* code: ``examples = N`` fresh visible examples from the hidden checks'
  generator (expected results from the reference), and the hidden checks are
  drawn with a seed of the variant's own;
* categorize and match: ``draw = N`` items drawn from the pool by the seed.

Expressions are a small, safe subset of Python read by :func:`evaluate`:
numbers, strings, names, arithmetic, comparisons, lists, dicts, indexing,
one-loop comprehensions and calls of ``pm.<calculator>`` and a few helpers.
"""

from __future__ import annotations

import ast
import hashlib
import json
import math
import random
import string
from dataclasses import dataclass, replace
from functools import lru_cache

from course.core.exercise import Exercise

TRIES = 400  # draws tried per seed before a template's ``require`` is called unmeetable
KINDS = {
    "numeric": {"params", "values", "require", "key", "prompt", "explanation", "hint"},
    "choice": {"params", "values", "require", "key", "prompt", "options", "feedback"},
    "code": {"examples"},
    "categorize": {"draw"},
    "match": {"draw"},
}
KINDS["numeric"] |= {"abs_tol", "rel_tol"}
# What a student release removes from a graded exercise's template: the worked texts. The
# prompt's template stays, so a learner's variant still shows; so does the key expression,
# a call of a public course.pm calculator that holds no key (the copy never evaluates it).
KEYS = ("explanation", "feedback")


class VariantError(ValueError):
    """A template that cannot make a valid variant; ``field`` names the part at fault."""

    def __init__(self, field: str, message: str):
        super().__init__(f"{field}: {message}")
        self.field, self.message = field, message


def has_template(exercise: Exercise) -> bool:
    """Whether ``exercise`` generates variants (its file has a ``[variants]`` table)."""
    return isinstance(exercise.data.get("variants"), dict)


# --- expressions -------------------------------------------------------------------------


def _money(value: float, decimals: int = 0) -> str:
    """``48000`` -> ``'48,000'``; ``-1234.5, 1`` -> ``'−1,234.5'`` (the course's minus)."""
    text = f"{abs(value):,.{decimals}f}"
    return ("−" if value < 0 and float(text.replace(",", "")) else "") + text


def _listing(values: list) -> str:
    """``['a', 'b', 'c']`` -> ``'a, b and c'``."""
    words = [str(v) for v in values]
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


HELPERS = {
    "abs": abs,
    "min": min,
    "max": max,
    "sum": sum,
    "len": len,
    "round": round,
    "int": int,
    "float": float,
    "sorted": sorted,
    "range": range,
    "sqrt": math.sqrt,
    "str": str,
    "joined": lambda values, sep=", ": sep.join(str(v) for v in values),
    "money": _money,
    "listing": _listing,
}
_BINOPS = {
    ast.Add: lambda a, b: a + b,
    ast.Sub: lambda a, b: a - b,
    ast.Mult: lambda a, b: a * b,
    ast.Div: lambda a, b: a / b,
    ast.FloorDiv: lambda a, b: a // b,
    ast.Mod: lambda a, b: a % b,
    ast.Pow: lambda a, b: a**b,
}
_COMPARE = {
    ast.Lt: lambda a, b: a < b,
    ast.LtE: lambda a, b: a <= b,
    ast.Gt: lambda a, b: a > b,
    ast.GtE: lambda a, b: a >= b,
    ast.Eq: lambda a, b: a == b,
    ast.NotEq: lambda a, b: a != b,
    ast.In: lambda a, b: a in b,
    ast.NotIn: lambda a, b: a not in b,
}


def _calculators() -> dict:
    import course.pm as pm  # pure calculators that import nothing of the course

    return {name: getattr(pm, name) for name in pm.__all__}


@lru_cache(maxsize=1024)
def _parse(text: str) -> ast.expr:
    try:
        return ast.parse(text, mode="eval").body
    except SyntaxError as error:
        raise ValueError(f"not an expression: {error.msg}") from None


def calls_calculator(text: str) -> bool:
    """Whether the expression ``text`` calls a ``course.pm`` calculator (``pm.npv(...)``).

    >>> calls_calculator("pm.npv(rate, flows)"), calls_calculator("ev / ac")
    (True, False)
    """
    return any(
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and isinstance(node.func.value, ast.Name)
        and node.func.value.id == "pm"
        for node in ast.walk(_parse(text))
    )


def evaluate(text: str, names: dict) -> object:
    """The value of expression ``text`` with ``names`` bound; ValueError says what is wrong.

    >>> evaluate("pm.npv(0.1, [-100, 60, 60])", {})
    4.132231404958...
    >>> evaluate("[x * 2 for x in xs if x > 1]", {"xs": [1, 2, 3]})
    [4, 6]
    """
    try:
        return _eval(_parse(text), names)
    except (ArithmeticError, TypeError, KeyError, IndexError, ValueError) as error:
        raise ValueError(f"{text!r}: {error}") from None


def _eval(node: ast.AST, names: dict) -> object:
    match node:
        case ast.Constant(value=value) if isinstance(value, int | float | str | bool):
            return value
        case ast.Name(id=name):
            if name in names:
                return names[name]
            if name in HELPERS:
                return HELPERS[name]
            raise ValueError(f"unknown name {name!r}")
        case ast.BinOp(left=left, op=op, right=right) if type(op) in _BINOPS:
            return _BINOPS[type(op)](_eval(left, names), _eval(right, names))
        case ast.UnaryOp(op=ast.USub(), operand=operand):
            return -_eval(operand, names)
        case ast.UnaryOp(op=ast.Not(), operand=operand):
            return not _eval(operand, names)
        case ast.BoolOp(op=op, values=values):
            results = (_eval(v, names) for v in values)
            return all(results) if isinstance(op, ast.And) else any(results)
        case ast.Compare(left=left, ops=ops, comparators=comparators):
            value = _eval(left, names)
            for op, other in zip(ops, comparators, strict=True):
                right = _eval(other, names)
                if type(op) not in _COMPARE or not _COMPARE[type(op)](value, right):
                    return False
                value = right
            return True
        case ast.IfExp(test=test, body=body, orelse=orelse):
            return _eval(body if _eval(test, names) else orelse, names)
        case ast.List(elts=elts) | ast.Tuple(elts=elts):
            return [_eval(e, names) for e in elts]
        case ast.Dict(keys=keys, values=values) if None not in keys:
            return {_eval(k, names): _eval(v, names) for k, v in zip(keys, values, strict=True)}
        case ast.Subscript(value=value, slice=index):
            return _eval(value, names)[_eval(index, names)]  # type: ignore[index]
        case ast.Attribute(value=ast.Name(id="pm"), attr=attr):
            calculators = _calculators()
            if attr not in calculators:
                raise ValueError(f"course.pm has no calculator {attr!r}")
            return calculators[attr]
        case ast.Call(func=func, args=args, keywords=keywords):
            if isinstance(func, ast.Name) and func.id in names:
                raise ValueError(f"{func.id!r} is a value, not a function")
            function = _eval(func, names)
            given = {k.arg: _eval(k.value, names) for k in keywords if k.arg}
            return function(*[_eval(a, names) for a in args], **given)  # type: ignore[operator]
        case ast.ListComp(elt=elt, generators=[gen]) if isinstance(gen.target, ast.Name):
            out = []
            for item in _eval(gen.iter, names):  # type: ignore[attr-defined]
                inner = {**names, gen.target.id: item}
                if all(_eval(test, inner) for test in gen.ifs):
                    out.append(_eval(elt, inner))
            return out
    raise ValueError(f"{ast.unparse(node)!r} is not allowed in a template expression")


class _Formatter(string.Formatter):
    """str.format, with the course's minus sign (−) on negative numbers."""

    def format_field(self, value: object, format_spec: str) -> str:
        text = super().format_field(value, format_spec)
        return "−" + text[1:] if _number(value) and text.startswith("-") else text


def render(template: str, names: dict) -> str:
    """``template`` with its ``{name}`` / ``{name:spec}`` placeholders filled from ``names``.

    >>> render("CPI = {ev:,} / {ac:,} = {answer:.2f}", {"ev": 48000, "ac": 64000, "answer": 0.75})
    'CPI = 48,000 / 64,000 = 0.75'
    >>> render("CV = {cv:,}", {"cv": -16000})
    'CV = −16,000'
    """
    for _, field, _, _ in string.Formatter().parse(template):
        name = None if field is None else field.split("[")[0].split(".")[0]
        if name is not None and name not in names:
            raise ValueError(f"unknown placeholder {{{name}}}")
    try:
        return _Formatter().vformat(template, (), names)
    except (ValueError, TypeError, KeyError, IndexError, AttributeError) as error:
        raise ValueError(f"cannot fill in {template[:40]!r}...: {error}") from None


# --- drawing parameters ------------------------------------------------------------------


def _draw(spec: object, rng: random.Random, name: str) -> object:
    if isinstance(spec, dict) and list(spec) == ["choices"] and spec["choices"]:
        return rng.choice(spec["choices"])
    if isinstance(spec, list) and len(spec) in (2, 3) and all(_number(v) for v in spec):
        low, high = spec[0], spec[1]
        step = spec[2] if len(spec) == 3 else 1
        if step <= 0 or high < low:
            raise VariantError(f"variants.params.{name}", "needs low <= high and a step > 0")
        steps = int(round((high - low) / step))
        value = low + step * rng.randint(0, steps)
        return value if all(isinstance(v, int) for v in spec) else round(value, 10)
    raise VariantError(
        f"variants.params.{name}",
        "must be [low, high], [low, high, step] or {choices = [...]}",
    )


def _number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def names_for(template: dict, rng: random.Random) -> dict:
    """One draw of a template's params with its values computed, meeting ``require``."""
    last = ""
    for _ in range(TRIES):
        names = {k: _draw(s, rng, k) for k, s in template.get("params", {}).items()}
        try:
            for name, expression in template.get("values", {}).items():
                names[name] = _at(f"variants.values.{name}", expression, names)
        except VariantError as error:  # a calculator refused this draw: draw again
            if "unknown name" in error.message or "not allowed" in error.message:
                raise
            last = f"; the last: {error}"
            continue
        if all(_met(f"variants.require[{i}]", c, names) for i, c in enumerate(template.get("require", []))):
            return names
    raise VariantError("variants.require", f"no draw in {TRIES} tries meets every condition{last}")


def _met(field: str, expression: object, names: dict) -> bool:
    """Whether a ``require`` condition holds; one a calculator refuses (ValueError) does not."""
    if not isinstance(expression, str):
        raise VariantError(field, "must be an expression (a string)")
    try:
        return bool(evaluate(expression, names))
    except ValueError as error:
        if "unknown name" in str(error) or "not allowed" in str(error):
            raise VariantError(field, str(error)) from None
        return False


def _at(field: str, expression: object, names: dict) -> object:
    if not isinstance(expression, str):
        raise VariantError(field, "must be an expression (a string)")
    try:
        return evaluate(expression, names)
    except ValueError as error:
        raise VariantError(field, str(error)) from None


def _text(field: str, template: object, names: dict) -> str:
    if not isinstance(template, str) or not template.strip():
        raise VariantError(field, "must be a non-empty text template")
    try:
        return render(template, names)
    except ValueError as error:
        raise VariantError(field, str(error)) from None


# --- variants ----------------------------------------------------------------------------


def learner_seed(exercise_id: str, learner: str) -> int:
    """A seed of ``learner``'s own for ``exercise_id`` (1 to 999,999), the same everywhere.

    >>> learner_seed("capstone-budget", "ada") == learner_seed("capstone-budget", "ada")
    True
    """
    digest = hashlib.sha256(f"seed:{learner}:{exercise_id}".encode()).digest()
    return 1 + int.from_bytes(digest[:8], "big") % 999_999


def rng_for(exercise: Exercise, seed: int) -> random.Random:
    """The random source of ``exercise``'s variant ``seed`` (the same in every process)."""
    return random.Random(f"variant:{exercise.id}:{seed}")


def variant(exercise: Exercise, seed: int) -> Exercise:
    """Variant ``seed`` of ``exercise``: seed 0 (or no template) is the exercise as written.

    Keys are computed by the template's ``course.pm`` calculator; an exercise
    whose keys were removed (a graded one in a student release) gets new
    numbers and no key. Raises :class:`VariantError` for a template that cannot
    make one.
    """
    if not seed or not has_template(exercise):
        return exercise
    if not isinstance(seed, int) or isinstance(seed, bool) or seed < 0:
        raise VariantError("seed", f"must be a whole number >= 0, not {seed!r}")
    return _make(exercise, seed)


_MADE: dict[tuple[str, str, int], Exercise] = {}


def _make(exercise: Exercise, seed: int) -> Exercise:
    """Variants are made once per process (a widget restored, a class graded)."""
    try:  # exercises compare by id and text only, so their whole data is part of the key
        key = (exercise.id, json.dumps(exercise.data, sort_keys=True), seed)
    except (TypeError, ValueError):
        return _build(exercise, seed)
    if key not in _MADE:
        if len(_MADE) > 2048:
            _MADE.clear()
        _MADE[key] = _build(exercise, seed)
    return _MADE[key]


def _build(exercise: Exercise, seed: int) -> Exercise:
    template = exercise.data["variants"]
    rng = rng_for(exercise, seed)
    keyed = not exercise.data.get("keys_removed", False)
    data = {**exercise.data, "variant": seed}
    if exercise.type in ("categorize", "match"):
        field = "items" if exercise.type == "categorize" else "left"
        pool = exercise.data[field]
        keep = sorted(rng.sample(range(len(pool)), template["draw"]))
        data[field] = [pool[i] for i in keep]
        return replace(exercise, data=data)
    if exercise.type == "code":
        return replace(exercise, data=_code(exercise.data, template, rng))
    names = names_for(template, rng)
    if keyed:
        names["answer"] = key = _at("variants.key", template["key"], names)
    prompt = _text("variants.prompt", template["prompt"], names)
    data["prompt"] = prompt
    if exercise.type == "numeric":
        for name in ("abs_tol", "rel_tol"):
            if name in template:
                data[name] = template[name]
        if "hint" in template:
            data["hint"] = _text("variants.hint", template["hint"], names)
        if keyed:
            if not _number(key) or not math.isfinite(key):  # type: ignore[arg-type]
                raise VariantError("variants.key", f"must give a finite number, not {key!r:.60}")
            data["answer"] = key
            data["explanation"] = _text("variants.explanation", template["explanation"], names)
    elif exercise.type == "choice":
        data["options"] = _options(exercise.data, template, names, keyed)
    return replace(exercise, prompt=prompt, data=data)


def _options(data: dict, template: dict, names: dict, keyed: bool) -> list[dict]:
    right = names.get("answer")
    right = set(right) if isinstance(right, list | tuple | set) else {right}
    options = []
    for option in data["options"]:
        oid = option["id"]
        new = dict(option)
        if oid in template.get("options", {}):
            new["text"] = _text(f"variants.options.{oid}", template["options"][oid], names)
        if keyed:
            new["correct"] = oid in right
            if oid in template.get("feedback", {}):
                where = f"variants.feedback.{oid}"
                new["feedback"] = _text(where, template["feedback"][oid], names)
        options.append(new)
    if keyed and not right <= {o["id"] for o in options}:
        raise VariantError("variants.key", f"names options not in the exercise: {sorted(right)}")
    return options


def _code(data: dict, template: dict, rng: random.Random) -> dict:
    from course.core.types import code  # the type modules import this one's module

    hidden = data.get("hidden")
    out = dict(data)
    seed, shown = rng.randrange(1, 2**31), rng.randrange(1, 2**31)
    if hidden:
        out["hidden"] = {**hidden, "seed": seed}
    if hidden and "reference" in hidden:
        fresh = code.hidden_checks(hidden["reference"], hidden["cases"], template["examples"], shown)
        note = "A case of your own variant."
        out["examples"] = [*data["examples"], *({"args": a, "expected": e, "note": note} for a, e in fresh)]
    return out


# --- checking templates ------------------------------------------------------------------


def check(data: dict) -> list[tuple[str, str]]:
    """Problems with the ``[variants]`` table of the exercise file ``data``, as (field, message).

    Checks the fields for the exercise's type, that the key calls a ``course.pm``
    calculator, and that a first variant can be made and is valid.
    """
    template = data.get("variants")
    if template is None:
        return []
    kind = data.get("type")
    if not isinstance(template, dict):
        return [("variants", "must be a table ([variants] block)")]
    if kind not in KINDS:
        return [("variants", f"{kind} exercises cannot have variants; only {', '.join(KINDS)}")]
    problems = [
        (f"variants.{k}", f"unknown field; allowed for {kind}: {', '.join(sorted(KINDS[kind]))}")
        for k in template
        if k not in KINDS[kind]
    ]
    needed = {
        "numeric": ("params", "key", "prompt", "explanation"),
        "choice": ("params", "key", "prompt"),
        "code": ("examples",),
        "categorize": ("draw",),
        "match": ("draw",),
    }[kind]
    keys_removed = data.get("keys_removed", False)
    problems += [
        (f"variants.{k}", "missing")
        for k in needed
        if k not in template and not (keys_removed and k in KEYS)
    ]
    if problems:
        return problems
    problems += _check_shapes(template, kind, data)
    if problems:
        return problems
    if "key" in template and not calls_calculator(str(template["key"])):
        return [("variants.key", "must call a course.pm calculator (pm.<name>(...)), not be typed")]
    from course.core.bank import exercise_from  # bank imports this module

    try:
        made = variant(exercise_from(data), 1)
    except VariantError as error:
        return [(error.field, error.message)]
    except (KeyError, TypeError, ValueError, ArithmeticError) as error:
        return [("variants", f"the first variant could not be made: {error}")]
    return valid(made)


def _check_shapes(template: dict, kind: str, data: dict) -> list[tuple[str, str]]:
    problems = []
    for name in ("params", "values", "options", "feedback"):
        if name in template and not isinstance(template[name], dict):
            problems.append((f"variants.{name}", "must be a table"))
    if "require" in template and not isinstance(template["require"], list):
        problems.append(("variants.require", "must be a list of conditions"))
    ids = {o.get("id") for o in data.get("options", []) if isinstance(o, dict)}
    for name in ("options", "feedback"):
        for oid in template.get(name, {}) if isinstance(template.get(name), dict) else ():
            if oid not in ids:
                problems.append((f"variants.{name}.{oid}", "is not an option id of this exercise"))
    for name in ("draw", "examples"):
        if name in template and (not isinstance(template[name], int) or template[name] < 1):
            problems.append((f"variants.{name}", "must be a whole number >= 1"))
    if kind in ("categorize", "match") and isinstance(template.get("draw"), int):
        pool = data.get("items" if kind == "categorize" else "left", [])
        if template["draw"] >= len(pool):
            problems.append(("variants.draw", f"must be below the pool's {len(pool)} items"))
    if kind == "code" and not isinstance(data.get("hidden"), dict):
        problems.append(("variants", "a code exercise needs [hidden] checks to make variants"))
    return problems


def valid(exercise: Exercise) -> list[tuple[str, str]]:
    """Problems with a made variant: its type's checks, and its worked answer grades right."""
    from course.core.bank import check_exercise
    from course.core.grade import grade

    data = {k: v for k, v in exercise.data.items() if k not in ("variant", "variants")}
    problems = [(f"variant {exercise.data.get('variant')}: {f}", m) for f, m in
                check_exercise(data, exercise.id)]
    if problems or data.get("keys_removed"):
        return problems
    if exercise.type == "numeric":
        if grade(exercise, data["answer"]).fraction != 1.0:
            problems.append(("variants.key", "the computed key does not grade right"))
    elif exercise.type == "choice":
        right = [o["id"] for o in data["options"] if o["correct"]]
        if grade(exercise, right).fraction != 1.0:
            problems.append(("variants.key", "the computed options do not grade right"))
    return problems


@dataclass(frozen=True)
class Survey:
    """What :func:`survey` found: variants made, valid ones, distinct ones, first problems."""

    exercise: str
    count: int
    valid: int
    distinct: int
    problems: tuple[str, ...] = ()

    @property
    def distinct_share(self) -> float:
        return self.distinct / self.count if self.count else 0.0


def fingerprint(exercise: Exercise) -> str:
    """A hash of what makes a variant differ: its text, items and checks."""
    blob = json.dumps({k: v for k, v in exercise.data.items() if k != "variant"}, sort_keys=True)
    return hashlib.sha256(blob.encode()).hexdigest()


def survey(exercise: Exercise, count: int) -> Survey:
    """Make variants 1 to ``count`` of ``exercise``; count the valid and the distinct ones."""
    seen, problems, ok = set(), [], 0
    for seed in range(1, count + 1):
        try:
            made = variant(exercise, seed)
        except VariantError as error:
            problems.append(f"seed {seed}: {error}")
            continue
        found = valid(made)
        if found:
            problems += [f"seed {seed}: {f}: {m}" for f, m in found]
            continue
        ok += 1
        seen.add(fingerprint(made))
    return Survey(exercise.id, count, ok, len(seen), tuple(problems[:5]))
