"""Real JupyterHub parts for the hub tests: system users, a hub, helpers (no pytest here).

See ``conftest.py`` for the fixtures that use them.
"""

from __future__ import annotations

import grp
import json
import os
import pwd
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "browser"))
from helpers import REPO, alive, wait_or_kill, wait_until  # noqa: E402,F401  (REPO: for the tests)
from loopback import free_port  # noqa: E402

PROXY = "configurable-http-proxy"
PROXY_HINT = "npm install -g configurable-http-proxy"
HUB_START_S = 60.0
PREFIX = "jupyter-"  # the system user of hub user NAME, as on TLJH


def everyone_can_run(python: Path) -> Path | None:
    """``python`` (resolved) if it is 3.11+ and every folder on its way is open to all."""
    real = python.resolve()
    if not real.is_file() or any(not os.stat(p).st_mode & 0o001 for p in real.parents):
        return None
    version = subprocess.run(
        [str(real), "-c", "import sys; print(sys.version_info >= (3, 11))"],
        capture_output=True,
        text=True,
    )
    return real if version.stdout.strip() == "True" else None


def run(*cmd, **kwargs) -> str:
    """Run ``cmd``; its output, or an assertion error with everything it said."""
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=600, **kwargs)
    assert done.returncode == 0, f"{cmd} failed ({done.returncode}):\n{done.stdout}\n{done.stderr}"
    return done.stdout


# --- system users ----------------------------------------------------------------------


@dataclass
class SystemUsers:
    """Real system users made for a test, and how to remove them again."""

    home_base: Path
    users: list[str] = field(default_factory=list)
    groups: list[str] = field(default_factory=list)

    def group(self, name: str) -> str:
        run("groupadd", name)
        self.groups.append(name)
        return name

    def make(self, name: str, groups: tuple[str, ...] = ()) -> pwd.struct_passwd:
        """Create user ``name`` (bash, home under ``home_base``) in ``groups``."""
        cmd = ["useradd", "--create-home", "--base-dir", str(self.home_base), "-s", "/bin/bash"]
        if groups:
            cmd += ["--groups", ",".join(groups)]
        run(*cmd, name)
        self.users.append(name)
        return pwd.getpwnam(name)

    def processes(self) -> list[int]:
        """Ids of the living processes of these users."""
        uids = {pwd.getpwnam(u).pw_uid for u in self.users}
        found = []
        for status in Path("/proc").glob("[0-9]*/status"):
            try:
                lines = status.read_text().splitlines()
                uid = next(int(line.split()[1]) for line in lines if line.startswith("Uid:"))
            except (OSError, StopIteration, ValueError):
                continue
            if uid in uids and alive(int(status.parent.name)):
                found.append(int(status.parent.name))
        return found

    def remove(self) -> list[str]:
        """Kill what is left of the users' processes, remove the users; returns the killed
        as ``"PID COMMAND LINE"``, so a failure says what was left running."""
        # A kernel or terminal can still be exiting when the hub reports its server
        # stopped (the server does not wait for them): give them time to end on their own.
        wait_until(lambda: not self.users or not self.processes(), 10)
        left = self.processes() if self.users else []
        killed = [f"{pid} {command_line(pid)}" for pid in left]
        for pid in left:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        wait_until(lambda: not any(alive(p) for p in left), 10)
        for name in self.users:
            subprocess.run(["userdel", "--remove", name], capture_output=True)
        for name in self.groups:
            subprocess.run(["groupdel", name], capture_output=True)
        return killed


def command_line(pid: int) -> str:
    """What process ``pid`` runs, as ``ps`` would show it ("?" once it is gone)."""
    try:
        raw = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return "?"
    return raw.replace(b"\0", b" ").decode(errors="replace").strip() or "?"


def exists(name: str) -> bool:
    try:
        pwd.getpwnam(name)
        return True
    except KeyError:
        return False


def group_id(name: str) -> int:
    return grp.getgrnam(name).gr_gid


# --- the hub ---------------------------------------------------------------------------

CONFIG = """
import pwd
from jupyterhub.spawner import LocalProcessSpawner


class JupyterPrefixSpawner(LocalProcessSpawner):
    '''Hub user NAME runs as system user jupyter-NAME, as on The Littlest JupyterHub.'''

    def system_user(self):
        return pwd.getpwnam({prefix!r} + self.user.name)

    def make_preexec_fn(self, name):
        return super().make_preexec_fn(self.system_user().pw_name)

    def user_env(self, env):
        user = self.system_user()
        env.update(USER=user.pw_name, HOME=user.pw_dir, SHELL=user.pw_shell)
        return env

    async def start(self):
        self.popen_kwargs = {{"cwd": self.system_user().pw_dir}}
        return await super().start()


c.JupyterHub.ip = "127.0.0.1"
c.JupyterHub.port = {port}
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = {hub_port}
c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:{proxy_api_port}"
c.ConfigurableHTTPProxy.command = [{proxy!r}]
c.ConfigurableHTTPProxy.auth_token = {proxy_token!r}
c.JupyterHub.db_url = "sqlite:///{state}/jupyterhub.sqlite"
c.JupyterHub.cookie_secret_file = "{state}/cookie_secret"
c.JupyterHub.pid_file = "{state}/jupyterhub.pid"
c.JupyterHub.cleanup_servers = True
c.JupyterHub.cleanup_proxy = True
c.JupyterHub.authenticator_class = "dummy"
c.Authenticator.allowed_users = set({users!r})
c.JupyterHub.spawner_class = JupyterPrefixSpawner
c.Spawner.cmd = [{singleuser!r}]
c.Spawner.default_url = "/lab"
c.Spawner.notebook_dir = "~"
c.Spawner.start_timeout = 120
c.Spawner.http_timeout = 120
c.Spawner.environment = {{"PATH": {path!r}}}
c.JupyterHub.services = [{{"name": "pm-course-test", "api_token": {api_token!r}}}]
c.JupyterHub.load_roles = [
    {{
        "name": "pm-course-test",
        "scopes": ["admin:users", "admin:servers", "list:users", "read:users"],
        "services": ["pm-course-test"],
    }}
]
"""


class Hub:
    """A running JupyterHub (see the module docstring); ``url(path)`` addresses it."""

    def __init__(self, state: Path, user_env: Path, users: list[str], extra_config: str = ""):
        self.state = state
        self.port = free_port()
        self.api_token = secrets.token_hex(24)
        state.mkdir(parents=True, exist_ok=True)
        config = CONFIG.format(
            prefix=PREFIX,
            port=self.port,
            hub_port=free_port(),
            proxy_api_port=free_port(),
            proxy=shutil.which(PROXY),
            proxy_token=secrets.token_hex(24),
            state=state,
            users=sorted(users),
            singleuser=str(user_env / "bin" / "jupyterhub-singleuser"),
            path=f"{user_env / 'bin'}:/usr/local/bin:/usr/bin:/bin",
            api_token=self.api_token,
        )
        self.config = state / "jupyterhub_config.py"
        self.config.write_text(config + "\n" + extra_config, encoding="utf-8")
        self.log_path = state / "jupyterhub.log"
        self.process: subprocess.Popen | None = None

    def url(self, path: str = "") -> str:
        return f"http://127.0.0.1:{self.port}/{path.lstrip('/')}"

    def api(self, method: str, path: str, body: dict | None = None) -> object:
        """Call the hub's REST API as the test's admin service."""
        request = urllib.request.Request(
            self.url(f"hub/api/{path.lstrip('/')}"),
            data=json.dumps(body).encode() if body is not None else None,
            method=method,
            headers={"Authorization": f"token {self.api_token}"},
        )
        with urllib.request.urlopen(request, timeout=30) as answer:
            raw = answer.read()
        return json.loads(raw) if raw else None

    def start(self) -> Hub:
        self._log = self.log_path.open("wb")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "jupyterhub", "-f", str(self.config)],
            cwd=self.state,
            stdin=subprocess.DEVNULL,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            # the users' servers keep the hub's PYTHONPATH (Spawner.env_keep): not the checkout
            env={k: v for k, v in os.environ.items() if k != "PYTHONPATH"},
        )

        def answers() -> bool:
            if self.process.poll() is not None:
                raise RuntimeError(f"JupyterHub exited; its log:\n{self.log()}")
            try:
                return self.api("GET", "") is not None
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                return False

        if not wait_until(answers, HUB_START_S):
            self.stop()
            raise RuntimeError(f"JupyterHub did not answer in {HUB_START_S:.0f} s:\n{self.log()}")
        return self

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def stop(self) -> None:
        """Stop every user's server through the API, then the hub (and its proxy)."""
        if self.process is None:
            return
        if self.process.poll() is None:
            try:
                for user in self.api("GET", "users"):
                    if user.get("server"):
                        self.api("DELETE", f"users/{user['name']}/server")
                wait_until(lambda: not any(u.get("server") for u in self.api("GET", "users")), 60)
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            self.process.send_signal(signal.SIGTERM)
            wait_or_kill(self.process, 30)
        self._log.close()
        self.process = None


def wait_for(condition, timeout: float, what: str) -> None:
    """Poll ``condition`` until true; an assertion error naming ``what`` after ``timeout`` s."""
    start = time.monotonic()
    assert wait_until(condition, timeout), f"{what} (waited {time.monotonic() - start:.0f} s)"


class GitServer:
    """Git repositories under ``root`` served read-only by ``git daemon`` on 127.0.0.1.

    It stands in for GitHub. A ``file://`` URL would not do on a hub: git refuses
    to read a repository another user owns ("dubious ownership"), and nbgitpuller
    clones shallow, which git's plain-HTTP protocol cannot.
    """

    def __init__(self, root: Path):
        self.port = free_port()
        self.log_path = root.parent / f"git-daemon-{self.port}.log"
        self._log = self.log_path.open("wb")
        self.process = subprocess.Popen(
            ["git", "daemon", "--reuseaddr", "--export-all", f"--base-path={root}",
             "--listen=127.0.0.1", f"--port={self.port}", str(root)],
            stdin=subprocess.DEVNULL, stdout=self._log, stderr=subprocess.STDOUT,
        )  # fmt: skip

        def answers() -> bool:
            if self.process.poll() is not None:
                raise RuntimeError(f"git daemon exited: {self.log_path.read_text()}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    return True
            except OSError:
                return False

        if not wait_until(answers, 30):
            self.close()
            raise RuntimeError("git daemon did not listen within 30 s")

    def url(self, name: str) -> str:
        return f"git://127.0.0.1:{self.port}/{name}"

    def close(self) -> None:
        self.process.terminate()
        wait_or_kill(self.process, 10)
        self._log.close()
