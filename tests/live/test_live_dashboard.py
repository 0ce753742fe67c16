"""The dashboard in real Chromium: simulated learners post, the page updates without reloading."""

from __future__ import annotations

import random
import re

import pytest
from live_support import item_text, learner_event, simulated_answer
from playwright.sync_api import expect

from course import load_bank
from course.core import paths
from course.live.tally import notebook_order

pytestmark = pytest.mark.browser
EXERCISES = ("duty-sort", "career-ladder", "cert-match", "slack-numeric")


def post_class(server, learners: int, exercises=EXERCISES, seed: int = 13) -> None:
    """``learners`` simulated learners each Check every exercise once (learner n, each from
    an address of its own, joins once per server and is the same learner later)."""
    bank, rng = load_bank(), random.Random(seed)
    joined = server.__dict__.setdefault("simulated", {})
    for n in range(learners):
        name = f"Learner {n + 1:02d}" if n % 3 == 0 else None
        if n not in joined:
            joined[n] = server.join(name, source=f"127.0.1.{n + 2}").token
        token = joined[n]
        for exercise_id in exercises:
            ex = bank[exercise_id]
            event = learner_event(ex, simulated_answer(ex, rng))
            assert server.post(event, token=token)[0] == 201


def test_answers_appear_live_names_stay_hidden_until_revealed(server, page, output_dir):
    page.goto(server.dashboard)
    expect(page.locator("#status")).to_have_text("live")
    expect(page.locator("main")).to_contain_text("No answers yet")
    page.evaluate("window.notReloaded = true")

    post_class(server, 3, ["duty-sort"])
    duty = page.locator('[data-exercise="duty-sort"]')
    expect(duty.locator(".answered")).to_have_text("3 learners have answered")
    post_class(server, 30, seed=7)  # the rest of the room, on four exercises
    expect(duty.locator(".answered")).to_have_text("30 learners have answered")
    expect(page.locator("#learners")).to_have_text("30 learners")
    assert page.evaluate("window.notReloaded") is True

    cards = page.locator(".card").evaluate_all("cs => cs.map(c => c.dataset.exercise)")
    in_notebooks = [i for i, _ in notebook_order(paths.notebooks_dir()) if i in EXERCISES]
    assert cards == in_notebooks and len(cards) == 4
    first_wrong = duty.locator("ol.wrong li").first
    expect(first_wrong).to_contain_text(item_text("duty-sort", "interdependencies"))
    expect(first_wrong).to_contain_text("put it under Project manager")
    expect(page.locator('[data-exercise="career-ladder"] ol.wrong li').first).to_contain_text(
        "put it at step"
    )
    # each type's own words (PLACE_WORDS in course/core/types): a pair, not a bucket
    cert = page.locator('[data-exercise="cert-match"] ol.wrong li').first
    expect(cert).to_contain_text(re.compile(r"\d+ of \d+ paired it with .+; it belongs with "))
    body = page.locator("body").inner_text()
    assert "Learner 01" not in body and "learner " not in body.lower().replace("learners", "")
    assert not re.search(r"\d\.\d", page.locator("main").inner_text()), "a raw float shown"
    page.screenshot(path=output_dir / "dashboard-30-learners.png", full_page=True)

    page.get_by_role("button", name="Show names").click()
    expect(duty.locator(".who")).to_contain_text("Learner 01")
    page.get_by_role("button", name="Hide names").click()
    expect(duty.locator(".who")).to_have_count(0)

    duty.get_by_role("button", name="Whose duty is it?").click()
    expect(page.locator(".card")).to_have_count(1)
    page.screenshot(path=output_dir / "dashboard-focus.png")
    page.keyboard.press("Escape")
    expect(page.locator(".card")).to_have_count(4)
    duty.get_by_role("button", name="Whose duty is it?").click()
    page.get_by_role("button", name="All exercises").click()
    expect(page.locator(".card")).to_have_count(4)


def test_the_dashboard_refuses_to_be_framed(server, page):
    """Another page cannot frame the dashboard and read it; opened on its own, it works."""
    post_class(server, 2, ["duty-sort"])
    page.set_content(f'<iframe src="{server.dashboard}" width="1200" height="800"></iframe>')
    frame = page.frame_locator("iframe")
    expect(frame.locator("#reveal")).to_have_count(0, timeout=5000)
    page.goto(server.dashboard)  # the same address in its own tab
    expect(page.locator('[data-exercise="duty-sort"] .answered')).to_have_text(
        "2 learners have answered"
    )


def test_a_learner_without_the_token_sees_no_dashboard(server, page):
    post_class(server, 2, ["duty-sort"])
    response = page.goto(f"{server.url}/dashboard")
    assert response.status == 403
    assert "instructor token" in page.content()
    assert "Whose duty" not in page.content()
