"""A class on a real JupyterHub, end to end, exactly as docs/running-a-class.md says.

1. The instructor writes the student release into a clone of the student
   repository and commits it (a local git repository stands in for GitHub);
   releasing again into the clone updates it in place and changes nothing.
2. The hub's user environment gets the pm-course wheel and nbgitpuller (the
   ``user_env`` fixture); the exchange folder is made as documented: group
   ``pm-staff``, setgid and sticky, learners may write but not list it.
3. Three learners (system users ``jupyter-NAME``, hub users ``NAME``) each
   click the nbgitpuller link in Chromium, log in, land in the capstone
   notebook, run it, answer two graded exercises and *Save answer*, then open
   a terminal in JupyterLab and run ``pm-course submit --out EXCHANGE``.
4. A learner hands in a file by hand in another learner's name: grading
   rejects it (its owner is not the student it names), the grader (the
   folder's owner) removes it, learners cannot.
5. A staff user (not root, in the staff group) grades the exchange folder
   with ``pm-course grade`` from a copy of the full course: every learner's
   answers are graded against their own draw, with the scores their answers
   deserve; ``grade`` warns while the copy is readable by all, not once it is
   private.
6. Every file the grader writes (gradebook, feedback pages, report, exports,
   quiz exports) is read as a learner: every read must fail.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import stat
import subprocess
import sys
import urllib.parse
from datetime import UTC, datetime
from pathlib import Path

import pytest
from helpers import KERNEL_READY, exercise, expect, run_all
from hubtools import PREFIX, REPO, GitServer, group_id, run, wait_for

from course.core import variants
from course.core.bank import load_bank
from course.instructor.gradebook import open_existing

pytestmark = [pytest.mark.hub, pytest.mark.slow]
SCREENSHOTS = REPO / "test-output" / "hub"
RECORDED = "Answer recorded: this exercise is graded later by your instructor."
BUDGET = "capstone-budget"
DRAW = "capstone-duty-draw"
TIMEOUT_MS = 60_000


def make_student_repository(remote: Path, clone: Path) -> None:
    """The student repository (``remote``, bare, as on GitHub) and the instructor's clone:
    ``pm-course release`` into the clone, commit, push; releasing again changes nothing."""
    git = ["git", "-c", "user.name=Instructor", "-c", "user.email=instructor@example.org"]
    run("git", "init", "-q", "--bare", "-b", "main", str(remote))
    run("git", "clone", "-q", str(remote), str(clone))
    release = [sys.executable, "-m", "course", "release", str(clone)]
    env = {k: v for k, v in os.environ.items() if k != "PM_COURSE_ROOT"}
    run(*release, cwd=REPO, env=env)
    run(*git, "-C", str(clone), "add", "-A")
    run(*git, "-C", str(clone), "commit", "-q", "-m", "Student release")
    run("git", "-C", str(clone), "push", "-q", "origin", "main")
    run(*release, cwd=REPO, env=env)
    assert run("git", "-C", str(clone), "status", "--porcelain") == "", "release changed files"


def make_exchange(folder: Path, staff_group: str, grader_uid: int) -> Path:
    """The exchange folder, as documented: GRADER:pm-staff, mode 3753 (setgid and sticky)."""
    folder.mkdir(parents=True)
    os.chmod(folder.parent, 0o755)
    os.chown(folder, grader_uid, group_id(staff_group))
    os.chmod(folder, 0o3753)
    return folder


def nbgitpuller_link(hub, repo_url: str) -> str:
    folder = repo_url.rsplit("/", 1)[1]  # where nbgitpuller clones it, in the home folder
    query = urllib.parse.urlencode(
        {
            "repo": repo_url,
            "branch": "main",
            "urlpath": f"lab/tree/{folder}/notebooks/14-capstone.ipynb",
        }
    )
    return hub.url(f"hub/user-redirect/git-pull?{query}")


def open_terminal(page):
    """File > New > Terminal in JupyterLab; returns the terminal's locator."""
    page.locator(".lm-MenuBar-itemLabel").filter(has_text=re.compile("^File$")).click()
    page.locator(".lm-Menu-item").filter(has_text=re.compile("^New$")).hover()
    page.locator('.lm-Menu-item[data-command="terminal:create-new"]').click()
    terminal = page.locator(".jp-Terminal").last
    expect(terminal).to_be_visible(timeout=TIMEOUT_MS)
    return terminal


def learner_session(browser, hub, link, learner, bank, budget, exchange) -> Path:
    """One learner's class in Chromium: pull, answer, save, submit; returns the submission."""
    context = browser.new_context(viewport={"width": 1280, "height": 1000})
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    try:
        page.goto(link)
        page.locator("#username_input").fill(learner)
        page.locator("#password_input").fill("dummy-authenticator-takes-any")
        page.locator("#login_submit").click()
        page.wait_for_url(re.compile(rf"/user/{learner}/lab"), timeout=180_000)
        page.wait_for_function(KERNEL_READY, timeout=120_000)
        run_all(page)

        number = exercise(page, BUDGET)
        number.scroll_into_view_if_needed()
        number.locator(".pm-number input").fill(budget)
        number.get_by_role("button", name="Save answer").click()
        expect(number.locator(".pm-feedback")).to_have_text(RECORDED)

        duties = exercise(page, DRAW)
        duties.scroll_into_view_if_needed()
        labels = {b["id"]: b["label"] for b in bank[DRAW].data["buckets"]}
        for item in bank[DRAW].for_learner(learner).items():  # this learner's own draw
            duties.locator(f".pm-pick-{item['id']} input").fill(labels[item["answer"]])
        duties.get_by_role("button", name="Save answer").click()
        expect(duties.locator(".pm-feedback")).to_have_text(RECORDED)
        page.screenshot(path=SCREENSHOTS / f"{learner}-capstone.png")

        def handed_in() -> set[Path]:  # not the hidden temporary file a hand-in is renamed from
            return {p for p in exchange.iterdir() if not p.name.startswith(".")}

        before = handed_in()
        terminal = open_terminal(page)
        terminal.click()
        page.keyboard.type(f"pm-course submit --out {exchange}")
        page.keyboard.press("Enter")
        wait_for(lambda: handed_in() - before, 60, f"{learner}'s submission")
        (submission,) = handed_in() - before
        page.screenshot(path=SCREENSHOTS / f"{learner}-submit.png")
        return submission
    except Exception:
        page.screenshot(path=SCREENSHOTS / f"{learner}-failure.png", full_page=True)
        (SCREENSHOTS / f"{learner}-failure.txt").write_text(
            f"{page.url}\n\n{page.locator('body').inner_text()}\n\n{hub.log()}"
        )
        raise
    finally:
        context.close()


def test_a_class_on_a_hub_pull_answer_submit_collect_grade(
    workdir, user_env, system_users, start_hub, hub_browser, request
):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    tag = secrets.token_hex(2)
    learners = [f"ada-{tag}", f"ben-{tag}", f"cy-{tag}"]
    staff_group = system_users.group(f"pm-staff-{tag}")
    staff = system_users.make(f"grader-{tag}", groups=(staff_group,))
    accounts = {name: system_users.make(PREFIX + name) for name in learners}

    served = workdir / f"git-{tag}"
    make_student_repository(served / "pm-course-student", workdir / f"clone-{tag}")
    git_server = GitServer(served)
    request.addfinalizer(git_server.close)
    exchange = make_exchange(workdir / f"srv-{tag}" / "submissions", staff_group, staff.pw_uid)
    hub = start_hub(learners)
    link = nbgitpuller_link(hub, git_server.url("pm-course-student"))
    bank = load_bank(REPO / "exercises")
    # capstone-budget has a variant template: in the release each learner sees the numbers
    # of their own seed, so the right answer is their variant's key
    keys = {
        who: variants.variant(bank[BUDGET], variants.learner_seed(BUDGET, who)).data["answer"]
        for who in learners
    }
    budgets = {who: f"{keys[who]:g}" for who in learners}
    budgets[learners[1]] = f"{keys[learners[1]] + 0.5:g}"  # the one wrong budget

    submissions = {}
    for learner in learners:
        submissions[learner] = learner_session(
            hub_browser, hub, link, learner, bank, budgets[learner], exchange
        )
        home = Path(accounts[learner].pw_dir)
        clone = home / "pm-course-student"
        assert (clone / ".git").is_dir() and (clone / "exercises" / f"{BUDGET}.toml").is_file()
        journal = home / ".local" / "share" / "pm-course" / "journal.jsonl"
        records = [json.loads(line) for line in journal.read_text().splitlines()[1:]]
        learners_seen = {record.get("learner") for record in records}
        assert learners_seen == {learner}, "the widgets answer as $JUPYTERHUB_USER"

    # Each file: the learner's, the staff group's to read, no one else's.
    for learner, path in submissions.items():
        info = path.stat()
        assert path.name.startswith(f"{learner}-") and stat.S_IMODE(info.st_mode) == 0o640
        assert info.st_uid == accounts[learner].pw_uid
        assert info.st_gid == group_id(staff_group)
    other = PREFIX + learners[1]
    peek = subprocess.run(
        ["runuser", "-u", other, "--", "cat", str(submissions[learners[0]])], capture_output=True
    )
    assert peek.returncode != 0, "a learner could read another learner's submission"
    listing = subprocess.run(
        ["runuser", "-u", other, "--", "ls", str(exchange)], capture_output=True
    )
    assert listing.returncode != 0, "a learner could list the exchange folder"

    remove = subprocess.run(
        ["runuser", "-u", other, "--", "rm", "-f", str(submissions[learners[0]])],
        capture_output=True,
    )
    assert remove.returncode != 0 and submissions[learners[0]].exists(), "a learner removed one"

    # A learner hands in a file by hand in another's name, with a wrong budget.
    forged_doc = json.loads(submissions[learners[0]].read_text())
    forged_doc["answers"] = {BUDGET: {"answer": 0.0, "time": forged_doc["created"]}}
    forged_doc["created"] = datetime.now(UTC).isoformat(timespec="microseconds")  # the latest
    forged = exchange / f"{learners[0]}-forged.json"
    write = ["runuser", "-u", other, "--", "sh", "-c", f"cat > {forged}"]
    subprocess.run(write, input=json.dumps(forged_doc), text=True, check=True)
    assert forged.stat().st_uid == accounts[learners[1]].pw_uid

    # Collect and grade as staff, not root, from a copy of the full course (it has the keys),
    # first left readable by all, as a plain clone in a Debian home (0755) is.
    course = Path(staff.pw_dir) / "pm-course"
    for name in ("exercises", "notebooks"):
        shutil.copytree(REPO / name, course / name)
    run("chown", "-R", f"{staff.pw_name}:", str(course))
    run("chmod", "-R", "u+rwX,go+rX", str(course))
    os.chmod(staff.pw_dir, 0o755)
    env = {"HOME": staff.pw_dir, "PATH": f"{user_env / 'bin'}:/usr/bin:/bin", "LANG": "C.UTF-8"}
    as_staff = [
        "runuser",
        "-u",
        staff.pw_name,
        "--",
        "env",
        "-i",
        *(f"{k}={v}" for k, v in env.items()),
    ]
    grade = [*as_staff, "pm-course", "grade", str(exchange), "--gradebook", "class.sqlite"]
    done = subprocess.run([*grade, "--quiet"], cwd=course, capture_output=True, text=True)
    assert done.returncode == 3, f"{done.stdout}\n{done.stderr}"  # 3: a file was rejected
    assert "3 graded" in done.stdout and "1 rejected" in done.stdout, done.stdout
    why = f"REJECTED {forged}: handed in by {other}, not by {learners[0]!r}"
    assert why in done.stdout, done.stdout
    assert "WARNING: other users of this machine can read the answer keys" in done.stderr

    # The grader (the folder's owner) removes the forged file; then a regrade is clean,
    # and with the checkout private, grade no longer warns.
    run(*as_staff, "rm", str(forged))
    os.chmod(staff.pw_dir, 0o700)
    done = subprocess.run(
        [*grade, "--quiet", "--regrade"], cwd=course, capture_output=True, text=True
    )
    assert done.returncode == 0, f"{done.stdout}\n{done.stderr}"
    assert "3 graded" in done.stdout and "0 rejected" in done.stdout, done.stdout
    assert "Shared exchange" in done.stdout and "WARNING" not in done.stderr, done.stderr

    with open_existing(course / "class.sqlite") as book:
        grades = {(g["student"], g["exercise"]): g for g in book.grades()}
    for learner in learners:
        duties = grades[(learner, DRAW)]
        assert duties["score"] == duties["max_score"] == bank[DRAW].points, learner
        right = learner != learners[1]
        assert grades[(learner, BUDGET)]["score"] == (bank[BUDGET].points if right else 0)

    # Everything the grader writes, read as a learner, with the grader's home open again.
    outputs = [
        ["feedback", "--gradebook", "class.sqlite", "--out", "feedback"],
        ["report", "--gradebook", "class.sqlite", "--out", "report.html"],
        ["export", "--gradebook", "class.sqlite", "--out", "grades.csv"],
        ["export-quiz", "--format", "moodle-xml", "--out", "quiz.xml"],
        ["export-quiz", "--format", "gift", "--out", "quiz.gift.txt"],
        ["export-quiz", "--format", "qti", "--out", "quiz.zip"],
    ]
    for command in outputs:
        run(*as_staff, "pm-course", *command, cwd=course)
    for folder in (staff.pw_dir, course, course / "feedback"):  # only the files' modes left
        os.chmod(folder, 0o755)
    written = ["class.sqlite", "report.html", "grades.csv", "quiz.xml", "quiz.gift.txt"]
    written += ["quiz.zip", *(f"feedback/feedback-{learner}.html" for learner in learners)]
    for name in written:
        assert (course / name).is_file(), name
        peek = subprocess.run(
            ["runuser", "-u", other, "--", "cat", str(course / name)], capture_output=True
        )
        assert peek.returncode != 0 and not peek.stdout, f"a learner could read {name}"
