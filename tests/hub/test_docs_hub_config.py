"""The hub of docs/jupyterhub_config.py itself: PAM log-in with a real password, a server.

The file is run as the docs give it; only what differs between servers comes from
the environment it documents (``PM_COURSE_ENV``, ``PM_COURSE_HUB_USERS``, ports and
the state folder): free loopback ports and the test's own user environment (the
``user_env`` fixture: the pm-course wheel, nbgitpuller, jupyterhub). A real system user
with a password logs in through PAM in Chromium; the hub spawns their JupyterLab from
the course's environment, as that user; a wrong password is refused; stopping the hub
stops the server.
"""

from __future__ import annotations

import os
import re
import secrets
import signal
import subprocess
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from helpers import expect
from hubtools import REPO, wait_for, wait_or_kill
from loopback import free_port

pytestmark = [pytest.mark.hub]
CONFIG = REPO / "docs" / "jupyterhub_config.py"
SCREENSHOTS = REPO / "test-output" / "hub"


def server_processes(uid: int) -> list[int]:
    """Ids of the processes of ``uid`` that run ``jupyterhub-singleuser``."""
    found = []
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            lines = status.read_text().splitlines()
            owner = next(int(line.split()[1]) for line in lines if line.startswith("Uid:"))
            command = (status.parent / "cmdline").read_bytes()
        except (OSError, StopIteration, ValueError):
            continue
        if owner == uid and b"jupyterhub-singleuser" in command:
            found.append(int(status.parent.name))
    return found


def environ(pid: int) -> dict[str, str]:
    raw = Path(f"/proc/{pid}/environ").read_bytes().split(b"\0")
    return dict(part.decode().split("=", 1) for part in raw if b"=" in part)


def test_the_documented_hub_config_logs_a_pam_user_in_and_spawns_their_server(
    workdir, user_env, system_users, hub_browser
):
    name = f"pmc{secrets.token_hex(2)}"
    learner = system_users.make(name)
    password = secrets.token_urlsafe(12)
    subprocess.run(["chpasswd"], input=f"{name}:{password}", text=True, check=True)
    state = workdir / f"docs-hub-{secrets.token_hex(2)}"
    state.mkdir(mode=0o700)
    port = free_port()
    env = {
        **{k: v for k, v in os.environ.items() if k != "PYTHONPATH"},
        "PM_COURSE_ENV": str(user_env),
        "PM_COURSE_HUB_USERS": name,
        "PM_COURSE_HUB_ADMINS": "",
        "PM_COURSE_HUB_URL": f"http://127.0.0.1:{port}",
        "PM_COURSE_HUB_API": f"http://127.0.0.1:{free_port()}",
        "PM_COURSE_PROXY_API": f"http://127.0.0.1:{free_port()}",
        "PM_COURSE_HUB_STATE": str(state),
    }
    log = (state / "hub.log").open("wb")
    hub = subprocess.Popen(
        [str(user_env / "bin" / "jupyterhub"), "-f", str(CONFIG)],
        cwd=state, env=env, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
        start_new_session=True,
    )  # fmt: skip

    def hub_answers() -> bool:
        assert hub.poll() is None, (state / "hub.log").read_text(errors="replace")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/hub/login", timeout=5) as r:
                return r.status == 200
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            return False

    context = None
    try:
        wait_for(hub_answers, 90, "the hub of docs/jupyterhub_config.py answers")
        context = hub_browser.new_context(viewport={"width": 1280, "height": 900})
        context.set_default_timeout(60_000)
        page = context.new_page()
        page.goto(f"http://127.0.0.1:{port}/hub/login")
        page.locator("#username_input").fill(name)
        page.locator("#password_input").fill(password + "x")
        page.locator("#login_submit").click()
        expect(page.locator("body")).to_contain_text("Invalid username or password")
        assert not server_processes(learner.pw_uid)
        page.locator("#username_input").fill(name)
        page.locator("#password_input").fill(password)
        page.locator("#login_submit").click()
        page.wait_for_url(re.compile(rf"/user/{name}/lab"), timeout=180_000)
        expect(page.locator(".jp-Launcher")).to_be_visible(timeout=120_000)  # JupyterLab
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=SCREENSHOTS / "docs-config-lab.png")
        (pid,) = server_processes(learner.pw_uid)  # one server, run as the learner
        server_env = environ(pid)
        assert server_env["PATH"].startswith(f"{user_env}/bin:")  # the course's environment
        assert server_env["JUPYTERHUB_USER"] == name
        assert (user_env / "bin" / "pm-course").exists()
    finally:
        if context is not None:
            context.close()
        hub.send_signal(signal.SIGTERM)  # the hub stops its servers and its proxy
        wait_or_kill(hub, 60)
        log.close()
    wait_for(lambda: not server_processes(learner.pw_uid), 30, "the learner's server stopped")
