"""The suite's own honesty: no assertion that cannot fail, no test that asserts nothing.

Parses every ``.py`` file under ``tests/`` (this one too) and fails on

* an assertion whose expression is always true: a non-empty literal (``assert
  "x"``, ``assert (a == b, "why")``), a conditional expression (``assert a == b
  if c else d`` is ``(a == b) if c else d``, and ``d`` is then the assertion),
  or a truthy literal joined with ``and``/``or`` (``assert x and "literal"``
  checks only ``x``; with ``or`` it checks nothing);
* a test function with no assertion at all: no ``assert``, no
  ``pytest.raises``/``warns``/``fail``, no Playwright ``expect(...)`` and no
  call of a helper named ``assert_*`` or ``check_*`` (which must assert);
* a test that can run zero assertions: every check sits inside a ``for`` or
  ``while`` body (which may run no time: the list may be empty) or one branch
  of an ``if``. Such a test asserts what it loops over first (``assert
  len(cases) == 50``), or collects what is wrong and asserts that is empty.
  A ``for`` over a non-empty literal (``for x in (1, 2):``) counts as running.
"""

from __future__ import annotations

import ast
from pathlib import Path

TESTS = Path(__file__).resolve().parent
CHECKERS = ("raises", "warns", "fail", "deprecated_call", "expect")
HELPER_PREFIXES = ("assert_", "check_")


def _truthy_literal(node: ast.expr) -> bool:
    """A literal that is true whatever runs: ``"x"``, ``1``, ``[a]``, ``(a, b)``, ``{k: v}``."""
    if isinstance(node, ast.Constant):
        return bool(node.value)
    if isinstance(node, ast.List | ast.Tuple | ast.Set):
        return bool(node.elts)
    if isinstance(node, ast.Dict):
        return bool(node.keys)
    if isinstance(node, ast.JoinedStr):
        return any(not isinstance(v, ast.Constant) or v.value for v in node.values)
    return False


def always_true(test: ast.expr) -> str:
    """Why the asserted expression ``test`` can never be false ("" when it can)."""
    if _truthy_literal(test):
        return "asserts a non-empty literal"
    if isinstance(test, ast.IfExp):
        return "asserts a conditional expression (x if c else y): one branch is the assertion"
    if isinstance(test, ast.BoolOp) and any(_truthy_literal(v) for v in test.values):
        word = "and" if isinstance(test.op, ast.And) else "or"
        return f"joins a truthy literal with {word!r}: that operand checks nothing"
    return ""


def _call_name(node: ast.Call) -> str:
    func = node.func
    if isinstance(func, ast.Attribute):
        return func.attr
    return func.id if isinstance(func, ast.Name) else ""


def asserts_something(function: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    """Whether ``function`` holds an assertion, a pytest check or an assert_/check_ helper."""
    for node in ast.walk(function):
        if isinstance(node, ast.Assert):
            return True
        if isinstance(node, ast.Call):
            name = _call_name(node)
            if name in CHECKERS or name.startswith(HELPER_PREFIXES):
                return True
    return False


def _runs(items: ast.expr) -> bool:
    """A loop's iterable that is never empty: a non-empty literal or ``range`` of constants."""
    if _truthy_literal(items):
        return True
    if isinstance(items, ast.Call) and _call_name(items) == "range" and items.args:
        bounds = [a.value for a in items.args if isinstance(a, ast.Constant)]
        if len(bounds) == len(items.args) and all(isinstance(b, int) for b in bounds):
            return len(range(*bounds)) > 0
    return False


def _is_check(node: ast.AST) -> bool:
    if isinstance(node, ast.Assert):
        return True
    if isinstance(node, ast.Call):
        name = _call_name(node)
        return name in CHECKERS or name.startswith(HELPER_PREFIXES)
    return False


def _checks_in(node: ast.AST) -> bool:
    return any(_is_check(n) for n in ast.walk(node))


def surely_checks(body: list[ast.stmt]) -> bool:
    """Whether running the statements ``body`` runs a check whatever the data."""
    for statement in body:
        match statement:
            case ast.If(test=test, body=then, orelse=otherwise):
                if _checks_in(test) or (surely_checks(then) and surely_checks(otherwise)):
                    return True
            case ast.For(iter=items, body=loop) | ast.AsyncFor(iter=items, body=loop):
                if _checks_in(items) or (_runs(items) and surely_checks(loop)):
                    return True
            case ast.While(test=test):
                if _checks_in(test):
                    return True
            case ast.Try(body=tried, finalbody=final):
                if surely_checks(tried) or surely_checks(final):
                    return True
            case ast.With(items=items, body=inner) | ast.AsyncWith(items=items, body=inner):
                if any(_checks_in(i.context_expr) for i in items) or surely_checks(inner):
                    return True
            case ast.FunctionDef() | ast.AsyncFunctionDef() | ast.ClassDef() | ast.Match():
                continue
            case _:
                if _checks_in(statement):
                    return True
    return False


def problems(source: str, name: str = "<source>") -> list[str]:
    """Each always-true assertion in ``source``; in a test file, each test asserting nothing."""
    tree = ast.parse(source, name)
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Assert) and (why := always_true(node.test)):
            found.append(f"{name}:{node.lineno}: {why}")
    if Path(name).name.startswith("test_"):
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
                and node.name.startswith("test")
                and not asserts_something(node)
            ):
                found.append(f"{name}:{node.lineno}: {node.name} asserts nothing")
            elif (
                isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
                and node.name.startswith("test")
                and not surely_checks(node.body)
            ):
                found.append(
                    f"{name}:{node.lineno}: {node.name} can run zero assertions "
                    "(every check is inside a loop or one branch of an if)"
                )
    return found


def test_no_assertion_in_the_suite_is_always_true_and_every_test_asserts():
    files = sorted(TESTS.rglob("*.py"))
    assert len(files) > 50, "the suite was not found"
    found = []
    for path in files:
        found += problems(path.read_text(encoding="utf-8"), str(path.relative_to(TESTS.parent)))
    assert found == [], "\n".join(found)


PLANTED = """
import pytest

def test_literal():
    assert "the widget works"

def test_tuple(x):
    assert (x == 1, "x should be one")

def test_ifexp(seen, kind):
    assert seen == [1] if kind == "code" else [2]

def test_and_literal(path):
    assert not path.exists() and "fingerprint"

def test_or_literal(x):
    assert x or [0]

def test_nothing(widget):
    widget.check()

def test_fine(x):
    assert x == 1

def test_raises():
    with pytest.raises(ValueError):
        int("x")

def test_helper(page):
    check_page(page)

def test_loop_may_not_run(cases):
    for case in cases:
        assert case > 0

def test_one_branch(x, kind):
    if kind:
        assert x

def test_loop_counted(cases):
    assert len(cases) == 3
    for case in cases:
        assert case > 0

def test_literal_loop_and_both_branches(x):
    for seed in range(1, 3):
        assert x != seed
    for y in (1, 2):
        assert x != y
    if x:
        assert x > 2
    else:
        pytest.fail("no x")
"""


def test_the_check_finds_each_planted_fault():
    found = problems(PLANTED, "tests/test_planted.py")
    assert [line.split(": ", 1)[0] for line in found] == [
        "tests/test_planted.py:5",
        "tests/test_planted.py:8",
        "tests/test_planted.py:11",
        "tests/test_planted.py:14",
        "tests/test_planted.py:17",
        "tests/test_planted.py:19",
        "tests/test_planted.py:32",
        "tests/test_planted.py:36",
    ]
    assert "test_nothing asserts nothing" in found[5]
    assert "test_loop_may_not_run can run zero assertions" in found[6]
    assert "conditional expression" in found[2] and "'and'" in found[3]
    # outside a test_ file a function need not assert (helpers, fixtures)
    assert problems("def test_x():\n    pass\n", "tests/helpers.py") == []
