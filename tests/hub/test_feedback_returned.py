"""Feedback returned into the exchange, with real system users (no browser needed).

As docs/running-a-class.md says: the exchange is GRADER:pm-staff, mode 3753, with a
``.feedback`` folder made the same way. ``pm-course submit`` (the installed wheel, run
as each learner) makes the learner's own ``.feedback/ID/`` (mode 0770, staff group); the grader's
``pm-course feedback --return`` puts each page there. Each learner reads their own page
(and copies it home with ``course.feedback()``), and no other learner can read it or
list the folder. A folder another learner made in a victim's name gets no page.
"""

from __future__ import annotations

import os
import secrets
import shutil
import stat
import subprocess
from pathlib import Path

import pytest
from hubtools import PREFIX, REPO, group_id, run

pytestmark = [pytest.mark.hub]


def as_user(account, user_env, *cmd, cwd=None, check=True):
    env = {"HOME": account.pw_dir, "PATH": f"{user_env / 'bin'}:/usr/bin:/bin", "LANG": "C.UTF-8"}
    full = ["runuser", "-u", account.pw_name, "--", "env", "-i"]
    full += [f"{k}={v}" for k, v in env.items()]
    done = subprocess.run([*full, *cmd], cwd=cwd, capture_output=True, text=True)
    if check:
        assert done.returncode == 0, f"{cmd}: {done.stdout}\n{done.stderr}"
    return done


def test_feedback_returned_only_to_its_learner(workdir, user_env, system_users):
    tag = secrets.token_hex(2)
    staff_group = system_users.group(f"pm-staff-{tag}")
    staff = system_users.make(f"grader-{tag}", groups=(staff_group,))
    ids = [f"ada-{tag}", f"ben-{tag}", f"cy-{tag}"]
    learners = {i: system_users.make(PREFIX + i) for i in ids}
    ada, ben, cy = (learners[i] for i in ids)

    exchange = workdir / f"srv-{tag}" / "submissions"
    exchange.mkdir(parents=True)
    os.chmod(exchange.parent, 0o755)
    os.chown(exchange, staff.pw_uid, group_id(staff_group))
    os.chmod(exchange, 0o3753)
    as_user(staff, user_env, "mkdir", str(exchange / ".feedback"))
    as_user(staff, user_env, "chmod", "3753", str(exchange / ".feedback"))

    # ben makes a folder in cy's name before cy hands in
    as_user(ben, user_env, "mkdir", "-m", "2777", str(exchange / ".feedback" / ids[2]))
    for student, account in learners.items():
        as_user(account, user_env, "pm-course", "submit", "--student", student,
                "--out", str(exchange))  # fmt: skip
    mine = exchange / ".feedback" / ids[0]
    assert mine.stat().st_uid == ada.pw_uid and stat.S_IMODE(mine.stat().st_mode) & 0o777 == 0o770

    course = Path(staff.pw_dir) / "pm-course"
    for name in ("exercises", "notebooks"):
        shutil.copytree(REPO / name, course / name)
    run("chown", "-R", f"{staff.pw_name}:", str(course))
    os.chmod(staff.pw_dir, 0o700)
    book = ["--gradebook", "class.sqlite"]
    out = as_user(staff, user_env, "pm-course", "grade", str(exchange), *book, "--quiet",
                  cwd=course).stdout  # fmt: skip
    assert "3 graded" in out, out
    done = as_user(staff, user_env, "pm-course", "feedback", *book, "--return", str(exchange),
                   cwd=course)  # fmt: skip
    assert "Returned 2 page(s)" in done.stdout, done.stdout
    assert f"NOT RETURNED {ids[2]}: " in done.stderr and PREFIX + ids[1] in done.stderr

    page = mine / f"{ids[0]}.html"
    assert as_user(ada, user_env, "cat", str(page)).stdout.startswith("<!DOCTYPE html>")
    for other in (ben, cy):
        peek = as_user(other, user_env, "cat", str(page), check=False)
        assert peek.returncode != 0 and not peek.stdout, f"{other.pw_name} read ada's feedback"
        listing = as_user(other, user_env, "ls", str(mine), check=False)
        assert listing.returncode != 0, f"{other.pw_name} listed ada's feedback folder"
    assert not (exchange / ".feedback" / ids[2] / f"{ids[2]}.html").exists()
    assert as_user(staff, user_env, "cat", str(page)).returncode == 0  # staff read it too

    code = f"import course; print(course.feedback({str(exchange)!r}, {ids[0]!r}))"
    copy = Path(as_user(ada, user_env, "python", "-c", code).stdout.strip())
    assert copy == Path(ada.pw_dir) / "feedback" / f"{ids[0]}.html"
    assert copy.read_text() == page.read_text() and stat.S_IMODE(copy.stat().st_mode) == 0o600
