"""Risk in numbers: score, expected monetary value, reserves and decision trees.

A risk register here is a list of dicts, one per risk::

    register = [
        {"id": "R1", "kind": "threat", "probability": 0.3, "impact": 40_000},
        {"id": "O1", "kind": "opportunity", "probability": 0.2, "impact": 10_000},
    ]

``impact`` is always a positive amount: the cost a threat adds or the saving
an opportunity brings. A decision tree is nested JSON-like data:

* a number is an end point (a net payoff);
* ``{"decision": {"option": subtree, ...}}`` is a choice we make;
* ``{"chance": [[probability, subtree], ...]}`` is an uncertain event whose
  probabilities add up to 1.
"""

import math

_KINDS = ("threat", "opportunity")


def _probability(value: object, where: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 1:
        raise ValueError(f"{where}: probability must be a number from 0 to 1, got {value!r}")
    return float(value)


def emv(probability: float, impact: float) -> float:
    """Expected monetary value of one risk: probability x impact.

    Example::

        >>> emv(0.25, 40_000)
        10000.0

    Parameters:
        probability: chance the risk occurs, 0 to 1.
        impact: money it costs (threat) or saves (opportunity) if it occurs.
    """
    return _probability(probability, "emv") * impact


def score(probability: float, impact: float) -> float:
    """Risk score on a probability-impact matrix: probability x impact rating.

    Same product as :func:`emv`, on ratings instead of money (PMBOK Guide,
    4th/5th ed., probability 0.1-0.9 x impact 0.05-0.80).

    Example::

        >>> score(0.9, 0.8)
        0.72

    Parameters:
        probability: probability rating, 0 to 1.
        impact: impact rating (a number on the organisation's scale).
    """
    return round(_probability(probability, "score") * impact, 12)


def _check_risk(position: int, risk: object) -> dict:
    if not isinstance(risk, dict) or not {"probability", "impact"} <= set(risk):
        raise ValueError(
            f"risk {position} must be a dict with 'probability' and 'impact' "
            f"(and 'kind': 'threat' or 'opportunity'); got {risk!r}"
        )
    kind = risk.get("kind", "threat")
    if kind not in _KINDS:
        raise ValueError(f"risk {position}: kind must be 'threat' or 'opportunity', got {kind!r}")
    impact = risk["impact"]
    if isinstance(impact, bool) or not isinstance(impact, int | float) or impact < 0:
        raise ValueError(
            f"risk {position}: impact must be a positive amount (the cost of a threat or "
            f"the saving of an opportunity), got {impact!r}"
        )
    _probability(risk["probability"], f"risk {position}")
    return risk


def contingency_reserve(register: list[dict]) -> float:
    """Contingency reserve from a register: threats' EMVs minus opportunities' EMVs.

    The reserve covers the *known* risks (known unknowns) and sits inside the
    cost baseline; the management reserve for unknown unknowns is set apart
    by management and is not computed here.

    Example::

        >>> contingency_reserve([
        ...     {"kind": "threat", "probability": 0.3, "impact": 40_000},
        ...     {"kind": "opportunity", "probability": 0.2, "impact": 10_000},
        ... ])
        10000.0

    Parameters:
        register: list of ``{"kind", "probability", "impact"}`` dicts.
    """
    if isinstance(register, dict) or not isinstance(register, list | tuple):
        raise ValueError(f"the register must be a list of risks, got {type(register).__name__}")
    total = 0.0
    for position, risk in enumerate(register):
        risk = _check_risk(position, risk)
        sign = 1 if risk.get("kind", "threat") == "threat" else -1
        total += sign * risk["probability"] * risk["impact"]
    return round(total, 9)


def roll_back(tree: object) -> float:
    """Expected monetary value of a decision tree, rolled back from the end points.

    A chance node is worth the probability-weighted sum of its branches; a
    decision node is worth its best option (the highest value).

    Example (PMBOK Guide, 6th ed., figure 11-16, in USD millions: build a
    new plant for 120 or upgrade for 50; demand strong with 60 %)::

        >>> roll_back({"decision": {
        ...     "build": {"chance": [[0.6, 200 - 120], [0.4, 90 - 120]]},
        ...     "upgrade": {"chance": [[0.6, 120 - 50], [0.4, 60 - 50]]},
        ... }})
        46.0

    Parameters:
        tree: a number, ``{"decision": {...}}`` or ``{"chance": [[p, subtree], ...]}``.
    """
    return _value(tree, "tree")


def best_option(tree: dict) -> str:
    """The option of the first decision with the highest rolled-back value.

    Example::

        >>> best_option({"decision": {"a": 1, "b": {"chance": [[0.5, 4], [0.5, 0]]}}})
        'b'

    Parameters:
        tree: a decision node ``{"decision": {option: subtree}}``.
    """
    if not isinstance(tree, dict) or "decision" not in tree:
        raise ValueError("best_option needs a decision node: {'decision': {option: subtree}}")
    options = _options(tree, "tree")
    return max(options, key=lambda name: _value(options[name], f"tree > {name}"))


def _options(node: dict, where: str) -> dict:
    options = node["decision"]
    if not isinstance(options, dict) or not options:
        raise ValueError(f"{where}: 'decision' must map each option's name to a subtree")
    return options


def _value(node: object, where: str) -> float:
    if isinstance(node, bool):
        raise ValueError(f"{where}: an end point must be a number, got {node!r}")
    if isinstance(node, int | float):
        if not math.isfinite(node):
            raise ValueError(f"{where}: an end point must be a finite number, got {node!r}")
        return float(node)
    if isinstance(node, dict) and set(node) == {"decision"}:
        options = _options(node, where)
        return max(_value(sub, f"{where} > {name}") for name, sub in options.items())
    if isinstance(node, dict) and set(node) == {"chance"}:
        return _chance(node["chance"], where)
    raise ValueError(
        f"{where}: expected a number, {{'decision': {{...}}}} "
        f"or {{'chance': [[p, subtree], ...]}}; "
        f"got {node!r}"
    )


def _chance(branches: object, where: str) -> float:
    if not isinstance(branches, list | tuple) or not branches:
        raise ValueError(f"{where}: 'chance' must be a list of [probability, subtree] pairs")
    total_p, value = 0.0, 0.0
    for i, branch in enumerate(branches):
        if not isinstance(branch, list | tuple) or len(branch) != 2:
            raise ValueError(f"{where}: branch {i} must be [probability, subtree], got {branch!r}")
        p = _probability(branch[0], f"{where} > branch {i}")
        total_p += p
        value += p * _value(branch[1], f"{where} > branch {i}")
    if abs(total_p - 1) > 1e-9:
        raise ValueError(f"{where}: the branch probabilities add up to {total_p:g}, not 1")
    return round(value, 9)


__all__ = ["best_option", "contingency_reserve", "emv", "roll_back", "score"]
