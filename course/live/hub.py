"""The live view as a JupyterHub service: the hub says who posts and who watches.

Learners' kernels post with their hub API token (``JUPYTERHUB_API_TOKEN``,
which every single-user server and its kernels have); the service asks the
hub whose token it is, so no class code is needed and nobody can post as
someone else; the hub token is the learner's secret. The pseudonym is an HMAC
of the hub user name under the server's secret, so a list of logins does not
turn it back into names. The dashboard logs the instructor in through the hub (OAuth)
and lets in hub admins and, if named, the members of one group.
"""

from __future__ import annotations

import os
from urllib.parse import urlparse

from course.errors import UsageError
from course.live.auth import pseudonym, request_token
from course.live.wire import Refused

try:
    from jupyterhub.services.auth import (
        HubOAuth,
        HubOAuthCallbackHandler,
        HubOAuthenticated,
        UserNotAllowed,
    )
except ImportError:  # pm-course live --hub says how to install it
    HubOAuth = HubOAuthenticated = HubOAuthCallbackHandler = UserNotAllowed = None


def service_env() -> dict:
    """The settings JupyterHub hands a service, or :class:`UsageError` when not run by a hub."""
    if HubOAuth is None:
        raise UsageError("--hub needs JupyterHub's Python package: pip install jupyterhub")
    needed = ("JUPYTERHUB_API_TOKEN", "JUPYTERHUB_API_URL", "JUPYTERHUB_SERVICE_URL")
    missing = [name for name in needed if not os.environ.get(name)]
    if missing:
        raise UsageError(
            f"--hub runs as a JupyterHub service, but {', '.join(missing)} "
            f"{'is' if len(missing) == 1 else 'are'} not set: "
            "start it from jupyterhub_config.py (see docs/running-a-class.md, "
            "'Live class view on a hub')."
        )
    url = urlparse(os.environ["JUPYTERHUB_SERVICE_URL"])
    return {
        "name": os.environ.get("JUPYTERHUB_SERVICE_NAME", "live"),
        "host": url.hostname or "127.0.0.1",
        "port": url.port or 80,
        "prefix": os.environ.get("JUPYTERHUB_SERVICE_PREFIX", "/services/live/"),
    }


class HubAuth:
    """Posts carry a hub token; the dashboard is for hub admins and one optional group."""

    hub = True

    def __init__(self, service: str, group: str | None = None):
        self.service = service
        self.group = group
        self.label = service
        self.secret = ""  # the pseudonym secret; Live sets it from the store
        self.oauth = HubOAuth.instance()

    async def learner(self, handler) -> tuple[str, str | None]:
        """``(pseudonym, hub user name)`` of the token's owner; the body names nobody."""
        token = request_token(handler)
        if not token:
            raise Refused(
                401, "post with your hub token: Authorization: token $JUPYTERHUB_API_TOKEN"
            )
        user = await self.oauth.user_for_token(token, sync=False)
        if not user or user.get("kind", "user") != "user":
            raise Refused(403, "the hub does not know this token; restart your server and retry")
        return pseudonym(self.secret, f"hub\0{user['name']}"), user["name"]

    def join_line(self, url: str) -> str:
        return f'PM_COURSE_LIVE="{url}" (set for every learner by the hub)'

    def allowed(self, user: dict) -> bool:
        return bool(user.get("admin")) or bool(self.group and self.group in user.get("groups", []))

    def instructor(self, handler) -> bool:  # the HubInstructor mixin decides instead
        return False


class HubInstructor(HubOAuthenticated or object):
    """Mixed into the instructor's routes on a hub: log in through the hub, admins or group only."""

    def prepare(self) -> None:
        if self.current_user is None:  # a refused user raises 403 here instead of redirecting
            self.redirect(self.get_login_url())

    def check_hub_user(self, model: dict) -> dict:
        if self.settings["live"].auth.allowed(model):
            return model
        raise UserNotAllowed(model)
