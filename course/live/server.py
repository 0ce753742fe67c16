"""The live server: learners post answer events, the instructor's dashboard watches.

Routes (under a prefix: ``/`` alone, ``/services/NAME/`` on a hub):

* ``POST api/events``: one answer event (see :mod:`course.live.wire`); 201 stored,
  200 already stored (same event id), 4xx with a JSON ``error`` otherwise.
* ``POST api/join``: checks a class code (or hub token) without storing anything.
* ``GET dashboard``, ``GET api/state``, ``GET api/stream`` (server-sent events):
  the instructor's; 403 without the instructor token (or hub admin/group).
* ``GET /``: a page telling a learner how to join; it shows no answers.

Nothing a learner may call returns other learners' answers.
"""

from __future__ import annotations

import json
import secrets
import time
from datetime import timedelta

import tornado.web
from tornado.ioloop import PeriodicCallback
from tornado.iostream import StreamClosedError
from tornado.locks import Condition

from course.live import page
from course.live.store import Store
from course.live.tally import Tally
from course.live.wire import Refused, check, parse

PUSH_EVERY_MS = 200  # how often the dashboards hear about new answers
KEEPALIVE_S = 15.0


class RateLimit:
    """A token bucket per learner: ``burst`` posts at once, then ``per_second``."""

    def __init__(self, burst: float = 20, per_second: float = 1.0, clock=time.monotonic):
        self.burst, self.per_second, self.clock = burst, per_second, clock
        self.buckets: dict[str, tuple[float, float]] = {}

    def allow(self, learner: str) -> bool:
        now = self.clock()
        if len(self.buckets) > 100_000:  # made-up pseudonyms must not fill the memory
            self.buckets.clear()
        tokens, then = self.buckets.get(learner, (self.burst, now))
        tokens = min(self.burst, tokens + (now - then) * self.per_second)
        if tokens < 1:
            self.buckets[learner] = (tokens, now)
            return False
        self.buckets[learner] = (tokens - 1, now)
        return True


class Live:
    """The server's state: the store, the tally, who may do what, and the watchers."""

    def __init__(
        self, store: Store, tally: Tally, auth, url: str = "", max_learners: int = 2000, limit=None
    ):
        self.store, self.tally, self.auth = store, tally, auth
        self.url = url  # where learners reach the server
        self.max_learners = max_learners
        self.limit = limit or RateLimit()
        self.changed = Condition()
        for seq, event in store.events():
            tally.add(seq, event)
        self.pushed_seq = -1
        self.state = ""
        self.push()

    def push(self) -> None:
        """Tell every open dashboard about new answers (at most once per tick)."""
        if self.tally.seq != self.pushed_seq:
            snapshot = self.tally.snapshot()
            snapshot["class"] = self.auth.label
            self.state = json.dumps(snapshot)
            self.pushed_seq = self.tally.seq
            self.changed.notify_all()


class BaseHandler(tornado.web.RequestHandler):
    @property
    def live(self) -> Live:
        return self.settings["live"]

    def refuse(self, status: int, reason: str) -> None:
        self.set_status(status)
        self.finish({"error": reason})

    def write_error(self, status_code: int, **kwargs) -> None:
        error = kwargs.get("exc_info", (None, None, None))[1]
        detail = getattr(error, "log_message", None)  # e.g. "user ben is not allowed." on a hub
        self.finish({"error": f"{self._reason}: {detail}" if detail else self._reason})


class EventsHandler(BaseHandler):
    async def post(self) -> None:
        try:
            event = parse(self.request.body)
            learner, name = await self.live.auth.learner(self, event)
            tally = self.live.tally
            if learner not in tally.people and tally.learners() >= self.live.max_learners:
                raise Refused(403, f"the class is full ({self.live.max_learners} learners)")
            if not self.live.limit.allow(learner):
                self.set_header("Retry-After", "2")
                raise Refused(429, "too many posts from this learner; slow down and retry")
            stored = check(event, self.live.tally.bank, learner, name)
        except Refused as refused:
            return self.refuse(refused.status, refused.reason)
        seq = self.live.store.add(stored)
        if seq is None:
            return self.finish({"stored": False, "duplicate": True})
        self.live.tally.add(seq, stored)
        self.set_status(201)
        self.finish({"stored": True, "seq": seq})


class JoinHandler(BaseHandler):
    async def post(self) -> None:
        try:
            event = parse(self.request.body)
            learner, _ = await self.live.auth.learner(self, event)
        except Refused as refused:
            return self.refuse(refused.status, refused.reason)
        self.finish({"class": self.live.auth.label, "learner": learner})


class HomeHandler(BaseHandler):
    def get(self) -> None:
        self.finish(page.home(self.live.auth.label, self.live.auth.hub, self.live.url))


class InstructorHandler(BaseHandler):
    """Base of the instructor's routes: refuses anyone without the instructor token."""

    def prepare(self) -> None:
        if not self.live.auth.instructor(self):
            raise tornado.web.HTTPError(
                403,
                reason="the dashboard needs the instructor token printed by `pm-course live`",
            )


class DashboardHandler(InstructorHandler):
    def get(self) -> None:
        self.set_header("Cache-Control", "no-store")
        live = self.live
        if live.auth.hub:
            credentials = {"_xsrf": self.xsrf_token.decode()}
            url = f"{self.request.protocol}://{self.request.host}{live.url}"
        else:
            credentials, url = {"token": self.get_query_argument("token", "")}, live.url
        self.finish(page.dashboard(credentials, live.auth.label, live.auth.join_line(url)))


class StateHandler(InstructorHandler):
    def get(self) -> None:
        self.set_header("Content-Type", "application/json")
        self.set_header("Cache-Control", "no-store")
        self.finish(self.live.state)


class StreamHandler(InstructorHandler):
    """Server-sent events: the whole dashboard state each time it changes."""

    async def get(self) -> None:
        self.set_header("Content-Type", "text/event-stream")
        self.set_header("Cache-Control", "no-store")
        self.set_header("X-Accel-Buffering", "no")
        sent = None
        try:
            while True:
                if self.live.state is not sent:
                    sent = self.live.state
                    self.write(f"data: {sent}\n\n")
                else:
                    self.write(": keep-alive\n\n")
                await self.flush()
                await self.live.changed.wait(timeout=timedelta(seconds=KEEPALIVE_S))
        except StreamClosedError:
            return


def make_app(live: Live, prefix: str = "/", extra_handlers=(), handler_bases=()):
    """The tornado application; ``handler_bases`` mix hub login into the instructor's routes."""
    routes = [
        ("", HomeHandler),
        ("api/events", EventsHandler),
        ("api/join", JoinHandler),
        ("dashboard", DashboardHandler),
        ("api/state", StateHandler),
        ("api/stream", StreamHandler),
    ]
    handlers = []
    for path, handler in routes:
        if handler_bases and issubclass(handler, InstructorHandler):
            handler = type(handler.__name__, (*handler_bases, handler), {})
        handlers.append((prefix + path, handler))
    app = tornado.web.Application(
        [*extra_handlers, *handlers],
        live=live,
        cookie_secret=live.store.setting("cookie_secret", secrets.token_hex(32)),
    )
    PeriodicCallback(live.push, PUSH_EVERY_MS).start()
    return app
