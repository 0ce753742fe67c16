"""Who may post and who may watch, with a class code: the live view off a hub.

The server makes the class code itself (about 49 bits, read off a projector);
a learner's client trades it once, at ``api/join``, for a learner token of its
own (random, kept by the server as a hash), and every post carries that token.
So a classmate who knows the code cannot post as someone else, and the
pseudonym the dashboard shows is an HMAC of the token under a server secret:
nobody can compute it from a class list. Wrong codes and unknown tokens are
throttled per client address (429 with ``Retry-After``), so ``api/join`` is no
yes/no oracle at full speed. The instructor's dashboard needs the instructor
token printed at start-up. On a JupyterHub, :mod:`course.live.hub` takes this
module's place.
"""

from __future__ import annotations

import hashlib
import hmac
import math
import re
import secrets
import time
import unicodedata

from course.errors import UsageError
from course.live.wire import Refused

CODE_LETTERS = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L: read off a projector
CODE_GROUPS = (5, 5)  # K7PM2-XQR9A: 10 letters of 31, about 49.5 bits
CODE_BITS = sum(CODE_GROUPS) * math.log2(len(CODE_LETTERS))
CODE = re.compile(r"[A-Z2-9]{5}-[A-Z2-9]{5}")
LABEL = re.compile(r"[A-Za-z0-9-]{3,32}")
PSEUDONYM_LABEL = re.compile(r"learner\s+[0-9a-f]{4,}", re.IGNORECASE)
NAME_LIMIT = 60


def new_code() -> str:
    """A class code made by the server, such as ``K7PM2-XQR9A`` (about 49 bits)."""
    groups = ("".join(secrets.choice(CODE_LETTERS) for _ in range(n)) for n in CODE_GROUPS)
    return "-".join(groups)


def check_label(label: str) -> str:
    """The class's name (``--class PM-MON``): names the event file and the dashboard."""
    if not LABEL.fullmatch(label or ""):
        raise UsageError(
            f"The class name {label!r} is not usable: use 3 to 32 letters, digits or dashes, "
            "for example --class PM-MONDAY. (The join code is made by the server.)"
        )
    return label


def same(given: str | None, expected: str) -> bool:
    return isinstance(given, str) and hmac.compare_digest(given.encode(), expected.encode())


def request_token(handler) -> str | None:
    """The token of a request: ``?token=`` or an ``Authorization: token …`` header."""
    header = handler.request.headers.get("Authorization", "")
    scheme, _, value = header.partition(" ")
    if scheme.lower() in ("token", "bearer") and value.strip():
        return value.strip()
    return handler.get_query_argument("token", None)


def token_hash(token: str) -> str:
    """What the store keeps of a learner token: its SHA-256 (the token itself is not kept)."""
    return hashlib.sha256(token.encode("utf-8", "replace")).hexdigest()


def pseudonym(secret: str, identity: str) -> str:
    """A learner's stand-in on the dashboard: HMAC-SHA256 under the server's secret.

    >>> pseudonym("s3cret", "ana") == pseudonym("s3cret", "ana") != pseudonym("other", "ana")
    True
    """
    return hmac.new(secret.encode(), identity.encode(), hashlib.sha256).hexdigest()[:12]


def clean_name(name: object) -> str | None:
    """A learner's opted-in name, made plain: NFKC, no control or format characters
    (so no right-to-left override), spaces collapsed; :class:`Refused` 400 if unusable."""
    if name is None:
        return None
    if not isinstance(name, str) or len(name) > 4 * NAME_LIMIT:
        raise Refused(400, f"'name' must be null or a string of at most {NAME_LIMIT} characters")
    text = unicodedata.normalize("NFKC", name)
    text = "".join(" " if ch.isspace() else ch for ch in text)
    text = "".join(ch for ch in text if unicodedata.category(ch)[0] not in "CZ" or ch == " ")
    text = " ".join(text.split())
    if len(text) > NAME_LIMIT:
        raise Refused(400, f"'name' must be null or a string of at most {NAME_LIMIT} characters")
    if PSEUDONYM_LABEL.fullmatch(text):
        raise Refused(400, f"{text!r} looks like another learner's pseudonym; use your own name")
    return text or None


class Throttle:
    """A token bucket per client address: ``burst`` failures at once, then ``per_second``."""

    def __init__(self, burst: float = 10, per_second: float = 0.2, clock=time.monotonic):
        self.burst, self.per_second, self.clock = burst, per_second, clock
        self.buckets: dict[str, tuple[float, float]] = {}

    def _level(self, key: str) -> float:
        now = self.clock()
        tokens, then = self.buckets.get(key, (self.burst, now))
        return min(self.burst, tokens + (now - then) * self.per_second)

    def check(self, key: str) -> None:
        """:class:`Refused` 429 (with the seconds to wait) while ``key`` has no tries left."""
        level = self._level(key)
        if level < 1:
            wait = math.ceil((1 - level) / self.per_second)
            raise Refused(
                429,
                f"too many wrong class codes or unknown tokens from this address; "
                f"wait {wait} s and check the code your instructor shows",
                retry_after=wait,
            )

    def fail(self, key: str) -> None:
        """Count one failure (a wrong code, an unknown token) against ``key``."""
        if len(self.buckets) > 100_000:  # made-up addresses must not fill the memory
            self.buckets.clear()
        self.buckets[key] = (self._level(key) - 1, self.clock())


class CodeAuth:
    """Joins trade the class code for a learner token; the dashboard needs the instructor token."""

    hub = False

    def __init__(self, code: str, token: str, label: str | None = None):
        self.code = code
        self.token = token
        self.label = label or code
        self.secret = ""  # the pseudonym secret; Live sets it from the store

    def check_code(self, given: object) -> None:
        """:class:`Refused` 403 unless ``given`` is this class's code."""
        if not same(given if isinstance(given, str) else None, self.code):
            raise Refused(
                403,
                "wrong class code: use the code your instructor shows with the join line, "
                "as in course.join(URL, 'CODE')",
            )

    def join_line(self, url: str) -> str:
        """What learners type to join, as shown on the dashboard."""
        return f'course.join("{url}", "{self.code}")'

    def instructor(self, handler) -> bool:
        """Whether the request carries the instructor token (else the handler answers 403)."""
        return same(request_token(handler), self.token)
