"""The hub's store: the kiosk store (same tickets, votes, SKM tables and atomic numbering)
plus what only the hub keeps: kiosk tokens, offline number blocks and kiosk heartbeats.

The hub tables live in the same database so that a block reservation bumps the very
sequence that online numbering uses, in one transaction: no number can be handed out twice.
They carry their own version (hub_schema) so the kiosk store's migrations stay untouched.

Two back ends behind one interface: this SQLite store (one MPP, the default) and
kiosk.hub.pgstore.PgHubStore (PostgreSQL, for a city or province); `kiosk.hub.stores.open_hub_store` picks
one from a path or a postgresql:// URL. On SQLite every write transaction is one
`BEGIN IMMEDIATE` on the writer connection; a transaction opened inside another on the same
thread is a SAVEPOINT, so the hub's group-commit writer (kiosk.hub.writer) can run many
requests in one transaction, each of them all-or-nothing, with one fsync for all of them.
Reads from other threads use a connection of their own per thread (WAL: readers never wait
for the writer) and see only committed data.
"""

from __future__ import annotations

import hashlib
import json
import secrets
import sqlite3
import threading
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from kiosk.hub.accounts.store import StaffStore
from kiosk.hub.audit.store import AuditStore
from kiosk.hub import daily_totals
from kiosk.hub.counter_store import CounterStore, backfill_legs
from kiosk.hub.dashboard_store import DashboardStore
from kiosk.queueing import format_number
from kiosk.store import PRINTING, Store, StoreError, TicketRow, run_migration, utc_now

HUB_MIGRATIONS: list[str] = [
    """
    CREATE TABLE hub_token (
        hash       TEXT PRIMARY KEY,
        kiosk_id   TEXT NOT NULL,
        created_at TEXT NOT NULL,
        revoked_at TEXT
    );
    CREATE INDEX hub_token_kiosk ON hub_token (kiosk_id);
    CREATE TABLE hub_block (
        key        TEXT PRIMARY KEY,
        kiosk_id   TEXT NOT NULL,
        day        TEXT NOT NULL,
        grp        TEXT NOT NULL,
        first      INTEGER NOT NULL,
        last       INTEGER NOT NULL,
        created_at TEXT NOT NULL
    );
    CREATE INDEX hub_block_day ON hub_block (day, grp);
    CREATE TABLE hub_kiosk (
        kiosk_id TEXT PRIMARY KEY,
        seen_at  TEXT NOT NULL,
        status   TEXT NOT NULL
    );
    """,
    # 2: what the hub looks up on every issue and check-in: held numbers of a group (people
    # ahead), a booking's ticket. The kiosk store has no need of them at its size.
    """
    CREATE INDEX hub_ticket_group ON ticket (day, grp, status, issued_at);
    CREATE INDEX hub_ticket_booking ON ticket (booking_id);
    """,
    # 3: the counter side (kiosk.hub.counter_store): each counter's state and the ticket
    # at it; the day's calls per agency in order (the interleave rule reads the last ones);
    # officers' idempotency keys; the live event log (ids given in commit order).
    """
    CREATE TABLE hub_counter (
        counter_id TEXT PRIMARY KEY,
        state      TEXT NOT NULL,
        ticket_id  TEXT,
        officer    TEXT,
        updated_at TEXT NOT NULL
    );
    CREATE TABLE hub_call (
        day        TEXT NOT NULL,
        agency_id  TEXT NOT NULL,
        seq        INTEGER NOT NULL,
        ticket_id  TEXT NOT NULL,
        counter_id TEXT NOT NULL,
        kind       TEXT NOT NULL,
        priority   INTEGER NOT NULL,
        at         TEXT NOT NULL,
        PRIMARY KEY (day, agency_id, seq)
    );
    CREATE TABLE hub_counter_request (
        key        TEXT PRIMARY KEY,
        counter_id TEXT NOT NULL,
        action     TEXT NOT NULL,
        ticket_id  TEXT,
        at         TEXT NOT NULL
    );
    CREATE TABLE hub_event (
        id   INTEGER PRIMARY KEY,
        at   TEXT NOT NULL,
        type TEXT NOT NULL,
        data TEXT NOT NULL
    );
    """,
    # 4: staff accounts (kiosk.hub.accounts) and their sessions (only a hash of the
    # session's secret is kept); display tokens beside kiosk tokens.
    """
    CREATE TABLE staff_user (
        username      TEXT PRIMARY KEY,
        role          TEXT NOT NULL,
        agency_id     TEXT,
        password_hash TEXT NOT NULL,
        failures      INTEGER NOT NULL DEFAULT 0,
        locked_until  TEXT,
        disabled_at   TEXT,
        created_at    TEXT NOT NULL
    );
    CREATE TABLE staff_session (
        hash       TEXT PRIMARY KEY,
        username   TEXT NOT NULL,
        created_at TEXT NOT NULL,
        expires_at TEXT NOT NULL,
        revoked_at TEXT
    );
    CREATE INDEX staff_session_user ON staff_session (username);
    ALTER TABLE hub_token ADD COLUMN kind TEXT NOT NULL DEFAULT 'kiosk';
    """,
    # 5: the audit log (kiosk.hub.audit; append-only), the forced password change of a new
    # or reset account, and when a session was last used (the idle timeout).
    """
    CREATE TABLE hub_audit (
        id       INTEGER PRIMARY KEY,
        at       TEXT NOT NULL,
        username TEXT,
        action   TEXT NOT NULL,
        target   TEXT NOT NULL,
        detail   TEXT NOT NULL,
        address  TEXT NOT NULL
    );
    CREATE INDEX hub_audit_user ON hub_audit (username, id);
    CREATE INDEX hub_audit_action ON hub_audit (action, id);
    ALTER TABLE staff_user ADD COLUMN must_change INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE staff_session ADD COLUMN seen_at TEXT;
    """,
    # 6: a ticket's legs (kiosk.counters.legs): each queue a transfer took it out of, with
    # its wait and service there; the ticket row holds the current leg.
    """
    CREATE TABLE ticket_leg (
        ticket_id  TEXT NOT NULL,
        leg        INTEGER NOT NULL,
        day        TEXT NOT NULL,
        agency_id  TEXT NOT NULL,
        service_id TEXT NOT NULL,
        queued_at  TEXT NOT NULL,
        called_at  TEXT,
        serving_at TEXT,
        ended_at   TEXT NOT NULL,
        counter_id TEXT,
        PRIMARY KEY (ticket_id, leg)
    );
    CREATE INDEX ticket_leg_day ON ticket_leg (day);
    """,
    # 7: the legs of tickets transferred before legs were kept, rebuilt from their steps.
    lambda db: backfill_legs(db),
    # 8: the complaint inbox's reply notes (kiosk.hub.dashboard_store), one per SKM response;
    # a covering index for a month of face votes per agency, face, hour and reason.
    """
    CREATE TABLE hub_suggestion_note (
        response_id TEXT PRIMARY KEY,
        note        TEXT NOT NULL,
        username    TEXT NOT NULL,
        at          TEXT NOT NULL
    );
    CREATE INDEX hub_vote_report ON vote (day, agency_id, face, hour, reason);
    """,
    # 9: the daily SKM and face-vote totals the dashboard reads, kept by triggers.
    lambda db: daily_totals.create(db),
]


class NotInBlock(StoreError):
    """An offline ticket whose number was not reserved by that kiosk."""


class BlockCapReached(StoreError):
    """The kiosk already holds as many blocks (or numbers) of a group today as it may."""


@dataclass(frozen=True)
class Block:
    kiosk_id: str
    day: str
    grp: str
    first: int
    last: int


TOKEN_CACHE_S = 2.0     # how long a kiosk token, once found valid, is not looked up again


def token_hash(token: str) -> str:
    # Tokens are 256 random bits, so a plain SHA-256 is enough: no dictionary to guard against.
    return hashlib.sha256(token.encode()).hexdigest()


class HubStore(CounterStore, StaffStore, AuditStore, DashboardStore, Store):
    dialect = "sqlite"

    def __init__(self, path: Path | str, timeout_s: float = 30.0):
        self._owner: int | None = None        # thread inside the open write transaction
        self._depth = 0                        # savepoints nested in it
        self._readers = threading.local()
        self._reader_list: list[sqlite3.Connection] = []
        self._readers_lock = threading.Lock()      # never the writer's lock: readers don't wait
        self._timeout_s = timeout_s
        self._numbers: dict[tuple[str, str], int] = {}     # noted in the open transaction
        self._note_numbers = None
        self._deferring: int | None = None        # see defer_numbers
        super().__init__(path, timeout_s)

    # -- transactions and reads ------------------------------------------------------------
    def transaction(self):
        if self._owner == threading.get_ident():
            return _Savepoint(self)
        return _WriteTransaction(self)

    def query(self, sql: str, args=()) -> list[sqlite3.Row]:
        if self._owner == threading.get_ident() or not isinstance(self.path, Path):
            with self._lock:       # inside our own transaction: see its uncommitted rows
                return self._db.execute(sql, tuple(args)).fetchall()
        return self._reader().execute(sql, tuple(args)).fetchall()

    def _reader(self) -> sqlite3.Connection:
        conn = getattr(self._readers, "conn", None)
        if conn is None:
            conn = sqlite3.connect(str(self.path), timeout=self._timeout_s,
                                   isolation_level=None, check_same_thread=False)
            conn.row_factory = sqlite3.Row
            conn.execute(f"PRAGMA busy_timeout={int(self._timeout_s * 1000)}")
            conn.execute("PRAGMA query_only=1")
            self._readers.conn = conn
            with self._readers_lock:
                self._reader_list.append(conn)
        return conn

    def close(self) -> None:
        with self._readers_lock:
            for conn in self._reader_list:
                conn.close()
            self._reader_list.clear()
        super().close()

    def watch_numbers(self, note) -> None:
        """As Store.watch_numbers, but `note` hears the highest number of each group once per
        transaction, just before its COMMIT: the marker is written once for a group
        commit's many tickets, and still never lags a committed one."""
        self._note_numbers = note

        def collect(day: str, grp: str, number: int) -> None:
            self._numbers[day, grp] = max(number, self._numbers.get((day, grp), 0))
        super().watch_numbers(collect)

    def _flush_numbers(self) -> None:
        numbers, self._numbers = self._numbers, {}
        self.note_numbers(numbers)

    @property
    def watched(self) -> bool:
        """A marker hears this store's numbers (kiosk.ops.marker)."""
        return self._note_numbers is not None

    def note_numbers(self, numbers: dict[tuple[str, str], int]) -> None:
        if self._note_numbers is not None:
            for (day, grp), number in sorted(numbers.items()):
                self._note_numbers(day, grp, number)

    def defer_numbers(self, thread_id: int) -> None:
        """Transactions of that thread (the group-commit writer's) leave their numbers for
        take_numbers() after COMMIT: the writer has the marker written, off its own path,
        before anyone is answered (kiosk.hub.writer)."""
        self._deferring = thread_id

    def take_numbers(self) -> dict[tuple[str, str], int]:
        numbers, self._numbers = self._numbers, {}
        return numbers

    def _serialise(self, db, *keys: str) -> None:
        """Make concurrent transactions touching the same `keys` run one after the other.
        Nothing to do on SQLite: BEGIN IMMEDIATE already runs every writer alone
        (PostgreSQL takes transaction-scoped advisory locks)."""

    def migrate(self) -> None:
        super().migrate()
        with self._lock:
            self._db.execute("CREATE TABLE IF NOT EXISTS hub_schema (version INTEGER NOT NULL)")
            row = self._db.execute("SELECT version FROM hub_schema").fetchone()
            current = row[0] if row else 0
            for version, script in enumerate(HUB_MIGRATIONS[current:], start=current + 1):
                with self.transaction() as db:
                    run_migration(db, script)
                    db.execute("DELETE FROM hub_schema")
                    db.execute("INSERT INTO hub_schema (version) VALUES (?)", (version,))

    # -- tokens -------------------------------------------------------------------------
    def new_token(self, kiosk_id: str, kind: str = "kiosk") -> str:
        """A fresh token for a kiosk (or a hall display, kind "display"); earlier tokens
        of that id stop working."""
        token = "-"
        while token.startswith("-"):  # a leading '-' reads as an option on a command line
            token = secrets.token_urlsafe(32)
        stamp = utc_now().isoformat(timespec="seconds")
        with self.transaction() as db:
            self._serialise(db, f"token/{kiosk_id}")
            db.execute("UPDATE hub_token SET revoked_at=? WHERE kiosk_id=? AND kind=? "
                       "AND revoked_at IS NULL", (stamp, kiosk_id, kind))
            db.execute("INSERT INTO hub_token (hash, kiosk_id, created_at, kind) "
                       "VALUES (?, ?, ?, ?)", (token_hash(token), kiosk_id, stamp, kind))
        self.__dict__.get("_token_cache", {}).clear()
        return token

    def kiosk_for_token(self, token: str) -> str | None:
        """The kiosk a valid kiosk token names. A known token is remembered for
        TOKEN_CACHE_S (every request asks); new_token forgets them here at once, so in
        another hub process a replaced token keeps working at most that long."""
        key = token_hash(token)
        cache = self.__dict__.setdefault("_token_cache", {})
        known = cache.get(key)
        if known is not None and time.monotonic() - known[1] < TOKEN_CACHE_S:
            return known[0]
        rows = self.query("SELECT kiosk_id FROM hub_token WHERE hash=? AND revoked_at IS NULL "
                          "AND kind='kiosk'", (key,))
        if not rows:
            return None
        if len(cache) > 10_000:
            cache.clear()
        cache[key] = (rows[0][0], time.monotonic())
        return rows[0][0]

    def token_holder(self, token: str) -> tuple[str, str] | None:
        """(kind, id) of a valid token: ("kiosk", kiosk id) or ("display", display id)."""
        rows = self.query("SELECT kind, kiosk_id FROM hub_token WHERE hash=? AND "
                          "revoked_at IS NULL", (token_hash(token),))
        return (rows[0][0], rows[0][1]) if rows else None

    # -- offline blocks -----------------------------------------------------------------
    def reserve_block(self, key: str, kiosk_id: str, day: str, grp: str, size: int,
                      now: datetime | None = None, *, max_blocks: int | None = None,
                      max_numbers: int | None = None) -> Block:
        """Take `size` numbers of `grp` on `day` for one kiosk's offline use, atomically.

        The shared sequence jumps by `size` in the same transaction, so online numbering
        and every other kiosk continue after the block. A repeated key returns the block
        already reserved.
        """
        stamp = (now or utc_now()).isoformat(timespec="milliseconds")
        with self.transaction() as db:
            self._serialise(db, f"block/{key}")
            row = db.execute("SELECT kiosk_id, day, grp, first, last FROM hub_block WHERE key=?",
                             (key,)).fetchone()
            if row:
                return Block(*row)
            self._check_block_cap(db, kiosk_id, day, grp, size, max_blocks, max_numbers)
            db.execute("INSERT INTO sequence (day, grp, last) VALUES (?, ?, ?) "
                       "ON CONFLICT (day, grp) DO UPDATE SET last = last + ?",
                       (day, grp, size, size))
            last = db.execute("SELECT last FROM sequence WHERE day=? AND grp=?",
                              (day, grp)).fetchone()[0]
            block = Block(kiosk_id, day, grp, last - size + 1, last)
            db.execute("INSERT INTO hub_block (key, kiosk_id, day, grp, first, last, created_at) "
                       "VALUES (?, ?, ?, ?, ?, ?, ?)", (key, *block.__dict__.values(), stamp))
            return block

    def _check_block_cap(self, db, kiosk_id, day, grp, size, max_blocks, max_numbers):
        if max_blocks is None and max_numbers is None:
            return
        self._serialise(db, f"blocks/{kiosk_id}/{day}/{grp}")   # two at once count as two
        count, numbers = db.execute(
            "SELECT COUNT(*), COALESCE(SUM(last - first + 1), 0) FROM hub_block "
            "WHERE kiosk_id=? AND day=? AND grp=?", (kiosk_id, day, grp)).fetchone()
        if max_blocks is not None and count >= max_blocks:
            raise BlockCapReached(f"kiosk {kiosk_id} already holds {count} blocks of {grp} "
                                  f"on {day}, the most a kiosk may take in a day")
        if max_numbers is not None and numbers + size > max_numbers:
            raise BlockCapReached(f"kiosk {kiosk_id} holds {numbers} offline numbers of {grp} "
                                  f"on {day}; {size} more would pass the day's cap of "
                                  f"{max_numbers}")

    def blocks(self, day: str) -> list[dict]:
        """Every block of a day with the numbers its kiosk used and those it left unused
        (declared gaps: reserved for offline use, never printed)."""
        out = []
        for kiosk_id, grp, first, last in self.query(
                "SELECT kiosk_id, grp, first, last FROM hub_block WHERE day=? "
                "ORDER BY grp, first", (day,)):
            used = {r[0] for r in self.query(
                "SELECT seq FROM ticket WHERE day=? AND grp=? AND seq BETWEEN ? AND ?",
                (day, grp, first, last))}
            out.append({"kiosk_id": kiosk_id, "group": grp, "first": first, "last": last,
                        "used": sorted(used),
                        "unused": [n for n in range(first, last + 1) if n not in used]})
        return out

    def kiosk_numbers(self, kiosk_id: str, day: str) -> dict:
        """One kiosk's numbers of a day, for a kiosk whose own store is new or restored:
        the blocks it reserved and the highest number of each group it handed out (online
        or offline, as far as the hub has heard)."""
        blocks = [{"group": g, "first": f, "last": l} for g, f, l in self.query(
            "SELECT grp, first, last FROM hub_block WHERE kiosk_id=? AND day=? "
            "ORDER BY grp, first", (kiosk_id, day))]
        last = {g: n for g, n in self.query(
            "SELECT grp, MAX(seq) FROM ticket WHERE kiosk_id=? AND day=? GROUP BY grp",
            (kiosk_id, day))}
        return {"kiosk_id": kiosk_id, "day": day, "blocks": blocks, "last": last}

    def import_ticket(self, *, kiosk_id: str, id: str, day: str, grp: str, seq: int,
                      padding: int, agency_id: str, service_id: str, priority: str | None,
                      booking_id: str | None, people_ahead: int, wait_minutes: int,
                      issued_at: datetime) -> tuple[TicketRow, bool]:
        """Record a ticket a kiosk issued offline from one of its blocks, exactly once.

        Returns (ticket, created); a repeated upload returns the ticket already recorded.
        """
        stamp = issued_at.isoformat(timespec="milliseconds")
        with self.transaction() as db:
            self._serialise(db, f"ticket/{id}", f"number/{day}/{grp}/{seq}")
            existing = self.by_id(db, id)
            if existing:
                if existing.kiosk_id != kiosk_id:
                    raise NotInBlock(f"ticket id {id} belongs to another kiosk")
                return existing, False
            inside = db.execute("SELECT 1 FROM hub_block WHERE kiosk_id=? AND day=? AND grp=? "
                                "AND ? BETWEEN first AND last", (kiosk_id, day, grp, seq)).fetchone()
            if not inside:
                raise NotInBlock(f"{format_number(grp, seq, padding)} on {day} is not in a "
                                 f"block reserved by kiosk {kiosk_id}")
            row = TicketRow(id=id, day=day, grp=grp, seq=seq, number=format_number(grp, seq, padding),
                            agency_id=agency_id, service_id=service_id, priority=priority,
                            booking_id=booking_id, kiosk_id=kiosk_id,
                            request_id=f"{kiosk_id}:offline:{id}", status=PRINTING,
                            people_ahead=people_ahead, wait_minutes=wait_minutes,
                            issued_at=stamp, updated_at=stamp)
            if db.execute("SELECT 1 FROM ticket WHERE day=? AND grp=? AND seq=?",
                          (day, grp, seq)).fetchone():
                raise NotInBlock(f"{row.number} on {day} is already taken by another ticket")
            self.insert_ticket(db, row, "issued offline")
            return row, True

    # -- kiosks -------------------------------------------------------------------------
    def heartbeat(self, kiosk_id: str, status: dict, now: datetime | None = None) -> None:
        stamp = (now or utc_now()).isoformat(timespec="seconds")
        with self.transaction() as db:
            db.execute("INSERT INTO hub_kiosk (kiosk_id, seen_at, status) VALUES (?, ?, ?) "
                       "ON CONFLICT (kiosk_id) DO UPDATE SET seen_at=excluded.seen_at, "
                       "status=excluded.status", (kiosk_id, stamp, json.dumps(status)))

    def kiosks(self) -> list[dict]:
        return [{"kiosk_id": k, "seen_at": s, "status": json.loads(st)}
                for k, s, st in self.query("SELECT kiosk_id, seen_at, status FROM hub_kiosk "
                                           "ORDER BY kiosk_id")]

    def vote_exists(self, vote_id: str) -> bool:
        return bool(self.query("SELECT 1 FROM vote WHERE id=?", (vote_id,)))

    def skm_exists(self, response_id: str) -> bool:
        return bool(self.query("SELECT 1 FROM skm_response WHERE id=?", (response_id,)))


class _WriteTransaction:
    """BEGIN IMMEDIATE … COMMIT on the writer connection, ROLLBACK on any error; the thread
    that holds it is the store's owner until it ends."""

    def __init__(self, store: HubStore):
        self.store = store

    def __enter__(self) -> sqlite3.Connection:
        store = self.store
        store._lock.acquire()
        try:
            store._db.execute("BEGIN IMMEDIATE")
        except BaseException:
            store._lock.release()
            raise
        store._owner = threading.get_ident()
        return store._db

    def __exit__(self, kind, value, tb) -> None:
        store = self.store
        try:
            if kind:
                store._numbers.clear()
            elif store._deferring != threading.get_ident():
                store._flush_numbers()     # the marker first: it never lags a COMMIT
            store._db.execute("ROLLBACK" if kind else "COMMIT")
        except BaseException:
            if not kind:                 # COMMIT failed: leave no transaction open
                try:
                    store._db.execute("ROLLBACK")
                except sqlite3.Error:
                    pass
            raise
        finally:
            store._owner = None
            store._lock.release()
        store.committed()           # wakes live event streams when events were appended


class _Savepoint:
    """A transaction inside the owner's open one: all-or-nothing on its own, durable only
    when the outer transaction commits."""

    def __init__(self, store: HubStore):
        self.store = store

    def __enter__(self) -> sqlite3.Connection:
        self.store._depth += 1
        self.name = f"sp{self.store._depth}"
        self.store._db.execute(f"SAVEPOINT {self.name}")
        return self.store._db

    def __exit__(self, kind, value, tb) -> None:
        try:
            if kind:
                self.store._db.execute(f"ROLLBACK TO {self.name}")
            self.store._db.execute(f"RELEASE {self.name}")
        finally:
            self.store._depth -= 1
