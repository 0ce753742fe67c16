"""Widget replies without Nagle's delay: a Jupyter server extension.

Each press of a widget button is answered by the kernel in several small
websocket frames (status busy, the widget's update, status idle).
jupyter_server leaves TCP_NODELAY off on its kernel websockets (tornado's
default), so a frame written while the one before it is still unacknowledged
waits for the browser's delayed ACK: about 40 ms on Linux, on loopback too. In
the browser that was half of what a learner waited after pressing Check
(``benchmarks/browser_latency.py`` shows it side by side).

This extension sets TCP_NODELAY on every kernel websocket once it is open, the
way tornado's ``WebSocketHandler.set_nodelay`` documents for small, latency-
sensitive messages. It wraps whatever connection class the server is
configured with (the local kernels' or a gateway's), so it changes nothing
else. It is enabled when pm-course is installed (the wheel's
``etc/jupyter/jupyter_server_config.d/course.nodelay.json``); turn it off with
``jupyter server extension disable --sys-prefix course.nodelay``.
"""

from __future__ import annotations

import socket

MODULE = "course.nodelay"


class NoDelay:
    """Mixin for a kernel websocket connection class: TCP_NODELAY once connected."""

    def connect(self):
        """Switch Nagle's algorithm off, then connect as the wrapped class does."""
        handler = self.websocket_handler
        if handler.ws_connection is not None:  # None if the page has gone again
            handler.set_nodelay(True)
            tcp = handler.ws_connection.stream.socket
            if tcp is not None:
                on = tcp.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY)
                self.log.debug("pm-course: kernel %s websocket TCP_NODELAY=%d", self.kernel_id, on)
        return super().connect()


def without_delay(base: type) -> type:
    """``base`` with :class:`NoDelay` mixed in (``base`` itself if it has it already)."""
    if issubclass(base, NoDelay):
        return base
    return type(f"NoDelay{base.__name__}", (NoDelay, base), {"__module__": MODULE})


def _jupyter_server_extension_points() -> list[dict]:
    return [{"module": MODULE}]


def _load_jupyter_server_extension(serverapp) -> None:
    settings = serverapp.web_app.settings
    base = settings.get("kernel_websocket_connection_class")
    if base is None:
        serverapp.log.warning("pm-course: no kernel websocket class to set TCP_NODELAY on")
        return
    settings["kernel_websocket_connection_class"] = without_delay(base)
    serverapp.log.info("pm-course: kernel websockets send without Nagle's delay (TCP_NODELAY)")
