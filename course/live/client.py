"""A learner's side of the live view: ``course.join(URL, code)``.

Joining trades the class code, once, for a learner token of this learner's
own (``api/join``); every answer is then posted with that token, never with
the code, and the server shows the learner under a pseudonym it derives from
the token with its own secret. The token is kept, private to the learner, in
``live-tokens.json`` in the learner's folder, so a restarted kernel joins
again as the same learner. On a JupyterHub the hub token is the secret and no
join is needed.

Joining subscribes a listener to :mod:`course.learner.events`. The listener only puts
the event in a queue and returns at once; a daemon thread sends the queue,
oldest first, with a short time-out. While the server is away the queue
waits and is retried with a growing pause (or what ``Retry-After`` says);
each event carries an id the client chose, so a resend the server already
stored is not stored twice. Nothing here ever raises into the widget: at
worst the widget shows one line, "live view not reachable".
"""

from __future__ import annotations

import json
import os
import threading
import time
import urllib.error
import urllib.request
import uuid
from collections import deque
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import parse_qs, urlparse

from course.core import paths
from course.errors import UsageError
from course.learner import events

NOT_REACHABLE = "live view not reachable"
TIMEOUT_S = 2.0
RETRY_S = (0.5, 10.0)  # first pause after a failure, longest pause
MAX_QUEUE = 500  # then the oldest unsent events give way
MAX_AGE_S = 4 * 3600  # older unsent events are dropped quietly
MAX_BYTES = 16_384  # the server's limit per event (course.live.wire.MAX_BYTES)
TOKENS = "live-tokens.json"

_current: LiveClient | None = None


def _tokens_file() -> Path:
    return paths.course_home() / TOKENS


def saved_token(url: str, code: str) -> str | None:
    """The learner token this learner got from the live view at ``url`` for ``code``."""
    try:
        saved = json.loads(_tokens_file().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    token = saved.get(f"{url} {code}") if isinstance(saved, dict) else None
    return token if isinstance(token, str) else None


def save_token(url: str, code: str, token: str) -> None:
    """Keep ``token`` for the next join, in a file only this learner can read (0600)."""
    path = _tokens_file()
    try:
        saved = json.loads(path.read_text(encoding="utf-8"))
        saved = saved if isinstance(saved, dict) else {}
    except (OSError, ValueError):
        saved = {}
    saved[f"{url} {code}"] = token
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f".{TOKENS}.{os.getpid()}.tmp")
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            os.fchmod(out.fileno(), 0o600)
            json.dump(saved, out)
        os.replace(temporary, path)
    except OSError:
        pass  # not kept: the next kernel joins as a new learner


def _retry_after(headers) -> float | None:
    try:
        return float(headers.get("Retry-After")) if headers else None
    except (TypeError, ValueError):
        return None


class LiveClient:
    """Sends answer events to one live server from a background thread.

    With a class ``code`` it joins for a learner token (``token`` is then the
    learner token, once known); without one, ``token`` is the hub token.
    """

    def __init__(self, url: str, code: str | None = None, *, name=None, token=None):
        self.url = url.rstrip("/")
        self.code, self.name = code, name
        self.token = saved_token(self.url, code) if code else token
        self.learner: str | None = None
        self.label: str | None = None  # the class's name, as the server says
        self.queue: deque[tuple[float, bytes]] = deque(maxlen=MAX_QUEUE)
        self.problem: str | None = None
        self.sent = self.refused = 0
        self.status = ""
        self.joined = False
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._thread = threading.Thread(target=self._run, name="pm-course-live", daemon=True)
        self._thread.start()

    def __repr__(self) -> str:
        return self.status or f"<live view client for {self.url}>"

    def listener(self, event: dict) -> str | None:
        """The :mod:`course.learner.events` listener: queue the event, return at once."""
        keys = ("exercise", "action", "answer")
        fields = {k: event.get(k) for k in keys}
        if event.get("seed"):  # a variant's answer: the server scores it against that variant
            fields["seed"] = event["seed"]
        fields["id"] = uuid.uuid4().hex
        fields["time"] = datetime.now(UTC).isoformat(timespec="seconds")
        body = json.dumps(fields).encode()
        if len(body) > MAX_BYTES:
            self.refused += 1
            self.problem = (
                f"live view: this answer is {len(body)} bytes, over its limit of "
                f"{MAX_BYTES}; it is saved here but not sent"
            )
            return self.problem
        self.queue.append((time.monotonic(), body))
        self._wake.set()
        return self.problem

    def _request(self, path: str, body: bytes, timeout: float = TIMEOUT_S):
        """``(status, reply, Retry-After seconds or None)`` of one POST."""
        headers = {"Content-Type": "application/json"}
        if self.token:
            headers["Authorization"] = f"token {self.token}"
        request = urllib.request.Request(self.url + path, body, headers, method="POST")
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                return response.status, json.loads(response.read() or b"{}"), None
        except urllib.error.HTTPError as error:
            try:
                reply = json.loads(error.read() or b"{}")
            except ValueError:
                reply = {}
            return error.code, reply if isinstance(reply, dict) else {}, _retry_after(error.headers)

    def _join(self, timeout: float = TIMEOUT_S) -> tuple[int | None, str, float | None]:
        """Ask the server to take this client's posts: ``(status, why, Retry-After)``.

        With a class code that trades the code (and any kept token) for a learner token."""
        with self._lock:
            body = {}
            if self.code:
                body = {"class": self.code, "name": self.name, "token": self.token}
            saved, self.token = self.token, (None if self.code else self.token)
            try:
                status, reply, wait = self._request("/api/join", json.dumps(body).encode(), timeout)
            except (OSError, ValueError) as error:
                self.token = saved
                return None, str(getattr(error, "reason", error)), None
            if status == 200 and self.code and isinstance(reply.get("token"), str):
                self.token = reply["token"]
                if self.token != saved:
                    save_token(self.url, self.code, self.token)
            else:
                self.token = saved
            if status == 200:
                self.joined, self.learner = True, reply.get("learner")
                self.label = reply.get("class") if isinstance(reply.get("class"), str) else None
            return status, str(reply.get("error", "")), wait

    def check(self, timeout: float = 3.0) -> tuple[int | None, str]:
        """Join now (or, on a hub, check the hub token): ``(status, why)``."""
        status, why, _ = self._join(timeout)
        return status, why

    def _run(self) -> None:
        pause = RETRY_S[0]
        while not self._stop.is_set():
            if not self.queue:
                self._wake.wait(1.0)
                self._wake.clear()
                continue
            wait = None
            if self.code and not self.joined:
                status, why, wait = self._join()
                if status is not None and 400 <= status < 500 and status != 429:
                    self._drop_all(f"live view refused to let you join: {why or status}")
                    self._stop.wait(RETRY_S[1])
                    continue
                if status != 200:
                    self.problem = None if status == 429 else NOT_REACHABLE
                    self._stop.wait(max(pause, wait or 0))
                    pause = min(pause * 2, RETRY_S[1])
                    continue
            head = self.queue[0]
            queued, body = head
            if time.monotonic() - queued > MAX_AGE_S:
                self._done(head)
                continue
            try:
                status, reply, wait = self._request("/api/events", body)
            except (OSError, ValueError):
                status, reply = None, {}
            if status is not None and status < 300:
                self._done(head)
                self.sent += 1
                self.problem, pause = None, RETRY_S[0]
            elif status == 401 and self.code:
                self.joined = False  # the server does not know the token (a new event file)
            elif status is not None and 400 <= status < 500 and status != 429:
                self._done(head)  # it will not get better by resending
                self.refused += 1
                self.problem = f"live view refused an answer: {reply.get('error', status)}"
            else:
                self.problem = None if status == 429 else NOT_REACHABLE
                self._stop.wait(max(pause, wait or 0))
                pause = min(pause * 2, RETRY_S[1])

    def _drop_all(self, why: str) -> None:
        self.refused += len(self.queue)
        self.queue.clear()
        self.problem = why

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

    For example (not run as a doctest: it needs the instructor's server)::

        course.join("http://10.0.0.5:8765", "K7PM2-XQR9A")

    Parameters:
        url: the address your instructor shows; default ``PM_COURSE_LIVE``.
        code: the class code the server printed, such as ``K7PM2-XQR9A``; default
            the ``class=`` part of the URL. On a JupyterHub, leave it out: the
            hub says who you are.
        name: your name, only if you want the instructor to see it (else a
            pseudonym the server derives from your own secret token, which
            nobody can turn back into your login).
        check: join now (a wrong code is an error); else at the first answer.

    The code is sent once, to join; the server answers with a token of your
    own, kept in your folder (``live-tokens.json``, readable by you only), and
    every answer is sent with it, so nobody else with the code can answer or
    name themselves as you.

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
            f"Joined the live view of class {client.label or code or 'on this hub'} {who}."
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
