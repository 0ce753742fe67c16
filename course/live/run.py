"""Start the live server: ``pm-course live`` (class code) or ``pm-course live --hub``."""

from __future__ import annotations

import asyncio
import secrets
import signal
import socket
from pathlib import Path
from urllib.parse import urlparse

from course.core import paths
from course.core.bank import load_bank
from course.errors import UsageError
from course.live.auth import CodeAuth, check_code
from course.live.server import Live, make_app
from course.live.store import Store
from course.live.tally import Tally

MAX_BODY = 1 << 20  # tornado drops bigger bodies outright; the per-event limit is in wire.py


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
    code: str | None,
    host: str = "127.0.0.1",
    port: int = 8765,
    db: str | None = None,
    bank_dir: str | None = None,
    notebooks_dir: str | None = None,
    max_learners: int = 2000,
) -> None:
    """Run the class-code live server until Ctrl+C (or SIGTERM)."""
    import tornado.netutil

    from course.live.auth import new_code

    code = check_code(code) if code else new_code()
    store = open_store(Path(db) if db else default_db(code), code)
    token = store.setting("instructor_token", secrets.token_urlsafe(18))
    try:
        sockets = tornado.netutil.bind_sockets(port, host)
    except OSError as error:
        raise UsageError(
            f"Cannot listen on {host}:{port} ({error.strerror}); choose another --port."
        ) from None
    port = sockets[0].getsockname()[1]
    url = public_url(host, port)
    live = build(
        store, CodeAuth(code, token), bank_dir, notebooks_dir, url, max_learners=max_learners
    )
    banner = [
        f"Live class view for class {code}: {url}",
        f"  Dashboard (instructor only): {url}/dashboard?token={token}",
        f'  Learners join in a notebook:  import course; course.join("{url}", "{code}")',
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
        prefix=env["prefix"],
        extra_handlers=[(callback_path, HubOAuthCallbackHandler)],
        handler_bases=(HubInstructor,),
    )


def _serve_until_stopped(live: Live, sockets: list, banner: str, **app_options) -> None:
    """Print ``banner``, serve ``live`` on ``sockets`` until Ctrl+C or SIGTERM, close the store."""
    from tornado.httpserver import HTTPServer

    async def run() -> None:
        server = HTTPServer(make_app(live, **app_options), max_body_size=MAX_BODY)
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
