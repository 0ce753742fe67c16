"""The live view's events, kept in one SQLite file (WAL), one row per answer event.

The file holds every answer, the learners' names and the instructor token,
so it is made private to its owner: the folder (when the store makes it)
0700, the file and SQLite's ``-wal``/``-shm`` companions 0600, whatever the
umask (SQLite gives the companions the main file's mode).

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
import os
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
CREATE TABLE IF NOT EXISTS learners (
    token_hash TEXT PRIMARY KEY,
    learner TEXT NOT NULL UNIQUE,
    name TEXT,
    address TEXT NOT NULL,
    joined TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
"""
PRIVATE_FILE, PRIVATE_DIR = 0o600, 0o700


def create_private(path: Path) -> None:
    """Make ``path``'s folder (0700 if new) and the file itself 0600, umask or not.

    An existing file is narrowed to 0600 too (the live store of an older
    version was made 0644); its ``-wal``/``-shm`` companions likewise.
    """
    folder = path.parent
    if not folder.exists():
        folder.mkdir(parents=True, exist_ok=True)
        os.chmod(folder, PRIVATE_DIR)
    fd = os.open(path, os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0), PRIVATE_FILE)
    try:
        os.fchmod(fd, PRIVATE_FILE)
    finally:
        os.close(fd)
    for suffix in ("-wal", "-shm", "-journal"):
        companion = path.with_name(path.name + suffix)
        if companion.exists() and not companion.is_symlink():
            os.chmod(companion, PRIVATE_FILE)


class Store:
    """Answer events of one class in a SQLite file; ``add`` is idempotent per event id."""

    def __init__(self, path: str | Path):
        if str(path) != ":memory:":
            create_private(Path(path))
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

    def add_learner(self, token_hash: str, learner: str, name: str | None, address: str) -> None:
        """Record a joined learner (the hash of their token, never the token)."""
        self.db.execute(
            "INSERT INTO learners (token_hash, learner, name, address) VALUES (?, ?, ?, ?)",
            (token_hash, learner, name, address),
        )

    def rename_learner(self, token_hash: str, name: str | None) -> None:
        self.db.execute("UPDATE learners SET name = ? WHERE token_hash = ?", (name, token_hash))

    def learners(self):
        """Every joined learner, as ``(token hash, pseudonym, name, address)``."""
        yield from self.db.execute("SELECT token_hash, learner, name, address FROM learners")

    def setting(self, key: str, default: str) -> str:
        """A stored setting (the instructor token survives a restart); stores ``default`` if new."""
        self.db.execute("INSERT OR IGNORE INTO meta VALUES (?, ?)", (key, default))
        return self.db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()[0]

    def close(self) -> None:
        self.db.close()
