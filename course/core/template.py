"""The small expression language and text templates of variant templates (course.core.variants).

Expressions are a safe subset of Python read by :func:`evaluate`: numbers,
strings, names, arithmetic, comparisons, ``x if c else y``, lists, dicts,
indexing, one-loop comprehensions, a few helpers (:data:`HELPERS`) and calls
of ``pm.<calculator>`` (``course.pm``, pure calculators that import nothing
of the course). :func:`render` fills ``{name}`` placeholders in a text.
"""

from __future__ import annotations

import ast
import math
import string
from functools import lru_cache
from typing import Any


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


def names_in(text: str) -> set[str]:
    """The names the expression ``text`` reads.

    >>> sorted(names_in("pm.npv(rate, [-cost, s1])"))
    ['cost', 'pm', 'rate', 's1']
    """
    return {node.id for node in ast.walk(_parse(text)) if isinstance(node, ast.Name)}


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


def _eval(node: ast.AST, names: dict) -> Any:
    if isinstance(node, ast.Constant) and isinstance(node.value, int | float | str | bool):
        return node.value
    if isinstance(node, ast.Name):
        if node.id in names:
            return names[node.id]
        if node.id in HELPERS:
            return HELPERS[node.id]
        raise ValueError(f"unknown name {node.id!r}")
    if isinstance(node, ast.BinOp) and type(node.op) in _BINOPS:
        return _BINOPS[type(node.op)](_eval(node.left, names), _eval(node.right, names))
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub | ast.Not):
        operand = _eval(node.operand, names)
        return -operand if isinstance(node.op, ast.USub) else not operand
    if isinstance(node, ast.BoolOp):
        results = (_eval(v, names) for v in node.values)
        return all(results) if isinstance(node.op, ast.And) else any(results)
    if isinstance(node, ast.Compare):
        return _compare(node, names)
    if isinstance(node, ast.IfExp):
        return _eval(node.body if _eval(node.test, names) else node.orelse, names)
    if isinstance(node, ast.List | ast.Tuple):
        return [_eval(e, names) for e in node.elts]
    if isinstance(node, ast.Dict) and all(k is not None for k in node.keys):
        pairs = zip(node.keys, node.values, strict=True)
        return {_eval(k, names): _eval(v, names) for k, v in pairs if k is not None}
    if isinstance(node, ast.Subscript):
        return _eval(node.value, names)[_eval(node.slice, names)]
    if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
        if node.value.id == "pm":
            calculators = _calculators()
            if node.attr not in calculators:
                raise ValueError(f"course.pm has no calculator {node.attr!r}")
            return calculators[node.attr]
    if isinstance(node, ast.Call):
        return _call(node, names)
    if isinstance(node, ast.ListComp) and len(node.generators) == 1:
        return _comprehension(node, names)
    raise ValueError(f"{ast.unparse(node)!r} is not allowed in a template expression")


def _compare(node: ast.Compare, names: dict) -> bool:
    value = _eval(node.left, names)
    for op, other in zip(node.ops, node.comparators, strict=True):
        right = _eval(other, names)
        if type(op) not in _COMPARE or not _COMPARE[type(op)](value, right):
            return False
        value = right
    return True


def _call(node: ast.Call, names: dict) -> Any:
    if isinstance(node.func, ast.Name) and node.func.id in names:
        raise ValueError(f"{node.func.id!r} is a value, not a function")
    function = _eval(node.func, names)
    given = {k.arg: _eval(k.value, names) for k in node.keywords if k.arg}
    return function(*[_eval(a, names) for a in node.args], **given)


def _comprehension(node: ast.ListComp, names: dict) -> list:
    loop = node.generators[0]
    if not isinstance(loop.target, ast.Name):
        raise ValueError("a comprehension must loop over one name")
    out = []
    for item in _eval(loop.iter, names):
        inner = {**names, loop.target.id: item}
        if all(_eval(test, inner) for test in loop.ifs):
            out.append(_eval(node.elt, inner))
    return out


def _number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


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
