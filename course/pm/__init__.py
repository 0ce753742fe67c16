"""Reference calculators for the calculations the course teaches.

Inputs and outputs are plain JSON-like data (dicts with str keys, lists,
numbers), because learners' ``code`` exercises receive the same arguments
and their results are compared with these functions.
"""

from course.pm.adoption import adoption_benefits, adoption_curve
from course.pm.agile import forecast, velocity
from course.pm.contracts import (
    cost_of_quality,
    cost_plus_incentive,
    fixed_price_incentive,
    point_of_total_assumption,
)
from course.pm.earned_value import cumulative, earned_value, earned_value_by_period, tcpi_to_eac
from course.pm.estimating import crash, duration_for, path_estimate, probability_by, three_point
from course.pm.finance import (
    bcr,
    discounted_payback,
    irr,
    irr_all,
    npv,
    payback,
    present_values,
    roi,
)
from course.pm.montecarlo import chance_within, percentile, simulate
from course.pm.portfolio import rank_and_fund, select, weighted_scores
from course.pm.program import benefits, program_budget, propagate_slip, rollup
from course.pm.risk import best_option, contingency_reserve, emv, roll_back, score
from course.pm.schedule import (
    critical_path,
    critical_paths,
    critical_tasks,
    project_duration,
    schedule,
    topological_order,
    validate,
)
from course.pm.stakeholders import channels, engagement_gaps

__all__ = [
    "adoption_benefits",
    "adoption_curve",
    "bcr",
    "benefits",
    "best_option",
    "chance_within",
    "channels",
    "contingency_reserve",
    "cost_of_quality",
    "cost_plus_incentive",
    "crash",
    "critical_path",
    "critical_paths",
    "critical_tasks",
    "cumulative",
    "discounted_payback",
    "duration_for",
    "earned_value",
    "earned_value_by_period",
    "emv",
    "engagement_gaps",
    "fixed_price_incentive",
    "forecast",
    "irr",
    "irr_all",
    "npv",
    "path_estimate",
    "payback",
    "percentile",
    "point_of_total_assumption",
    "present_values",
    "program_budget",
    "probability_by",
    "project_duration",
    "propagate_slip",
    "rank_and_fund",
    "roi",
    "roll_back",
    "rollup",
    "schedule",
    "score",
    "select",
    "simulate",
    "tcpi_to_eac",
    "three_point",
    "topological_order",
    "validate",
    "velocity",
    "weighted_scores",
]
