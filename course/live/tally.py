"""What the dashboard shows, kept up to date as events arrive.

Per exercise it counts each learner's latest answer only (the room as it is
now, not every try): how many answered, how the scores spread, and for sorts,
matches and orders the items most often placed wrong and where they went.
Exercises come in the order the notebooks show them. Scores are the
server's own (see :func:`course.live.wire.scored_live`); an answer it cannot
score shows as "not scored live", never with a score the client claimed.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from course.content import notebooks as notebook_files
from course.core import analytics, types
from course.core.grade import grade
from course.errors import AnswerError

BINS = ("0–24%", "25–49%", "50–74%", "75–99%", "100%")
TOP_WRONG = 5
NOT_SCORED = "not scored live"  # code, per-learner draws, a bank without keys


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
        self.named: Counter[str] = Counter()  # how many learners gave each name
        self.people: set[str] = set()
        self.seq = 0
        self._cards: dict[str, dict] = {}
        # per exercise: (wrong, given) over the latest answers, and what each learner's
        # latest answer added to them, so each answer is graded once, not at every push
        self._wrong: dict[str, tuple[Counter, Counter]] = {}
        self._counted: dict[str, dict[str, tuple[dict, Counter, Counter]]] = {}

    def add(self, seq: int, event: dict) -> None:
        """Count ``event`` (stored with number ``seq``) as its learner's latest answer."""
        self.latest.setdefault(event["exercise"], {})[event["learner"]] = event
        self.people.add(event["learner"])
        if event.get("name") and event["learner"] not in self.names:
            self.name(event["learner"], event["name"])
        self._cards.pop(event["exercise"], None)
        self.seq = max(self.seq, seq)

    def name(self, learner: str, name: str | None) -> None:
        """Set (or, with ``None``, clear) the name ``learner`` opted in with at join."""
        old = self.names.pop(learner, None)
        if old:
            self.named[old] -= 1
        if name:
            self.names[learner] = name
            self.named[name] += 1
        self._cards.clear()

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
        """The opted-in name, marked with the pseudonym when two learners gave the same one."""
        name = self.names.get(learner)
        if not name:
            return f"learner {learner[:6]}"
        return f"{name} ({learner[:6]})" if self.named[name] > 1 else name

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
                shown = NOT_SCORED
            else:
                bins[score_bin(score, event["max_score"])] += 1
                shown = percent(score, event["max_score"])
            who.append({"name": self.display_name(learner), "score": shown})
        tones = [{"label": BINS[t], "count": n, "tone": t} for t, n in enumerate(bins)]
        if types.get(ex.type).all_or_nothing(ex.data):
            tones = [dict(tones[0], label="Wrong"), dict(tones[4], label="Right")]  # all or nothing
        return {
            "id": exercise_id,
            "title": ex.title,
            "type": ex.type,
            "place_words": list(types.get(ex.type).PLACE_WORDS),
            "notebook": self.notebook[exercise_id],
            "answered": len(answers),
            "bins": tones[::-1],  # best first
            "later": later,
            "wrong": placements_shown(ex, *self._wrong_places(ex, answers)),
            "who": who,
        }

    def _wrong_places(self, ex, answers: dict[str, dict]) -> tuple[Counter, Counter]:
        """``(wrong, given)`` over the latest ``answers`` (by learner) to ``ex``, updated
        for the answers that changed since the last card: each is graded once."""
        wrong, given = self._wrong.setdefault(ex.id, (Counter(), Counter()))
        counted = self._counted.setdefault(ex.id, {})
        for learner, event in answers.items():
            before = counted.get(learner)
            if before is not None and before[0] is event:
                continue
            if before is not None:
                wrong.subtract(before[1])
                given.subtract(before[2])
            added = wrong_places(ex, [event["answer"]])
            wrong.update(added[0])
            given.update(added[1])
            counted[learner] = (event, *added)
        return +wrong, +given  # without the counts that went back to zero


# what a wrong placement is, by the type's PLACES (course/core/types/base.py)
WHERE = {"choices": analytics.placements, "steps": analytics.steps}


def wrong_places(ex, answers: list) -> tuple[Counter, Counter]:
    """``(wrong, given)`` of :func:`course.core.analytics.wrong_places` over ``answers``.

    Right and wrong are what :func:`course.core.grade.grade` says of each answer;
    a student-release bank has no keys, so its answers have no verdicts.
    """
    places = types.get(ex.type).PLACES
    if places not in WHERE:
        return Counter(), Counter()
    graded = []
    for answer in answers:
        try:
            graded.append((answer, analytics.verdicts(grade(ex, answer).items), 1))
        except AnswerError:
            continue  # not an answer of this exercise's shape: nothing to count
    return analytics.wrong_places(graded, WHERE[places])


def wrong_placements(ex, answers: list) -> list[dict]:
    """The items most often placed wrong in ``answers``, each with its most common wrong
    place (what a card shows; the tally keeps the counts as answers come)."""
    return placements_shown(ex, *wrong_places(ex, answers))


def placements_shown(ex, wrong: Counter, given: Counter) -> list[dict]:
    """The :data:`TOP_WRONG` items most often placed wrong, from the ``(wrong, given)``
    counts, each with its most common wrong place; nothing for other types."""
    kind = types.get(ex.type)
    if kind.PLACES not in WHERE:
        return []
    if kind.PLACES == "steps":
        texts = {i["id"]: i["text"] for i in ex.data["items"]}
        key = ex.data.get("answer", [])
        belongs = {item: f"step {n}" for n, item in enumerate(key, start=1)}
        place = {n: f"step {n}" for n in range(1, len(texts) + 1)}
    else:
        rows_key, choices_key, shown = kind.PICKS
        names = {c["id"]: c.get(shown) for c in ex.data[choices_key]}
        texts = {row["id"]: row["text"] for row in ex.data[rows_key]}
        belongs = {row["id"]: names.get(row.get("answer"), "") for row in ex.data[rows_key]}
        place = names
    found = []
    for item in texts:
        places = Counter({p: n for (i, p), n in wrong.items() if i == item})
        if places:
            at, n = places.most_common(1)[0]
            found.append(
                {
                    "text": texts[item],
                    "wrong": sum(places.values()),
                    "of": given[item],
                    "placed": place.get(at, str(at)),
                    "placed_count": n,
                    "belongs": belongs.get(item, ""),
                }
            )
    found.sort(key=lambda f: (-f["wrong"] / f["of"], -f["wrong"]))
    return found[:TOP_WRONG]
