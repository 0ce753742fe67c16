"""Figures for the notebooks and widgets, drawn with matplotlib.

Every function returns a matplotlib ``Figure`` and accepts ``ax=`` to draw
into an existing Axes instead. Figures are made with ``matplotlib.figure.Figure``
rather than pyplot and show themselves as PNG, so a notebook shows each
figure once (as the cell's value or with ``display(fig)``) and nothing needs
closing. matplotlib is
imported inside the functions: ``import course.figures`` stays light.

Colours are the Okabe-Ito palette, which stays distinct for the common
kinds of colour blindness; meaning is never carried by colour alone (line
styles, markers, hatching and text marks repeat it).

Artists carry a ``gid`` naming what they show (``"task:A"``, ``"slack:A"``,
``"node:A"``, ``"edge:A->C"``...), so tests and widgets can find them.
"""

from course.figures._style import (
    BLACK,
    BLUE,
    CRITICAL,
    GREEN,
    GREY,
    LIGHT,
    NORMAL,
    ORANGE,
    PURPLE,
    SKY,
    VERMILLION,
)
from course.figures.agile import burn_up
from course.figures.concepts import (
    labelled_bars,
    process_groups,
    program_life_cycle,
    role_map,
    triple_constraint,
)
from course.figures.estimating import pert_curve, resource_profile
from course.figures.finance import cash_flow
from course.figures.governance import stage_gates
from course.figures.programs import (
    adoption_profile,
    incentive_contract,
    roadmap,
    simulation_histogram,
)
from course.figures.risk import decision_tree, risk_matrix
from course.figures.scheduling import gantt, network
from course.figures.stakeholders import power_interest
from course.figures.structure import experience_chart, hierarchy, ladder, ladders
from course.figures.tracking import benefits_chart, program_timeline, progress_chart, s_curve

__all__ = [
    "BLACK",
    "BLUE",
    "CRITICAL",
    "GREEN",
    "GREY",
    "LIGHT",
    "NORMAL",
    "ORANGE",
    "PURPLE",
    "SKY",
    "VERMILLION",
    "adoption_profile",
    "benefits_chart",
    "burn_up",
    "cash_flow",
    "decision_tree",
    "experience_chart",
    "gantt",
    "hierarchy",
    "incentive_contract",
    "labelled_bars",
    "ladder",
    "ladders",
    "network",
    "pert_curve",
    "power_interest",
    "process_groups",
    "program_life_cycle",
    "program_timeline",
    "progress_chart",
    "resource_profile",
    "risk_matrix",
    "roadmap",
    "role_map",
    "s_curve",
    "simulation_histogram",
    "stage_gates",
    "triple_constraint",
]
