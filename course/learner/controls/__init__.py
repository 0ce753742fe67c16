"""The controls of each kind of exercise, one module per kind of control.

``picks`` (one choice box per row: categorize, match), ``order`` (steps with Up
and Down buttons, and the ladder), ``choice`` (check boxes), ``number`` (a
number box), ``code`` (a function from a notebook cell). ``common`` holds the
style sheet and the row notes; ``feedback`` the feedback area. Each exercise
type in ``course.core.types`` names its controls (``CONTROLS``) and gives their
arguments (``view``); :func:`for_exercise` builds them. The exercise widget
around them is :mod:`course.learner.widget`. Nothing here imports
``course.learner.widget``: the imports run one way only.
"""

from __future__ import annotations

import importlib

from course.core import types
from course.core.exercise import Exercise


def for_exercise(ex: Exercise, learner: str):
    """The controls of ``ex`` as ``learner`` sees it (their own shuffle or draw)."""
    kind = types.get(ex.type)
    module, _, name = kind.CONTROLS.rpartition(".")
    controls = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    return controls(**kind.view(ex, learner))
