"""course.nodelay in a real Jupyter server: kernel websockets get TCP_NODELAY.

The server is started on loopback (the browser tests' helper) with the
extension on or off, a real kernel is started, and a websocket is opened to
it with tornado's client. The test then reads TCP_NODELAY from the server's
end of that very connection: it takes a copy of the server's socket with
``pidfd_getfd`` (Linux 5.6+; the server is this process's child, so it may)
and asks ``getsockopt``, not the extension's own log line. The figures it saves
a learner are in ``benchmarks/browser_latency.py``.
"""

from __future__ import annotations

import asyncio
import ctypes
import os
import socket as sockets
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from tornado.websocket import websocket_connect

sys.path.insert(0, str(Path(__file__).resolve().parent / "browser"))

from helpers import JupyterServer  # noqa: E402

from course import nodelay  # noqa: E402

SYS_PIDFD_GETFD = 438  # the same number on every Linux architecture


def server_side_nodelay(server: JupyterServer, client_port: int) -> int:
    """TCP_NODELAY of the server's socket whose peer is ``127.0.0.1:client_port``."""
    inodes = set()
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        fields = line.split()
        local, remote = fields[1], fields[2]
        if int(local.split(":")[1], 16) == server.port and int(remote.split(":")[1], 16) == (
            client_port
        ):
            inodes.add(fields[9])
    assert len(inodes) == 1, f"no single server socket for the client port {client_port}"
    pid, wanted = server.process.pid, f"socket:[{inodes.pop()}]"
    fds = os.listdir(f"/proc/{pid}/fd")
    (fd,) = [int(n) for n in fds if os.readlink(f"/proc/{pid}/fd/{n}") == wanted]
    if not hasattr(os, "pidfd_open"):
        pytest.fail("this test reads the server's socket with pidfd_getfd: Linux 5.6+ needed")
    pidfd = os.pidfd_open(pid)
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        copy = libc.syscall(SYS_PIDFD_GETFD, pidfd, fd, 0)
        assert copy >= 0, f"pidfd_getfd failed: {os.strerror(ctypes.get_errno())}"
    finally:
        os.close(pidfd)
    with sockets.socket(fileno=copy) as theirs:
        return theirs.getsockopt(sockets.IPPROTO_TCP, sockets.TCP_NODELAY)


def open_kernel_socket(server: JupyterServer) -> tuple[str, int]:
    """Start a kernel and open its websocket: the server's log once it has connected,
    and TCP_NODELAY of the server's end of that websocket (:func:`server_side_nodelay`).

    jupyter_server logs "Nudge: ..." (at debug level) from inside the
    connection's ``connect``, so by then the extension's line, if any, is in.
    """
    kernel = server.api("POST", "api/kernels", {"name": "python3"})
    url = f"ws://127.0.0.1:{server.port}/api/kernels/{kernel['id']}/channels?token={server.token}"

    async def connect_and_wait() -> tuple[str, int]:
        socket = await websocket_connect(url)
        try:
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline and "Nudge: " not in server.log():
                await asyncio.sleep(0.1)
            port = socket.protocol.stream.socket.getsockname()[1]
            return server.log(), server_side_nodelay(server, port)
        finally:
            socket.close()

    # In a thread of its own: the session's Playwright keeps an event loop running in this one.
    with ThreadPoolExecutor(1) as thread:
        return thread.submit(asyncio.run, connect_and_wait()).result()


@pytest.mark.slow
def test_a_kernel_websocket_sends_without_delay(tmp_path):
    with JupyterServer(tmp_path, args=("--ServerApp.log_level=DEBUG",)) as server:
        log, option = open_kernel_socket(server)
    assert "kernel websockets send without Nagle's delay" in log
    assert option == 1, "the server's end of the kernel websocket has Nagle's delay on"


@pytest.mark.slow
def test_switched_off_the_server_is_as_jupyter_ships_it(tmp_path):
    with JupyterServer(tmp_path, nodelay=False, args=("--ServerApp.log_level=DEBUG",)) as server:
        log, option = open_kernel_socket(server)
    assert "Nudge: " in log
    assert option == 0, "without the extension the server's socket should be as tornado sets it"
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
