"""Who may post, under which name: class codes, learner tokens, pseudonyms, caps, rate limits.

Issue 21's live-server findings a02-a05, a20 and a21, each beside an honest
learner who joins with the real client (``course.join``) and presses Check.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import time

import pytest
from live_support import LiveServer
from web_support import card, event, honest_check

import course
from course.live.auth import CODE, CODE_BITS

ATTACKER = "127.0.0.66"
ACCOMPLICE = "127.0.0.67"


def test_codes_are_the_servers_own_and_wrong_ones_are_throttled_per_address(server):
    assert CODE.fullmatch(server.join_code) and CODE_BITS >= 40
    with LiveServer(server.db.with_name("other.sqlite")) as other:  # the same --class
        assert other.join_code != server.join_code

    # the docs' old examples and a course-and-weekday word list: all wrong, then throttled
    words = ["PM-MON", "PM-MONDAY", "PM-TEST", "PMMON", "PM-TUE", "PM-TUESDAY", "PM-2026"]
    guesses = words + [f"AAAAA-{n:05d}" for n in range(593)]  # 600 in all
    started = time.monotonic()
    statuses = []
    for guess in guesses:
        status, reply = server.post({"class": guess}, "/api/join", source=ATTACKER)
        statuses.append(status)
        assert status in (403, 429), (guess, status, reply)
    seconds = time.monotonic() - started
    answered = statuses.count(403)  # a yes/no answer to a guess
    assert answered <= 10 + 0.2 * seconds + 1, (answered, seconds)
    assert statuses.count(429) >= 600 - answered

    # throttled, even the right code gets 429 from that address: no oracle at full speed
    status, reply, headers = _raw_join(server, server.join_code, ATTACKER)
    assert status == 429 and int(headers["Retry-After"]) >= 1, reply
    assert "wait" in json.loads(reply)["error"]

    # an honest learner elsewhere in the room joins and is counted at once
    honest = honest_check(server, "slack-numeric", "2")
    assert "Joined the live view of class PM-TEST" in repr(honest)
    state = server.wait_for(lambda s: s["seq"] == 1)
    assert state["learners"] == 1 and card(state, "slack-numeric")["answered"] == 1


def _raw_join(server, code, source):
    from live_support import raw_request

    body = json.dumps({"class": code}).encode()
    return raw_request(server.url + "/api/join", body, {}, source=source)


def test_a_classmate_with_the_code_cannot_answer_or_name_themselves_as_another(server):
    ana = honest_check(server, "duty-sort", {"interdependencies": "program"}, name="Ana Lima")
    state = server.wait_for(lambda s: s["seq"] == 1)
    (before,) = card(state, "duty-sort")["who"]
    assert before["name"] == "Ana Lima"

    # Mallory has the class code; she knows Ana's login and her old-style pseudonym
    mallory = server.join(name="Mallory", source=ATTACKER)
    old_pseudonym = hashlib.sha256(f"{server.join_code}\0ana".encode()).hexdigest()[:12]
    forged = [
        event("duty-sort", {"interdependencies": "project"}, learner=old_pseudonym, name="Ana"),
        event("duty-sort", {"interdependencies": "project"}, learner=ana.learner, name="Ana"),
        event("duty-sort", {}, **{"class": server.join_code, "learner": ana.learner}),
    ]
    for body in forged:  # with her own token: stored, but as Mallory
        assert server.post(body, token=mallory.token, source=ATTACKER)[0] == 201
    for body in forged:  # with no token, with the code, or with Ana's pseudonym as a token
        assert server.post(body, source=ATTACKER)[0] == 401
        assert server.post(body, token=ana.learner, source=ATTACKER)[0] == 401
        assert server.post(body, token=server.join_code, source=ATTACKER)[0] == 401
    # rejoining with a made-up token makes a new learner, never Ana
    status, reply = server.post(
        {"class": server.join_code, "token": ana.learner, "name": "Ana Lima"},
        "/api/join",
        source=ATTACKER,
    )
    assert status == 200 and reply["learner"] != ana.learner

    state = server.wait_for(lambda s: s["seq"] == 4)
    who = {w["name"]: w["score"] for w in card(state, "duty-sort")["who"]}
    assert who["Ana Lima (" + ana.learner[:6] + ")"] == before["score"]  # two Ana Limas now
    assert "Mallory" in who and len(who) == 2
    with sqlite3.connect(server.db) as db:
        anas = db.execute(
            "SELECT body FROM events WHERE learner = ? ORDER BY seq", (ana.learner,)
        ).fetchall()
    assert [json.loads(b)["answer"] for (b,) in anas] == [{"interdependencies": "program"}]


def test_pseudonyms_do_not_turn_back_into_logins_from_a_class_list(server):
    logins = ["ana", "ben", "chen", "dara", "eli"]
    tokens = [server.join(source=f"127.0.2.{n + 2}") for n in range(len(logins))]
    for joined in tokens:
        assert server.post(event("slack-numeric", "2"), token=joined.token)[0] == 201
    state = server.wait_for(lambda s: s["seq"] == len(logins))
    shown = {w["name"] for w in card(state, "slack-numeric")["who"]}
    assert len(shown) == len(logins)
    guesses = set()
    for login in logins:  # every unkeyed hash of what the room knows
        for text in (f"{server.join_code}\0{login}", f"PM-TEST\0{login}", login):
            digest = hashlib.sha256(text.encode()).hexdigest()
            guesses |= {f"learner {digest[:6]}", f"learner {digest[:12]}"}
    assert not shown & guesses


def test_names_are_plain_and_cannot_pose_as_another_learner(server):
    honest = honest_check(server, "slack-numeric", "2", name="Ana Lima")
    label = f"learner {honest.learner[:6]}"
    for name in (label, label.upper(), "Learner  " + honest.learner[:8]):
        status, reply = server.post({"class": server.join_code, "name": name}, "/api/join")
        assert status == 400 and "pseudonym" in reply["error"], (name, reply)
    variants = ["Ana\u00a0Lima", "Ana Lima\u202e", "\u202eAna Lima", "Ana\u200b Lima"]
    for n, name in enumerate(variants):
        joined = server.join(name=name, source=f"127.0.3.{n + 2}")
        assert joined.name == "Ana Lima"
        assert server.post(event("slack-numeric", "3"), token=joined.token)[0] == 201
    state = server.wait_for(lambda s: s["seq"] == 5)
    names = [w["name"] for w in card(state, "slack-numeric")["who"]]
    assert len(set(names)) == 5 and all(n.startswith("Ana Lima (") for n in names)
    assert not any("\u202e" in n or "\u00a0" in n for n in names)


def test_made_up_learners_cannot_fill_the_class(tmp_path, monkeypatch):
    extra = ["--max-learners", "12", "--joins-per-address", "4"]
    with LiveServer(tmp_path / "events.sqlite", extra=extra) as server:
        # 400 posts with made-up ids, pseudonyms and tokens: none counts, then 429
        statuses = []
        for n in range(400):
            fake = f"{n:012x}"
            body = event("slack-numeric", "1", learner=fake, **{"class": server.join_code})
            statuses.append(server.post(body, token=fake, source=ATTACKER)[0])
        assert set(statuses) <= {401, 429} and statuses.count(429) > 350
        assert server.state()["learners"] == 0
        # joins from one address stop at its share (another address: that one is throttled)
        for _ in range(4):
            server.join(source=ACCOMPLICE)
        status, reply = server.post({"class": server.join_code}, "/api/join", source=ACCOMPLICE)
        assert status == 403 and "--joins-per-address" in reply["error"]
        # honest learners from their own machines still join, until the class is full
        for n in range(7):
            server.join(source=f"127.0.4.{n + 2}")
        honest = honest_check(server, "slack-numeric", "2")  # the 12th: told "Joined"
        assert "Joined" in repr(honest)
        course.live.leave()
        monkeypatch.setenv("PM_COURSE_HOME", str(tmp_path / "another-learner"))
        with pytest.raises(course.UsageError, match="the class is full"):
            course.join(server.url, server.join_code)  # a 13th is told at join, not later
        state = server.wait_for(lambda s: s["seq"] == 1)
        assert card(state, "slack-numeric")["answered"] == 1


def test_the_rate_limit_keys_on_the_token_not_a_made_up_pseudonym(server):
    honest = honest_check(server, "slack-numeric", "2")
    mallory = server.join(source=ATTACKER)
    size_before = server.db.stat().st_size
    statuses = []
    for n in range(400):
        body = event("critical-path-code", "x = 1  # " + "y" * 12_000, learner=f"{n:012x}")
        statuses.append(server.post(body, token=mallory.token, source=ATTACKER)[0])
    accepted = statuses.count(201)
    assert accepted <= 40 and statuses.count(429) >= 360, (accepted, set(statuses))
    honest_check(server, "slack-numeric", "3")  # the honest learner is not held up
    assert honest.sent == 2
    wal = server.db.with_name(server.db.name + "-wal")
    grown = server.db.stat().st_size + (wal.stat().st_size if wal.exists() else 0) - size_before
    assert grown < 2_000_000, grown
