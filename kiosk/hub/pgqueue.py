"""What the PostgreSQL hub keeps in memory to estimate people ahead without reading the
queue on every ticket, and the database side that tells it when that copy is out of date.

The estimate of a new ticket (kiosk.estimates) reads the agency's waiting queue, the
counters' states, today's measured times and the last calls: five reads, hundreds of rows,
per ticket. `QueueCopy` holds those reads for one agency and day, taken in one consistent
snapshot, and adds the tickets this hub process numbers itself, in the order the database
numbered them. Whether the copy still holds is decided by the database, in the same
statement that numbers (anjungan_issue, PostgreSQL migration 3):

- `anjungan_queue_version` counts, per day and agency, `issues` (tickets inserted) and
  `changes` (anything else that moves the estimate: a call, a cancel, a transfer, a
  finish, a deleted ticket), kept by triggers so no code path can forget it; the row
  (day '', agency '') counts the counters' state changes.
- anjungan_issue takes the copy's counts. When something other than new numbers of the
  ticket's own group happened since the copy was taken (a call at a counter in any hub
  process, a cancel, a number of another group), it raises STALE and numbers nothing: the
  hub process reads a fresh copy and asks again. New numbers of the same group taken since
  (by another process, or by this one in the meantime) are added to people ahead, as
  before; a copy that has fallen more than LAG numbers behind is read afresh.

So a copy never makes two kiosks share a number (the sequence is the database's) and an
estimate never misses a change a person would notice; one hub process numbering alone
reads the queue once, not per ticket.
"""

from __future__ import annotations

import threading

from kiosk.counters.ahead import GrowingQueue

STALE = "AJ001"     # SQLSTATE anjungan_issue raises when the caller's copy is out of date
LAG = 16            # numbers a copy may fall behind (taken elsewhere) before it is reread
WAIT_STATUSES = ("printing", "issued", "not_printed", "transferred")   # what estimates read

# Fields of a ticket the estimate reads (kiosk.store waiting_tickets and ticket_times):
# a change of anything else (printing -> issued, a reprint) leaves the copies valid.
_READ = ("day, grp, number, agency_id, service_id, priority, booking_id, issued_at, "
         "queued_at, front, queue_service_id, queue_agency_id, queue_grp, called_at, "
         "finished_at, counter_id")
_WAITING = ", ".join(f"'{s}'" for s in WAIT_STATUSES)

QUEUE_VERSION = f"""
CREATE TABLE anjungan_queue_version (
    day       TEXT NOT NULL,
    agency_id TEXT NOT NULL,
    changes   BIGINT NOT NULL DEFAULT 0,
    issues    BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (day, agency_id)
);
CREATE FUNCTION anjungan_queue_bump(p_day text, p_agency text, p_issue boolean)
RETURNS void LANGUAGE sql AS $fn$
    INSERT INTO anjungan_queue_version AS v (day, agency_id, changes, issues)
    VALUES (p_day, p_agency, CASE WHEN p_issue THEN 0 ELSE 1 END,
            CASE WHEN p_issue THEN 1 ELSE 0 END)
    ON CONFLICT (day, agency_id) DO UPDATE
        SET changes = v.changes + excluded.changes, issues = v.issues + excluded.issues
$fn$;
CREATE FUNCTION anjungan_ticket_changed() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM anjungan_queue_bump(NEW.day, COALESCE(NEW.queue_agency_id, NEW.agency_id), true);
        RETURN NULL;
    END IF;
    IF TG_OP = 'UPDATE' AND OLD.status IN ({_WAITING}) AND NEW.status IN ({_WAITING})
            AND ROW({', '.join('OLD.' + c.strip() for c in _READ.split(','))})
                IS NOT DISTINCT FROM
                ROW({', '.join('NEW.' + c.strip() for c in _READ.split(','))}) THEN
        RETURN NULL;
    END IF;
    PERFORM anjungan_queue_bump(OLD.day, COALESCE(OLD.queue_agency_id, OLD.agency_id), false);
    IF TG_OP = 'UPDATE' AND (NEW.day, COALESCE(NEW.queue_agency_id, NEW.agency_id))
            IS DISTINCT FROM (OLD.day, COALESCE(OLD.queue_agency_id, OLD.agency_id)) THEN
        PERFORM anjungan_queue_bump(NEW.day, COALESCE(NEW.queue_agency_id, NEW.agency_id),
                                    false);
    END IF;
    RETURN NULL;
END
$fn$;
CREATE TRIGGER anjungan_ticket_changed AFTER INSERT OR UPDATE OR DELETE ON ticket
    FOR EACH ROW EXECUTE FUNCTION anjungan_ticket_changed();
CREATE FUNCTION anjungan_call_changed() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
    IF TG_TABLE_NAME IN ('hub_counter', 'hub_block') THEN
        -- a counter's state; an offline block (the sequence jumps: copies check against it)
        PERFORM anjungan_queue_bump('', '', false);
    ELSIF TG_OP = 'DELETE' THEN
        PERFORM anjungan_queue_bump(OLD.day, OLD.agency_id, false);
    ELSE
        PERFORM anjungan_queue_bump(NEW.day, NEW.agency_id, false);
    END IF;
    RETURN NULL;
END
$fn$;
"""
# The hub's own tables come after PostgreSQL's migrations on a new database: their
# triggers are made by `hub_triggers`, once those tables exist.
HUB_TRIGGERS = {"anjungan_counter_changed": "hub_counter", "anjungan_call_changed": "hub_call",
                "anjungan_leg_changed": "ticket_leg", "anjungan_block_changed": "hub_block"}

# Migration 2's function with the copy's counts (p_changes, p_counters, p_issues, and
# p_last, the group's sequence in the copy; NULL: no check) and the ticket's place in the
# agency's issues beside the ticket. With a copy, the numbers of the group taken since are
# read off the sequence (no count over the day's tickets); the check runs after the ticket
# is written (the sequence row's lock held, the version row's taken by the trigger): as
# many tickets of the agency as numbers of the group since the copy, so every one was an
# online number of this group (an offline block or ticket breaks the equality, or counts
# as a change). A failed check rolls all of it back: nothing is consumed.
ISSUE_FUNCTION = f"""
DROP FUNCTION anjungan_issue(text, text, integer, text, text, text, integer, text, text, text,
                             text, text, integer, integer, integer, double precision);
CREATE FUNCTION anjungan_issue(
    p_day text, p_grp text, p_padding integer, p_agency text, p_service text,
    p_kiosk text, p_quota integer, p_priority text, p_booking text, p_request text,
    p_id text, p_stamp text, p_seen integer, p_people integer, p_wait integer,
    p_minutes_each double precision, p_changes bigint, p_counters bigint, p_issues bigint,
    p_last integer)
RETURNS TABLE (made ticket, issue_no bigint) LANGUAGE plpgsql AS $fn$
DECLARE
    v_seq integer;
    v_since integer;
    v_people integer;
    v_wait integer;
    v_row ticket;
    v_issues bigint;
    v_changes bigint;
    v_counters bigint;
BEGIN
    -- the advisory locks in the order PgHubStore._serialise takes them (sorted keys)
    IF p_quota > 0 THEN
        PERFORM pg_advisory_xact_lock(hashtextextended('quota/' || p_day || '/' || p_service, 0));
    END IF;
    IF p_request IS NOT NULL THEN
        PERFORM pg_advisory_xact_lock(hashtextextended('request/' || p_request, 0));
        RETURN QUERY SELECT t, NULL::bigint FROM ticket t WHERE t.request_id = p_request;
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
    IF p_issues IS NULL THEN
        SELECT count(*) - p_seen INTO v_since FROM ticket
            WHERE day = p_day AND grp = p_grp AND status <> 'cancelled';
    ELSE
        v_since := v_seq - 1 - p_last;
    END IF;
    v_people := GREATEST(0, p_people + v_since);
    v_wait := CASE WHEN v_people = 0 THEN 0
                   ELSE GREATEST(0, p_wait + ceil((v_people - p_people) * p_minutes_each)::integer)
              END;
    INSERT INTO ticket (id, number, agency_id, service_id, priority, booking_id,
            kiosk_id, status, people_ahead, wait_minutes, day, grp, seq, request_id,
            issued_at, updated_at)
        VALUES (p_id, p_grp || '-' || CASE WHEN length(v_seq::text) >= p_padding
                                           THEN v_seq::text ELSE lpad(v_seq::text, p_padding, '0') END,
                p_agency, p_service, p_priority, p_booking, p_kiosk, 'printing', v_people,
                v_wait, p_day, p_grp, v_seq, p_request, p_stamp, p_stamp)
        RETURNING * INTO v_row;
    INSERT INTO ticket_event (ticket_id, at, status, detail) VALUES (p_id, p_stamp, 'printing', '');
    SELECT q.issues, q.changes INTO v_issues, v_changes FROM anjungan_queue_version q
        WHERE q.day = p_day AND q.agency_id = p_agency;
    IF p_issues IS NOT NULL THEN
        SELECT q.changes INTO v_counters FROM anjungan_queue_version q
            WHERE q.day = '' AND q.agency_id = '';
        -- every ticket since the copy an online number of this group, nothing else moved
        IF v_changes <> p_changes OR COALESCE(v_counters, 0) <> p_counters
                OR v_issues - 1 - p_issues <> v_since THEN
            RAISE EXCEPTION 'the caller''s copy of the queue is out of date'
                USING ERRCODE = '{STALE}';
        END IF;
    END IF;
    RETURN QUERY SELECT v_row, v_issues;
END
$fn$
"""


def migration(db) -> None:
    """PostgreSQL migration 3 (a function: the bodies are not split at semicolons)."""
    db.conn.execute(QUEUE_VERSION)
    db.conn.execute(ISSUE_FUNCTION)


def hub_triggers(conn) -> None:
    """Run after every migration (under the migration lock): the triggers on the hub's
    tables that exist and have none yet."""
    if not conn.execute("SELECT 1 FROM pg_proc WHERE proname = 'anjungan_call_changed'"
                        ).fetchall():
        return                       # a program older than migration 3 (tests stand in one)
    have = {r[0] for r in conn.execute("SELECT tgname FROM pg_trigger").fetchall()}
    tables = {r[0] for r in conn.execute(
        "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()").fetchall()}
    for name, table in HUB_TRIGGERS.items():
        if name not in have and table in tables:
            conn.execute(f"CREATE TRIGGER {name} AFTER INSERT OR UPDATE OR DELETE ON {table} "
                         "FOR EACH ROW EXECUTE FUNCTION anjungan_call_changed()")


class QueueCopy:
    """One agency's queue on one day as the estimate reads it, at the database's counts
    (`changes`, `counters`, `issues`); answers the store methods kiosk.estimates calls."""

    def __init__(self, store, day: str, agency_id: str):
        self.day, self.agency_id = day, agency_id
        self._lock = threading.RLock()
        self._pending: dict[int, object] = {}
        self.stale = False
        # One snapshot: every read below sees the same committed state as the counts.
        with store.transaction() as db:
            db.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            counts = {(r[0], r[1]): (r[2], r[3]) for r in db.execute(
                "SELECT day, agency_id, changes, issues FROM anjungan_queue_version "
                "WHERE (day=? AND agency_id=?) OR (day='' AND agency_id='')",
                (day, agency_id)).fetchall()}
            self.changes, self.issues = counts.get((day, agency_id), (0, 0))
            self.counters = counts.get(("", ""), (0, 0))[0]
            self.rows = store.counter_rows()
            self.waiting = GrowingQueue(store.waiting_tickets(day, agency_id, printing=True))
            self.times = store.ticket_times(day)
            self.recent = store.recent_priority(day, agency_id)
            self.last = {r[0]: r[1] for r in db.execute(
                "SELECT grp, last FROM sequence WHERE day=?", (day,)).fetchall()}
            self.groups = {r[0]: [r[1], r[2]] for r in db.execute(
                "SELECT grp, COUNT(*), MIN(issued_at) FROM ticket WHERE day=? AND agency_id=? "
                "AND status!='cancelled' GROUP BY grp", (day, agency_id)).fetchall()}

    # -- what kiosk.estimates reads ------------------------------------------------------
    def counter_rows(self):
        return self.rows

    def waiting_tickets(self, day: str, agency_id: str | None = None, printing: bool = False):
        return self.waiting      # read under held(): nothing is added meanwhile

    def ticket_times(self, day: str):
        return self.times

    def recent_priority(self, day: str, agency_id: str, n: int = 20):
        return self.recent[-n:]

    def group_state(self, grp: str) -> tuple[int, str | None]:
        with self._lock:
            held, first = self.groups.get(grp, (0, None))
            return held, first

    def held(self):
        """Held while an estimate reads the copy: no number is added in between."""
        return self._lock

    def counts(self, grp: str) -> tuple[int, int, int, int]:
        """(changes, counters, issues, the group's sequence): what anjungan_issue checks
        the copy against."""
        with self._lock:
            return self.changes, self.counters, self.issues, self.last.get(grp, 0)

    # -- this process's own numbers --------------------------------------------------------
    def add(self, row, issue_no: int | None) -> None:
        """A ticket this process numbered, `issue_no`-th of the agency's day: added in
        the database's order; a gap left by a number taken elsewhere stops the copy, and
        a copy stopped LAG numbers behind is read afresh."""
        from kiosk.counters.calling import WaitingTicket
        with self._lock:
            if issue_no is None or issue_no <= self.issues:
                return                     # a repeat, or already in the snapshot
            self._pending[issue_no] = row
            while self.issues + 1 in self._pending:
                new = self._pending.pop(self.issues + 1)
                self.issues += 1
                self.waiting.append(WaitingTicket.from_ticket_row(new))
                group = self.groups.setdefault(new.grp, [0, None])
                group[0] += 1
                group[1] = group[1] or new.issued_at
                self.last[new.grp] = max(self.last.get(new.grp, 0), new.seq)
            if len(self._pending) > LAG:
                self.stale = True


class QueueCopies:
    """The copies of one hub process, one per (day, agency); read when first needed, when
    the database said one is out of date, and never two at once for the same queue."""

    def __init__(self, store):
        self.store = store
        self._lock = threading.Lock()
        self._copies: dict[tuple[str, str], QueueCopy] = {}
        self._reading: dict[tuple[str, str], threading.Lock] = {}

    def get(self, day: str, agency_id: str) -> QueueCopy:
        key = (day, agency_id)
        copy = self._copies.get(key)
        if copy is not None and not copy.stale:
            return copy
        with self._lock:
            reading = self._reading.setdefault(key, threading.Lock())
        with reading:                       # requests arriving together share one reading
            copy = self._copies.get(key)
            if copy is None or copy.stale:      # (another request may have just read it)
                copy = QueueCopy(self.store, day, agency_id)
                with self._lock:
                    # yesterday's copies go when a day starts
                    for old in [k for k in self._copies if k[0] != day]:
                        del self._copies[old]
                    self._copies[key] = copy
            return copy
