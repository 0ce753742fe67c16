"""The exam outlines the exercise bank is mapped to: the allowed ``outline = [...]`` tags.

Every exercise in ``exercises/*.toml`` names, in ``outline``, the PMP tasks and
PgMP domains it practises (``outline = []`` for the few that practise none: the
widget warm-up, how answers are saved, certification facts);
``pm-course bank check`` rejects a tag that is not here, and
``pm-course bank outline`` prints the map.

Sources (see ``docs/sources.md``, "Exam outlines", checked 7 December 2026):

* PMP: PMI, *PMP Examination Content Outline* (2026), in force for exams from
  9 July 2026: three domains, People 33 %, Process 41 %, Business Environment
  26 %, with 8, 10 and 8 tasks. The task names are as given, in agreement, by
  several third-party summaries of the outline (PMI's own PDF was not
  retrievable here); our short titles, not PMI's full task statements.
* PgMP: PMI, *PgMP Examination Content Outline* (2024): five domains.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from course.core import types


@dataclass(frozen=True)
class Task:
    """One tag: a PMP task or a PgMP domain."""

    tag: str
    outline: str  # "PMP 2026" or "PgMP 2024"
    domain: str
    title: str


PMP_DOMAINS = {"People": 33, "Process": 41, "Business Environment": 26}
"""PMP 2026 domains and their share of the exam, in per cent."""

_PMP = {
    "People": [
        "Develop a common vision",
        "Manage conflicts",
        "Lead the project team",
        "Engage stakeholders",
        "Align stakeholder expectations",
        "Manage stakeholder expectations",
        "Help ensure knowledge transfer",
        "Plan and manage communication",
    ],
    "Process": [
        "Develop an integrated project management plan",
        "Develop and manage project scope",
        "Help ensure value-based delivery",
        "Plan and manage resources",
        "Plan and manage procurement",
        "Plan and manage finance",
        "Plan and optimize quality",
        "Plan and manage the schedule",
        "Evaluate project status",
        "Manage project closure",
    ],
    "Business Environment": [
        "Define and establish project governance",
        "Plan and manage project compliance",
        "Manage and control changes",
        "Remove impediments and manage issues",
        "Plan and manage risk",
        "Continuous improvement",
        "Support organizational change",
        "Evaluate external business environment changes",
    ],
}
_PMP_PREFIX = {"People": "pmp-people", "Process": "pmp-process", "Business Environment": "pmp-be"}

_PGMP = {
    "pgmp-alignment": "Strategic Program Alignment",
    "pgmp-life-cycle": "Program Life Cycle Management",
    "pgmp-benefits": "Benefits Management",
    "pgmp-stakeholders": "Stakeholder Engagement",
    "pgmp-governance": "Governance",
}

TASKS: dict[str, Task] = {}
for _domain, _titles in _PMP.items():
    for _n, _title in enumerate(_titles, start=1):
        _tag = f"{_PMP_PREFIX[_domain]}-{_n}"
        TASKS[_tag] = Task(_tag, "PMP 2026", _domain, _title)
for _tag, _title in _PGMP.items():
    TASKS[_tag] = Task(_tag, "PgMP 2024", _title, _title)

MIN_ITEMS = 2
"""Each task and domain needs at least this many explained exercises."""


def check_tags(value: object) -> list[tuple[str, str]]:
    """Problems with one exercise's ``outline`` value, as ``(field, message)`` pairs."""
    if not isinstance(value, list):
        return [
            (
                "outline",
                f"must be a list of outline tags, e.g. ['pmp-process-8'], not {value!r:.60}",
            )
        ]
    problems = []
    seen = set()
    for i, tag in enumerate(value):
        if tag not in TASKS:
            problems.append(
                (
                    f"outline[{i}]",
                    f"unknown outline tag {tag!r}; use one of the tags in course/core/outline.py "
                    f"(PMP 2026 tasks pmp-people-1..8, pmp-process-1..10, pmp-be-1..8; "
                    f"PgMP 2024 domains {', '.join(_PGMP)})",
                )
            )
        elif tag in seen:
            problems.append((f"outline[{i}]", f"{tag!r} is listed twice"))
        seen.add(tag)
    return problems


def explained(data: dict) -> bool:
    """True when every item of the exercise carries its explanation (a released,
    key-free exercise does not)."""
    kind = types.TYPES.get(data.get("type", ""))
    if data.get("keys_removed"):
        return False
    if kind is None or not kind.WHY:
        return bool(str(data.get("explanation", "")).strip())
    rows = data.get(kind.ITEMS, [])
    return bool(rows) and all(str(r.get(kind.WHY, "")).strip() for r in rows)


_SHOW_CALL = re.compile(r"""course\.show\(\s*["']([a-z0-9-]+)["']\s*\)""")


def shown_in(notebooks: Path) -> dict[str, list[str]]:
    """Exercise id -> the notebooks (file stems) in ``notebooks`` whose code cells show it."""
    where: dict[str, list[str]] = {}
    for path in sorted(Path(notebooks).glob("[0-9][0-9]-*.ipynb")):
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        for cell in cells:
            if cell["cell_type"] == "code":
                source = "".join(cell["source"])
                for exercise_id in _SHOW_CALL.findall(source):
                    where.setdefault(exercise_id, []).append(path.stem)
    return where


def outline_map(bank: dict[str, dict], shown_in: dict[str, list[str]]) -> list[dict]:
    """One row per task: its tag, outline, domain, title, the explained exercises
    tagged with it and the notebooks that show them.

    ``bank`` maps exercise ids to their data; ``shown_in`` maps exercise ids to
    the notebooks (file stems) that show them.
    """
    rows = []
    for task in TASKS.values():
        items = sorted(
            i for i, d in bank.items() if task.tag in d.get("outline", []) and explained(d)
        )
        notebooks = sorted({nb for i in items for nb in shown_in.get(i, [])})
        rows.append({"task": task, "items": items, "notebooks": notebooks})
    return rows


def gaps(rows: list[dict]) -> list[Task]:
    """The tasks with fewer than :data:`MIN_ITEMS` explained exercises."""
    return [r["task"] for r in rows if len(r["items"]) < MIN_ITEMS]


def table(rows: list[dict]) -> str:
    """The map as a plain-text table: task, items, notebooks."""
    lines = [f"{'task':<62} {'items':>5}  exercises (notebooks)"]
    for r in rows:
        t = r["task"]
        name = f"{t.tag}  {t.title}"[:62]
        nbs = ", ".join(nb[:2] for nb in r["notebooks"]) or "-"
        items = ", ".join(r["items"]) or "-"
        lines.append(f"{name:<62} {len(r['items']):>5}  {items} ({nbs})")
    return "\n".join(lines)
