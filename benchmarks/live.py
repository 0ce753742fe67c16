"""Benchmark: a class of learners posting Checks to a real ``pm-course live`` server.

    python benchmarks/live.py                            # 500 learners x 10 Checks in 30 s
    python benchmarks/live.py --learners 1000 --window 20

It starts ``pm-course live`` on 127.0.0.1 (the tests' server, see
``tests/live/live_support.py``), opens the dashboard's event stream as the
instructor's browser does, has every learner join with the class code (each
from a loopback address of its own, 127.0.x.y, as each laptop in a room has
its own: the server's caps and throttles are per address) and then runs three
scenarios against it in one run, each post carrying its learner's token:

* **baseline**: one learner posting 20 Checks, 0.25 s apart (a quiet server);
* **class**: every learner posts ``--checks`` Checks at random moments within
  ``--window`` seconds (the burst after "now try the duty sort"), each on one of
  four exercises (duty sort, career ladder, certificate match, slack), with a
  plausible mix of right and wrong answers;
* **stress**: the class's Checks again, ten times faster (headroom).

Per scenario it reports the posts accepted per second, the time from a post's
start to the first dashboard update that includes it (median and 95th
percentile; measured on the stream the dashboard reads, matched by the event's
sequence number), refused posts, the server's memory (resident set size
after the scenario and its peak, read from /proc) and the CPU time the server
used during the scenario (also from /proc: on a shared machine it says more about
the server's own cost than the delays do). Target: p95 update under 2 s
with 500 learners posting 10 Checks each within 30 s, on 2 cores.
"""

from __future__ import annotations

import argparse
import asyncio
import bisect
import json
import os
import platform
import random
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

from tornado.httpclient import AsyncHTTPClient, HTTPClientError, HTTPRequest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "live"))
from live_support import LiveServer, learner_event, simulated_answer  # noqa: E402

from course import load_bank  # noqa: E402

EXERCISES = ("duty-sort", "career-ladder", "cert-match", "slack-numeric")
SEQ = re.compile(rb'data: \{"seq": (\d+)')


class Stream:
    """The dashboard's server-sent events, as ``(arrival time, seq)``."""

    def __init__(self, server: LiveServer):
        self.url = f"{server.url}/api/stream?token={server.token}"
        self.times: list[float] = []
        self.seqs: list[int] = []
        self.buffer = b""

    def _chunk(self, data: bytes) -> None:
        now = time.perf_counter()
        self.buffer += data
        *messages, self.buffer = self.buffer.split(b"\n\n")
        for message in messages:
            if found := SEQ.match(message):
                self.times.append(now)
                self.seqs.append(int(found.group(1)))

    def open(self):
        request = HTTPRequest(self.url, streaming_callback=self._chunk, request_timeout=3600)
        return AsyncHTTPClient().fetch(request, raise_error=False)

    def seen(self, seq: int, after: float) -> float | None:
        """When the dashboard first heard of event ``seq`` (the stream's seqs only grow)."""
        i = bisect.bisect_left(self.seqs, seq)
        return self.times[i] if i < len(self.times) else None


def address(n: int) -> str:
    """Learner ``n``'s own loopback address (the quiet learner is 127.0.0.2)."""
    return f"127.0.{1 + n // 250}.{2 + n % 250}"


async def join(client, server, n: int) -> str:
    """Learner ``n`` joins with the class code; their learner token."""
    body = json.dumps({"class": server.join_code})
    response = await client.fetch(
        server.url + "/api/join",
        method="POST",
        body=body,
        network_interface=address(n),
        request_timeout=30,
    )
    return json.loads(response.body)["token"]


async def post(client, server, learner) -> tuple[float, int | None, int]:
    started = time.perf_counter()
    n, token, event = learner
    body = json.dumps(event)
    try:
        response = await client.fetch(
            server.url + "/api/events",
            method="POST",
            body=body,
            headers={"Authorization": f"token {token}"},
            network_interface=address(n),
            request_timeout=30,
        )
        status, seq = response.code, int(SEQ_REPLY.search(response.body).group(1))
    except HTTPClientError as error:
        status, seq = error.code, None
    return started, seq, status


SEQ_REPLY = re.compile(rb'"seq": (\d+)')


async def scenario(server, stream, plan) -> dict:
    """Post each ``(delay, event)`` of ``plan`` at its moment; figures for the scenario."""
    client = AsyncHTTPClient()
    origin = time.perf_counter()

    async def one(delay, event):
        await asyncio.sleep(max(0.0, origin + delay - time.perf_counter()))
        return await post(client, server, event)

    results = await asyncio.gather(*(one(delay, event) for delay, event in plan))
    finished = time.perf_counter()
    accepted = [(t, seq) for t, seq, status in results if status == 201]
    last = max(seq for _, seq in accepted)
    deadline = time.perf_counter() + 30
    while (not stream.seqs or stream.seqs[-1] < last) and time.perf_counter() < deadline:
        await asyncio.sleep(0.05)
    delays = []
    for started, seq in accepted:
        seen = stream.seen(seq, started)
        delays.append((seen - started) if seen is not None else float("inf"))
    delays.sort()
    return {
        "posts": len(plan),
        "accepted": len(accepted),
        "refused": len(plan) - len(accepted),
        "per_s": len(accepted) / (finished - origin),
        "median_s": statistics.median(delays),
        "p95_s": delays[int(0.95 * (len(delays) - 1))],
        "max_s": delays[-1],
    }


def memory(pid: int) -> tuple[float, float]:
    """Resident and peak resident set size of ``pid``, in MiB."""
    fields = dict(
        line.split(":", 1) for line in Path(f"/proc/{pid}/status").read_text().splitlines()
    )
    return tuple(int(fields[k].split()[0]) / 1024 for k in ("VmRSS", "VmHWM"))


def cpu_seconds(pid: int) -> float:
    """CPU time (user and system) ``pid`` has used, from /proc."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def plans(args) -> tuple[list, list]:
    bank, rng = load_bank(), random.Random(args.seed)
    exercises = [bank[e] for e in EXERCISES]

    def event(learner: int, ex):
        return (learner, None, learner_event(ex, simulated_answer(ex, rng)))

    # 20 Checks a quarter of a second apart: within one learner's rate limit
    quiet = args.learners  # the quiet learner is one more
    baseline = [(i * 0.25, event(quiet, exercises[i % 4])) for i in range(20)]
    crowd = [
        (rng.uniform(0, args.window), event(n, rng.choice(exercises)))
        for n in range(args.learners)
        for _ in range(args.checks)
    ]
    crowd.sort(key=lambda pair: pair[0])
    return baseline, crowd


def fresh(plan: list, squeeze: float) -> list:
    """``plan`` again, ``squeeze`` times faster, with new event ids (else all duplicates)."""
    return [
        (delay / squeeze, (n, token, dict(event, id=os.urandom(16).hex())))
        for delay, (n, token, event) in plan
    ]


async def main_async(args) -> None:
    AsyncHTTPClient.configure(None, max_clients=args.learners + 10)
    baseline, crowd = plans(args)
    stress = fresh(crowd, 10)
    with tempfile.TemporaryDirectory() as tmp:
        server = LiveServer(Path(tmp) / "bench.sqlite", code="PM-BENCH").start()
        try:
            stream = Stream(server)
            stream.open().add_done_callback(lambda done: done.exception())
            while not stream.seqs:
                await asyncio.sleep(0.05)
            client = AsyncHTTPClient()
            tokens = {}
            for n in range(args.learners + 1):  # everyone joins before the class starts
                tokens[n] = await join(client, server, n)
            for plan in (baseline, crowd, stress):
                plan[:] = [(delay, (n, tokens[n], event)) for delay, (n, _, event) in plan]
            rows = []
            scenarios = [
                ("baseline: 1 learner", baseline),
                (f"class: {args.learners} learners, {args.window:g} s", crowd),
                (f"stress: the same Checks in {args.window / 10:g} s", stress),
            ]
            for name, plan in scenarios:
                used = cpu_seconds(server.process.pid)
                figures = await scenario(server, stream, plan)
                figures["cpu"] = cpu_seconds(server.process.pid) - used
                figures["rss"], figures["peak"] = memory(server.process.pid)
                rows.append((name, figures))
        finally:
            server.stop()
    print(
        f"pm-course live: {args.learners} learners x {args.checks} Checks within "
        f"{args.window:g} s; Python {platform.python_version()}, {os.cpu_count()} cores, "
        f"load average {os.getloadavg()[0]:.1f}"
    )
    head = "| scenario | posts | accepted/s | refused | update median | update p95 | max |"
    print(head + " server RSS (peak) | server CPU |")
    print("|---" * 9 + "|")
    for name, f in rows:
        print(
            f"| {name} | {f['posts']} | {f['per_s']:.0f} | {f['refused']} | "
            f"{f['median_s'] * 1000:.0f} ms | {f['p95_s'] * 1000:.0f} ms | "
            f"{f['max_s'] * 1000:.0f} ms | {f['rss']:.0f} MiB ({f['peak']:.0f} MiB) | "
            f"{f['cpu']:.1f} s |"
        )
    p95 = rows[1][1]["p95_s"]
    verdict = "met" if p95 < 2.0 else "NOT met"
    print(f"Target p95 update under 2 s: {verdict} ({p95:.2f} s).")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--learners", type=int, default=500)
    parser.add_argument("--checks", type=int, default=10, help="Checks per learner")
    parser.add_argument("--window", type=float, default=30.0, help="seconds they post within")
    parser.add_argument("--seed", type=int, default=13)
    asyncio.run(main_async(parser.parse_args()))


if __name__ == "__main__":
    main()
