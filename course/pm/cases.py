"""Seeded generators of hidden-check inputs for ``code`` exercises.

Each generator is ``name(seed, n) -> list[list]`` (most are written as one
case and made generators by :func:`drawn`): ``n`` lists of positional
arguments for the function under test. The same seed always gives the same
cases, so a hidden check is reproducible; inputs are plain JSON-like data
(str keys, lists, ints) and are built so that the reference answer is well
defined (for example, a single critical chain, so its order is not a matter
of tie-breaking).
"""

import functools
import random
import string
from collections.abc import Callable

from course.pm.schedule import critical_paths

_IDS = string.ascii_uppercase


def drawn(make: Callable[[random.Random], list]) -> Callable[[int, int], list[list]]:
    """``make(rng)``, one case's arguments, as a generator ``name(seed, n)``: ``n`` cases
    drawn in turn from one ``random.Random(seed)``.

    >>> pair = drawn(lambda rng: [rng.randint(1, 9)])
    >>> pair(seed=1, n=2) == pair(1, 2) and len(pair(1, 2)) == 2
    True
    """

    @functools.wraps(make)
    def cases(seed: int, n: int) -> list[list]:
        rng = random.Random(seed)
        return [make(rng) for _ in range(n)]

    return cases


def _network(rng: random.Random, size: int, durations: tuple[int, int]) -> dict[str, dict]:
    """A random acyclic network of ``size`` tasks with integer durations.

    Tasks are created in a hidden order and each waits for up to three of the
    earlier ones; ids are letters shuffled so that alphabetical order says
    nothing about precedence, and the dict is in a shuffled order too.
    """
    ids = rng.sample(_IDS[:size], size)
    tasks: dict[str, dict] = {}
    for position, task_id in enumerate(ids):
        earlier = ids[:position]
        count = 0 if not earlier or rng.random() < 0.15 else rng.randint(1, min(3, len(earlier)))
        tasks[task_id] = {
            "duration": rng.randint(*durations),
            "after": sorted(rng.sample(earlier, count)),
        }
    order = list(tasks)
    rng.shuffle(order)
    return {task_id: tasks[task_id] for task_id in order}


def _single_critical_chain(tasks: dict[str, dict]) -> bool:
    """True when the network has exactly one critical path."""
    return len(critical_paths(tasks)) == 1


@drawn
def schedule_cases(rng: random.Random) -> list:
    """Random networks of 4-12 tasks: inputs for ``schedule`` or ``project_duration``.

    Example::

        >>> len(schedule_cases(seed=1, n=3))
        3
    """
    return [_network(rng, rng.randint(4, 12), (1, 9))]


def critical_path_cases(seed: int, n: int) -> list[list]:
    """Random networks of 4-12 tasks with exactly one critical path.

    Durations are 1-9 (no zero-duration milestones), so the path's order from
    start to finish is also its order by earliest start.

    Example::

        >>> [[tasks]] = critical_path_cases(seed=7, n=1)
        >>> 4 <= len(tasks) <= 12
        True

    Parameters:
        seed: random seed.
        n: number of cases.
    """
    rng = random.Random(seed)
    cases: list[list] = []
    while len(cases) < n:
        tasks = _network(rng, rng.randint(4, 12), (1, 9))
        if _single_critical_chain(tasks):
            cases.append([tasks])
    return cases


def _round(value: float, step: int) -> int:
    return max(step, int(round(value / step)) * step)


def _status(rng: random.Random) -> dict[str, int]:
    """A plausible project status: BAC, PV, EV and AC in whole hundreds."""
    bac = rng.randrange(10_000, 1_000_001, 1_000)
    pv = min(bac, _round(bac * rng.uniform(0.1, 0.9), 100))
    ev = min(bac, _round(pv * rng.uniform(0.6, 1.3), 100))
    ac = _round(ev * rng.uniform(0.7, 1.4), 100)
    if ac == bac:
        ac += 100
    return {"bac": bac, "pv": pv, "ev": ev, "ac": ac}


def _meaningful_status(rng: random.Random) -> dict[str, int]:
    """A status whose BAC-based TCPI means something: at least 5 % of BAC unspent.

    Once AC reaches BAC the budget is gone and (BAC - EV) / (BAC - AC) is
    negative or infinite; the remaining work is then judged against a
    revised EAC instead (notebook 05), which the code exercise does not ask.
    """
    while True:
        status = _status(rng)
        if status["ac"] <= 0.95 * status["bac"]:
            return status


@drawn
def earned_value_cases(rng: random.Random) -> list:
    """Arguments ``[bac, pv, ev, ac]`` for ``earned_value``, with AC below 95 % of BAC.

    Example::

        >>> earned_value_cases(seed=3, n=1)[0][0] > 0
        True
    """
    status = _meaningful_status(rng)
    return [status["bac"], status["pv"], status["ev"], status["ac"]]


@drawn
def rollup_cases(rng: random.Random) -> list:
    """Arguments ``[projects]`` for ``rollup``: 2-6 started projects each.

    Example::

        >>> [[projects]] = rollup_cases(seed=5, n=1)
        >>> sorted(projects[0])
        ['ac', 'bac', 'ev', 'name', 'pv']
    """
    count = rng.randint(2, 6)
    projects = [{"name": f"Project {i + 1}", **_status(rng)} for i in range(count)]
    return [projects]


@drawn
def propagate_slip_cases(rng: random.Random) -> list:
    """Arguments ``[projects, slips]`` for ``propagate_slip``.

    Networks of 4-10 projects lasting 2-12 periods each; one or two of them
    slip by 1-6 periods.

    Example::

        >>> projects, slips = propagate_slip_cases(seed=2, n=1)[0]
        >>> set(slips) <= set(projects)
        True
    """
    projects = _network(rng, rng.randint(4, 10), (2, 12))
    slipping = rng.sample(sorted(projects), rng.randint(1, 2))
    return [projects, {pid: rng.randint(1, 6) for pid in sorted(slipping)}]


@drawn
def benefits_cases(rng: random.Random) -> list:
    """Arguments ``[plan, actual]`` for ``benefits``.

    Plans of 6-12 periods that start with 0-3 periods of no benefit (benefits
    usually follow the projects' outputs) and a reported history that covers
    at least one period with a planned benefit, so the realisation ratio is
    defined.

    Example::

        >>> plan, actual = benefits_cases(seed=4, n=1)[0]
        >>> len(actual) <= len(plan)
        True
    """
    periods = rng.randint(6, 12)
    lead = rng.randint(0, 3)
    plan = [0] * lead + [rng.randint(5, 50) for _ in range(periods - lead)]
    reported = rng.randint(lead + 1, periods)
    actual = [round(p * rng.uniform(0.5, 1.2)) for p in plan[:reported]]
    return [plan, actual]


# --- What kind of input a case is: said to a learner whose function failed on it ---
#
# ``<generator>.kind(args) -> str`` describes one case in words a learner can act on
# ("a network with two critical paths"), never with its values. The code exercise's
# feedback groups hidden failures by it (course.core.types.code.grouped).


def network_kind(tasks: dict[str, dict]) -> str:
    """The notable shape of a task network, without its values.

    >>> network_kind({"A": {"duration": 2, "after": []}, "B": {"duration": 2, "after": []}})
    'a network with two critical paths'
    """
    paths = len(critical_paths(tasks))
    if paths > 1:
        return f"a network with {_count(paths)} critical paths"
    starts = sum(1 for t in tasks.values() if not t["after"])
    waited = {p for t in tasks.values() for p in t["after"]}
    ends = sum(1 for task_id in tasks if task_id not in waited)
    if starts > 1:
        return "a network with several tasks that wait for nothing"
    if ends > 1:
        return "a network with several end tasks"
    return "a network with one start task and one end task"


def status_kind(bac: float, pv: float, ev: float, ac: float) -> str:
    """``"a project over budget and behind schedule, with a six-figure budget"`` and the like
    (CPI and SPI against 1, and the budget's size)."""
    cost = "over budget" if ev < ac else "on or under budget"
    time = "behind schedule" if ev < pv else "on or ahead of schedule"
    size = "a six-figure or larger" if bac >= 100_000 else "a five-figure"
    return f"a project {cost} and {time}, with {size} budget"


def _count(n: int) -> str:
    return {2: "two", 3: "three", 4: "four"}.get(n, str(n))


schedule_cases.kind = network_kind
critical_path_cases.kind = network_kind
earned_value_cases.kind = status_kind
rollup_cases.kind = lambda projects: (
    "a program whose projects are all over budget"
    if all(p["ev"] < p["ac"] for p in projects)
    else "a program with no project over budget"
    if not any(p["ev"] < p["ac"] for p in projects)
    else "a program with some projects over budget and some not"
)
propagate_slip_cases.kind = lambda projects, slips: (
    f"{'one project' if len(slips) == 1 else 'two projects'} slipping in " + network_kind(projects)
)
benefits_cases.kind = lambda plan, actual: (
    "a plan whose benefits start in its first period"
    if plan[0]
    else "a plan that starts with periods of no benefit"
)


__all__ = [
    "benefits_cases",
    "critical_path_cases",
    "earned_value_cases",
    "propagate_slip_cases",
    "rollup_cases",
    "schedule_cases",
]
