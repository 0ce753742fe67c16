"""Start the live server: ``pm-course live`` (class code) or ``pm-course live --hub``."""

from __future__ import annotations

import asyncio
import json
import logging
import resource
import secrets
import signal
import socket
from collections import Counter
from pathlib import Path
from urllib.parse import urlparse

from course.core import paths
from course.core.bank import load_bank
from course.errors import UsageError
from course.live.auth import CodeAuth, check_label, new_code
from course.live.server import Live, make_app
from course.live.store import Store
from course.live.tally import Tally
from course.live.wire import MAX_BYTES

# tornado refuses a bigger declared body before reading any of it (400, connection
# closed); up to this, the handler reads it and answers 413 with a reason
MAX_BODY = 4 * MAX_BYTES
MAX_BUFFER = 4 * MAX_BODY  # what tornado buffers per connection at most
HEADER_TIMEOUT_S = 10.0  # a request's headers (and a kept-alive connection's next) in time
BODY_TIMEOUT_S = 10.0  # a request's whole body in time
PER_ADDRESS = 64  # open connections from one client address


def default_db(label: str) -> Path:
    return paths.user_data_dir() / "live" / f"{label}.sqlite"


def open_store(db: Path, label: str) -> Store:
    """The class's event store; refuses a file that belongs to another class."""
    store = Store(db)
    owner = store.setting("class", label)
    if owner != label:
        store.close()
        raise UsageError(
            f"{db} holds the live view of class {owner!r}, not {label!r}. "
            "Use the same --class to continue that class, or --db NEW-FILE for a new one."
        )
    return store


def public_url(host: str, port: int) -> str:
    """The address to give learners: this machine's LAN address when listening on all."""
    if host in ("0.0.0.0", "::", ""):
        try:  # the address of the interface a LAN packet would leave by (none is sent)
            with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
                probe.connect(("10.255.255.255", 1))
                host = probe.getsockname()[0]
        except OSError:
            host = socket.gethostname()
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}"


def build(store: Store, auth, bank_dir=None, notebooks_dir=None, url: str = "", **options):
    """The :class:`Live` state over the class's bank and notebook order."""
    bank = load_bank(bank_dir)
    notebooks = Path(notebooks_dir) if notebooks_dir else paths.notebooks_dir()
    return Live(store, Tally(bank, notebooks), auth, url=url, **options)


def serve(
    label: str | None,
    host: str = "127.0.0.1",
    port: int = 8765,
    db: str | None = None,
    bank_dir: str | None = None,
    notebooks_dir: str | None = None,
    max_learners: int = 2000,
    joins_per_address: int = 50,
) -> None:
    """Run the class-code live server until Ctrl+C (or SIGTERM).

    ``label`` names the class (its event file, its dashboard); the join code is
    the server's own, made once per event file and kept in it, so a restart
    keeps it and learners' queued answers still arrive.
    """
    import tornado.netutil

    label = check_label(label) if label else "class-" + new_code().split("-")[0].lower()
    store = open_store(Path(db) if db else default_db(label), label)
    code = store.setting("join_code", new_code())
    token = store.setting("instructor_token", secrets.token_urlsafe(24))
    try:
        sockets = tornado.netutil.bind_sockets(port, host)
    except OSError as error:
        raise UsageError(
            f"Cannot listen on {host}:{port} ({error.strerror}); choose another --port."
        ) from None
    port = sockets[0].getsockname()[1]
    url = public_url(host, port)
    live = build(
        store,
        CodeAuth(code, token, label),
        bank_dir,
        notebooks_dir,
        url,
        max_learners=max_learners,
        joins_per_address=joins_per_address,
    )
    banner = [
        f"Live class view for class {label}: {url}",
        f"  Dashboard (instructor only): {url}/dashboard?token={token}",
        f'  Learners join in a notebook:  import course; course.join("{url}", "{code}")',
        f"  Class code: {code}",
    ]
    if host in ("127.0.0.1", "localhost", "::1"):
        banner.append(
            "  Only this computer can reach it: add --host 0.0.0.0 to open it to the room."
        )
    banner.append(f"  Events are kept in {store.path}. Stop with Ctrl+C.")
    _serve_until_stopped(live, sockets, "\n".join(banner))


def serve_hub(group: str | None = None, db: str | None = None, bank_dir=None, notebooks_dir=None):
    """Run the live server as a JupyterHub service (the hub starts it, or you do with its env)."""
    import tornado.netutil
    from jupyterhub.services.auth import HubOAuthCallbackHandler

    from course.live.hub import HubAuth, HubInstructor, service_env

    env = service_env()
    auth = HubAuth(env["name"], group)
    sockets = tornado.netutil.bind_sockets(env["port"], env["host"])
    store = open_store(Path(db) if db else default_db(env["name"]), env["name"])
    live = build(store, auth, bank_dir, notebooks_dir, env["prefix"])  # the host: per request
    callback_path = urlparse(auth.oauth.oauth_redirect_uri).path
    _serve_until_stopped(
        live,
        sockets,
        f"Live class view as hub service {env['name']!r} at {env['prefix']}",
        per_address=None,
        prefix=env["prefix"],
        extra_handlers=[(callback_path, HubOAuthCallbackHandler)],
        handler_bases=(HubInstructor,),
    )


def connection_cap() -> int:
    """Open connections in all: well below this process's open-file limit."""
    soft, _ = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft == resource.RLIM_INFINITY:
        soft = 1 << 16
    return max(16, min(4000, soft - 64))


def capped_server(app, per_address: int | None = PER_ADDRESS, total: int | None = None):
    """A tornado HTTPServer with timeouts, a body limit read before the body, and caps on
    open connections per client address and in all (beyond them: 503 and closed at once)."""
    from tornado.httpserver import HTTPServer

    total = total or connection_cap()
    per_address = per_address or total  # on a hub every request comes through its proxy
    busy = json.dumps({"error": "the live server has too many connections open; retry soon"})
    refusal = (
        "HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\n"
        f"Retry-After: 2\r\nConnection: close\r\nContent-Length: {len(busy)}\r\n"
        "X-Content-Type-Options: nosniff\r\nX-Frame-Options: DENY\r\n"
        "Content-Security-Policy: default-src 'none'; frame-ancestors 'none'\r\n"
        f"Referrer-Policy: no-referrer\r\n\r\n{busy}"
    ).encode()

    class CappedHTTPServer(HTTPServer):
        open_from: Counter = Counter()  # one server per process

        def handle_stream(self, stream, address) -> None:
            peer = address[0] if isinstance(address, tuple) else ""
            if len(self._connections) >= total or self.open_from[peer] >= per_address:
                stream.write(refusal).add_done_callback(lambda _: stream.close())
                return
            self.open_from[peer] += 1
            super().handle_stream(stream, address)

        def on_close(self, server_conn) -> None:
            super().on_close(server_conn)
            address = server_conn.context.address
            peer = address[0] if isinstance(address, tuple) else ""
            self.open_from[peer] -= 1
            if self.open_from[peer] <= 0:
                del self.open_from[peer]

    return CappedHTTPServer(
        app,
        max_body_size=MAX_BODY,
        max_buffer_size=MAX_BUFFER,
        idle_connection_timeout=HEADER_TIMEOUT_S,
        body_timeout=BODY_TIMEOUT_S,
    )


def _serve_until_stopped(
    live: Live, sockets: list, banner: str, per_address: int | None = PER_ADDRESS, **app_options
) -> None:
    """Print ``banner``, serve ``live`` on ``sockets`` until Ctrl+C or SIGTERM, close the store."""

    # a refused post is the learner's to read, not a line in the instructor's terminal
    # (a flood of them would bury what matters); errors and 5xx are still printed
    logging.getLogger("tornado.access").setLevel(logging.ERROR)

    async def run() -> None:
        server = capped_server(make_app(live, **app_options), per_address)
        server.add_sockets(sockets)
        print(banner, flush=True)
        await _until_stopped()
        server.stop()

    try:
        asyncio.run(run())
    finally:
        live.store.close()


async def _until_stopped() -> None:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    await stop.wait()
