"""The hub store on PostgreSQL (psycopg 3): for a city or province that outgrows one machine.

The same interface, schema and SQL as the SQLite hub store: the kiosk store's migrations and
the hub's own run unchanged (their DDL is plain SQL both understand), and every query runs
through `to_postgres`, which rewrites the few SQLite spellings (`?` parameters,
INSERT OR IGNORE, an unqualified column in ON CONFLICT … DO UPDATE). What PostgreSQL does
differently is handled here, not by a second copy of the store:

- Concurrency. SQLite runs every writer alone (BEGIN IMMEDIATE); PostgreSQL runs them side
  by side at READ COMMITTED. Where the store reads and then writes on what it read, the
  transaction first takes advisory locks on what it is about to decide (`_serialise`):
  the quota of a service on a day, an idempotency key, a ticket, a block key. Two kiosks
  numbering different agencies never wait for each other; the sequence row itself is bumped
  by one atomic upsert, so no number is ever handed out twice.
- A unique-constraint failure aborts a PostgreSQL transaction, so the inserts that may hit
  one (a second vote for a ticket) run in a savepoint.
- SQLite's implicit rowid (event order) is an explicit BIGSERIAL column named rowid.

Connections come from a psycopg_pool pool; a transaction holds one connection on its thread,
and a transaction opened inside it is a savepoint, as on SQLite.
"""

from __future__ import annotations

import contextlib
import functools
import re
import threading
from contextlib import contextmanager

from kiosk.hub import pgqueue
from kiosk.hub.store import HUB_MIGRATIONS, HubStore
from kiosk.store import MIGRATIONS, StoreError, new_ticket_id, run_migration, utc_now
from kiosk.ticket import COLUMNS, COLUMNS_LIST, TicketRow

# Numbering in one round trip: Store.issue's transaction as one server-side function, so
# the locks it takes (the quota, the request id, the group's sequence row) are held for
# one statement, not for a dozen round trips. Same rules, same order: a repeated request
# id answers its ticket; a full quota answers no row and consumes nothing; the sequence is
# bumped by one atomic upsert; the ticket and its first history event are written
# together. People ahead were estimated just before from `p_seen` held numbers of the
# group; the tickets of the group taken since (counted here, under the sequence row's
# lock) are added to them, each `p_minutes_each` more of waiting.
ISSUE_FUNCTION = """
CREATE OR REPLACE FUNCTION anjungan_issue(
    p_day text, p_grp text, p_padding integer, p_agency text, p_service text,
    p_kiosk text, p_quota integer, p_priority text, p_booking text, p_request text,
    p_id text, p_stamp text, p_seen integer, p_people integer, p_wait integer,
    p_minutes_each double precision)
RETURNS SETOF ticket LANGUAGE plpgsql AS $fn$
DECLARE
    v_seq integer;
    v_held integer;
    v_people integer;
    v_wait integer;
BEGIN
    -- the advisory locks in the order PgHubStore._serialise takes them (sorted keys)
    IF p_quota > 0 THEN
        PERFORM pg_advisory_xact_lock(hashtextextended('quota/' || p_day || '/' || p_service, 0));
    END IF;
    IF p_request IS NOT NULL THEN
        PERFORM pg_advisory_xact_lock(hashtextextended('request/' || p_request, 0));
        RETURN QUERY SELECT * FROM ticket WHERE request_id = p_request;
        IF FOUND THEN
            RETURN;
        END IF;
    END IF;
    IF p_quota > 0 AND (SELECT count(*) FROM ticket WHERE day = p_day
                        AND service_id = p_service AND status <> 'cancelled') >= p_quota THEN
        RETURN;
    END IF;
    INSERT INTO sequence (day, grp, last) VALUES (p_day, p_grp, 1)
        ON CONFLICT (day, grp) DO UPDATE SET last = sequence.last + 1
        RETURNING last INTO v_seq;
    SELECT count(*) INTO v_held FROM ticket
        WHERE day = p_day AND grp = p_grp AND status <> 'cancelled';
    v_people := GREATEST(0, p_people + v_held - p_seen);
    v_wait := CASE WHEN v_people = 0 THEN 0
                   ELSE GREATEST(0, p_wait + ceil((v_people - p_people) * p_minutes_each)::integer)
              END;
    RETURN QUERY INSERT INTO ticket (id, number, agency_id, service_id, priority, booking_id,
            kiosk_id, status, people_ahead, wait_minutes, day, grp, seq, request_id,
            issued_at, updated_at)
        VALUES (p_id, p_grp || '-' || CASE WHEN length(v_seq::text) >= p_padding
                                           THEN v_seq::text ELSE lpad(v_seq::text, p_padding, '0') END,
                p_agency, p_service, p_priority, p_booking, p_kiosk, 'printing', v_people,
                v_wait, p_day, p_grp, v_seq, p_request, p_stamp, p_stamp)
        RETURNING *;
    INSERT INTO ticket_event (ticket_id, at, status, detail) VALUES (p_id, p_stamp, 'printing', '');
END
$fn$
"""

# What PostgreSQL needs beyond the shared migrations, applied after them.
PG_MIGRATIONS: list = [
    # 1: SQLite orders a ticket's events by its implicit rowid; here the column is explicit.
    "ALTER TABLE ticket_event ADD COLUMN rowid BIGSERIAL",
    # 2: numbering in one round trip (a function: its body is not split at semicolons).
    lambda db: db.conn.execute(ISSUE_FUNCTION),
    # 3: the queue's counts kept by triggers, and anjungan_issue checking a hub process's
    # copy of the queue against them (kiosk.hub.pgqueue).
    pgqueue.migration,
]
# the ticket columns of anjungan_issue's result (its `made` column), in TicketRow's order
_MADE = ", ".join(f"(r.made).{name}" for name in COLUMNS_LIST)
MIGRATION_LOCK = 7_341_502      # advisory lock id: one process migrates at a time

_INSERT_OR_IGNORE = re.compile(r"^\s*INSERT\s+OR\s+IGNORE\s+INTO\s+(\w+)", re.I)
_INSERT_INTO = re.compile(r"^\s*INSERT\s+INTO\s+(\w+)", re.I)
_SELF_UPDATE = re.compile(r"DO\s+UPDATE\s+SET\s+(\w+)\s*=\s*\1\b", re.I)


@functools.lru_cache(maxsize=1024)
def to_postgres(sql: str) -> str:
    """A statement written for SQLite, as PostgreSQL (psycopg) takes it."""
    out = sql.replace("%", "%%").replace("?", "%s")
    ignore = _INSERT_OR_IGNORE.match(out)
    if ignore:
        out = f"INSERT INTO {ignore.group(1)}{out[ignore.end():]} ON CONFLICT DO NOTHING"
    insert = _INSERT_INTO.match(out)
    if insert:
        # `SET last = last + 1`: PostgreSQL wants the existing row's column named by table.
        out = _SELF_UPDATE.sub(lambda m: f"DO UPDATE SET {m.group(1)} = "
                                         f"{insert.group(1)}.{m.group(1)}", out)
    return out


@functools.lru_cache(maxsize=256)
def _row_class(names: tuple[str, ...]):
    index = {name: i for i, name in enumerate(names)}

    class Row(tuple):
        """A tuple that also answers row["column"], like sqlite3.Row."""
        __slots__ = ()

        def __getitem__(self, key):
            return tuple.__getitem__(self, index[key] if isinstance(key, str) else key)

        def keys(self):
            return list(names)
    return Row


def _row_factory(cursor):
    # The names straight from the result: cursor.description builds objects per column.
    result = cursor.pgresult
    if result is None:
        return _row_class(())
    return _row_class(tuple(result.fname(i).decode() for i in range(result.nfields)))


class _Connection:
    """What the store's SQL sees: sqlite3's connection.execute(sql, args) on psycopg."""

    __slots__ = ("conn",)

    def __init__(self, conn):
        self.conn = conn

    def execute(self, sql: str, args=()):
        return self.conn.execute(to_postgres(sql), tuple(args))


class SingleFlight:
    """run(key, fn): fn() once for the callers that ask for the same key while it runs; they
    all get its answer. Requests for the next number of a service arriving together share
    one estimate of people ahead: it reads the same queue for each of them anyway, and
    anjungan_issue adds, for each, the numbers its group took since that reading."""

    def __init__(self):
        self._lock = threading.Lock()
        self._running: dict = {}

    def run(self, key, fn):
        with self._lock:
            flight = self._running.get(key)
            leader = flight is None
            if leader:
                flight = self._running[key] = [threading.Event(), None, None]
        if not leader:
            flight[0].wait()
            if flight[2] is None:
                return flight[1]
            return fn()                   # the leader failed: try on our own
        try:
            flight[1] = fn()
            return flight[1]
        except BaseException as exc:
            flight[2] = exc
            raise
        finally:
            with self._lock:
                del self._running[key]
            flight[0].set()


class PgHubStore(HubStore):
    dialect = "postgresql"

    def __init__(self, url: str, *, pool_size: int = 10, timeout_s: float = 30.0):
        import psycopg
        from psycopg.conninfo import conninfo_to_dict
        from psycopg_pool import ConnectionPool
        self.url = url
        self.pool_size = pool_size
        try:
            info = conninfo_to_dict(url)
        except psycopg.ProgrammingError as exc:
            raise StoreError(f"not a PostgreSQL URL: {exc}") from None
        # Where the store is, for messages: never the password.
        self.path = (f"postgresql://{info.get('user', '')}@{info.get('host', 'localhost')}:"
                     f"{info.get('port', 5432)}/{info.get('dbname', '')}")
        self._local = threading.local()
        self._lock = threading.RLock()
        self._estimates = SingleFlight()
        self._queues = pgqueue.QueueCopies(self)
        self._pool = ConnectionPool(url, min_size=1, max_size=pool_size, open=False,
                                    timeout=timeout_s, name="anjungan-hub",
                                    kwargs={"autocommit": True, "row_factory": _row_factory})
        try:
            self._pool.open(wait=True, timeout=timeout_s)
            self.migrate()
        except Exception as exc:
            self._pool.close()
            raise StoreError(f"the PostgreSQL store {self.path} cannot be opened: {exc}") from exc

    # -- plumbing -----------------------------------------------------------------------
    def close(self) -> None:
        self._pool.close()

    @contextmanager
    def transaction(self):
        held = getattr(self._local, "conn", None)
        if held is not None:                  # inside our own transaction: a savepoint
            with held.transaction():
                yield _Connection(held)
            return
        with self._pool.connection() as conn:
            self._local.conn = conn
            try:
                with conn.transaction():
                    yield _Connection(conn)
            finally:
                self._local.conn = None

    def query(self, sql: str, args=()):
        held = getattr(self._local, "conn", None)
        if held is not None:
            return held.execute(to_postgres(sql), tuple(args)).fetchall()
        with self._pool.connection() as conn:
            return conn.execute(to_postgres(sql), tuple(args)).fetchall()

    def _serialise(self, db, *keys: str) -> None:
        # Transaction-scoped: released at COMMIT or ROLLBACK, never leaked.
        for key in sorted(keys):              # one order everywhere: no deadlock between them
            db.execute("SELECT pg_advisory_xact_lock(hashtextextended(?, 0))", (key,))

    @property
    def schema_version(self) -> int:
        rows = self.query("SELECT version FROM anjungan_schema WHERE part='store'")
        return rows[0][0] if rows else 0

    def migrate(self) -> None:
        """The kiosk store's migrations, then PostgreSQL's own, then the hub's; each part
        versioned in anjungan_schema, all under one advisory lock."""
        with self._pool.connection() as conn, conn.transaction():
            conn.execute("SELECT pg_advisory_xact_lock(%s)", (MIGRATION_LOCK,))
            conn.execute("CREATE TABLE IF NOT EXISTS anjungan_schema "
                         "(part TEXT PRIMARY KEY, version INTEGER NOT NULL)")
            for part, scripts in (("store", MIGRATIONS), ("postgresql", PG_MIGRATIONS),
                                  ("hub", HUB_MIGRATIONS)):
                row = conn.execute("SELECT version FROM anjungan_schema WHERE part=%s",
                                   (part,)).fetchone()
                current = row[0] if row else 0
                if current > len(scripts):
                    raise StoreError(f"the store {self.path} has {part} schema {current}, "
                                     f"newer than this program ({len(scripts)}); update the "
                                     "program")
                for script in scripts[current:]:
                    run_migration(_Connection(conn), script)
                conn.execute("INSERT INTO anjungan_schema (part, version) VALUES (%s, %s) "
                             "ON CONFLICT (part) DO UPDATE SET version = excluded.version",
                             (part, len(scripts)))
            pgqueue.hub_triggers(conn)

    # -- where reading then writing needs a lock here ---------------------------------------
    def issue(self, *, day: str, grp: str, padding: int, agency_id: str, service_id: str,
              kiosk_id: str, quota: int, priority: str | None = None,
              booking_id: str | None = None, request_id: str | None = None,
              ahead=lambda n, first: (n, 0), now=None):
        """Store.issue in one round trip (anjungan_issue, PostgreSQL migration 3): people
        ahead are estimated from this process's copy of the agency's queue
        (kiosk.hub.pgqueue), and the function checks that copy against the database. Out
        of date, nothing is numbered; the copy is read afresh and the number asked again
        (the third time with a copy just read and no check: the estimate corrected for the
        numbers of the group taken in between, as each one was before copies)."""
        import psycopg
        stamp = (now or utc_now()).isoformat(timespec="milliseconds")
        ticket_id = new_ticket_id()
        inside = getattr(self._local, "conn", None) is not None
        for attempt in range(3):
            # Inside a transaction a refusal would abort it: read the store, check nothing.
            copy = None if inside else self._queues.get(day, agency_id)

            def estimate():
                with copy.held() if copy else contextlib.nullcontext():
                    counts = copy.counts(grp) if copy else (None,) * 4
                    seen, first = copy.group_state(grp) if copy else self.group_state(day, grp)
                    self._local.view = copy      # what the estimate reads (estimate_view)
                    try:
                        people, wait = ahead(seen, first)
                        each = wait / people if people else ahead(seen + 1, first)[1]
                    finally:
                        self._local.view = None
                return counts, seen, people, wait, each
            counts, seen, people, wait, each = self._estimates.run(
                (day, agency_id, id(copy), grp, service_id, priority, bool(booking_id)),
                estimate)
            if attempt == 2:
                counts = (None,) * 4
            try:
                rows = self.query(f"SELECT {_MADE}, r.issue_no FROM anjungan_issue(?, ?, ?, ?, "
                                  "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) r",
                                  (day, grp, padding, agency_id, service_id, kiosk_id,
                                   quota or 0, priority, booking_id, request_id, ticket_id,
                                   stamp, seen, people, wait, float(each), *counts))
            except psycopg.Error as exc:
                if exc.sqlstate != pgqueue.STALE or copy is None:
                    raise
                copy.stale = True
                continue
            if not rows:
                return None, False
            row = TicketRow(*rows[0][:-1])
            if copy is not None:
                copy.add(row, rows[0][-1])
            return row, row.id == ticket_id         # else the ticket this request made before
        raise AssertionError("unreachable: the third attempt is not checked")

    def estimate_view(self, day: str, agency_id: str):
        """The copy of the queue the estimate of the ticket being numbered on this thread
        reads (kiosk.estimates), or None: then it reads the store."""
        view = getattr(self._local, "view", None)
        if view is not None and view.day == day and view.agency_id == agency_id:
            return view
        return None

    def ticket_by_request(self, request_id: str):
        # one statement: no transaction of its own (a read is consistent by itself)
        rows = self.query(f"SELECT {COLUMNS} FROM ticket WHERE request_id=?", (request_id,))
        return TicketRow(*rows[0]) if rows else None

    def set_status(self, ticket_id: str, status: str, detail: str = "", now=None):
        with self.transaction() as db:
            self._serialise(db, f"ticket/{ticket_id}")
            return super().set_status(ticket_id, status, detail, now)

    def note_reprint(self, ticket_id: str, detail: str = "reprint", now=None) -> int:
        with self.transaction() as db:
            self._serialise(db, f"ticket/{ticket_id}")
            return super().note_reprint(ticket_id, detail, now)

    def add_vote(self, vote) -> bool:
        return self._unless_duplicate(super().add_vote, vote)

    def add_skm(self, response) -> bool:
        return self._unless_duplicate(super().add_skm, response)

    def _unless_duplicate(self, insert, record) -> bool:
        """False where SQLite's IntegrityError says 'already there' (one vote per ticket):
        the insert runs in a savepoint so the failure does not abort the transaction."""
        import psycopg
        try:
            with self.transaction():
                return insert(record)
        except psycopg.errors.UniqueViolation:
            return False
