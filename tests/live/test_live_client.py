"""A learner's Checks reach the live view through the real widget, whatever the server does."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

import pytest
from live_support import item_text

import course
from course import grade, load_bank
from course.live import client as live_client


@pytest.fixture(autouse=True)
def _leave():
    yield
    live_client.leave()


def check(exercise_id: str, answer):
    """What a learner does: show the exercise, set an answer, press Check."""
    widget = course.show(exercise_id)
    widget.answer = answer
    started = time.perf_counter()
    result = widget.check()
    return widget, result, time.perf_counter() - started


def rows(server) -> list[tuple[str, str]]:
    with sqlite3.connect(server.db) as db:
        return db.execute("SELECT learner, id FROM events ORDER BY seq").fetchall()


def test_checks_reach_the_dashboard(server):
    joined = course.join(server.url, server.join_code)
    assert "Joined the live view of class PM-TEST" in repr(joined)
    check("duty-sort", {"interdependencies": "project", "roadmap": "program"})
    check("cert-match", {"pmp": "newcomer"})
    assert joined.flush(10)
    state = server.wait_for(lambda s: s["seq"] == 2)
    assert [card["id"] for card in state["exercises"]] == ["duty-sort", "cert-match"]
    duty = state["exercises"][0]
    assert duty["wrong"][0]["text"] == item_text("duty-sort", "interdependencies")
    assert duty["who"][0]["name"].startswith("learner ")  # a pseudonym, not the login


def test_a_learner_who_opts_in_is_named(server):
    course.join(server.url, server.join_code, name="Ana Lima")
    check("slack-numeric", "3")
    assert live_client.current().flush(10)
    card = server.wait_for(lambda s: s["seq"] == 1)["exercises"][0]
    assert card["who"] == [{"name": "Ana Lima", "score": card["who"][0]["score"]}]


def test_server_stopped_mid_class(server):
    joined = course.join(server.url, server.join_code)
    check("duty-sort", {"roadmap": "program"})
    assert joined.flush(10)
    server.stop()

    bank = load_bank()
    answers = [{"roadmap": "project"}, {"roadmap": "program", "acceptance": "project"}]
    for answer in answers:  # the Checks while the server is away: unaffected
        widget, result, seconds = check("duty-sort", answer)
        assert result == grade(bank["duty-sort"], answer)
        assert seconds < 1.0, f"a Check took {seconds:.2f} s with the server away"
    deadline = time.monotonic() + 15
    while joined.problem is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert joined.problem == "live view not reachable"
    answer = {"pmp": "newcomer"}
    widget, result, _ = check("cert-match", answer)
    assert "live view not reachable" in widget.status.value
    assert result == grade(bank["cert-match"], answer)

    server.start()  # same port, same file: the queued Checks arrive, none twice
    assert joined.flush(30), "the queued events were not sent after the restart"
    sent = rows(server)
    assert len(sent) == 4 and len(set(sent)) == 4
    assert server.wait_for(lambda s: s["seq"] == 4)["learners"] == 1
    widget, _, _ = check("cert-match", {"pmp": "project-manager"})
    assert joined.flush(10) and "not reachable" not in widget.status.value


def test_joining_with_a_wrong_code_says_so(server):
    with pytest.raises(course.UsageError, match="wrong class code"):
        course.join(server.url, "AAAAA-AAAAA")
    assert live_client.current() is None


def test_a_restarted_kernel_joins_again_as_the_same_learner(server):
    first = course.join(server.url, server.join_code)
    check("slack-numeric", "3")
    assert first.flush(10)
    live_client.leave()  # the kernel restarts: a new client, the kept token
    token = (Path(course.core.paths.course_home()) / "live-tokens.json").stat()
    assert token.st_mode & 0o777 == 0o600
    again = course.join(server.url, server.join_code, name="Ana")
    assert again.learner == first.learner and again.token == first.token
    check("slack-numeric", "4")
    assert again.flush(10)
    state = server.wait_for(lambda s: s["seq"] == 2)
    assert state["learners"] == 1 and state["exercises"][0]["who"][0]["name"] == "Ana"


def test_a_server_that_lost_its_learners_is_joined_again(server, tmp_path):
    joined = course.join(server.url, server.join_code)
    check("slack-numeric", "3")
    assert joined.flush(10)
    server.stop()
    for suffix in ("", "-wal", "-shm"):
        Path(str(server.db) + suffix).unlink(missing_ok=True)
    server.start()  # a new event file: the client's token means nothing to it, nor its code
    joined.code = server.join_code  # as if the learner ran course.join with the new code
    check("slack-numeric", "4")
    assert joined.flush(20) and joined.refused == 0
    assert len(rows(server)) == 1


def test_join_needs_an_address_and_a_code(monkeypatch):
    monkeypatch.delenv("JUPYTERHUB_API_TOKEN", raising=False)
    monkeypatch.delenv("PM_COURSE_LIVE", raising=False)
    with pytest.raises(course.UsageError, match="address"):
        course.join("10.0.0.5:8765", "PM-TEST")
    with pytest.raises(course.UsageError, match="class code"):
        course.join("http://127.0.0.1:9")


def test_joining_a_server_that_is_not_up_yet_queues_quietly(server):
    url = server.url
    server.stop()
    joined = course.join(url + "/?class=" + server.join_code)
    assert "not reachable now" in repr(joined)
    check("slack-numeric", "3")
    server.start()
    assert joined.flush(30)
    assert len(rows(server)) == 1


def test_pm_course_live_joins_every_learner_on_its_own(server, monkeypatch):
    monkeypatch.setenv("PM_COURSE_LIVE", f"{server.url}/?class={server.join_code}")
    check("slack-numeric", "3")
    assert live_client.current() is not None and live_client.current().flush(10)
    assert len(rows(server)) == 1


def test_an_answer_the_server_refuses_is_dropped_not_resent(tmp_path):
    from live_support import LiveServer

    bank = Path(__file__).parents[1] / "fixtures" / "banks" / "valid"
    with LiveServer(tmp_path / "other.sqlite", extra=["--bank", str(bank)]) as other:
        joined = course.join(other.url, other.join_code)
        widget, result, _ = check("slack-numeric", "3")  # not in that server's bank
        assert result is not None
        assert joined.flush(10)
        assert (joined.refused, joined.sent) == (1, 0)
        assert "no exercise 'slack-numeric'" in joined.problem
        assert len(rows(other)) == 0


def test_a_variant_s_answer_is_scored_live_against_that_variant(server):
    from course.core import variants

    joined = course.join(server.url, server.join_code, name="Ana Lima")
    widget = course.show("cpi-numeric", seed=4)
    key = variants.variant(load_bank()["cpi-numeric"], 4).data["answer"]
    widget.answer = f"{key:.3f}"
    assert widget.check().score == 1.0
    assert joined.flush(10)
    card = server.wait_for(lambda s: s["seq"] == 1)["exercises"][0]
    assert card["who"] == [{"name": "Ana Lima", "score": "100%"}]  # right live, not as seed 0
