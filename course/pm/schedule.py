"""Critical path method (CPM): forward and backward pass over a task network.

A network is a dict of tasks, each with a duration and the ids of the tasks
it must wait for (finish-to-start dependencies)::

    tasks = {
        "A": {"duration": 2, "after": []},
        "B": {"duration": 3, "after": ["A"]},
    }

The *forward pass* gives each task its earliest start (ES) and earliest
finish (EF = ES + duration); the project lasts as long as the largest EF.
The *backward pass* gives the latest finish (LF) and latest start
(LS = LF - duration) that do not delay the project. Slack (total float) is
LS - ES: how long a task can slip before the project finishes late. Tasks
with zero slack form the critical path.
"""

import heapq
import math

Tasks = dict[str, dict]

# Slack below this (relative to the project length) counts as zero, so that
# float durations such as 0.1 + 0.2 do not hide a critical task.
_ZERO_SLACK = 1e-9


def _check_duration(task_id: str, spec: object) -> None:
    if not isinstance(spec, dict) or "duration" not in spec:
        raise ValueError(
            f"task {task_id!r} must be a dict with a 'duration' key, "
            f"e.g. {{'duration': 3, 'after': []}}; got {spec!r}"
        )
    duration = spec["duration"]
    if isinstance(duration, bool) or not isinstance(duration, int | float):
        raise ValueError(f"task {task_id!r}: duration must be a number, got {duration!r}")
    if not math.isfinite(duration) or duration < 0:
        raise ValueError(
            f"task {task_id!r}: duration must be a finite number >= 0, got {duration!r}"
        )


def _predecessors(tasks: Tasks, task_id: str) -> list[str]:
    after = tasks[task_id].get("after", [])
    if isinstance(after, str) or not isinstance(after, list | tuple):
        raise ValueError(
            f"task {task_id!r}: 'after' must be a list of task ids, got {after!r}; "
            f"write ['X'] rather than 'X'"
        )
    unknown = [p for p in after if p not in tasks]
    if unknown:
        raise ValueError(
            f"task {task_id!r} comes after unknown task(s) {unknown!r}; "
            f"add them to the network or remove them from 'after'"
        )
    return list(dict.fromkeys(after))


def validate(tasks: Tasks) -> None:
    """Check a task network and raise ValueError saying what to fix.

    Example::

        >>> validate({"A": {"duration": 2, "after": []}})

    Parameters:
        tasks: ``{id: {"duration": number >= 0, "after": [ids]}}``.
    """
    if not isinstance(tasks, dict):
        raise ValueError(f"tasks must be a dict of task id -> task, got {type(tasks).__name__}")
    for task_id, spec in tasks.items():
        _check_duration(task_id, spec)
        _predecessors(tasks, task_id)
    topological_order(tasks)


def _find_cycle(tasks: Tasks, nodes: set[str]) -> list[str]:
    """Return one cycle among ``nodes``, the tasks a topological sort could not place.

    Each of them waits for at least one other of them, so walking back along
    predecessors must come round to a task already seen.
    """
    path: list[str] = []
    position: dict[str, int] = {}
    node = min(nodes)
    while node not in position:
        position[node] = len(path)
        path.append(node)
        node = min(p for p in _predecessors(tasks, node) if p in nodes)
    cycle = path[position[node] :] + [node]
    return cycle[::-1]


def topological_order(tasks: Tasks, key=None) -> list[str]:
    """Order the task ids so every task comes after all its predecessors.

    Among the tasks ready at each step the smallest ``key(id)`` goes first
    (by default the id itself), so the order is canonical.

    Example::

        >>> topological_order({"B": {"duration": 1, "after": ["A"]},
        ...                    "A": {"duration": 1, "after": []}})
        ['A', 'B']

    Parameters:
        tasks: the network.
        key: optional function of a task id giving its priority among ready tasks.
    """
    key = key or (lambda task_id: task_id)
    successors: dict[str, list[str]] = {task_id: [] for task_id in tasks}
    waiting: dict[str, int] = {}
    for task_id in tasks:
        predecessors = _predecessors(tasks, task_id)
        waiting[task_id] = len(predecessors)
        for p in predecessors:
            successors[p].append(task_id)
    ready = [(key(t), t) for t, n in waiting.items() if n == 0]
    heapq.heapify(ready)
    order: list[str] = []
    while ready:
        _, task_id = heapq.heappop(ready)
        order.append(task_id)
        for s in successors[task_id]:
            waiting[s] -= 1
            if waiting[s] == 0:
                heapq.heappush(ready, (key(s), s))
    if len(order) < len(tasks):
        cycle = _find_cycle(tasks, set(tasks) - set(order))
        raise ValueError(
            "the tasks form a cycle: "
            + " -> ".join(cycle)
            + "; a task cannot wait for itself, so remove one of these dependencies"
        )
    return order


def schedule(tasks: Tasks) -> dict[str, dict]:
    """Forward and backward pass: ES, EF, LS, LF and slack of every task.

    Example::

        >>> schedule({"A": {"duration": 2, "after": []},
        ...           "B": {"duration": 1, "after": []}})["B"]
        {'es': 0, 'ef': 1, 'ls': 1, 'lf': 2, 'slack': 1}

    Parameters:
        tasks: ``{id: {"duration": number >= 0, "after": [ids]}}``.

    Returns ``{id: {"es", "ef", "ls", "lf", "slack"}}`` in the order of ``tasks``.
    """
    validate(tasks)
    order = topological_order(tasks)
    duration = {t: tasks[t]["duration"] for t in tasks}
    predecessors = {t: _predecessors(tasks, t) for t in tasks}
    es: dict[str, float] = {}
    ef: dict[str, float] = {}
    for t in order:
        es[t] = max((ef[p] for p in predecessors[t]), default=0)
        ef[t] = es[t] + duration[t]
    end = max(ef.values(), default=0)
    successors: dict[str, list[str]] = {t: [] for t in tasks}
    for t in tasks:
        for p in predecessors[t]:
            successors[p].append(t)
    ls: dict[str, float] = {}
    lf: dict[str, float] = {}
    for t in reversed(order):
        lf[t] = min((ls[s] for s in successors[t]), default=end)
        ls[t] = lf[t] - duration[t]
    return {
        t: {"es": es[t], "ef": ef[t], "ls": ls[t], "lf": lf[t], "slack": ls[t] - es[t]}
        for t in tasks
    }


def project_duration(tasks: Tasks) -> float:
    """Length of the project: the largest earliest finish (0 for no tasks).

    Example::

        >>> project_duration({"A": {"duration": 2, "after": []},
        ...                   "B": {"duration": 3, "after": ["A"]}})
        5

    Parameters:
        tasks: ``{id: {"duration": number >= 0, "after": [ids]}}``.
    """
    return max((row["ef"] for row in schedule(tasks).values()), default=0)


def is_critical(row: dict, duration: float) -> bool:
    """True when a scheduled task's slack is zero (within float rounding).

    Parameters:
        row: one value of :func:`schedule`.
        duration: the project duration, which scales the tolerance.
    """
    return abs(row["slack"]) <= _ZERO_SLACK * max(1.0, abs(duration))


def critical_tasks(tasks: Tasks) -> list[str]:
    """Every task with zero slack, each after all the tasks it waits for.

    The order is a topological order that always takes the ready task with
    the smallest (ES, id). When the network has one critical path this is
    that path; with several parallel critical paths it is all their tasks
    together, which is not itself a path (see :func:`critical_paths`).

    Example::

        >>> critical_tasks({"A": {"duration": 2, "after": []},
        ...                 "B": {"duration": 2, "after": []}})
        ['A', 'B']

    Parameters:
        tasks: ``{id: {"duration": number >= 0, "after": [ids]}}``.
    """
    rows = schedule(tasks)
    end = max((row["ef"] for row in rows.values()), default=0)
    order = topological_order(tasks, key=lambda t: (rows[t]["es"], t))
    return [t for t in order if is_critical(rows[t], end)]


def critical_paths(tasks: Tasks) -> list[list[str]]:
    """Every critical path: each chain of zero-slack tasks from the start to the end.

    A step from task P to task T belongs to a critical path when both are
    critical, T waits for P, and T starts the moment P finishes. Paths run
    from a critical task that starts at 0 and waits for no critical task, to
    a critical task that finishes at the project end and that no critical
    task waits for. They are sorted by the (ES, id) of their tasks, so the
    result does not depend on the order of ``tasks``.

    Example::

        >>> critical_paths({"A": {"duration": 2, "after": []},
        ...                 "B": {"duration": 2, "after": []},
        ...                 "C": {"duration": 1, "after": ["A", "B"]}})
        [['A', 'C'], ['B', 'C']]

    Parameters:
        tasks: ``{id: {"duration": number >= 0, "after": [ids]}}``.
    """
    rows = schedule(tasks)
    end = max((row["ef"] for row in rows.values()), default=0)
    critical = set(critical_tasks(tasks))
    tolerance = _ZERO_SLACK * max(1.0, abs(end))
    nxt: dict[str, list[str]] = {t: [] for t in critical}
    has_prev: set[str] = set()
    for t in critical:
        for p in _predecessors(tasks, t):
            if p in critical and abs(rows[p]["ef"] - rows[t]["es"]) <= tolerance:
                nxt[p].append(t)
                has_prev.add(t)

    def key(task_id: str) -> tuple:
        return (rows[task_id]["es"], task_id)

    paths: list[list[str]] = []

    def walk(path: list[str]) -> None:
        following = sorted(nxt[path[-1]], key=key)
        if not following:
            paths.append(path)
        for t in following:
            walk([*path, t])

    for start in sorted(critical - has_prev, key=key):
        walk([start])
    return sorted(paths, key=lambda path: [key(t) for t in path])


def critical_path(tasks: Tasks) -> list[str]:
    """The critical path: the longest chain of tasks, from start to finish.

    Each task in the list waits for the one before it and starts when it
    finishes. When the network has several critical paths (two chains of
    equal length), this is the first of :func:`critical_paths`, in (ES, id)
    order; use :func:`critical_paths` for all of them and
    :func:`critical_tasks` for every zero-slack task.

    Example (General Foundry, from Render, Stair & Hanna)::

        >>> from course.pm.examples import GENERAL_FOUNDRY
        >>> critical_path(GENERAL_FOUNDRY)
        ['A', 'C', 'E', 'G', 'H']

    Parameters:
        tasks: ``{id: {"duration": number >= 0, "after": [ids]}}``.
    """
    paths = critical_paths(tasks)
    return paths[0] if paths else []
