"""The controls of each kind of exercise, one module per kind of control.

``picks`` (one dropdown per row: categorize, match), ``order`` (steps with Up
and Down buttons, and the ladder), ``choice`` (check boxes), ``number`` (a
number box), ``code`` (a function from a notebook cell). ``common`` holds the
style sheet and the row notes; ``feedback`` the feedback area. Each type's
``render`` in ``course.types`` builds its controls from here; the exercise
widget around them is :mod:`course.widget`. Nothing here imports
``course.widget`` or ``course.types``: the imports run one way only.
"""
