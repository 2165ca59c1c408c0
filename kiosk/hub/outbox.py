"""The kiosk's outbox and its reserved offline number blocks, kept in the kiosk's own store.

Every write meant for the hub is queued here with its idempotency key before (or in the
same transaction as) the local write, and pushed in order by the sync thread; the hub
answers a repeated key with its first answer, so a push that is retried after a lost
answer lands exactly once. Blocks are ranges of numbers the hub reserved for this kiosk
alone: offline tickets take their numbers from them, so no two kiosks print the same one.

The tables live in the kiosk store's SQLite file (created if missing, never touching the
store's own schema version) so a ticket row and its outbox entry commit together.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass

from kiosk.store import Store, utc_now

SCHEMA = """
CREATE TABLE IF NOT EXISTS hub_outbox (
    seq        INTEGER PRIMARY KEY AUTOINCREMENT,
    key        TEXT NOT NULL UNIQUE,
    path       TEXT NOT NULL,
    body       TEXT NOT NULL,
    created_at TEXT NOT NULL,
    attempts   INTEGER NOT NULL DEFAULT 0,
    state      TEXT NOT NULL DEFAULT 'pending',
    last_error TEXT NOT NULL DEFAULT ''
);
CREATE TABLE IF NOT EXISTS hub_offline_block (
    day   TEXT NOT NULL,
    grp   TEXT NOT NULL,
    first INTEGER NOT NULL,
    last  INTEGER NOT NULL,
    next  INTEGER NOT NULL,
    PRIMARY KEY (day, grp, first)
);
"""
PENDING, SENT, REJECTED = "pending", "sent", "rejected"


@dataclass(frozen=True)
class Entry:
    seq: int
    key: str
    path: str
    body: dict | None
    attempts: int


class Outbox:
    def __init__(self, store: Store):
        self.store = store
        with store.transaction() as db:
            for statement in SCHEMA.split(";"):
                if statement.strip():
                    db.execute(statement)

    # -- the queue ----------------------------------------------------------------------
    @staticmethod
    def add(db: sqlite3.Connection, key: str, path: str, body: dict | None) -> None:
        """Queue a push inside the caller's open transaction; a repeated key is ignored."""
        db.execute("INSERT OR IGNORE INTO hub_outbox (key, path, body, created_at) "
                   "VALUES (?, ?, ?, ?)", (key, path, json.dumps(body),
                                           utc_now().isoformat(timespec="milliseconds")))

    def enqueue(self, key: str, path: str, body: dict | None) -> None:
        with self.store.transaction() as db:
            self.add(db, key, path, body)

    def retract(self, key: str) -> None:
        """Drop a queued push whose local write was refused (only if not yet sent)."""
        with self.store.transaction() as db:
            db.execute("DELETE FROM hub_outbox WHERE key=? AND state=?", (key, PENDING))

    def pending(self, limit: int = 100) -> list[Entry]:
        return [Entry(s, k, p, json.loads(b), a) for s, k, p, b, a in self.store.query(
            "SELECT seq, key, path, body, attempts FROM hub_outbox WHERE state=? "
            "ORDER BY seq LIMIT ?", (PENDING, limit))]

    def sent(self, seq: int) -> None:
        with self.store.transaction() as db:
            db.execute("UPDATE hub_outbox SET state=?, attempts=attempts+1 WHERE seq=?",
                       (SENT, seq))

    def failed(self, seq: int, error: str, final: bool) -> None:
        """A push that failed; `final` when the hub refused it for good (kept for staff)."""
        with self.store.transaction() as db:
            db.execute("UPDATE hub_outbox SET attempts=attempts+1, last_error=?, state=? "
                       "WHERE seq=?", (error[:500], REJECTED if final else PENDING, seq))

    def count(self, state: str = PENDING) -> int:
        return self.store.query("SELECT COUNT(*) FROM hub_outbox WHERE state=?", (state,))[0][0]

    def rejected(self) -> list[tuple[str, str, str]]:
        return [tuple(r) for r in self.store.query(
            "SELECT key, path, last_error FROM hub_outbox WHERE state=? ORDER BY seq", (REJECTED,))]

    # -- offline number blocks ----------------------------------------------------------
    def add_block(self, day: str, grp: str, first: int, last: int) -> None:
        with self.store.transaction() as db:
            db.execute("INSERT OR IGNORE INTO hub_offline_block (day, grp, first, last, next) "
                       "VALUES (?, ?, ?, ?, ?)", (day, grp, first, last, first))

    def blocks_taken(self, day: str, grp: str) -> int:
        return self.store.query("SELECT COUNT(*) FROM hub_offline_block WHERE day=? AND grp=?",
                                (day, grp))[0][0]

    def remaining(self, day: str, grp: str) -> int:
        return self.store.query("SELECT COALESCE(SUM(last - next + 1), 0) FROM hub_offline_block "
                                "WHERE day=? AND grp=?", (day, grp))[0][0]

    @staticmethod
    def take_number(db: sqlite3.Connection, day: str, grp: str) -> int | None:
        """The next unused reserved number of a group, inside the caller's transaction."""
        row = db.execute("SELECT first, next FROM hub_offline_block WHERE day=? AND grp=? "
                         "AND next <= last ORDER BY first LIMIT 1", (day, grp)).fetchone()
        if row is None:
            return None
        db.execute("UPDATE hub_offline_block SET next = next + 1 WHERE day=? AND grp=? AND first=?",
                   (day, grp, row[0]))
        return row[1]
