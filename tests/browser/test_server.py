"""The server fixture itself: isolated, token-protected, quiet, and gone when stopped."""

from __future__ import annotations

import socket
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from helpers import JupyterServer, alive, copy_course, descendants

pytestmark = pytest.mark.browser


def environ(pid: int) -> dict[str, str]:
    """The environment of process ``pid``."""
    raw = Path(f"/proc/{pid}/environ").read_bytes()
    return dict(entry.split("=", 1) for entry in raw.decode().split("\0") if "=" in entry)


def test_server_is_isolated_and_leaves_no_process_behind(chromium, tmp_path):
    server = JupyterServer(copy_course(tmp_path / "course")).start()
    port = server.port
    try:
        with pytest.raises(urllib.error.HTTPError) as refused:  # no token, no entry
            urllib.request.urlopen(server.base + "api/kernels", timeout=10)
        assert refused.value.code == 403
        server.api("POST", "api/kernels", {"name": "python3"})
        started = descendants(server.process.pid)
        kernels = [p for p in started if b"ipykernel" in Path(f"/proc/{p}/cmdline").read_bytes()]
        assert kernels, "the kernel's process is not a child of the server"
        env = environ(kernels[0])
        assert env["PM_COURSE_HOME"] == str(server.home)
        for name in ("JUPYTER_CONFIG_DIR", "JUPYTER_DATA_DIR", "JUPYTER_RUNTIME_DIR", "IPYTHONDIR"):
            assert Path(env[name]).is_relative_to(server.state), name
        assert server.api("GET", "lab/api/news") == {"news": []}
        settings = server.api("GET", "lab/api/settings/@jupyterlab/apputils-extension:notification")
        defaults = settings["schema"]["properties"]
        assert defaults["fetchNews"]["default"] == "false"
        assert defaults["checkForUpdates"]["default"] is False
        server_pid = server.process.pid
    finally:
        server.stop()
    assert server.leftovers == [], "processes had to be killed"
    assert not [pid for pid in [server_pid, *started] if alive(pid)]
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", port), timeout=2).close()
