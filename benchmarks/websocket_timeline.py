"""Where a press's time goes: the kernel, or the websocket between it and the page.

    python benchmarks/websocket_timeline.py               # 20 rounds, both socket settings
    python benchmarks/websocket_timeline.py --presses 40 --exercise duty-sort

Runs ``benchmarks/browser_latency.py``'s rounds (a bare widget and an exercise,
pressed in turn) twice in one run: once on a server with ``course.nodelay``
(TCP_NODELAY on kernel websockets, as an installed pm-course has it) and once
without it (as jupyter_server ships). The page's ``WebSocket`` is wrapped
before JupyterLab loads, so every frame is logged with the page's clock; the
kernel stamps each message it sends (``header.date``), on the same machine's
clock. For every press (a button's ``comm_msg`` the page sends) it then has:

- **kernel**: from the page sending the press to the kernel stamping its first
  widget update in reply (the kernel's queue and the handler: ``course.grade``
  for a Check);
- **wire**: from that stamp to the page receiving the update (ZeroMQ, the
  server, the websocket).

Prints the median and 95th percentile of both and the share of presses whose
update spent more than 30 ms on the wire.
"""

from __future__ import annotations

import argparse
import statistics
import sys
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from browser_latency import (  # noqa: E402 - this folder's latency benchmark
    CHROMIUM,
    INSTALL_HINT,
    LEARNER,
    exercise_page,
    measure,
    percentile,
    sync_playwright,
)

# Logs every kernel frame the page sends or receives (the v1 binary protocol or
# JSON), with the page's wall clock in ms.
WRAP_WEBSOCKET = r"""
(() => {
  const Original = window.WebSocket;
  const log = window.__frames = [];
  const now = () => performance.timeOrigin + performance.now();
  const decode = (data) => {
    if (typeof data === 'string') return JSON.parse(data);
    const bytes = new Uint8Array(data);
    const view = new DataView(data);
    const count = Number(view.getBigUint64(0, true));
    const at = [];
    for (let i = 1; i <= count; i++) at.push(Number(view.getBigUint64(8 * i, true)));
    const part = (i) => JSON.parse(new TextDecoder().decode(bytes.slice(at[i], at[i + 1])));
    return {header: part(1), parent_header: part(2), content: part(4)};
  };
  const note = (direction, data) => {
    try {
      const m = decode(data);
      log.push({direction, t: now(), type: m.header.msg_type, id: m.header.msg_id,
                date: m.header.date, parent: (m.parent_header || {}).msg_id,
                method: ((m.content || {}).data || {}).method});
    } catch (e) { /* not a kernel message */ }
  };
  window.WebSocket = function (...args) {
    const socket = new Original(...args);
    socket.binaryType = 'arraybuffer';
    socket.addEventListener('message', (event) => note('in', event.data));
    const send = socket.send.bind(socket);
    socket.send = (data) => { note('out', data); return send(data); };
    return socket;
  };
  window.WebSocket.prototype = Original.prototype;
  Object.assign(window.WebSocket, {CONNECTING: 0, OPEN: 1, CLOSING: 2, CLOSED: 3});
})();
"""


def stamp_ms(date: str) -> float:
    return datetime.fromisoformat(date.replace("Z", "+00:00")).timestamp() * 1000


def split(frames: list[dict]) -> tuple[list[float], list[float]]:
    """Per press: (kernel ms, wire ms) of the first widget update sent in reply."""
    kernel, wire = [], []
    for sent in frames:
        if sent["direction"] != "out" or sent["method"] != "custom":
            continue  # only button presses
        replies = [
            f
            for f in frames
            if f["direction"] == "in" and f["parent"] == sent["id"] and f["method"] == "update"
        ]
        if replies:
            first = replies[0]
            kernel.append(stamp_ms(first["date"]) - sent["t"])
            wire.append(first["t"] - stamp_ms(first["date"]))
    return kernel, wire


def timeline(exercise_ids: list[str], presses: int, nodelay: bool) -> dict:
    with exercise_page(exercise_ids, nodelay, WRAP_WEBSOCKET) as (page, bank):
        page.evaluate("() => { window.__frames.length = 0; }")
        for exercise_id in exercise_ids:
            measure(page, bank[exercise_id].for_learner(LEARNER), presses)
        frames = page.evaluate("() => window.__frames")
    kernel, wire = split(frames)
    return {"presses": len(wire), "kernel": kernel, "wire": wire}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--presses", type=int, default=20, help="timed rounds per exercise")
    parser.add_argument(
        "--exercise", action="append", help="exercise id (repeatable; default: two)"
    )
    args = parser.parse_args(argv)
    if not Path(CHROMIUM).is_file() or sync_playwright is None:
        print(f"Needs Chromium at {CHROMIUM} and Playwright. {INSTALL_HINT}", file=sys.stderr)
        return 2
    ids = args.exercise or ["project-cost-overrun", "cert-match"]
    print(f"{', '.join(ids)}: {args.presses} rounds each, bare widget and exercise in turn")
    print(f"{'kernel websockets':<34} {'presses':>7}  {'kernel ms':>17}  {'wire ms':>17}  >30 ms")
    print(f"{'':<34} {'':>7}  {'median':>8} {'p95':>8}  {'median':>8} {'p95':>8}  on wire")
    for nodelay in (False, True):
        f = timeline(ids, max(args.presses, 2), nodelay)
        k, w = f["kernel"], f["wire"]
        slow = sum(x > 30 for x in w) / len(w)
        name = "TCP_NODELAY (course.nodelay)" if nodelay else "as jupyter_server ships"
        print(
            f"{name:<34} {f['presses']:>7}  {statistics.median(k):8.1f} "
            f"{percentile(k, 0.95):8.1f}  {statistics.median(w):8.1f} "
            f"{percentile(w, 0.95):8.1f}  {slow:6.0%}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
