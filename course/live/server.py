"""The live server: learners post answer events, the instructor's dashboard watches.

Routes (under a prefix: ``/`` alone, ``/services/NAME/`` on a hub):

* ``POST api/join``: ``{"class": CODE, "name": …}`` in, a learner token out
  (``{"token": …, "learner": PSEUDONYM}``); with a class code only. A client that
  kept its token sends it back (``"token"``) to stay the same learner. On a hub
  it only checks the hub token.
* ``POST api/events``: one answer event (see :mod:`course.live.wire`) with
  ``Authorization: token LEARNER-TOKEN`` (or the hub token); 201 stored, 200
  already stored (same event id), 503 when the disk is full, 4xx with a short
  JSON ``error`` otherwise.
* ``GET dashboard``, ``GET api/state``, ``GET api/stream`` (server-sent events):
  the instructor's; 403 without the instructor token (or hub admin/group).
* ``GET /``: a page telling a learner how to join; it shows no answers.

Nothing a learner may call returns other learners' answers. Every answer
carries strict security headers (a CSP with ``frame-ancestors 'none'``,
``X-Frame-Options: DENY``, ``nosniff``, ``no-referrer``): the dashboard cannot
be framed, not even by a learner's page on the same hub origin.
"""

from __future__ import annotations

import json
import secrets
import sqlite3
import time
from collections import Counter
from dataclasses import dataclass
from datetime import timedelta

import tornado.web
from tornado.ioloop import PeriodicCallback
from tornado.iostream import StreamClosedError
from tornado.locks import Condition

from course.live import page
from course.live.auth import Throttle, clean_name, pseudonym, request_token, token_hash
from course.live.store import Store
from course.live.tally import Tally
from course.live.wire import Refused, check, parse

PUSH_EVERY_MS = 200  # how often the dashboards hear about new answers
KEEPALIVE_S = 15.0


FULL_DISK = (
    "the live server cannot store answers now ({error}); the instructor should free disk "
    "space. Your answers wait in your notebook and are sent again"
)


@dataclass
class Learner:
    """A joined learner: the hash of their token, their pseudonym, their opted-in name."""

    token_hash: str
    learner: str
    name: str | None
    address: str


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
        self,
        store: Store,
        tally: Tally,
        auth,
        url: str = "",
        max_learners: int = 2000,
        joins_per_address: int = 50,
        limit=None,
        throttle=None,
    ):
        self.store, self.tally, self.auth = store, tally, auth
        self.url = url  # where learners reach the server
        self.max_learners = max_learners
        self.joins_per_address = joins_per_address
        self.limit = limit or RateLimit()
        self.throttle = throttle or Throttle()  # wrong codes and unknown tokens, per address
        self.secret = store.setting("pseudonym_secret", secrets.token_hex(32))
        auth.secret = self.secret
        self.learners: dict[str, Learner] = {}  # by token hash
        self.joins: Counter[str] = Counter()  # learners joined per client address
        for row in store.learners():
            known = Learner(*row)
            self.learners[known.token_hash] = known
            self.joins[known.address] += 1
            tally.name(known.learner, known.name)
        self.changed = Condition()
        for seq, event in store.events():
            tally.add(seq, event)
        self.pushed_seq = -1
        self.state = ""
        self.push()

    def join(self, address: str, token: object, name: str | None) -> tuple[str, Learner]:
        """``(token, learner)`` for a learner who gave the right code; :class:`Refused` if the
        class is full or this address has joined its share. A known ``token`` rejoins as the
        same learner (a kernel restart), and may change the name."""
        if isinstance(token, str) and (known := self.learners.get(token_hash(token))):
            if name != known.name:
                self.store.rename_learner(known.token_hash, name)
                known.name = name
                self.tally.name(known.learner, name)
            return token, known
        if len(self.learners) >= self.max_learners:
            raise Refused(
                403,
                f"the class is full ({self.max_learners} learners); "
                "the instructor can raise --max-learners",
            )
        if self.joins[address] >= self.joins_per_address:
            raise Refused(
                403,
                f"{self.joins_per_address} learners have already joined from this address; "
                "the instructor can raise --joins-per-address",
            )
        token = secrets.token_urlsafe(24)
        joined = Learner(token_hash(token), pseudonym(self.secret, token), name, address)
        self.store.add_learner(joined.token_hash, joined.learner, name, address)
        self.learners[joined.token_hash] = joined
        self.joins[address] += 1
        self.tally.name(joined.learner, name)
        return token, joined

    async def poster(self, handler) -> tuple[str, str | None]:
        """``(pseudonym, name)`` of a post's learner, from its token (or its hub token)."""
        if self.auth.hub:
            learner, name = await self.auth.learner(handler)
            tally = self.tally
            if learner not in tally.people and tally.learners() >= self.max_learners:
                raise Refused(403, f"the class is full ({self.max_learners} learners)")
            return learner, name
        token = request_token(handler)
        known = self.learners.get(token_hash(token)) if token else None
        if known is None:
            address = handler.request.remote_ip
            self.throttle.check(address)
            self.throttle.fail(address)
            raise Refused(
                401,
                "this post has no learner token the server knows: join first, "
                "with course.join(URL, 'CODE')",
            )
        return known.learner, known.name

    def push(self) -> None:
        """Tell every open dashboard about new answers (at most once per tick)."""
        if self.tally.seq != self.pushed_seq:
            snapshot = self.tally.snapshot()
            snapshot["class"] = self.auth.label
            self.state = json.dumps(snapshot)
            self.pushed_seq = self.tally.seq
            self.changed.notify_all()


def security_headers(handler: tornado.web.RequestHandler, nonce: str) -> None:
    """Strict headers for every answer: nothing but this page's own script and style runs,
    nothing frames it (``frame-ancestors 'none'`` and ``X-Frame-Options``), no sniffing."""
    handler.set_header(
        "Content-Security-Policy",
        f"default-src 'none'; script-src 'nonce-{nonce}'; style-src 'nonce-{nonce}'; "
        "connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; "
        "frame-ancestors 'none'",
    )
    handler.set_header("X-Frame-Options", "DENY")
    handler.set_header("X-Content-Type-Options", "nosniff")
    handler.set_header("Referrer-Policy", "no-referrer")
    handler.set_header("Cross-Origin-Opener-Policy", "same-origin")
    handler.set_header("Cross-Origin-Resource-Policy", "same-origin")


class SecurityHeaders:
    """Mixed into every handler, the hub's OAuth callback too."""

    def set_default_headers(self) -> None:
        self.nonce = secrets.token_urlsafe(16)
        security_headers(self, self.nonce)


class BaseHandler(SecurityHeaders, tornado.web.RequestHandler):
    @property
    def live(self) -> Live:
        return self.settings["live"]

    def refuse(self, status: int, reason: str, retry_after: int | None = None) -> None:
        self.set_status(status)
        if retry_after is not None:
            self.set_header("Retry-After", str(retry_after))
        self.finish({"error": reason})

    def write_error(self, status_code: int, **kwargs) -> None:
        error = kwargs.get("exc_info", (None, None, None))[1]
        detail = getattr(error, "log_message", None)  # e.g. "user ben is not allowed." on a hub
        self.finish({"error": f"{self._reason}: {detail}" if detail else self._reason})


class NotFoundHandler(BaseHandler):
    def prepare(self) -> None:
        raise tornado.web.HTTPError(404)


class EventsHandler(BaseHandler):
    async def post(self) -> None:
        try:
            event = parse(self.request.body)
            learner, name = await self.live.poster(self)
            if not self.live.limit.allow(learner):
                raise Refused(429, "too many posts from this learner; slow down and retry", 2)
            stored = check(event, self.live.tally.bank, learner, name)
            seq = self.live.store.add(stored)
        except Refused as refused:
            return self.refuse(refused.status, refused.reason, refused.retry_after)
        except sqlite3.Error as error:  # a full disk, a read-only or vanished file
            return self.refuse(503, FULL_DISK.format(error=error), 5)
        if seq is None:
            return self.finish({"stored": False, "duplicate": True})
        self.live.tally.add(seq, stored)
        self.set_status(201)
        self.finish({"stored": True, "seq": seq})


class JoinHandler(BaseHandler):
    async def post(self) -> None:
        live = self.live
        try:
            event = parse(self.request.body)
            if live.auth.hub:
                learner, _ = await live.poster(self)
                return self.finish({"class": live.auth.label, "learner": learner})
            address = self.request.remote_ip
            live.throttle.check(address)  # before the code: no yes/no answer at full speed
            try:
                live.auth.check_code(event.get("class"))
            except Refused:
                live.throttle.fail(address)
                raise
            name = clean_name(event.get("name"))
            token, joined = live.join(address, event.get("token"), name)
        except Refused as refused:
            return self.refuse(refused.status, refused.reason, refused.retry_after)
        except sqlite3.Error as error:
            return self.refuse(503, FULL_DISK.format(error=error), 5)
        self.set_header("Cache-Control", "no-store")
        self.finish(
            {"class": live.auth.label, "learner": joined.learner, "name": name, "token": token}
        )


class HomeHandler(BaseHandler):
    def get(self) -> None:
        live = self.live
        self.finish(page.home(live.auth.label, live.auth.hub, live.url, self.nonce))


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
        join = live.auth.join_line(url)
        self.finish(page.dashboard(credentials, live.auth.label, join, self.nonce))


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
    extra = [(path, type(h.__name__, (SecurityHeaders, h), {})) for path, h in extra_handlers]
    app = tornado.web.Application(
        [*extra, *handlers],
        default_handler_class=NotFoundHandler,
        live=live,
        cookie_secret=live.store.setting("cookie_secret", secrets.token_hex(32)),
    )
    PeriodicCallback(live.push, PUSH_EVERY_MS).start()
    return app
