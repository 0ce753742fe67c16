"""The one rule for a test whose tool is missing: skip here, fail in CI.

CI (``.ci/run``) installs everything the tests use (Chromium, bubblewrap,
JupyterHub and its proxy), so there a missing tool is a broken set-up and must
fail rather than pass as a skip. CI is on when ``CI`` is set to anything but
empty, ``0``, ``false`` or ``no`` (``.ci/run`` sets ``CI=true``, as GitHub
Actions and GitLab do).
"""

from __future__ import annotations

import os
from typing import NoReturn

import pytest


def in_ci() -> bool:
    """Whether these tests run in CI (``CI`` set to a true value)."""
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def unavailable(why: str, what: str = "these tests") -> NoReturn:
    """Skip, saying ``why`` (and how to get it); in CI, fail: CI must run ``what``."""
    if in_ci():
        pytest.fail(f"{why}. CI must run {what}.", pytrace=False)
    pytest.skip(why)
