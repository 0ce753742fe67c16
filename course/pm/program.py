"""Program-level calculations: roll-ups, slip propagation and benefits.

A program is a group of related projects managed together for benefits none
of them delivers alone. The program manager watches three things the
project managers do not own: the combined cost and schedule performance
(:func:`rollup`), how a slip in one project ripples through the projects
that depend on it (:func:`propagate_slip`), and whether the promised
benefits arrive (:func:`benefits`).
"""

from course.pm.earned_value import _check_amount, cumulative
from course.pm.schedule import schedule

_ROLLUP_KEYS = ("bac", "pv", "ev", "ac")


def _project_eac(project: dict) -> float:
    """EAC of one project: BAC / CPI, or BAC when nothing is spent or earned yet."""
    if project["ac"] == 0 and project["ev"] == 0:
        return project["bac"]
    if project["ev"] == 0 or project["ac"] == 0:
        raise ValueError(
            f"project {project.get('name', '?')!r}: EV and AC must both be > 0 once work "
            f"has started (CPI = EV / AC), got EV={project['ev']!r}, AC={project['ac']!r}"
        )
    return project["bac"] * project["ac"] / project["ev"]


def _check_project(project: object) -> None:
    if not isinstance(project, dict):
        raise ValueError(f"each project must be a dict with keys {_ROLLUP_KEYS}, got {project!r}")
    for key in _ROLLUP_KEYS:
        if key not in project:
            raise ValueError(f"project {project.get('name', '?')!r} has no {key!r}")
        if _check_amount(key, project[key]) < 0:
            raise ValueError(f"project {project.get('name', '?')!r}: {key} must be >= 0")


def rollup(projects: list[dict]) -> dict[str, float]:
    """Roll project earned value up to the program.

    Totals are plain sums (PV, EV, AC and BAC are money, so they add up);
    the program indices are ratios of the totals, never averages of the
    project indices (CPI = sum EV / sum AC weights each project by its size).

    EAC is *bottom-up*: the sum of the project EACs, each BAC_i / CPI_i (a
    project not started yet, with EV = AC = 0, counts at its BAC). Each
    project's remaining work is forecast at that project's own efficiency,
    which is what a program office gets when it adds up its projects'
    forecasts. It differs from the top-down BAC / CPI_program whenever the
    projects perform differently.

    Example::

        >>> r = rollup([{"name": "A", "bac": 100, "pv": 50, "ev": 40, "ac": 50},
        ...             {"name": "B", "bac": 100, "pv": 50, "ev": 50, "ac": 40}])
        >>> r["cpi"], r["eac"]
        (1.0, 205.0)

    Parameters:
        projects: ``[{"name", "bac", "pv", "ev", "ac"}, ...]``, amounts >= 0.

    Returns ``{"bac", "pv", "ev", "ac", "cv", "sv", "cpi", "spi", "eac", "etc", "vac"}``
    with CV = EV - AC, SV = EV - PV, CPI = EV / AC, SPI = EV / PV, EAC as above,
    ETC = EAC - AC and VAC = BAC - EAC, all for the program.
    """
    if not projects:
        raise ValueError("a program roll-up needs at least one project")
    for project in projects:
        _check_project(project)
    totals = {key: sum(p[key] for p in projects) for key in _ROLLUP_KEYS}
    if totals["ac"] == 0 or totals["pv"] == 0:
        raise ValueError("the program needs PV > 0 and AC > 0 in total to compute CPI and SPI")
    eac = sum(_project_eac(p) for p in projects)
    return {
        **totals,
        "cv": totals["ev"] - totals["ac"],
        "sv": totals["ev"] - totals["pv"],
        "cpi": totals["ev"] / totals["ac"],
        "spi": totals["ev"] / totals["pv"],
        "eac": eac,
        "etc": eac - totals["ac"],
        "vac": totals["bac"] - eac,
    }


def _check_slips(projects: dict, slips: dict) -> None:
    for project_id, slip in slips.items():
        if project_id not in projects:
            raise ValueError(
                f"slip given for unknown project {project_id!r}; known: {sorted(projects)}"
            )
        if _check_amount(f"slip of {project_id!r}", slip) < 0:
            raise ValueError(
                f"slip of {project_id!r} must be >= 0, got {slip!r}; "
                f"to model finishing early, shorten the project's duration instead"
            )


def propagate_slip(projects: dict[str, dict], slips: dict[str, float]) -> dict[str, dict]:
    """How slips in some projects delay the projects that depend on them.

    Projects are linked finish-to-start (``after``): a project starts when
    all the projects it waits for have finished. A slip makes a project take
    that much longer. Every project is scheduled as early as possible, before
    and after the slips, and compared.

    Example::

        >>> propagate_slip({"A": {"duration": 3, "after": []},
        ...                 "B": {"duration": 2, "after": ["A"]}}, {"A": 1})["B"]
        {'start': 4, 'finish': 6, 'delay': 1}

    Parameters:
        projects: ``{id: {"duration": number >= 0, "after": [ids]}}``.
        slips: ``{id: extra duration >= 0}`` for the projects that slip.

    Returns ``{id: {"start", "finish", "delay"}}``: the new earliest start and
    finish, and ``delay`` = new finish - planned finish.
    """
    if not isinstance(slips, dict):
        raise ValueError(f"slips must be a dict of project id -> slip, got {slips!r}")
    planned = schedule(projects)
    _check_slips(projects, slips)
    slipped_network = {
        pid: {**spec, "duration": spec["duration"] + slips.get(pid, 0)}
        for pid, spec in projects.items()
    }
    slipped = schedule(slipped_network)
    return {
        pid: {
            "start": slipped[pid]["es"],
            "finish": slipped[pid]["ef"],
            "delay": slipped[pid]["ef"] - planned[pid]["ef"],
        }
        for pid in projects
    }


def benefits(plan: list[float], actual: list[float]) -> dict:
    """Planned against realised benefits, period by period and cumulatively.

    ``actual`` may be shorter than ``plan``: the periods reported so far.

    Example::

        >>> b = benefits([0, 10, 20, 30], [0, 5, 15])
        >>> b["cumulative_actual"], b["variance"], b["realisation"]
        ([0, 5, 20], [0, -5, -10], 0.6666666666666666)

    Parameters:
        plan: benefit planned per period (e.g. savings per quarter), each >= 0.
        actual: benefit realised per period so far, each >= 0.

    Returns a dict:

    - ``cumulative_plan``: running total of the plan, every period;
    - ``cumulative_actual``: running total realised, reported periods;
    - ``variance``: cumulative actual - cumulative plan, reported periods;
    - ``realised``: total realised so far;
    - ``planned_to_date``: cumulative plan at the last reported period;
    - ``realisation``: realised / planned_to_date (``None`` while no benefit
      was planned yet);
    - ``share_of_total``: realised / total plan (``None`` if the plan totals 0).
    """
    if len(actual) > len(plan):
        raise ValueError(
            f"actual has {len(actual)} periods but the plan only {len(plan)}; "
            f"extend the plan to cover every reported period"
        )
    for name, values in (("plan", plan), ("actual", actual)):
        if any(_check_amount(f"each {name} value", v) < 0 for v in values):
            raise ValueError(f"{name} values must be >= 0 (benefits per period)")
    cumulative_plan = cumulative(plan)
    cumulative_actual = cumulative(actual)
    realised = cumulative_actual[-1] if actual else 0
    planned_to_date = cumulative_plan[len(actual) - 1] if actual else 0
    total = cumulative_plan[-1] if plan else 0
    return {
        "cumulative_plan": cumulative_plan,
        "cumulative_actual": cumulative_actual,
        "variance": [a - p for a, p in zip(cumulative_actual, cumulative_plan, strict=False)],
        "realised": realised,
        "planned_to_date": planned_to_date,
        "realisation": realised / planned_to_date if planned_to_date else None,
        "share_of_total": realised / total if total else None,
    }


def program_budget(components: dict[str, float], management_share: float) -> dict[str, float]:
    """A program's budget: its components' budgets plus program management on top.

    Program-level work (the program office, governance, benefits tracking) is
    budgeted as a share of the components' total, outside every component.

    Example (the capstone's Harbourside program, in millions)::

        >>> b = program_budget({"epr": 2.0, "app": 0.6, "training": 0.3}, 0.06)
        >>> round(b["components"], 2), round(b["management"], 3), round(b["total"], 3)
        (2.9, 0.174, 3.074)

    Parameters:
        components: each component's budget, by name (each >= 0).
        management_share: program management as a share of the components' total (0-1).

    Returns ``{"components", "management", "total"}``.
    """
    if not 0 <= management_share <= 1:
        raise ValueError(f"management_share must be between 0 and 1, got {management_share!r}")
    for name, amount in components.items():
        if _check_amount(name, amount) < 0:
            raise ValueError(f"component {name!r}: its budget must be >= 0")
    total = sum(components.values())
    management = total * management_share
    return {"components": total, "management": management, "total": total + management}
