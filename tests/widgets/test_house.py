"""The house: controls live in course/widgets, imports run one way, modules stay small."""

from __future__ import annotations

import ast
from pathlib import Path

import course

PACKAGE = Path(course.__file__).parent


def imported(path: Path) -> set[str]:
    """Every module a file imports, at any depth (lazy imports inside functions too)."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
    return names


def test_widgets_import_neither_the_types_nor_the_exercise_widget():
    for path in (PACKAGE / "widgets").glob("*.py"):
        bad = {n for n in imported(path) if n.startswith(("course.types", "course.widget"))}
        bad -= {n for n in bad if n.startswith("course.widgets")}
        assert not bad, f"{path.name} imports {bad}"


def test_types_build_their_controls_from_course_widgets_not_course_widget():
    for path in (PACKAGE / "types").glob("*.py"):
        assert "course.widget" not in imported(path), path.name


def test_no_widget_module_is_over_about_400_lines():
    paths = [PACKAGE / "widget.py", PACKAGE / "wording.py", *(PACKAGE / "widgets").glob("*.py")]
    sizes = {p.name: len(p.read_text(encoding="utf-8").splitlines()) for p in paths}
    assert max(sizes.values()) <= 400, sizes
