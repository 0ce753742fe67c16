"""Model answers to every code exercise of the bank, as a learner who read the notebook writes them.

Written by hand from each notebook's teaching (not taken from ``course.pm``), so a test that
grades them checks the exercise and its hidden cases against an independent solution.
``tests/test_management_exercises.py`` shows each scores full marks; other tests use them wherever
they need a right code answer (the end-to-end release, submit and grade test among them).
"""

MODEL_ANSWERS = {
    "critical-path-code": '''
def critical_path(tasks):
    """Zero-slack tasks in order of earliest start, ties by id."""
    order, done = [], set()
    while len(order) < len(tasks):
        for task in sorted(tasks):
            if task not in done and all(p in done for p in tasks[task].get("after", [])):
                order.append(task)
                done.add(task)
    es, ef = {}, {}
    for task in order:
        es[task] = max((ef[p] for p in tasks[task].get("after", [])), default=0)
        ef[task] = es[task] + tasks[task]["duration"]
    end = max(ef.values(), default=0)
    ls = {}
    for task in reversed(order):
        after_me = [s for s in tasks if task in tasks[s].get("after", [])]
        ls[task] = min((ls[s] for s in after_me), default=end) - tasks[task]["duration"]
    zero = 1e-9 * max(end, 1)
    return sorted((t for t in tasks if ls[t] - es[t] <= zero), key=lambda t: (es[t], t))
''',
    "earned-value-code": """
def earned_value(bac, pv, ev, ac):
    cpi = ev / ac
    eac = bac / cpi
    return {
        "cv": ev - ac,
        "sv": ev - pv,
        "cpi": cpi,
        "spi": ev / pv,
        "eac": eac,
        "etc": eac - ac,
        "vac": bac - eac,
        "tcpi": (bac - ev) / (bac - ac),
    }
""",
    "program-rollup-code": """
def rollup(projects):
    totals = {key: sum(p[key] for p in projects) for key in ("bac", "pv", "ev", "ac")}
    eac = 0
    for p in projects:
        eac += p["bac"] if p["ev"] == p["ac"] == 0 else p["bac"] * p["ac"] / p["ev"]
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
""",
    "pert-path-code": """
import math

def path_estimate(activities):
    mean = sum((o + 4 * m + p) / 6 for o, m, p in activities)
    variance = sum(((p - o) / 6) ** 2 for o, m, p in activities)
    return {"mean": mean, "sd": math.sqrt(variance)}
""",
    "decision-tree-code": """
def roll_back(tree):
    if isinstance(tree, (int, float)):
        return tree
    if "decision" in tree:
        return max(roll_back(sub) for sub in tree["decision"].values())
    return sum(p * roll_back(sub) for p, sub in tree["chance"])
""",
    "npv-code": """
def npv(rate, flows):
    return sum(flow / (1 + rate) ** t for t, flow in enumerate(flows))
""",
    "forecast-code": """
import math

def forecast(remaining, velocities):
    mean = sum(velocities) / len(velocities)
    return {
        "fastest": math.ceil(remaining / max(velocities)),
        "average": math.ceil(remaining / mean),
        "slowest": math.ceil(remaining / min(velocities)),
    }
""",
}
