"""The store is private to its owner, and the projector shows only the server's own scores.

Issue 21's a19 (a 0644 store read by another local account) and a24 (a
client's claimed score shown for draws and code exercises).
"""

from __future__ import annotations

import os
import shutil
import stat
import subprocess

from live_support import LiveServer
from web_support import card, event, honest_check

from course.live.store import Store


def mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def test_the_store_is_created_private_whatever_the_umask(tmp_path):
    folder = tmp_path / "srv" / "pm-course"  # the docs' hub path: made by the server
    db = folder / "live.sqlite"
    umask = ["sh", "-c", 'umask 000 && exec "$@"', "sh"]  # the loosest umask there is
    with LiveServer(db, prefix=umask) as server:
        honest_check(server, "slack-numeric", "2", name="Ana Lima")
        server.wait_for(lambda s: s["seq"] == 1)
        files = [db, db.with_name(db.name + "-wal"), db.with_name(db.name + "-shm")]
        assert all(f.exists() for f in files), [f.name for f in folder.iterdir()]
        assert mode(folder) == 0o700
        assert {f.name: mode(f) for f in files} == {f.name: 0o600 for f in files}
        if os.geteuid() == 0 and shutil.which("setpriv"):  # another local account tries
            for target in (db, files[1]):
                read = subprocess.run(
                    ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]
                    + ["cat", str(target)],
                    capture_output=True,
                )
                assert read.returncode != 0 and b"Permission denied" in read.stderr


def test_an_older_store_left_readable_is_narrowed_to_its_owner(tmp_path):
    db = tmp_path / "old.sqlite"
    old = os.umask(0o022)
    try:
        Store(db).close()
        os.chmod(db, 0o644)
        assert mode(db) == 0o644
        Store(db).close()
    finally:
        os.umask(old)
    assert mode(db) == 0o600


def test_the_projector_never_shows_a_score_the_client_claimed(server):
    honest = honest_check(server, "duty-sort", {"interdependencies": "program"})
    mallory = server.join(name="Mallory", source="127.0.0.66").token
    claims = [
        event("duty-sort", {"interdependencies": "project"}, score=1, max_score=1),
        event("capstone-duty-draw", {}, score=1, max_score=1),
        event("critical-path-code", "def critical_path(tasks):\n    return 0\n", score=1),
        event("slack-numeric", "999", score=int("9" * 400)),  # a 400-digit claim: ignored
    ]
    for claim in claims:
        status, reply = server.post(claim, token=mallory, source="127.0.0.66")
        assert status == 201, (claim["exercise"], reply)
    state = server.wait_for(lambda s: s["seq"] == 5)
    scores = {
        c["id"]: {w["name"]: w["score"] for w in c["who"]}
        for c in state["exercises"]
        if c["id"] in ("duty-sort", "capstone-duty-draw", "critical-path-code", "slack-numeric")
    }
    assert scores["duty-sort"]["Mallory"] == "0%"  # scored here with the key
    assert scores["capstone-duty-draw"] == {"Mallory": "not scored live"}
    assert scores["critical-path-code"] == {"Mallory": "not scored live"}
    assert scores["slack-numeric"] == {"Mallory": "0%"}
    for exercise_id in ("capstone-duty-draw", "critical-path-code"):
        shown = card(state, exercise_id)
        assert all(b["count"] == 0 for b in shown["bins"]) and shown["later"] == 1
    honest_name = f"learner {honest.learner[:6]}"
    assert scores["duty-sort"][honest_name] != "not scored live"
