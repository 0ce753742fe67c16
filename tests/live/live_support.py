"""A real ``pm-course live`` server for the tests and the benchmark, spoken to over loopback.

>>> with LiveServer(tmp_path / "events.sqlite", code="PM-TEST") as server:
...     status, reply = server.post({"class": "PM-TEST", ...})

Also used by ``benchmarks/live.py``, so it imports nothing from pytest.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
START_S = 60.0


def request(url: str, body: bytes | None = None, headers=None, timeout=10.0):
    """``(status, parsed JSON or text)`` of one HTTP request; 4xx/5xx are returned, not raised."""
    method = "POST" if body is not None else "GET"
    req = urllib.request.Request(url, body, headers or {}, method=method)
    try:
        with urllib.request.urlopen(req, timeout=timeout) as response:
            status, data = response.status, response.read()
    except urllib.error.HTTPError as error:
        status, data = error.code, error.read()
    try:
        return status, json.loads(data)
    except ValueError:
        return status, data.decode("utf-8", "replace")


class LiveServer:
    """``pm-course live`` in a subprocess on 127.0.0.1; ``restart`` keeps its port and file."""

    def __init__(self, db: Path, code: str = "PM-TEST", port: int = 0, extra=()):
        self.db, self.code, self.port, self.extra = Path(db), code, port, list(extra)
        self.process: subprocess.Popen | None = None
        self.url = self.token = ""
        self.output: list[str] = []

    def start(self) -> LiveServer:
        command = [sys.executable, "-m", "course.cli", "live", "--class", self.code]
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
                return self
        self.stop()
        raise RuntimeError("pm-course live did not start:\n" + "".join(self.output))

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

    def post(self, event: dict | bytes, path: str = "/api/events"):
        body = event if isinstance(event, bytes) else json.dumps(event).encode()
        return request(self.url + path, body, {"Content-Type": "application/json"})

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


def learner_event(code: str, learner: str, exercise, answer, name=None) -> dict:
    """One post as a learner's client sends it."""
    import hashlib
    import uuid

    return {
        "class": code,
        "id": uuid.uuid4().hex,
        "learner": hashlib.sha256(learner.encode()).hexdigest()[:12],
        "name": name,
        "exercise": exercise.id,
        "action": "check",
        "answer": answer,
        "score": None,
        "max_score": exercise.points,
    }


def item_text(exercise_id: str, item_id: str) -> str:
    """An item's text as the bank words it (the content may be reworded)."""
    from course import load_bank

    return next(i["text"] for i in load_bank()[exercise_id].data["items"] if i["id"] == item_id)
