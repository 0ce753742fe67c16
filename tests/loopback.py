"""A free port on 127.0.0.1 for the servers the tests and benchmarks start.

Standard library only: ``tests/browser/helpers.py`` (which needs Playwright),
``tests/live/live_support.py`` and ``benchmarks/live.py`` (which must not) can
all import it.
"""

from __future__ import annotations

import socket


def free_port() -> int:
    """A TCP port on 127.0.0.1 that is free right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]
