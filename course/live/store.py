"""The live view's events, kept in one SQLite file (WAL), one row per answer event.

A learner's client may send the same event twice (its first try timed out
after the server had stored it); the event id it chose makes the second
insert a no-op, so nothing is ever counted twice.

>>> store = Store(":memory:")
>>> store.add({"id": "e1", "learner": "ab12", "exercise": "warm-up", "answer": ["a"]})
1
>>> store.add({"id": "e1", "learner": "ab12", "exercise": "warm-up", "answer": ["a"]}) is None
True
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS events (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    learner TEXT NOT NULL,
    id TEXT NOT NULL,
    exercise TEXT NOT NULL,
    body TEXT NOT NULL,
    received TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    UNIQUE (learner, id)
);
"""


class Store:
    """Answer events of one class in a SQLite file; ``add`` is idempotent per event id."""

    def __init__(self, path: str | Path):
        if str(path) != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        self.path = str(path)
        self.db = sqlite3.connect(self.path, isolation_level=None)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.executescript(SCHEMA)

    def add(self, event: dict) -> int | None:
        """Store ``event``; return its sequence number, or ``None`` if its id was seen before."""
        cursor = self.db.execute(
            "INSERT OR IGNORE INTO events (learner, id, exercise, body) VALUES (?, ?, ?, ?)",
            (event["learner"], event["id"], event["exercise"], json.dumps(event)),
        )
        return cursor.lastrowid if cursor.rowcount else None

    def events(self):
        """Every stored event in arrival order, as ``(seq, event)``."""
        for seq, body in self.db.execute("SELECT seq, body FROM events ORDER BY seq"):
            yield seq, json.loads(body)

    def count(self) -> int:
        return self.db.execute("SELECT count(*) FROM events").fetchone()[0]

    def setting(self, key: str, default: str) -> str:
        """A stored setting (the instructor token survives a restart); stores ``default`` if new."""
        self.db.execute("INSERT OR IGNORE INTO meta VALUES (?, ?)", (key, default))
        return self.db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()[0]

    def close(self) -> None:
        self.db.close()
