"""Sort and match exercises must need the reasoning the notebooks teach, not a keyword.

Every ``categorize`` and ``match`` exercise in the bank (including ones added
later) is answered by three naive guessers that read only surface words:

* ``rules``: the three-rule guesser from issue 10 ("one ..." -> the project
  bucket; component / several / program / strategy / benefit -> the program
  bucket; anything else -> the "both" bucket), for exercises whose buckets
  are project / program (/ both);
* ``overlap``: the bucket (or right-hand item) sharing the most content words
  with the item's text;
* ``cues``: leave-one-out naive Bayes on the exercise's own items: each item
  is guessed from the words of all the *other* items and their keys, which
  catches any word that marks an answer ("one" always meaning project).

An exercise fails when the best guesser beats the baseline (the larger of
chance and always answering the commonest key) by more than ``MARGIN``.
"""

from __future__ import annotations

import math
import re
import tomllib
from collections import Counter
from pathlib import Path

import pytest

BANK = Path(__file__).resolve().parent.parent / "exercises"
MARGIN = 0.25  # share of items a guesser may get right above the baseline
STOPWORDS = set(
    """a an and are as at be by for from has have in into is it its of on or that the
    their them they this to was were when which who with what how does do not no
    your you our we can each all""".split()
)
PROGRAM_CUES = ("component", "several", "program", "strategy", "benefit")


def _stem(word: str) -> str:
    for suffix in ("ing", "ies", "es", "ed", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


def words(text: str) -> list[str]:
    text = re.sub(r"<[^>]+>", " ", text.lower())
    return [_stem(w) for w in re.findall(r"[a-z]+", text) if w not in STOPWORDS]


def problems() -> list[tuple[str, list[str], dict[str, str], list[str]]]:
    """``(id, [item text], {item text: key}, [option label])`` for every sort and match."""
    found = []
    for path in sorted(BANK.glob("*.toml")):
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        if data.get("type") == "categorize":
            options = {b["id"]: b["label"] for b in data["buckets"]}
            items = data["items"]
        elif data.get("type") == "match":
            options = {r["id"]: r["text"] for r in data["right"]}
            items = data["left"]
        else:
            continue
        if not all("answer" in item for item in items):
            continue  # a student release without keys
        keys = {item["text"]: options[item["answer"]] for item in items}
        found.append((data["id"], [item["text"] for item in items], keys, list(options.values())))
    return found


def guess_rules(text: str, labels: list[str]) -> str | None:
    def label_with(word: str) -> str | None:
        return next((label for label in labels if word in label.lower()), None)

    project, program, both = label_with("project"), label_with("program"), label_with("both")
    if project is None or program is None:
        return None
    low = text.lower()
    if re.search(r"\bone\b", low):
        return project
    if any(cue in low for cue in PROGRAM_CUES):
        return program
    return both or project


def guess_overlap(text: str, labels: list[str]) -> str:
    mine = set(words(text))
    return max(labels, key=lambda label: len(mine & set(words(label))))


def guess_cues(text: str, keys: dict[str, str], labels: list[str]) -> str:
    others = {t: k for t, k in keys.items() if t != text}
    counts = {label: Counter() for label in labels}
    priors = Counter(others.values())
    for other, key in others.items():
        counts[key].update(set(words(other)))
    vocabulary = {w for c in counts.values() for w in c}

    def score(label: str) -> float:
        total = sum(counts[label].values())
        logp = math.log((priors[label] + 1) / (len(others) + len(labels)))
        for w in set(words(text)):
            logp += math.log((counts[label][w] + 1) / (total + len(vocabulary) + 1))
        return logp

    return max(labels, key=score)


def scores(keys: dict[str, str], labels: list[str]) -> dict[str, float]:
    n = len(keys)
    guessers = {
        "rules": lambda t: guess_rules(t, labels),
        "overlap": lambda t: guess_overlap(t, labels),
        "cues": lambda t: guess_cues(t, keys, labels),
    }
    result = {}
    for name, guess in guessers.items():
        guesses = {t: guess(t) for t in keys}
        if any(g is None for g in guesses.values()):
            continue
        result[name] = sum(guesses[t] == k for t, k in keys.items()) / n
    return result


def baseline(keys: dict[str, str], labels: list[str]) -> float:
    commonest = Counter(keys.values()).most_common(1)[0][1] / len(keys)
    return max(1 / len(labels), commonest)


PROBLEMS = problems()


def test_the_bank_has_sort_and_match_exercises_to_check():
    ids = {p[0] for p in PROBLEMS}
    assert {"duty-sort", "counterparts", "capstone-duty-draw", "cert-match"} <= ids


@pytest.mark.parametrize("exercise_id, texts, keys, labels", PROBLEMS, ids=[p[0] for p in PROBLEMS])
def test_no_naive_guesser_beats_the_baseline_by_more_than_the_margin(
    exercise_id, texts, keys, labels
):
    base = baseline(keys, labels)
    found = scores(keys, labels)
    worst = max(found.items(), key=lambda kv: kv[1])
    assert worst[1] <= base + MARGIN, (
        f"{exercise_id}: the {worst[0]!r} guesser gets {worst[1]:.0%} right from surface words "
        f"(baseline {base:.0%}, allowed up to {base + MARGIN:.0%}); reword the items so the "
        f"same words appear under every answer. All guessers: "
        + ", ".join(f"{k} {v:.0%}" for k, v in found.items())
    )


def test_the_guessers_catch_a_give_away():
    # The test itself must be able to fail: items whose key is spelt out in them.
    keys = {
        f"Manages one {thing}": "Project manager"
        for thing in ("schedule", "budget", "team", "risk log", "supplier")
    }
    keys.update(
        {
            f"Manages the program's {thing}": "Program manager"
            for thing in ("benefits", "roadmap", "board", "funding", "strategy")
        }
    )
    labels = ["Project manager", "Program manager"]
    assert max(scores(keys, labels).values()) > baseline(keys, labels) + MARGIN
