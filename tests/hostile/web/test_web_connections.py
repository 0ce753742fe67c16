"""Slow and idle clients cannot lock the class out or hold the server's memory.

Issue 21's a09 and a10, with the server at a 1024 open-files limit (the usual
desktop default), beside an honest learner and the instructor's dashboard.
"""

from __future__ import annotations

import shutil
import socket
import time
from pathlib import Path

import pytest
from live_support import LiveServer
from web_support import card, honest_check

from course.live.run import BODY_TIMEOUT_S, HEADER_TIMEOUT_S, MAX_BODY, PER_ADDRESS

ATTACKERS = ("127.0.0.66", "127.0.0.67")


@pytest.fixture
def small_server(tmp_path):
    if not shutil.which("prlimit"):
        pytest.skip("needs prlimit (util-linux) to give the server a 1024 open-files limit")
    prefix = ["prlimit", "--nofile=1024:1024", "--"]
    with LiveServer(tmp_path / "events.sqlite", prefix=prefix) as server:
        yield server


def rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise AssertionError("no VmRSS")


def connect(server, source: str) -> socket.socket:
    address = ("127.0.0.1", server.port)
    sock = socket.create_connection(address, timeout=5, source_address=(source, 0))
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    return sock


def closed_by_server(sock: socket.socket, timeout: float) -> bool:
    """Whether the server closes ``sock`` (EOF, or a reset) within ``timeout`` seconds."""
    sock.settimeout(timeout)
    end = time.monotonic() + timeout
    try:
        while time.monotonic() < end:
            if not sock.recv(65536):
                return True
    except TimeoutError:
        return False
    except OSError:
        return True
    return False


def test_slowloris_does_not_lock_learners_or_the_dashboard_out(small_server):
    server = small_server
    honest_check(server, "slack-numeric", "2")
    held = []
    try:
        for n in range(1100):  # half a request header each, from two machines
            try:
                sock = connect(server, ATTACKERS[n % 2])
                sock.sendall(b"POST /api/events HTTP/1.1\r\nHost: x\r\n")
                held.append(sock)
            except OSError:
                pass
        started = time.monotonic()
        # meanwhile: an honest learner posts, the instructor's dashboard answers
        honest_check(server, "slack-numeric", "3")
        assert server.state()["class"] == "PM-TEST"
        assert time.monotonic() - started < 10
        # the server kept at most its share per address open, and refused the rest at once
        open_now = [s for s in held if not closed_by_server(s, 0.01)]
        assert len(open_now) <= 2 * PER_ADDRESS, len(open_now)
        # the ones it kept are closed once their header time is up
        deadline = HEADER_TIMEOUT_S + 5
        still = [s for s in open_now if not closed_by_server(s, deadline)]
        assert not still, f"{len(still)} half-sent requests still held after {deadline} s"
    finally:
        for sock in held:
            sock.close()
    state = server.wait_for(lambda s: s["seq"] == 2)
    assert card(state, "slack-numeric")["answered"] == 1
    assert server.process.poll() is None


def test_unfinished_bodies_do_not_hold_the_servers_memory(small_server):
    server = small_server
    honest = honest_check(server, "slack-numeric", "2")
    before = rss_mib(server.process.pid)
    held, refused_at_once = [], 0
    try:
        for n in range(150):  # a declared 1 MB body each: refused before any is read
            sock = connect(server, ATTACKERS[n % 2])
            head = b"POST /api/events HTTP/1.1\r\nHost: x\r\nContent-Length: 1048000\r\n\r\n"
            sock.sendall(head)
            try:
                sock.sendall(b"x" * 100_000)
            except OSError:
                pass
            refused_at_once += closed_by_server(sock, 5)
            sock.close()
        assert refused_at_once == 150
        for n in range(150):  # bodies just under the limit, never finished
            try:
                sock = connect(server, ATTACKERS[n % 2])
                length = MAX_BODY - 100
                sock.sendall(b"POST /api/events HTTP/1.1\r\nHost: x\r\n")
                sock.sendall(f"Content-Length: {length}\r\n\r\n".encode() + b"x" * (length - 500))
                held.append(sock)
            except OSError:
                pass
        time.sleep(1)
        grown = rss_mib(server.process.pid) - before
        assert grown < 30, f"the server grew by {grown:.0f} MiB"
        honest_check(server, "slack-numeric", "3")  # served meanwhile
        deadline = BODY_TIMEOUT_S + 5
        still = [s for s in held if not closed_by_server(s, deadline)]
        assert not still, f"{len(still)} unfinished bodies still held after {deadline} s"
    finally:
        for sock in held:
            sock.close()
    assert honest.sent == 2
    state = server.wait_for(lambda s: s["seq"] == 2)
    assert card(state, "slack-numeric")["answered"] == 1
