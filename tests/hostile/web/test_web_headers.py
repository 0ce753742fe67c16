"""Strict security headers on every page and API answer; the dashboard cannot be framed.

Issue 21's a15 and a28: on a hub every learner's server shares the
dashboard's origin, so ``frame-ancestors 'self'`` would not do; the test frames
the dashboard from a page on the dashboard's own origin, in real Chromium.
"""

from __future__ import annotations

import json
import socket

import pytest
from live_support import raw_request
from playwright.sync_api import expect
from web_support import event, honest_check

REQUIRED = {
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}


def assert_strict(headers, what: str) -> None:
    for name, value in REQUIRED.items():
        assert headers.get(name) == value, (what, name, headers.get(name))
    policy = headers.get("Content-Security-Policy") or ""
    directives = {d.split()[0]: d.split()[1:] for d in policy.split(";") if d.strip()}
    assert directives.get("frame-ancestors") == ["'none'"], (what, policy)
    assert directives.get("default-src") == ["'none'"], (what, policy)
    assert "'unsafe-inline'" not in policy and "*" not in policy, (what, policy)


def test_every_page_and_api_answer_has_strict_headers(server):
    honest = honest_check(server, "slack-numeric", "2")
    url, token = server.url, server.token
    join = json.dumps({"class": server.join_code}).encode()
    auth = {"Authorization": f"token {honest.token}"}
    routes = [
        ("home", f"{url}/", None, {}),
        ("dashboard", f"{url}/dashboard?token={token}", None, {}),
        ("dashboard without token", f"{url}/dashboard", None, {}),
        ("state", f"{url}/api/state?token={token}", None, {}),
        ("state without token", f"{url}/api/state", None, {}),
        ("join", f"{url}/api/join", join, {}),
        ("wrong code", f"{url}/api/join", b'{"class": "AAAAA-AAAAA"}', {}),
        ("event", f"{url}/api/events", json.dumps(event("slack-numeric", "1")).encode(), auth),
        ("malformed event", f"{url}/api/events", b"[" * 5000, auth),
        ("no such page", f"{url}/no/such/page", None, {}),
        ("no such method", f"{url}/api/events", None, {}),
    ]
    for what, target, body, headers in routes:
        status, data, answer = raw_request(target, body, headers)
        assert_strict(answer, f"{what} ({status})")
    # the event stream: its headers, then let go
    with socket.create_connection(("127.0.0.1", server.port), timeout=5) as sock:
        sock.sendall(f"GET /api/stream?token={token} HTTP/1.1\r\nHost: x\r\n\r\n".encode())
        head = b""
        while b"\r\n\r\n" not in head:
            head += sock.recv(4096)
    lines = head.split(b"\r\n\r\n")[0].decode().split("\r\n")[1:]
    assert_strict(dict(line.split(": ", 1) for line in lines), "stream")
    # what the connection cap refuses with, too (written before tornado sees a request)
    from course.live.run import PER_ADDRESS

    idle = []
    try:
        for _ in range(PER_ADDRESS):
            idle.append(socket.create_connection(("127.0.0.1", server.port), 5, ("127.0.0.9", 0)))
        status, data, answer = raw_request(f"{url}/", source="127.0.0.9")
        assert status == 503 and "too many connections" in json.loads(data)["error"]
        assert_strict(answer, "connection cap")
    finally:
        for sock in idle:
            sock.close()


@pytest.mark.browser
def test_a_page_on_the_dashboards_own_origin_cannot_frame_it(server, page):
    """A learner's page served on the same origin (as on a hub without subdomains) frames
    the dashboard to click Show names and read them: the frame stays empty."""
    honest_check(server, "duty-sort", {"interdependencies": "project"}, name="Ana Lima")
    server.wait_for(lambda s: s["seq"] == 1)
    evil = f"{server.url}/user/ben/evil.html"
    control = f"{server.url}/user/ben/control.html"
    plain = f"{server.url}/user/ben/plain.html"
    spy = """<!doctype html><iframe id="f" src="%s" width="900" height="600"></iframe>
<script>
window.seen = "nothing";
document.getElementById("f").onload = () => {
  try {
    const d = document.getElementById("f").contentDocument;
    const reveal = d && d.getElementById("reveal");
    if (reveal) { reveal.click(); }
    setTimeout(() => { window.seen = d ? d.body.innerText : "no document"; }, 1500);
  } catch (e) { window.seen = "blocked: " + e.name; }
};
</script>"""
    pages = {
        evil: spy % server.dashboard,
        control: spy % plain,  # the same spy on a frame without the headers: it works
        plain: '<!doctype html><button id="reveal" onclick="this.textContent=\'Ana\'">x</button>',
    }
    page.route(
        f"{server.url}/user/**",
        lambda route: route.fulfill(
            status=200, content_type="text/html", body=pages[route.request.url]
        ),
    )
    framed = []
    page.on("response", lambda r: framed.append(r) if "/dashboard" in r.url else None)

    page.goto(control)
    page.wait_for_function("window.seen !== 'nothing'", timeout=15_000)
    assert "Ana" in page.evaluate("window.seen"), "the control frame should be readable"

    page.goto(evil)
    page.wait_for_timeout(3000)
    seen = page.evaluate("window.seen")
    assert "Ana Lima" not in seen and "Whose duty" not in seen, seen
    assert framed and framed[0].status == 200  # the server answered; Chromium refused to show it
    assert framed[0].headers["content-security-policy"].endswith("frame-ancestors 'none'")
    frame = page.frame_locator("#f")
    expect(frame.locator("#reveal")).to_have_count(0)
