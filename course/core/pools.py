"""Variants drawn from a pool by answer, and the number of draws a pool or a draw allows.

Used by :mod:`course.core.variants` (``[[variants.extra]]``, ``draw = N``): a
variant shows as many entries per answer as the exercise as written, drawn from
the written and the extra ones, so the balance the guessers were held to holds.
"""

from __future__ import annotations

import json
import math
import random
from collections import Counter

from course.core import types
from course.core.exercise import Exercise


def balanced(written: list[dict], extra: list[dict], by: str, rng: random.Random) -> list[dict]:
    """As many entries per ``by`` value (answer, or right/wrong) as ``written`` has, drawn
    from ``written + extra`` and shown in an order of the seed's own."""
    groups: dict[str, list[dict]] = {}
    for entry in [*written, *extra]:
        groups.setdefault(json.dumps(entry.get(by)), []).append(entry)
    wanted: dict[str, int] = {}
    for entry in written:
        wanted[json.dumps(entry.get(by))] = wanted.get(json.dumps(entry.get(by)), 0) + 1
    shown = [e for value, n in wanted.items() for e in rng.sample(groups[value], n)]
    rng.shuffle(shown)
    return shown


def possible(exercise: Exercise) -> int | None:
    """How many different variants a pool or a draw can give (the order aside), or None
    for a template whose draws are numbers: ``survey`` can then be held to it."""
    template = exercise.data.get("variants")
    if isinstance(template, dict) and isinstance(template.get("draw"), int):
        pool = exercise.data[types.get(exercise.type).ITEMS]
        return math.comb(len(pool), template["draw"])
    if not isinstance(template, dict) or "extra" not in template:
        return None
    field, by = types.get(exercise.type).POOL
    pool = Counter(json.dumps(e.get(by)) for e in [*exercise.data[field], *template["extra"]])
    shown = Counter(json.dumps(e.get(by)) for e in exercise.data[field])
    return math.prod(math.comb(pool[value], n) for value, n in shown.items())


def check_extra(template: dict, kind: str, data: dict) -> list[tuple[str, str]]:
    """Problems with the ``[[variants.extra]]`` pool of the exercise file ``data``."""
    extra = template["extra"]
    field, by = types.get(kind).POOL
    if not isinstance(extra, list) or not extra or not all(isinstance(e, dict) for e in extra):
        return [("variants.extra", f"must be a list of {field} ([[variants.extra]] blocks)")]
    written = [e for e in data.get(field, []) if isinstance(e, dict)]
    problems = []
    ids = [e.get("id") for e in [*written, *extra]]
    for n, entry in enumerate(extra):
        where = f"variants.extra[{n}] ({entry.get('id', 'no id')})"
        if ids.count(entry.get("id")) > 1:
            problems.append((where, "id is used twice in the pool; give each entry its own id"))
        if by not in entry:
            problems.append((where, f"missing {by!r}"))
        elif json.dumps(entry[by]) not in {json.dumps(e.get(by)) for e in written}:
            problems.append((where, f"{by} = {entry[by]!r} is not one the written {field} use"))
    from course.core.bank import check_exercise  # bank imports variants, which imports this

    whole = {k: v for k, v in data.items() if k != "variants"}
    whole[field] = [*written, *extra]
    if by == "correct":  # the pool may hold several right options; a variant shows one
        whole["multiple"] = True
    problems += [(f"variants.extra: {f}", m) for f, m in check_exercise(whole, data.get("id", ""))]
    return problems
