"""A learner's side of the live view: ``course.join(URL, code)``.

Joining subscribes a listener to :mod:`course.learner.events`. The listener only puts
the event in a queue and returns at once; a daemon thread sends the queue,
oldest first, with a short time-out. While the server is away the queue
waits and is retried with a growing pause; each event carries an id the
client chose, so a resend the server already stored is not stored twice.
Nothing here ever raises into the widget: at worst the widget shows one
line, "live view not reachable".
"""

from __future__ import annotations

import hashlib
import json
import os
import threading
import time
import urllib.error
import urllib.request
import uuid
from collections import deque
from datetime import UTC, datetime
from urllib.parse import parse_qs, urlparse

from course.core import paths
from course.errors import UsageError
from course.learner import events

NOT_REACHABLE = "live view not reachable"
TIMEOUT_S = 2.0
RETRY_S = (0.5, 10.0)  # first pause after a failure, longest pause
MAX_QUEUE = 500  # then the oldest unsent events give way
MAX_AGE_S = 4 * 3600  # older unsent events are dropped quietly

_current: LiveClient | None = None


def pseudonym(learner: str, code: str) -> str:
    """A stable stand-in for ``learner`` in class ``code``; the server never sees the id.

    >>> pseudonym("ana", "PM-MON") == pseudonym("ana", "PM-MON") != pseudonym("ana", "PM-TUE")
    True
    """
    return hashlib.sha256(f"{code}\0{learner}".encode()).hexdigest()[:12]


class LiveClient:
    """Sends answer events to one live server from a background thread."""

    def __init__(self, url: str, code: str | None = None, *, name=None, token=None, learner=None):
        self.url = url.rstrip("/")
        self.code, self.name, self.token = code, name, token
        self.learner = pseudonym(learner or paths.learner_id(), code) if code else None
        self.queue: deque[tuple[float, bytes]] = deque(maxlen=MAX_QUEUE)
        self.problem: str | None = None
        self.sent = self.refused = 0
        self.status = ""
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="pm-course-live", daemon=True)
        self._thread.start()

    def __repr__(self) -> str:
        return self.status or f"<live view client for {self.url}>"

    def _post_body(self, extra: dict) -> bytes:
        body = dict(extra)
        if self.code:
            body.update({"class": self.code, "learner": self.learner, "name": self.name})
        return json.dumps(body).encode()

    def listener(self, event: dict) -> str | None:
        """The :mod:`course.learner.events` listener: queue the event, return at once."""
        keys = ("exercise", "action", "answer", "score", "max_score")
        fields = {k: event.get(k) for k in keys}
        fields["id"] = uuid.uuid4().hex
        fields["time"] = datetime.now(UTC).isoformat(timespec="seconds")
        self.queue.append((time.monotonic(), self._post_body(fields)))
        self._wake.set()
        return self.problem

    def _request(self, path: str, body: bytes, timeout: float = TIMEOUT_S) -> tuple[int, dict]:
        headers = {"Content-Type": "application/json"}
        if self.token:
            headers["Authorization"] = f"token {self.token}"
        request = urllib.request.Request(self.url + path, body, headers, method="POST")
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                return response.status, json.loads(response.read() or b"{}")
        except urllib.error.HTTPError as error:
            try:
                reply = json.loads(error.read() or b"{}")
            except ValueError:
                reply = {}
            return error.code, reply

    def check(self, timeout: float = 3.0) -> tuple[int | None, str]:
        """Ask the server whether it takes this client's posts: ``(status, why)``."""
        try:
            status, reply = self._request("/api/join", self._post_body({}), timeout)
        except (OSError, ValueError) as error:
            return None, str(getattr(error, "reason", error))
        return status, reply.get("error", "")

    def _run(self) -> None:
        pause = RETRY_S[0]
        while not self._stop.is_set():
            if not self.queue:
                self._wake.wait(1.0)
                self._wake.clear()
                continue
            head = self.queue[0]
            queued, body = head
            if time.monotonic() - queued > MAX_AGE_S:
                self._done(head)
                continue
            try:
                status, reply = self._request("/api/events", body)
            except (OSError, ValueError):
                status, reply = None, {}
            if status is not None and status < 300:
                self._done(head)
                self.sent += 1
                self.problem, pause = None, RETRY_S[0]
            elif status is not None and 400 <= status < 500 and status != 429:
                self._done(head)  # it will not get better by resending
                self.refused += 1
                self.problem = f"live view refused an answer: {reply.get('error', status)}"
            else:
                self.problem = None if status == 429 else NOT_REACHABLE
                self._stop.wait(pause)
                pause = min(pause * 2, RETRY_S[1])

    def _done(self, head: tuple) -> None:
        """Take ``head`` off the queue, unless a full queue already pushed it out."""
        if self.queue and self.queue[0] is head:
            self.queue.popleft()

    def flush(self, timeout: float = 10.0) -> bool:
        """Wait until every queued event is sent (or refused); False if time ran out."""
        end = time.monotonic() + timeout
        while self.queue and time.monotonic() < end:
            self._wake.set()
            time.sleep(0.05)
        return not self.queue

    def close(self) -> None:
        """Stop listening and sending (unsent events are dropped)."""
        events.unsubscribe(self.listener)
        self._stop.set()
        self._wake.set()


def join(
    url: str | None = None, code: str | None = None, *, name: str | None = None, check=True
) -> LiveClient:
    """Send your Checks and saved answers to the instructor's live class view.

    >>> course.join("http://10.0.0.5:8765", "PM-MON")     # doctest: +SKIP

    Parameters:
        url: the address your instructor shows; default ``PM_COURSE_LIVE``.
        code: the class code; default the ``class=`` part of the URL. On a
            JupyterHub, leave it out: the hub says who you are.
        name: your name, only if you want the instructor to see it (else a
            pseudonym that cannot be turned back into your login).
        check: ask the server now whether it accepts you (a wrong code is an error).

    Sending never slows or breaks an exercise: if the server is away, answers
    wait and are sent when it is back.
    """
    global _current
    url = url or os.environ.get("PM_COURSE_LIVE", "")
    parts = urlparse(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise UsageError(
            f"course.join needs the live view's address, such as http://10.0.0.5:8765, "
            f"not {url!r}: copy it from the join line your instructor shows."
        )
    code = code or (parse_qs(parts.query).get("class") or [None])[0]
    base = parts._replace(query="", fragment="").geturl()
    token = None if code else os.environ.get("JUPYTERHUB_API_TOKEN")
    if not code and not token:
        raise UsageError(
            'course.join needs the class code your instructor shows: course.join(URL, "CODE").'
        )
    client = LiveClient(base, code, name=name, token=token)
    if check:
        status, why = client.check()
        if status is not None and status >= 400:
            client.close()
            raise UsageError(f"The live view at {base} refused to let you join: {why}.")
        who = f"as {name}" if name else "under a pseudonym (your name is not sent)"
        client.status = (
            f"Joined the live view of class {code or 'on this hub'} {who}."
            if status is not None
            else f"The live view at {base} is not reachable now ({why}); "
            "your answers will be sent once it is."
        )
    leave()
    _current = client
    events.subscribe(client.listener)
    return client


def leave() -> None:
    """Stop sending answers to the live view."""
    global _current
    if _current is not None:
        _current.close()
        _current = None


def current() -> LiveClient | None:
    """The client of the last :func:`join`, if any."""
    return _current


def join_from_env() -> None:
    """Join ``PM_COURSE_LIVE`` once, quietly, if it is set (as a hub may do for everyone)."""
    if _current is None and os.environ.get("PM_COURSE_LIVE"):
        try:
            join(check=False)
        except UsageError:
            pass
