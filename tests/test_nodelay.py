"""course.nodelay in a real Jupyter server: kernel websockets get TCP_NODELAY.

The server is started on loopback (the browser tests' helper) with the
extension on or off, a real kernel is started, and a websocket is opened to
it with tornado's client. The extension reads the option back from the
server's own socket and logs it at debug level; the figures it saves a learner
are in ``benchmarks/browser_latency.py``.
"""

from __future__ import annotations

import asyncio
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from tornado.websocket import websocket_connect

sys.path.insert(0, str(Path(__file__).resolve().parent / "browser"))

from helpers import JupyterServer  # noqa: E402

from course import nodelay  # noqa: E402


def open_kernel_socket(server: JupyterServer) -> str:
    """Start a kernel and open its websocket; the server's log once it has connected.

    jupyter_server logs "Nudge: ..." (at debug level) from inside the
    connection's ``connect``, so by then the extension's line, if any, is in.
    """
    kernel = server.api("POST", "api/kernels", {"name": "python3"})
    url = f"ws://127.0.0.1:{server.port}/api/kernels/{kernel['id']}/channels?token={server.token}"

    async def connect_and_wait() -> str:
        socket = await websocket_connect(url)
        try:
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline:
                log = server.log()
                if "Nudge: " in log:
                    return log
                await asyncio.sleep(0.1)
            return server.log()
        finally:
            socket.close()

    # In a thread of its own: the session's Playwright keeps an event loop running in this one.
    with ThreadPoolExecutor(1) as thread:
        return thread.submit(asyncio.run, connect_and_wait()).result()


@pytest.mark.slow
def test_a_kernel_websocket_sends_without_delay(tmp_path):
    with JupyterServer(tmp_path, args=("--ServerApp.log_level=DEBUG",)) as server:
        log = open_kernel_socket(server)
    assert "kernel websockets send without Nagle's delay" in log
    assert "websocket TCP_NODELAY=1" in log, log[-3000:]


@pytest.mark.slow
def test_switched_off_the_server_is_as_jupyter_ships_it(tmp_path):
    with JupyterServer(tmp_path, nodelay=False, args=("--ServerApp.log_level=DEBUG",)) as server:
        log = open_kernel_socket(server)
    assert "Nudge: " in log
    assert "Nagle" not in log and "TCP_NODELAY=" not in log


def test_the_mixin_wraps_the_configured_class_once():
    from jupyter_server.services.kernels.connection.channels import (
        ZMQChannelsWebsocketConnection,
    )

    wrapped = nodelay.without_delay(ZMQChannelsWebsocketConnection)
    assert issubclass(wrapped, ZMQChannelsWebsocketConnection)
    assert wrapped.__mro__[1] is nodelay.NoDelay
    assert nodelay.without_delay(wrapped) is wrapped
    assert nodelay._jupyter_server_extension_points() == [{"module": "course.nodelay"}]
