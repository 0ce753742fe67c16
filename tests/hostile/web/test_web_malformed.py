"""Malformed posts get a 4xx with a short JSON reason, never a 500; a full disk gets a 503.

Issue 21's a12 and a22, beside an honest learner on the real client.
"""

from __future__ import annotations

import errno
import json
import os
import shutil
import sqlite3
from pathlib import Path

import pytest
from live_support import LiveServer
from web_support import card, event, honest_check

ATTACKER = "127.0.0.66"


def hostile_posts(code: str) -> list[tuple[str, bytes, bool]]:
    """``(what, body, needs a token)``: each must get a 4xx with a JSON reason."""
    deep = b"[" * 16_000 + b"]" * 16_000
    nested = {"a": 1}
    for _ in range(12):
        nested = {"a": nested}
    cases = [
        ("16000 nested brackets", deep, False),
        ("16000 nested brackets, closed", b"[" * 16_000, False),
        ("deep object", json.dumps(nested).encode(), True),
        ("not UTF-8", b'{"id": "\xff\xfe"}', True),
        ("empty", b"", True),
        ("null", b"null", True),
        ("a 5000-digit integer", b'{"id": ' + b"9" * 5000 + b"}", True),
        ("lone surrogate", b'{"id": "\\ud800\\ud800abcd", "exercise": "duty-sort"}', True),
    ]
    as_json = [
        ("a list as a bucket", event("duty-sort", {"interdependencies": ["project"]})),
        ("an object as a bucket", event("duty-sort", {"interdependencies": {"a": 1}})),
        ("a number as a bucket", event("duty-sort", {"interdependencies": 7})),
        ("a 400-digit numeric answer", event("slack-numeric", int("9" * 400))),
        ("a 400-digit numeric string", event("slack-numeric", "9" * 400)),
        ("a huge float", event("slack-numeric", "1e999")),
        ("a list where an order is", event("career-ladder", [[1], [2]])),
        ("an object as the answer of a choice", event("art-choice", {"a": 1})),
        ("a number as code", event("critical-path-code", 12)),
        ("a list as the exercise", event(["duty-sort"])),
        ("an object as the id", event(id={"x": 1})),
        ("an unhashable action", event(action={"check": 1})),
        ("a list as the name", {"class": code, "name": ["Ana"]}),
    ]
    cases += [(what, json.dumps(body).encode(), True) for what, body in as_json]
    huge_score = b'{"id": "abcdefgh12", "exercise": 7, "score": ' + b"9" * 400 + b"}"
    cases.append(("a 400-digit score", huge_score, True))
    return cases


def test_every_malformed_post_gets_a_4xx_with_a_short_json_reason(server):
    honest = honest_check(server, "duty-sort", {"interdependencies": "program"})
    mallory = server.join(source=ATTACKER).token
    for what, body, needs_token in hostile_posts(server.join_code):
        path = "/api/join" if b'"name": [' in body else "/api/events"
        token = mallory if needs_token else None
        status, reply = server.post(body, path, token=token, source=ATTACKER)
        assert 400 <= status < 500 and status != 429, (what, status, reply)
        assert isinstance(reply, dict) and isinstance(reply.get("error"), str), (what, reply)
        assert len(reply["error"]) <= 300 and "Traceback" not in reply["error"], (what, reply)
    assert server.process.poll() is None
    honest_check(server, "duty-sort", {"interdependencies": "project"})
    assert honest.sent == 2
    state = server.wait_for(lambda s: s["seq"] == 2)
    assert card(state, "duty-sort")["answered"] == 1
    log = "".join(server.output)
    assert "Traceback" not in log and "Internal Server Error" not in log, log[-2000:]


def _full_disk_server(tmp_path) -> LiveServer:
    if not shutil.which("unshare"):
        pytest.skip("needs unshare (util-linux) for a small private tmpfs")
    mount = tmp_path / "small-disk"
    mount.mkdir()
    script = 'mount -t tmpfs -o size=2m pm-course-test "$0" && exec "$@"'
    prefix = ["unshare", "--user", "--map-root-user", "--mount", "sh", "-c", script, str(mount)]
    return LiveServer(mount / "events.sqlite", prefix=prefix)


def test_a_full_disk_gives_a_clear_503_and_the_server_stays_up(tmp_path):
    server = _full_disk_server(tmp_path)
    try:
        server.start()
    except RuntimeError as error:
        if "mount" in str(error) or "unshare" in str(error):
            pytest.skip(f"no private tmpfs here (user namespaces off?): {error}")
        raise
    try:
        disk = Path(f"/proc/{server.process.pid}/root") / str(server.db.parent).lstrip("/")
        db = disk / server.db.name
        assert db.exists(), "the server's own view of its small disk"
        honest = honest_check(server, "slack-numeric", "2")
        token = server.join(source="127.0.0.5").token
        filler = disk / "filler"
        with open(filler, "wb", buffering=0) as out:  # fill the disk to the last block
            for size in (65536, 4096, 512, 1):
                try:
                    while True:
                        out.write(b"\0" * size)
                except OSError as error:
                    assert error.errno == errno.ENOSPC
        status, reply = server.post({"class": server.join_code}, "/api/join", source="127.0.0.6")
        assert status == 503 and "free disk space" in reply["error"], (status, reply)
        acknowledged = []
        statuses = []
        for n in range(60):
            status, reply = server.post(
                event("critical-path-code", f"x = {n}  # " + "z" * 8000), token=token
            )
            statuses.append(status)
            if status == 201:
                acknowledged.append(reply["seq"])
            elif status == 503:
                assert "cannot store answers now" in reply["error"], reply
            else:
                assert status == 429, (status, reply)
        assert 503 in statuses, statuses
        assert server.process.poll() is None
        server.wait_for(lambda s: s["learners"] >= 1)  # the dashboard is still served

        os.unlink(filler)  # space again: the honest learner's queued answer arrives
        honest_check(server, "slack-numeric", "3")
        assert honest.sent == 2
        state = server.wait_for(lambda s: s["seq"] >= 2)
        assert card(state, "slack-numeric")["answered"] == 1
        copy = tmp_path / "copy.sqlite"  # what a restart would read: the file and its WAL
        for suffix in ("", "-wal"):
            shutil.copyfile(f"{db}{suffix}", f"{copy}{suffix}")
        with sqlite3.connect(copy) as check:
            seqs = {row[0] for row in check.execute("SELECT seq FROM events")}
            assert check.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert set(acknowledged) <= seqs
        log = "".join(server.output)
        assert "Traceback" not in log, log[-2000:]
    finally:
        server.stop()
