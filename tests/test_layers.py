"""The house rules: which part of ``course`` may import which, and modules stay small.

The package is layered by dependency direction (README, "For developers"):

* ``course.errors``, ``course.pm`` (calculators), ``course.sandbox`` (runs code,
  knows nothing of exercises) and ``course.figures`` (plots of ``course.pm``) stand alone;
* ``course.core`` is pure: exercises, the bank, grading, the submission format;
* ``course.content`` is the course's files on disk (notebooks, timing, release);
* ``course.learner`` runs in a learner's kernel and never needs instructor code;
* ``course.instructor`` grades and reports and never needs learner code;
* ``course.live`` and ``course.cli`` sit on top; nothing imports them from below,
  and no module inside the package imports the ``course`` façade itself.

Every import counts, lazy ones inside functions too.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import course

PACKAGE = Path(course.__file__).parent

SIDE = ("course.errors", "course.core", "course.content", "course.sandbox")
SIDE += ("course.figures", "course.pm")
# What each part may import besides itself (prefixes of dotted module names).
ALLOWED = {
    "course.errors": (),
    "course.nodelay": (),
    "course.pm": (),
    "course.sandbox": ("course.errors",),
    "course.figures": ("course.pm",),
    # core builds sandbox jobs from exercises: the job and run records only (pure data), never
    # the code that starts processes
    # and the variants of exercises are keyed by the calculators of course.pm, which stand alone
    "course.core": ("course.errors", "course.sandbox.jobs", "course.pm"),
    "course.content": ("course.errors", "course.core"),
    # learner and instructor stand on the same ground and never import each other
    "course.learner": SIDE,
    "course.instructor": SIDE,
    "course.live": ("course.errors", "course.core", "course.content", "course.learner.events"),
    "course.cli": (
        "course.errors",
        "course.core",
        "course.content",
        "course.learner",
        "course.instructor",
        "course.sandbox",
        "course.live",
    ),
}


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported(path: Path) -> set[str]:
    """Every ``course`` module a file imports, at any depth (lazy imports inside functions too)."""
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(anchor + ([base] if base else []))
            if base == "course" or base.startswith("course."):
                for alias in node.names:  # ``from course.learner import events``: a module
                    module = f"{base}.{alias.name}"
                    is_module = (PACKAGE.parent / module.replace(".", "/")).with_suffix(".py")
                    is_package = PACKAGE.parent / module.replace(".", "/") / "__init__.py"
                    found.add(module if is_module.exists() or is_package.exists() else base)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.split(".")[0] == "course")
    return found


def part_of(name: str) -> str | None:
    return next((p for p in ALLOWED if name == p or name.startswith(p + ".")), None)


MODULES = sorted(p for p in PACKAGE.rglob("*.py") if "_release" not in p.parts)


def test_every_module_belongs_to_a_part():
    top_level = {"course", "course.__main__"}
    homeless = [module_name(p) for p in MODULES if part_of(module_name(p)) is None]
    assert set(homeless) <= top_level, homeless


@pytest.mark.parametrize("path", MODULES, ids=lambda p: module_name(p))
def test_imports_go_only_downwards(path):
    name = module_name(path)
    part = part_of(name)
    if part is None:  # the façade and __main__ may import anything
        assert name in {"course", "course.__main__"}
        return
    wrong = sorted(
        target
        for target in imported(path)
        if part_of(target) != part and not target.startswith(ALLOWED[part])
    )
    assert not wrong, f"{name} ({part}) imports {wrong}"


def test_the_rule_catches_an_upward_import(tmp_path):
    """The check itself can fail: a core module that imports the widget is caught."""
    fake = PACKAGE / "core" / "_layers_probe.py"
    fake.write_text("def f():\n    from course.learner.widget import show\n", encoding="utf-8")
    try:
        wrong = [t for t in imported(fake) if not t.startswith(ALLOWED["course.core"])]
        assert wrong == ["course.learner.widget"]
    finally:
        fake.unlink()


def test_no_module_is_over_about_500_lines():
    """Modules hold one concept each; past about 500 lines one holds two (the grader's
    pipeline and the gradebook are the largest, near 460)."""
    sizes = {module_name(p): len(p.read_text(encoding="utf-8").splitlines()) for p in MODULES}
    assert max(sizes.values()) <= 500, sorted(sizes.items(), key=lambda kv: -kv[1])[:3]
