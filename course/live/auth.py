"""Who may post and who may watch, with a class code: the live view off a hub.

Learners prove they are in the class with its code and name themselves by a
pseudonym their client derives (see :func:`course.live.client.pseudonym`);
the instructor's dashboard needs the instructor token printed at start-up.
On a JupyterHub, :mod:`course.live.hub` takes this module's place.
"""

from __future__ import annotations

import hmac
import re
import secrets

from course.errors import UsageError
from course.live.wire import Refused, learner_and_name

CODE = re.compile(r"[A-Za-z0-9-]{3,32}")
CODE_LETTERS = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L: read off a projector


def new_code() -> str:
    """A six-letter class code easy to read off a projector, such as ``K7PM2X``."""
    return "".join(secrets.choice(CODE_LETTERS) for _ in range(6))


def check_code(code: str) -> str:
    if not CODE.fullmatch(code or ""):
        raise UsageError(
            f"The class code {code!r} is not usable: use 3 to 32 letters, digits or dashes, "
            "for example --class PM-MONDAY."
        )
    return code


def same(given: str | None, expected: str) -> bool:
    return isinstance(given, str) and hmac.compare_digest(given.encode(), expected.encode())


def request_token(handler) -> str | None:
    """The token of a request: ``?token=`` or an ``Authorization: token …`` header."""
    header = handler.request.headers.get("Authorization", "")
    scheme, _, value = header.partition(" ")
    if scheme.lower() in ("token", "bearer") and value.strip():
        return value.strip()
    return handler.get_query_argument("token", None)


class CodeAuth:
    """Posts carry the class code; the dashboard needs the instructor token."""

    hub = False

    def __init__(self, code: str, token: str):
        self.code = check_code(code)
        self.token = token
        self.label = code

    async def learner(self, handler, event: dict) -> tuple[str, str | None]:
        """``(pseudonym, name)`` of the poster, or :class:`Refused` 403 on a wrong code."""
        if not same(event.get("class"), self.code):
            raise Refused(
                403,
                "wrong class code: use the code your instructor shows with the join line, "
                "as in course.join(URL, 'CODE')",
            )
        return learner_and_name(event)

    def join_line(self, url: str) -> str:
        """What learners type to join, as shown on the dashboard."""
        return f'course.join("{url}", "{self.code}")'

    def instructor(self, handler) -> bool:
        """Whether the request carries the instructor token (else the handler answers 403)."""
        return same(request_token(handler), self.token)
