"""Due dates on the documented exchange, with real system users (no browser needed).

The exchange is GRADER:pm-staff, mode 3753 (docs/running-a-class.md). Assignment ``a1``
(``project-definition``) was due 47 hours ago, 10 % off per day late. ada answers and
hands in now with ``pm-course submit`` (the installed wheel, as ada): two started days
late, 80 % of her score. ben writes a file by hand that says it was written three days
ago and sets its modification time back with ``touch -d``: on the exchange the hand-in
time is the time the file reached it, so ben is two days late as well, and ``grade``
warns with both times. The grader's ``assignments.toml`` sits in the course folder,
where ``grade`` finds it without ``--assignments``.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hubtools import PREFIX, REPO, group_id, run
from test_feedback_returned import as_user

from course.core.bank import load_bank

pytestmark = [pytest.mark.hub]


def test_a_backdated_file_on_the_exchange_is_late_by_when_it_reached_it(
    workdir, user_env, system_users
):
    tag = secrets.token_hex(2)
    staff_group = system_users.group(f"pm-staff-{tag}")
    staff = system_users.make(f"grader-{tag}", groups=(staff_group,))
    ada_id, ben_id = f"ada-{tag}", f"ben-{tag}"
    ada, ben = system_users.make(PREFIX + ada_id), system_users.make(PREFIX + ben_id)
    exchange = workdir / f"srv-{tag}" / "submissions"
    exchange.mkdir(parents=True)
    os.chmod(exchange.parent, 0o755)
    os.chown(exchange, staff.pw_uid, group_id(staff_group))
    os.chmod(exchange, 0o3753)

    record = {"exercise": "project-definition", "learner": ada_id, "answer": ["pmi"]}
    code = f"from course.learner.journal import Journal; Journal().append({record!r})"
    as_user(ada, user_env, "python", "-c", code)
    as_user(ada, user_env, "pm-course", "submit", "--student", ada_id, "--out", str(exchange))

    three_days_ago = datetime.now(UTC) - timedelta(days=3)
    forged = {
        "format": "pm-course-submission", "version": 1, "student": ben_id,
        "created": three_days_ago.isoformat(), "course_version": "0.1.0",
        "bank_fingerprint": load_bank(REPO / "exercises").fingerprint(),
        "answers": {"project-definition": {"answer": ["pmi"]}},
    }  # fmt: skip
    path = exchange / f"{ben_id}-20000101T000000Z-00000000.json"
    write = f"open({str(path)!r}, 'w').write({json.dumps(forged)!r})"
    as_user(ben, user_env, "python", "-c", write)
    as_user(ben, user_env, "touch", "-d", "3 days ago", str(path))
    assert datetime.fromtimestamp(path.stat().st_mtime, UTC) < three_days_ago + timedelta(hours=1)

    course = Path(staff.pw_dir) / "pm-course"
    for name in ("exercises", "notebooks"):
        shutil.copytree(REPO / name, course / name)
    due = (datetime.now(UTC) - timedelta(hours=47)).isoformat(timespec="seconds")
    (course / "assignments.toml").write_text(
        f'[[assignment]]\nid = "a1"\ntitle = "Projects"\nexercises = ["project-definition"]\n'
        f'due = "{due}"\nlate = {{ policy = "penalty", per_day = 10, max_days = 5 }}\n'
    )
    run("chown", "-R", f"{staff.pw_name}:", str(course))
    os.chmod(staff.pw_dir, 0o700)
    out = as_user(staff, user_env, "pm-course", "grade", str(exchange), "--gradebook",
                  "class.sqlite", "--quiet", cwd=course).stdout  # fmt: skip
    assert "2 graded" in out and "Shared exchange: each file's owner was checked" in out, out
    assert "Assignment a1 (Projects), due " in out and ": 2 of 2 student(s) answered it" in out
    assert f"  LATE {ada_id}: 2 day(s), 20 % off: 1 -> 0.8" in out, out
    assert f"  LATE {ben_id}: 2 day(s), 20 % off: 1 -> 0.8" in out, out
    said = three_days_ago.strftime("%Y-%m-%d %H:%M")
    assert f"though it says it was written {said} UTC" in out, out
