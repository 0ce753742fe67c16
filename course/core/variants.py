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
* categorize and match: ``draw = N`` items drawn from the pool by the seed; or
  ``extra``, more items (``[[variants.extra]]``, shaped as the written ones)
  that only variants draw: a variant shows as many items per answer as the
  exercise as written, drawn from the written and the extra ones, so the
  balance the guessers were held to is kept;
* order: ``draw = N`` steps drawn by the seed, their key the written order of
  those steps, and ``prompt``, the text a drawn variant shows (say no count);
* choice: ``extra``, more options (each with ``correct`` and ``feedback``): a
  variant shows as many right and wrong options as written, drawn from both.
  A graded exercise cannot draw by answer (its student release holds no keys).

Expressions and text templates are read by :mod:`course.core.template`.
"""

from __future__ import annotations

import hashlib
import json
import math
import random
from dataclasses import dataclass, replace

from course.core import types
from course.core.exercise import Exercise
from course.core.pools import balanced, check_extra, possible
from course.core.template import calls_calculator, evaluate, names_in, render

TRIES = 400  # draws tried per seed before a template's ``require`` is called unmeetable
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
        if all(
            _met(f"variants.require[{i}]", c, names)
            for i, c in enumerate(template.get("require", []))
        ):
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
    kind = types.get(exercise.type)
    if "extra" in template:
        field, by = kind.POOL
        data[field] = balanced(exercise.data[field], template["extra"], by, rng)
        return replace(exercise, data=data)
    if kind.VARIANT_MAKES == "steps":
        steps = exercise.data[kind.ITEMS]
        keep = sorted(rng.sample(range(len(steps)), template["draw"]))
        data[kind.ITEMS] = [steps[i] for i in keep]
        drawn = {step["id"] for step in data[kind.ITEMS]}
        if "answer" in data:
            data["answer"] = [step for step in data["answer"] if step in drawn]
        prompt = _text("variants.prompt", template.get("prompt", exercise.prompt), {})
        return replace(exercise, prompt=prompt, data={**data, "prompt": prompt})
    if kind.VARIANT_MAKES == "draw":
        field = kind.ITEMS
        pool = exercise.data[field]
        keep = sorted(rng.sample(range(len(pool)), template["draw"]))
        data[field] = [pool[i] for i in keep]
        return replace(exercise, data=data)
    if kind.VARIANT_MAKES == "checks":
        return replace(exercise, data=_code(exercise.data, template, rng))
    names = names_for(template, rng)
    if keyed:
        names["answer"] = key = _at("variants.key", template["key"], names)
    prompt = _text("variants.prompt", template["prompt"], names)
    data["prompt"] = prompt
    if kind.VARIANT_MAKES == "numbers":
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
    elif kind.VARIANT_MAKES == "options":
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
        fresh = code.hidden_checks(
            hidden["reference"], hidden["cases"], template["examples"], shown
        )
        note = "A case of your own variant."
        out["examples"] = [
            *data["examples"],
            *({"args": a, "expected": e, "note": note} for a, e in fresh),
        ]
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
    varying = [n for n in types.TYPES if types.get(n).VARIANTS]
    if kind not in varying:
        return [("variants", f"{kind} exercises cannot have variants; only {', '.join(varying)}")]
    allowed = types.get(kind).VARIANTS
    problems = [
        (f"variants.{k}", f"unknown field; allowed for {kind}: {', '.join(sorted(allowed))}")
        for k in template
        if k not in allowed
    ]
    needed = types.get(kind).VARIANT_NEEDS
    if "extra" in template:  # a pool: nothing else is needed
        needed = ()
        if data.get("graded"):
            return [
                (
                    "variants.extra",
                    "a graded exercise cannot draw by answer: its student "
                    "release holds no keys; use draw = N (categorize, match) or params",
                )
            ]
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
    if "key" in template:
        try:
            typed = not _computed(str(template["key"]), template.get("values", {}), set())
        except ValueError as error:
            return [("variants.key", str(error))]
        if typed:
            return [
                ("variants.key", "must call a course.pm calculator (pm.<name>(...)), not be typed")
            ]
    from course.core.bank import exercise_from  # bank imports this module

    try:
        made = variant(exercise_from(data), 1)
    except VariantError as error:
        return [(error.field, error.message)]
    except (KeyError, TypeError, ValueError, ArithmeticError) as error:
        return [("variants", f"the first variant could not be made: {error}")]
    return valid(made)


def _computed(expression: str, values: dict, seen: set) -> bool:
    """Whether ``expression`` calls a ``course.pm`` calculator, itself or through the
    ``values`` it names (``key = "truths"`` with ``truths = "[... pm.probability_by(...)]"``)."""
    if calls_calculator(expression):
        return True
    for name in names_in(expression):
        if name in values and name not in seen and isinstance(values[name], str):
            seen.add(name)
            if _computed(values[name], values, seen):
                return True
    return False


def _check_shapes(template: dict, kind: str, data: dict) -> list[tuple[str, str]]:
    problems = []
    policy = types.get(kind)
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
    if "extra" in template:
        problems += check_extra(template, kind, data)
        if "draw" in template or "params" in template:
            problems.append(("variants.extra", "draws by answer on its own: drop draw and params"))
    for name in ("draw", "examples"):
        if name in template and (not isinstance(template[name], int) or template[name] < 1):
            problems.append((f"variants.{name}", "must be a whole number >= 1"))
    if policy.VARIANT_MAKES in ("draw", "steps") and isinstance(template.get("draw"), int):
        pool = data.get(policy.ITEMS, [])
        if policy.VARIANT_MAKES == "steps" and template["draw"] < 3:
            problems.append(("variants.draw", "must be 3 or more: fewer steps teach no order"))
        if template["draw"] >= len(pool):
            problems.append(("variants.draw", f"must be below the pool's {len(pool)} items"))
    lacks_checks = not isinstance(data.get("hidden"), dict) and not data.get("keys_removed")
    if policy.VARIANT_MAKES == "checks" and lacks_checks:
        problems.append(("variants", "a code exercise needs [hidden] checks to make variants"))
    return problems


def valid(exercise: Exercise) -> list[tuple[str, str]]:
    """Problems with a made variant: its type's checks, and its worked answer grades right."""
    from course.core.bank import check_exercise
    from course.core.grade import grade

    data = {k: v for k, v in exercise.data.items() if k not in ("variant", "variants")}
    problems = [
        (f"variant {exercise.data.get('variant')}: {f}", m)
        for f, m in check_exercise(data, exercise.id)
    ]
    if problems or data.get("keys_removed"):
        return problems
    key = types.get(exercise.type).keyed(data)
    if key is not None and grade(exercise, key).fraction != 1.0:
        problems.append(("variants.key", "the variant's key does not earn full marks"))
    return problems


@dataclass(frozen=True)
class Survey:
    """What :func:`survey` found: variants made, valid ones, distinct ones, first problems."""

    exercise: str
    count: int
    valid: int
    distinct: int
    problems: tuple[str, ...] = ()
    possible: int | None = None  # a pool's different draws (:func:`possible`)

    @property
    def distinct_share(self) -> float:
        return self.distinct / self.count if self.count else 0.0


def fingerprint(exercise: Exercise) -> str:
    """A hash of what makes a variant differ: its text, items and checks (not their order)."""
    data = {k: v for k, v in exercise.data.items() if k != "variant"}
    for field in ("items", "left", "options"):
        if isinstance(data.get(field), list) and all(isinstance(e, dict) for e in data[field]):
            data[field] = sorted(data[field], key=lambda e: str(e.get("id")))
    blob = json.dumps(data, sort_keys=True)
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
    return Survey(exercise.id, count, ok, len(seen), tuple(problems[:5]), possible(exercise))
