"""What the dashboard shows, kept up to date as events arrive.

Per exercise it counts each learner's latest answer only (the room as it is
now, not every try): how many answered, how the scores spread, and for sorts,
matches and orders the items most often placed wrong and where they went.
Exercises come in the order the notebooks show them.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from course.content import notebooks as notebook_files

BINS = ("0–24%", "25–49%", "50–74%", "75–99%", "100%")
TOP_WRONG = 5


def notebook_order(folder: Path) -> list[tuple[str, str]]:
    """``(exercise id, notebook title)`` per ``course.show("id")`` in the notebooks, in order.

    Read by :mod:`course.content.notebooks`; the title is the notebook's heading
    (``04 · Project vs program``), else its file name. A notebook that cannot be
    read (cut off mid-save, not UTF-8) is left out.
    """
    found = []
    for path in notebook_files.notebook_paths(folder):
        try:
            notebook = notebook_files.read(path)
        except (OSError, ValueError):
            continue
        title = notebook_files.heading(notebook) or path.stem
        found += [(exercise_id, title) for exercise_id in notebook_files.shown_ids(notebook)]
    return found


def score_bin(score: float, max_score: float) -> int:
    """Which of :data:`BINS` a score falls in (4 is full marks)."""
    share = score / max_score if max_score else 0.0
    return 4 if share >= 1 - 1e-9 else min(3, int(share * 4 + 1e-9))


def percent(part: float, whole: float) -> str:
    return f"{round(100 * part / whole)}%" if whole else "–"


class Tally:
    """The latest answer of each learner per exercise, summarised on demand."""

    def __init__(self, bank, notebooks: Path | None = None):
        self.bank = bank
        order = notebook_order(notebooks) if notebooks else []
        self.notebook = {}
        for exercise_id, title in order:
            if exercise_id in bank:
                self.notebook.setdefault(exercise_id, title)
        for exercise_id in bank:
            self.notebook.setdefault(exercise_id, "not in a notebook")
        self.latest: dict[str, dict[str, dict]] = {}
        self.names: dict[str, str] = {}
        self.people: set[str] = set()
        self.seq = 0
        self._cards: dict[str, dict] = {}

    def add(self, seq: int, event: dict) -> None:
        """Count ``event`` (stored with number ``seq``) as its learner's latest answer."""
        self.latest.setdefault(event["exercise"], {})[event["learner"]] = event
        self.people.add(event["learner"])
        if event.get("name"):
            self.names[event["learner"]] = event["name"]
        self._cards.pop(event["exercise"], None)
        self.seq = max(self.seq, seq)

    def learners(self) -> int:
        return len(self.people)

    def snapshot(self) -> dict:
        """Everything the dashboard draws, as plain JSON-ready data."""
        cards = []
        for exercise_id in self.notebook:
            if exercise_id in self.latest:
                if exercise_id not in self._cards:
                    self._cards[exercise_id] = self._card(exercise_id)
                cards.append(self._cards[exercise_id])
        return {"seq": self.seq, "learners": self.learners(), "exercises": cards}

    def display_name(self, learner: str) -> str:
        return self.names.get(learner) or f"learner {learner[:6]}"

    def _card(self, exercise_id: str) -> dict:
        ex = self.bank[exercise_id]
        answers = self.latest[exercise_id]
        bins = [0] * len(BINS)
        later = 0
        who = []
        for learner, event in answers.items():
            score = event.get("score")
            if score is None:
                later += 1
                shown = "saved"
            else:
                bins[score_bin(score, event["max_score"])] += 1
                shown = percent(score, event["max_score"])
            who.append({"name": self.display_name(learner), "score": shown})
        tones = [{"label": BINS[t], "count": n, "tone": t} for t, n in enumerate(bins)]
        if ex.type == "numeric" or (ex.type == "choice" and not ex.data.get("multiple")):
            tones = [dict(tones[0], label="Wrong"), dict(tones[4], label="Right")]  # all or nothing
        return {
            "id": exercise_id,
            "title": ex.title,
            "type": ex.type,
            "notebook": self.notebook[exercise_id],
            "answered": len(answers),
            "bins": tones[::-1],  # best first
            "later": later,
            "wrong": wrong_placements(ex, [e["answer"] for e in answers.values()]),
            "who": who,
        }


def wrong_placements(ex, answers: list) -> list[dict]:
    """The items most often placed wrong, each with its most common wrong place."""
    if ex.type in ("categorize", "match"):
        return _wrong_picks(ex, answers)
    if ex.type == "order" and "answer" in ex.data:
        return _wrong_steps(ex, answers)
    return []


def _wrong_picks(ex, answers: list[dict]) -> list[dict]:
    rows_key, choices_key = ("items", "buckets") if ex.type == "categorize" else ("left", "right")
    names = {c["id"]: c.get("label") or c.get("text") for c in ex.data[choices_key]}
    found = []
    for row in ex.data[rows_key]:
        if "answer" not in row:
            return []  # a student-release bank: no key to compare with
        placed = Counter(a[row["id"]] for a in answers if row["id"] in a)
        wrong = Counter({k: n for k, n in placed.items() if k != row["answer"]})
        if wrong:
            where, n = wrong.most_common(1)[0]
            found.append(
                {
                    "text": row["text"],
                    "wrong": sum(wrong.values()),
                    "of": sum(placed.values()),
                    "placed": names[where],
                    "placed_count": n,
                    "belongs": names[row["answer"]],
                }
            )
    found.sort(key=lambda f: (-f["wrong"] / f["of"], -f["wrong"]))
    return found[:TOP_WRONG]


def _wrong_steps(ex, answers: list[list]) -> list[dict]:
    texts = {i["id"]: i["text"] for i in ex.data["items"]}
    key = ex.data["answer"]
    steps = {item: Counter() for item in key}
    for answer in answers:
        seen = set(answer)
        want = [item for item in key if item in seen]
        for step, item in enumerate(answer, start=1):
            steps[item][(step, want.index(item) + 1)] += 1
    found = []
    for item, counts in steps.items():
        wrong = Counter({placed: n for (placed, right), n in counts.items() if placed != right})
        if wrong:
            where, n = wrong.most_common(1)[0]
            belongs = {right for (_, right) in counts}
            found.append(
                {
                    "text": texts[item],
                    "wrong": sum(wrong.values()),
                    "of": sum(counts.values()),
                    "placed": f"step {where}",
                    "placed_count": n,
                    "belongs": "step " + "/".join(str(b) for b in sorted(belongs)),
                }
            )
    found.sort(key=lambda f: (-f["wrong"] / f["of"], -f["wrong"]))
    return found[:TOP_WRONG]
