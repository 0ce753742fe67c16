"""The live server over loopback: what it stores, what it refuses, and who may read."""

from __future__ import annotations

import json
import socket
import sqlite3

import pytest
from live_support import LiveServer, event, request


@pytest.fixture
def ana(server):
    """A learner who joined with the class code: her token."""
    return server.join().token


def stored_rows(server) -> int:
    with sqlite3.connect(server.db) as db:
        return db.execute("SELECT count(*) FROM events").fetchone()[0]


def test_a_post_is_stored_once_and_counted_on_the_dashboard(server, ana):
    first = event()
    assert server.post(first, token=ana) == (201, {"stored": True, "seq": 1})
    assert server.post(first, token=ana) == (200, {"stored": False, "duplicate": True})
    state = server.wait_for(lambda s: s["seq"] == 1)
    (card,) = state["exercises"]
    assert card["id"] == "duty-sort" and card["answered"] == 1
    assert card["wrong"][0]["placed"] == "Project manager"
    assert card["wrong"][0]["belongs"] == "Program manager"
    assert stored_rows(server) == 1


def test_the_server_scores_with_its_own_key_not_the_number_sent(server, ana):
    lie = event("cert-match", {}, score=1)  # nothing paired, yet it claims full marks
    assert server.post(lie, token=ana)[0] == 201
    card = server.wait_for(lambda s: s["seq"] == 1)["exercises"][0]
    assert card["bins"][-1] == {"label": "0–24%", "count": 1, "tone": 0}


def test_only_each_learners_latest_answer_counts(server, ana):
    server.post(event("slack-numeric", "1"), token=ana)
    server.post(event("slack-numeric", "999"), token=ana)
    card = server.wait_for(lambda s: s["seq"] == 2)["exercises"][0]
    assert card["answered"] == 1


def test_malformed_posts_get_a_clear_4xx_and_are_never_stored(server, ana):
    cases = [
        (b"{not json", 400, "not JSON"),
        (b"[1, 2]", 400, "JSON list"),
        (event(exercise="no-such-exercise"), 422, "no exercise 'no-such-exercise'"),
        (event(answer=["a", "list"]), 422, "expected a mapping"),
        (event(answer={"interdependencies": "nobody"}), 422, "not a choice"),
        (event(id="x"), 400, "'id'"),
        (event(action="delete"), 400, "'action'"),
        (event(action=["check"]), 400, "'action'"),
        ({k: v for k, v in event().items() if k != "answer"}, 400, "no 'answer'"),
    ]
    for body, status, says in cases:
        raw = body if isinstance(body, bytes) else json.dumps(body).encode()
        got, reply = server.post(raw, token=ana)
        assert got == status, (body, got, reply)
        assert says in reply["error"], (body, reply)
    assert stored_rows(server) == 0


def test_oversized_posts_are_refused_with_413(server, ana):
    code = "def critical_path(tasks):\n" + "    # padding\n" * 2000
    status, reply = server.post(event("critical-path-code", code), token=ana)
    assert status == 413 and "limit is 16384" in reply["error"]
    # Beyond what tornado reads at all (course.live.run.MAX_BODY): it answers 400 on
    # the headers alone and closes. Only the headers are sent, so that answer is
    # read for certain instead of racing a body the server no longer reads.
    with socket.create_connection(("127.0.0.1", server.port), timeout=10) as conn:
        conn.sendall(
            b"POST /api/events HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            b"Content-Type: application/json\r\nContent-Length: %d\r\n\r\n" % (2 << 20)
        )
        reply = conn.makefile("rb").readline()
    assert reply.startswith(b"HTTP/1.1 400 "), reply
    assert stored_rows(server) == 0


def test_a_wrong_class_code_or_no_token_is_refused(server):
    status, reply = server.post({"class": "PM-OTHER"}, "/api/join")
    assert status == 403 and "wrong class code" in reply["error"]
    status, reply = server.post(event(**{"class": server.join_code}))  # the code is no token
    assert status == 401 and "join first" in reply["error"]
    status, reply = server.post({"class": server.join_code, "name": " Ana\u202e "}, "/api/join")
    assert status == 200 and reply["class"] == "PM-TEST" and reply["name"] == "Ana"
    assert len(reply["token"]) >= 32 and len(reply["learner"]) == 12
    again = server.join(token=reply["token"])  # a restarted kernel: the same learner
    assert (again.token, again.learner) == (reply["token"], reply["learner"])
    assert stored_rows(server) == 0


def test_the_server_makes_a_strong_code_and_keeps_it(server):
    from course.live.auth import CODE, CODE_BITS

    assert CODE.fullmatch(server.join_code) and CODE_BITS > 40
    code = server.join_code
    server.restart()
    assert server.join_code == code


def test_learners_are_rate_limited(server, ana):
    statuses = [server.post(event(), token=ana)[0] for _ in range(30)]
    assert statuses[:20] == [201] * 20
    assert 429 in statuses[20:]
    assert server.post(event(), token=server.join().token)[0] == 201  # others are not held


def test_no_learner_route_returns_other_learners_answers(server, ana):
    secret = event("slack-numeric", "4242")
    server.post(secret, token=ana)
    for path in ("/dashboard", "/api/state", "/api/stream"):
        status, reply = request(server.url + path)
        assert status == 403, path
        assert "instructor token" in reply["error"]
        status, _ = request(f"{server.url}{path}?token=wrong-{server.token}")
        assert status == 403, path
    status, home = request(server.url + "/")
    assert status == 200 and "course.join" in home and "4242" not in home
    status, reply = server.post(event("slack-numeric", "1"), token=server.join().token)
    assert "4242" not in json.dumps(reply)


def test_events_survive_a_restart_and_the_tokens_stay(server, ana):
    server.post(event(), token=ana)
    token = server.token
    server.restart()
    assert server.token == token
    assert server.state()["exercises"][0]["answered"] == 1
    assert server.post(event(), token=ana)[0] == 201  # the learner token too
    assert server.state()["learners"] == 1


def test_a_broken_notebook_is_skipped_and_the_others_still_set_the_order(tmp_path):
    """A notebook cut off mid-save, or not UTF-8, does not stop the server."""
    folder = tmp_path / "notebooks"
    folder.mkdir()
    cells = [
        {"cell_type": "markdown", "metadata": {}, "source": ["# 01 · Certificates\n"]},
        {
            "cell_type": "code",
            "metadata": {},
            "source": ['course.show("cert-match")'],
            "outputs": [],
        },
    ]
    (folder / "01-good.ipynb").write_text(json.dumps({"cells": cells}), encoding="utf-8")
    (folder / "02-cut-off.ipynb").write_text('{"cells": [{"source": ["course.show(\\"duty-sort\\")')
    (folder / "03-latin-1.ipynb").write_bytes(b'{"cells": [], "title": "caf\xe9"}')
    with LiveServer(tmp_path / "events.sqlite", extra=["--notebooks", str(folder)]) as server:
        token = server.join().token
        for exercise in ("duty-sort", "cert-match"):
            assert server.post(event(exercise, {}), token=token)[0] == 201
        cards = server.wait_for(lambda s: s["seq"] == 2)["exercises"]
    assert [(c["id"], c["notebook"]) for c in cards] == [
        ("cert-match", "01 · Certificates"),
        ("duty-sort", "not in a notebook"),
    ]
