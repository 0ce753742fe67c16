"""A real ``pm-course live`` server for the tests and the benchmark, spoken to over loopback.

>>> with LiveServer(tmp_path / "events.sqlite", code="PM-TEST") as server:
...     ana = server.join(name="Ana")            # the class code for a learner token
...     status, reply = server.post({"id": ..., "exercise": ...}, token=ana.token)

``code`` is the class's name (``--class``); the join code the server made is
``server.join_code``. ``source`` picks the loopback address a request comes
from (127.0.0.2, ...), so a test can be many client addresses at once.

Also used by ``benchmarks/live.py``, so it imports nothing from pytest.
"""

from __future__ import annotations

import http.client
import json
import os
import re
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

REPO = Path(__file__).resolve().parents[2]
START_S = 60.0


def request(url: str, body: bytes | None = None, headers=None, timeout=10.0, source=None):
    """``(status, parsed JSON or text)`` of one HTTP request; 4xx/5xx are returned, not raised.

    ``source``: the local address to send from (any 127.x.y.z reaches a loopback server).
    """
    status, data, _ = raw_request(url, body, headers, timeout, source)
    try:
        return status, json.loads(data)
    except ValueError:
        return status, data.decode("utf-8", "replace")


def raw_request(url: str, body=None, headers=None, timeout=10.0, source=None):
    """``(status, body bytes, headers)`` of one request over a fresh connection."""
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(
        parts.hostname, parts.port, timeout=timeout, source_address=(source, 0) if source else None
    )
    try:
        path = parts.path or "/"
        if parts.query:
            path += "?" + parts.query
        connection.request("POST" if body is not None else "GET", path, body, headers or {})
        response = connection.getresponse()
        return response.status, response.read(), response.headers
    finally:
        connection.close()


@dataclass
class Joined:
    """A learner who joined: their token and the pseudonym the server gave them."""

    token: str
    learner: str
    name: str | None = None


class LiveServer:
    """``pm-course live`` in a subprocess on 127.0.0.1; ``restart`` keeps its port and file."""

    def __init__(self, db: Path, code: str = "PM-TEST", port: int = 0, extra=(), prefix=()):
        """``prefix``: a command the server runs under (``prlimit …``, ``unshare …``)."""
        self.db, self.code, self.port, self.extra = Path(db), code, port, list(extra)
        self.prefix = list(prefix)
        self.process: subprocess.Popen | None = None
        self.url = self.token = self.join_code = ""
        self.output: list[str] = []

    def start(self) -> LiveServer:
        command = [*self.prefix, sys.executable, "-m", "course.cli", "live", "--class", self.code]
        command += ["--port", str(self.port), "--db", str(self.db), *self.extra]
        env = dict(os.environ, PYTHONUNBUFFERED="1")
        self.process = subprocess.Popen(
            command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env, cwd=REPO
        )
        end = time.monotonic() + START_S
        while time.monotonic() < end:
            line = self.process.stdout.readline()
            if not line:
                break
            self.output.append(line)
            if found := re.search(r"(http://\S+)/dashboard\?token=(\S+)", line):
                self.url, self.token = found.groups()
                self.port = int(self.url.rsplit(":", 1)[1])
            if found := re.search(r"Class code: (\S+)", line):
                self.join_code = found.group(1)
                threading.Thread(target=self._drain, args=(self.process,), daemon=True).start()
                return self
        self.stop()
        raise RuntimeError("pm-course live did not start:\n" + "".join(self.output))

    def _drain(self, process: subprocess.Popen) -> None:
        """Keep reading the server's output (a full pipe would stop the server)."""
        for line in process.stdout:
            self.output.append(line)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=30)
        self.process = None

    def restart(self) -> LiveServer:
        self.stop()
        return self.start()

    def __enter__(self) -> LiveServer:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    @property
    def dashboard(self) -> str:
        return f"{self.url}/dashboard?token={self.token}"

    def post(self, event: dict | bytes, path="/api/events", token=None, source=None):
        body = event if isinstance(event, bytes) else json.dumps(event).encode()
        headers = {"Content-Type": "application/json"}
        if token:
            headers["Authorization"] = f"token {token}"
        return request(self.url + path, body, headers, source=source)

    def join(self, name=None, code=None, source=None, token=None) -> Joined:
        """Join as a new learner (or again, with ``token``); AssertionError if refused."""
        body = {"class": code or self.join_code, "name": name, "token": token}
        status, reply = self.post(body, "/api/join", source=source)
        assert status == 200, (status, reply)
        return Joined(reply["token"], reply["learner"], reply.get("name"))

    def state(self) -> dict:
        status, data = request(f"{self.url}/api/state?token={self.token}")
        assert status == 200, (status, data)
        return data

    def wait_for(self, condition, timeout: float = 20.0) -> dict:
        """The dashboard state once ``condition(state)`` holds; AssertionError after ``timeout``."""
        end = time.monotonic() + timeout
        while True:
            state = self.state()
            if condition(state) or time.monotonic() > end:
                assert condition(state), f"not within {timeout} s; state: {state}"
                return state
            time.sleep(0.1)


def simulated_answer(exercise, rng, skill: float = 0.7):
    """A plausible learner's answer: each item right with chance ``skill``, else a random pick.

    In the duty sort most learners put *interdependencies* under the project
    manager, as rooms do (the misconception the live view is for).
    """
    data = exercise.data
    if exercise.type in ("categorize", "match"):
        rows, choices = ("items", "buckets") if exercise.type == "categorize" else ("left", "right")
        ids = [c["id"] for c in data[choices]]
        answer = {
            row["id"]: row["answer"] if rng.random() < skill else rng.choice(ids)
            for row in data[rows]
        }
        if exercise.id == "duty-sort" and rng.random() < 0.6:
            answer["interdependencies"] = "project"
        return answer
    if exercise.type == "order":
        answer = list(data["answer"])
        for i in range(len(answer) - 1):
            if rng.random() > skill:
                answer[i], answer[i + 1] = answer[i + 1], answer[i]
        return answer
    if exercise.type == "choice":
        return [rng.choice(data["options"])["id"]]
    if exercise.type == "numeric":
        return str(data.get("answer", 1) if rng.random() < skill else rng.randint(1, 100))
    return "def f():\n    return None\n"


def learner_event(exercise, answer) -> dict:
    """One post as a learner's client sends it (who posts is in its token, not here)."""
    import uuid

    return {"id": uuid.uuid4().hex, "exercise": exercise.id, "action": "check", "answer": answer}


def event(exercise="duty-sort", answer=None, **extra) -> dict:
    """A hand-made post of a Check (``extra`` fields added or replacing), as a test sends it."""
    import uuid

    body = {
        "id": uuid.uuid4().hex,
        "exercise": exercise,
        "action": "check",
        "answer": {"interdependencies": "project"} if answer is None else answer,
    }
    return {**body, **extra}


def item_text(exercise_id: str, item_id: str) -> str:
    """An item's text as the bank words it (the content may be reworded)."""
    from course import load_bank

    return next(i["text"] for i in load_bank()[exercise_id].data["items"] if i["id"] == item_id)
