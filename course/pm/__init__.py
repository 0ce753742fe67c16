"""Reference calculators for the calculations the course teaches.

Inputs and outputs are plain JSON-like data (dicts with str keys, lists,
numbers), because learners' ``code`` exercises receive the same arguments
and their results are compared with these functions.
"""

from course.pm.earned_value import cumulative, earned_value, earned_value_by_period, tcpi_to_eac
from course.pm.program import benefits, propagate_slip, rollup
from course.pm.schedule import (
    critical_path,
    critical_paths,
    critical_tasks,
    project_duration,
    schedule,
    topological_order,
    validate,
)

__all__ = [
    "benefits",
    "critical_path",
    "critical_paths",
    "critical_tasks",
    "cumulative",
    "earned_value",
    "earned_value_by_period",
    "project_duration",
    "propagate_slip",
    "rollup",
    "schedule",
    "tcpi_to_eac",
    "topological_order",
    "validate",
]
