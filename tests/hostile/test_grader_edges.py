"""Files that used to stop a whole grading run, or change an honest student's grades.

Each attack of the red team's report (``redteam-sandbox-2026-12.md``: surrogate in
``course_version``, a file name that is not UTF-8, 1,100 nested folders, duplicate
keys, a copied per-student draw, a file dated ahead) sits in one class folder beside
two honest students; the real ``pm-course grade`` must finish, grade both honest
students exactly as it does without the attackers, and reject or regrade each attack
with its reason.
"""

from __future__ import annotations

import json
import os
import sqlite3
from datetime import UTC, datetime, timedelta

from grading import support
from test_grading_path import grade, honest, rejected


def scores(book) -> dict[str, float]:
    with sqlite3.connect(book) as db:
        rows = db.execute("SELECT student, SUM(score) FROM grades GROUP BY student").fetchall()
    return dict(rows)


def wrong_file(folder, name: str, text: str) -> None:
    (folder / name).write_text(text, encoding="utf-8")


def test_hostile_files_beside_honest_students_lose_nothing(tmp_path):
    clean, folder = tmp_path / "clean", tmp_path / "in"
    for target in (clean, folder):
        honest(target, "honest.json")
        doc = support.submission("ada")
        del doc["answers"]["duration"]
        support.write(target, doc, "ada.json")
    baseline = grade(clean, tmp_path / "clean.sqlite")
    assert baseline.returncode == 0, baseline.stdout + baseline.stderr
    expected = scores(tmp_path / "clean.sqlite")
    assert set(expected) == {"honest", "ada"} and expected["ada"] > 0

    surrogate = json.dumps(support.submission("mal1")).replace('"0.1.0"', '"\\ud800"')
    wrong_file(folder, "surrogate.json", surrogate)
    dup = json.dumps(support.submission("ada"))  # a second 'student' key, read last by json
    wrong_file(folder, "dup.json", dup[:-1] + ', "student": "ada"}')
    nan = json.dumps(support.submission("mal2")).replace('"answer": 0.8', '"answer": NaN')
    wrong_file(folder, "nan.json", nan)
    ahead = (datetime.now(UTC) + timedelta(hours=23)).isoformat()
    future = support.submission("ada", created=ahead, right=False)  # "ada"'s file from the future
    support.write(folder, future, "ada-future.json")
    (folder / os.fsdecode(b"0\xff.json")).write_text(json.dumps(support.submission("mal3")))
    deep = folder
    for _ in range(1100):  # os.makedirs would recurse once a level
        deep = deep / "d"
        deep.mkdir()
    support.write(deep, support.submission("mal4"), "deep.json")
    # a draw copied from ada, with 'learner' set to ada, handed in by mallory
    copied = support.submission("mallory")  # mallory's own draw differs from ada's:
    copied["answers"] = {
        "duties": {
            "answer": support.submission("ada")["answers"]["duties"]["answer"],
            "learner": "ada",
        }
    }
    support.write(folder, copied, "mallory.json")

    done = grade(folder, tmp_path / "g.sqlite", timeout=300)
    assert done.returncode == 3, done.stdout + done.stderr
    reasons = rejected(done)
    assert "lone surrogate" in reasons["surrogate.json"]
    assert "appears twice" in reasons["dup.json"]
    assert "NaN is not a JSON number" in reasons["nan.json"]
    assert "is in the future" in reasons["ada-future.json"]
    assert "file name is not UTF-8" in reasons["0\\xff.json"]
    assert any("nested over 32 deep" in r for r in reasons.values())
    got = scores(tmp_path / "g.sqlite")
    assert got["honest"] == expected["honest"] and got["ada"] == expected["ada"]
    own = support.bank()["duties"].for_learner("mallory")
    ada = support.bank()["duties"].for_learner("ada")
    assert {i["id"] for i in own.items()} != {i["id"] for i in ada.items()}
    assert "mallory" not in got
    assert reasons["mallory.json"].startswith("duties was answered as learner 'ada', not as")
    remove_chain(folder / "d", 1100)


def remove_chain(top, depth: int) -> None:
    """Remove ``top/d/d/...`` bottom-up without recursion (shutil.rmtree recurses per level,
    and pytest's clean-up of old temporary folders would hit the recursion limit)."""
    bottom = top
    for _ in range(depth - 1):
        bottom = bottom / "d"
    for path in (bottom, *bottom.parents):
        for child in path.iterdir():
            child.unlink()
        path.rmdir()
        if path == top:
            break
