"""Fixtures for the JupyterHub tests: a real hub, real system users, a learner's Chromium.

* ``user_env`` (session): the hub's *user environment*, as an admin makes it
  (docs/running-a-class.md, step 1): a virtual environment every user can run,
  with a wheel of pm-course built from this repository, nbgitpuller and the
  hub's own jupyterhub version (for ``jupyterhub-singleuser``).
* ``system_users`` : a factory ``make(name, groups=())`` that creates a real
  system user (``useradd``) with a home under a temporary folder; at the end
  every process of those users is killed by its id and the users, their groups
  and homes are removed.
* ``start_hub``: a factory ``start(users, extra_config="") -> Hub`` that starts
  JupyterHub on 127.0.0.1 (free ports) with configurable-http-proxy, a dummy
  authenticator allowing ``users``, and a spawner that runs hub user ``NAME``
  as system user ``jupyter-NAME`` (as The Littlest JupyterHub does).
  ``extra_config`` is appended to ``jupyterhub_config.py``, for tests that add a
  service or change a setting. Each hub is stopped at the end, with every
  server it spawned.
* ``hub_browser``: headless Debian Chromium.

The tests need root (to create users and spawn as them), configurable-http-proxy
(``npm install -g configurable-http-proxy``), jupyterhub, nbgitpuller, git and
Chromium. Without one of them they skip with how to get it, except in CI
(``CI`` set), where that is a failure: CI must run them.
"""

from __future__ import annotations

import importlib.util
import json
import os
import secrets
import shutil
import sys
import tempfile
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "browser"))
from helpers import CHROMIUM, CHROMIUM_ARGS, INSTALL_HINT, REPO, sync_playwright  # noqa: E402
from hubtools import PROXY, PROXY_HINT, Hub, SystemUsers, everyone_can_run, exists, run  # noqa: E402

from tests import needs  # noqa: E402


def shared_python() -> Path | None:
    """A Python 3.11+ every user may run: this one, else Debian's (``/root`` is closed)."""
    return everyone_can_run(Path(sys.executable)) or everyone_can_run(Path("/usr/bin/python3"))


def unavailable(why: str) -> None:
    """Skip with how to get what is missing; in CI, fail (``tests/needs.py``)."""
    needs.unavailable(why, "the JupyterHub tests")


@pytest.fixture(scope="session")
def hub_requirements() -> None:
    """Everything the hub tests need is here (else a skip, or a failure in CI)."""
    if os.geteuid() != 0:
        unavailable("the JupyterHub tests create system users and must run as root")
    for module in ("jupyterhub", "nbgitpuller", "build"):
        if importlib.util.find_spec(module) is None:
            unavailable(f"{module} is not installed (pip install -e '.[test]')")
    commands = {
        PROXY: PROXY_HINT,
        "useradd": "apt-get install passwd",
        "git": "apt-get install git",
    }
    for command, hint in commands.items():
        if shutil.which(command) is None:
            unavailable(f"{command} is not on PATH ({hint})")
    if not (os.path.isfile(CHROMIUM) and os.access(CHROMIUM, os.X_OK)):
        unavailable(f"Chromium is not installed at {CHROMIUM}. {INSTALL_HINT}")
    if sync_playwright is None:
        unavailable("Playwright for Python is not installed (pip install -e '.[test]')")
    if shared_python() is None:
        unavailable("no Python 3.11+ that every user may run (install Debian's python3)")


@pytest.fixture(scope="session")
def workdir(hub_requirements) -> Path:
    """A folder every user can reach (pytest's own tmp folder is root's only)."""
    folder = Path(tempfile.mkdtemp(prefix="pm-hub-"))
    folder.chmod(0o755)
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="session")
def user_env(workdir: Path) -> Path:
    """The hub's user environment, with the pm-course wheel built from this repository."""
    import jupyterhub

    dist = workdir / "dist"
    run(sys.executable, "-m", "build", "--wheel", "--outdir", str(dist), str(REPO))
    (wheel,) = dist.glob("pm_course-*.whl")
    python = shared_python()
    env = workdir / "user-env"
    run(str(python), "-m", "venv", str(env))
    pip = [str(env / "bin" / "python"), "-m", "pip", "install", "-q"]
    # Without PYTHONPATH: with the checkout on it (as for the other tests), pip takes
    # pm-course for installed already (its egg-info) and installs no `pm-course` command.
    clean = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    run(*pip, str(wheel), "nbgitpuller", f"jupyterhub=={jupyterhub.__version__}", env=clean)
    # As an admin would: no news or update pop-ups (and no network calls) in JupyterLab.
    settings = env / "share" / "jupyter" / "lab" / "settings"
    settings.mkdir(parents=True, exist_ok=True)
    news = {"fetchNews": "false", "checkForUpdates": False}
    overrides = {"@jupyterlab/apputils-extension:notification": news}
    (settings / "overrides.json").write_text(json.dumps(overrides), encoding="utf-8")
    # Terminals start bash without login, so they keep the servers' PATH (with pm-course);
    # a login shell would reset it from /etc/profile.
    shell = {"ServerApp": {"terminado_settings": {"shell_command": ["/bin/bash"]}}}
    (env / "etc" / "jupyter").mkdir(parents=True, exist_ok=True)
    (env / "etc" / "jupyter" / "jupyter_server_config.json").write_text(json.dumps(shell))
    return env


@pytest.fixture
def system_users(workdir: Path):
    """A :class:`SystemUsers` for this test; the users are gone afterwards."""
    home_base = workdir / f"home-{secrets.token_hex(2)}"
    home_base.mkdir(mode=0o755)
    users = SystemUsers(home_base)
    yield users
    leftovers = users.remove()
    assert not [u for u in users.users if exists(u)], "a test user was not removed"
    assert not leftovers, f"processes of the test users were left running: {leftovers}"


@pytest.fixture
def start_hub(workdir: Path, user_env: Path):
    """``start(users, extra_config="")``: a running :class:`Hub`; stopped after the test."""
    hubs: list[Hub] = []

    def start(users: list[str], extra_config: str = "") -> Hub:
        hub = Hub(workdir / f"hub-{secrets.token_hex(3)}", user_env, users, extra_config)
        hubs.append(hub)
        return hub.start()

    yield start
    for hub in hubs:
        hub.stop()


@pytest.fixture(scope="session")
def hub_browser(hub_requirements, playwright_session):
    """Headless Chromium for the hub tests."""
    browser = playwright_session.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield browser
    browser.close()
