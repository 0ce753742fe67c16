"""Every exercise type module has what course.core.types.base.ExerciseType lists."""

import typing

import pytest

from course.core import types
from course.core.types.base import ExerciseType

HINTS = typing.get_type_hints(ExerciseType)
METHODS = ("check", "normalize", "grade", "view")


@pytest.mark.parametrize("name", sorted(types.TYPES))
def test_each_type_module_has_the_protocol_s_names(name):
    module = types.get(name)
    missing = [n for n in [*HINTS, *METHODS] if not hasattr(module, n)]
    assert missing == [], f"course.core.types.{name} lacks {missing}"
    for field, hint in HINTS.items():
        assert isinstance(getattr(module, field), typing.get_origin(hint) or hint), (name, field)
    assert all(callable(getattr(module, m)) for m in METHODS)


def test_the_policy_is_what_the_types_did_before_it_had_a_home():
    """Values the modules outside core/types used to spell out (widget, feedback, timing)."""
    pick = {n: t for n, t in types.TYPES.items()}
    assert sorted(n for n, t in pick.items() if t.ATTEMPTS) == ["code", "numeric"]
    assert sorted(n for n, t in pick.items() if t.SINGLE_FEEDBACK) == ["code", "numeric"]
    assert sorted(n for n, t in pick.items() if t.DRAWS) == ["categorize", "match"]
    assert {n: t.ITEMS for n, t in pick.items() if t.ITEMS} == {
        "categorize": "items",
        "order": "items",
        "choice": "options",
        "match": "left",
    }
    assert {n: t.SHUFFLE for n, t in pick.items() if t.SHUFFLE} == {
        "order": "items",
        "choice": "options",
    }
    assert sorted(n for n, t in pick.items() if not t.QUIZ) == ["code", "order"]
