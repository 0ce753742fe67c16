"""The live view as a JupyterHub service, on a real hub (configurable-http-proxy, dummy logins).

The hub runs ``pm-course live --hub`` as a managed service. Learners post with
their hub tokens, as their kernels would with ``JUPYTERHUB_API_TOKEN`` and
``PM_COURSE_LIVE`` (no class code); the dashboard logs in through the hub and
lets in the admin and the named group, nobody else. Its own users and ports,
apart from the class-operations hub test.

Without JupyterHub, configurable-http-proxy or Chromium the test skips, except
under CI (``CI`` set), where that is a failure.
"""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from live_support import REPO, request
from loopback import free_port
from playwright.sync_api import expect

import course
from course.live import client as live_client

pytestmark = [pytest.mark.browser, pytest.mark.slow]
PASSWORD = "live-test-password"
ADMIN_TOKEN = "live-test-admin-" + os.urandom(8).hex()
START_S = 90.0


def needs(ok: bool, why: str) -> None:
    if not ok:
        hint = "pip install jupyterhub; npm install -g configurable-http-proxy"
        if os.environ.get("CI"):
            pytest.fail(f"{why}: CI must run the hub test ({hint})", pytrace=False)
        pytest.skip(f"{why} ({hint})")


CONFIG = """
c.JupyterHub.ip = "127.0.0.1"
c.JupyterHub.port = {port}
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = {hub_port}
c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:{proxy_port}"
c.JupyterHub.db_url = "sqlite:///{tmp}/jupyterhub.sqlite"
c.JupyterHub.cookie_secret_file = "{tmp}/jupyterhub_cookie_secret"
c.JupyterHub.authenticator_class = "dummy"
c.DummyAuthenticator.password = "{password}"
c.Authenticator.allow_all = True
c.Authenticator.admin_users = {{"live-teacher"}}
c.JupyterHub.load_groups = {{"live-instructors": {{"users": ["live-helper"]}}}}
c.JupyterHub.services = [
    {{
        "name": "live",
        "url": "http://127.0.0.1:{service_port}",
        "command": {command},
        "environment": {environment},
        "oauth_no_confirm": True,
    }},
    {{"name": "live-test-admin", "api_token": "{admin_token}"}},
]
c.JupyterHub.load_roles = [
    {{"name": "live-instructors", "groups": ["live-instructors"],
      "scopes": ["access:services!service=live"]}},
    {{"name": "live-test-admin", "services": ["live-test-admin"],
      "scopes": ["admin:users", "tokens"]}},
]
"""


class Hub:
    def __init__(self, tmp: Path):
        self.tmp = tmp
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.live = f"{self.url}/services/live"
        self.service_port = free_port()
        command = [sys.executable, "-m", "course.cli", "live", "--hub"]
        command += ["--hub-group", "live-instructors", "--db", str(tmp / "live.sqlite")]
        environment = {"PM_COURSE_ROOT": str(REPO), "PATH": os.environ["PATH"]}
        (tmp / "jupyterhub_config.py").write_text(
            CONFIG.format(
                port=self.port,
                hub_port=free_port(),
                proxy_port=free_port(),
                service_port=self.service_port,
                tmp=tmp,
                password=PASSWORD,
                admin_token=ADMIN_TOKEN,
                command=json.dumps(command),
                environment=json.dumps(environment),
            )
        )
        self.log = open(tmp / "hub.log", "w")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "jupyterhub", "-f", "jupyterhub_config.py"],
            cwd=tmp,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )

    def wait(self) -> None:
        end = time.monotonic() + START_S
        while time.monotonic() < end:
            assert self.process.poll() is None, "jupyterhub exited:\n" + self.output()
            try:
                if request(self.live + "/", timeout=2)[0] == 200:
                    return
            except OSError:
                pass
            time.sleep(0.3)
        raise AssertionError("the hub or its live service did not start:\n" + self.output())

    def output(self) -> str:
        self.log.flush()
        return (self.tmp / "hub.log").read_text()

    def api(self, path: str, body: dict | None = None):
        data = json.dumps(body).encode() if body is not None else None
        headers = {"Authorization": f"token {ADMIN_TOKEN}", "Content-Type": "application/json"}
        return request(f"{self.url}/hub/api{path}", data, headers)

    def token_for(self, user: str) -> str:
        status, reply = self.api(f"/users/{user}/tokens", {"note": "live view test kernel"})
        assert status == 201, reply
        return reply["token"]

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=60)
        self.log.close()
        out = REPO / "test-output" / "live"
        out.mkdir(parents=True, exist_ok=True)
        shutil.copy(self.tmp / "hub.log", out / "hub.log")  # for reading after a failure


@pytest.fixture(scope="module")
def hub(tmp_path_factory):
    needs(importlib.util.find_spec("jupyterhub") is not None, "JupyterHub is not installed")
    needs(shutil.which("configurable-http-proxy") is not None, "configurable-http-proxy is missing")
    hub = Hub(tmp_path_factory.mktemp("live-hub"))
    try:
        hub.wait()
        status, reply = hub.api("/users", {"usernames": ["live-ana", "live-ben", "live-helper"]})
        assert status in (201, 409), reply
        yield hub
    finally:
        hub.stop()
        time.sleep(0.5)
        with pytest.raises(OSError):  # the hub stopped its managed service too
            request(f"http://127.0.0.1:{hub.service_port}/", timeout=2)


def learner_checks(hub: Hub, user: str, monkeypatch, answer: dict) -> None:
    """A learner's kernel on the hub: PM_COURSE_LIVE and the hub token, then a Check."""
    live_client.leave()
    monkeypatch.setenv("PM_COURSE_LIVE", hub.live + "/")
    monkeypatch.setenv("JUPYTERHUB_API_TOKEN", hub.token_for(user))
    monkeypatch.setenv("PM_COURSE_LEARNER", user)
    widget = course.show("duty-sort")
    widget.answer = answer
    assert widget.check() is not None
    assert live_client.current().flush(20), "the hub service did not take the answer"
    assert live_client.current().refused == 0
    live_client.leave()


def login(page, hub: Hub, user: str) -> None:
    page.goto(f"{hub.url}/hub/login")
    page.fill("#username_input", user)
    page.fill("#password_input", PASSWORD)
    page.click("#login_submit")
    page.wait_for_url(lambda url: "/hub/login" not in url)


def test_learners_identified_by_the_hub_and_only_instructors_watch(hub, page, monkeypatch):
    learner_checks(hub, "live-ana", monkeypatch, {"interdependencies": "project"})
    learner_checks(hub, "live-ben", monkeypatch, {"interdependencies": "program"})

    event = {"id": os.urandom(8).hex(), "exercise": "duty-sort", "answer": {}, "score": None}
    status, reply = request(hub.live + "/api/events", json.dumps(event).encode())
    assert status == 401 and "hub token" in reply["error"]
    bogus = {"Authorization": "token not-a-real-token"}
    assert request(hub.live + "/api/events", json.dumps(event).encode(), bogus)[0] == 403
    ben = {"Authorization": f"token {hub.token_for('live-ben')}"}
    status, reply = request(hub.live + "/api/state", headers=ben)
    assert status == 403 and "live-ana" not in json.dumps(reply)

    login(page, hub, "live-teacher")  # a hub admin
    page.goto(hub.live + "/dashboard")
    duty = page.locator('[data-exercise="duty-sort"]')
    expect(duty.locator(".answered")).to_have_text("2 learners have answered")
    expect(duty).not_to_contain_text("live-ana")
    page.get_by_role("button", name="Show names").click()
    expect(duty.locator(".who")).to_contain_text("live-ana")
    expect(duty.locator(".who")).to_contain_text("live-ben")

    # a learner's own page, on the hub's origin (no subdomain_host), frames the dashboard
    # with the admin's cookie to read the names: the dashboard refuses to be framed
    evil = f"{hub.url}/user/live-ben/evil.html"
    page.route(
        evil,
        lambda route: route.fulfill(
            status=200,
            content_type="text/html",
            body=f'<iframe id="f" src="{hub.live}/dashboard" width="900" height="600"></iframe>',
        ),
    )
    answers = []
    page.on("response", lambda r: answers.append(r) if r.url.endswith("/dashboard") else None)
    page.goto(evil)
    page.wait_for_timeout(3000)
    assert any(
        "frame-ancestors 'none'" in r.headers.get("content-security-policy", "") for r in answers
    ), [(r.url, r.status) for r in answers]
    expect(page.frame_locator("#f").locator("#reveal")).to_have_count(0)
    inside = page.evaluate(
        "() => { try { const d = document.getElementById('f').contentDocument;"
        " return d ? d.body.innerText : 'no document'; } catch (e) { return 'blocked'; } }"
    )
    assert "live-ana" not in inside and "Whose duty" not in inside, inside
    page.unroute(evil)

    page.context.clear_cookies()
    login(page, hub, "live-helper")  # in the named group, not an admin
    page.goto(hub.live + "/dashboard")
    expect(duty.locator(".answered")).to_have_text("2 learners have answered")

    page.context.clear_cookies()
    login(page, hub, "live-ben")  # a learner
    response = page.goto(hub.live + "/dashboard")
    assert response.status == 403
    assert "Whose duty" not in page.content() and "live-ana" not in page.content()
