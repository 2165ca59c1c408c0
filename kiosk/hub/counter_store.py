"""The hub store's counter side: SQL only, the rules stay in kiosk.counters.

Mixed into kiosk.hub.store.HubStore (so PostgreSQL gets it too). The officer's operations
(kiosk.hub.counters) run these inside one store transaction that first takes the lock of
the agency queues involved (`lock_queues`): on PostgreSQL a transaction-scoped advisory
lock per agency and day, on SQLite nothing to do (BEGIN IMMEDIATE runs writers alone).
So two counters calling at the same instant never get the same ticket.

Event log (hub_event): ids are given as MAX(id) + 1 under one lock held until COMMIT, so
they become visible in id order; a reader resuming after id N never misses an event that
commits later with a smaller id. On PostgreSQL the append also sends NOTIFY (delivered at
COMMIT) so every hub process wakes its streams.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Callable, Iterable

from kiosk.counters import legs, life
from kiosk.store import QUEUE_AGENCY, QUEUE_GRP, QUEUE_SERVICE, utc_now

EVENT_CHANNEL = "anjungan_events"
EVENT_KEEP = 20_000          # events kept for resuming streams; older ones are pruned


@dataclass(frozen=True)
class CounterRow:
    counter_id: str
    state: str
    ticket_id: str | None
    officer: str | None
    updated_at: str | None


@dataclass(frozen=True)
class CounterTicket:
    """A ticket as the counter side sees it (in the queue it waits in now)."""

    id: str
    day: str
    number: str
    status: str
    agency_id: str
    service_id: str
    group: str
    priority: str | None
    booking_id: str | None
    counter_id: str | None
    recalls: int
    issued_at: str
    queued_at: str | None
    called_at: str | None
    serving_at: str | None
    finished_at: str | None

    def to_json(self) -> dict:
        return dict(self.__dict__)


TICKET_COLUMNS = (f"id, day, number, status, {QUEUE_AGENCY}, {QUEUE_SERVICE}, {QUEUE_GRP}, "
                  "priority, booking_id, counter_id, recalls, issued_at, queued_at, called_at, "
                  "serving_at, finished_at")


def stamp(now: datetime) -> str:
    return now.isoformat(timespec="milliseconds")


class CounterStore:
    """Mixin for HubStore: needs transaction(), query() and _serialise()."""

    # -- locks --------------------------------------------------------------------------
    def lock_queues(self, db, day: str, *agency_ids: str) -> None:
        self._serialise(db, *{f"queue/{day}/{a}" for a in agency_ids})

    # Set by the hub (kiosk.hub.events): (day, agency id) -> the `queue` event's data, so a
    # kiosk's print confirmation or cancellation tells displays the queue changed.
    queue_listener: Callable[[str, str], dict] | None = None
    # Set by the hub: called after a SQLite transaction that appended events commits (on
    # PostgreSQL, NOTIFY wakes every process instead).
    events_listener: Callable[[], None] | None = None
    _events_appended = False

    def committed(self) -> None:
        if self._events_appended:
            self._events_appended = False
            if self.events_listener is not None:
                self.events_listener()

    def set_status(self, ticket_id: str, status: str, detail: str = "", now=None):
        from kiosk.counters.life import WAITING
        with self.transaction() as db:
            before = self.counter_ticket(ticket_id)
            listener = self.queue_listener
            if listener is not None and before is not None:
                # every change to an agency's queue holds its lock: the `queue` event
                # counts what the change left, in event order
                self.lock_queues(db, before.day, before.agency_id)
            row = super().set_status(ticket_id, status, detail, now)
            if (listener is not None and before is not None
                    and (before.status in WAITING) != (status in WAITING)):
                self.append_events(db, lambda: [("queue", listener(before.day,
                                                                   before.agency_id))],
                                   now or utc_now())
            return row

    # -- counters -----------------------------------------------------------------------
    def counter_rows(self) -> dict[str, CounterRow]:
        return {r[0]: CounterRow(*r) for r in self.query(
            "SELECT counter_id, state, ticket_id, officer, updated_at FROM hub_counter")}

    def counter_row(self, counter_id: str) -> CounterRow | None:
        rows = self.query("SELECT counter_id, state, ticket_id, officer, updated_at FROM "
                          "hub_counter WHERE counter_id=?", (counter_id,))
        return CounterRow(*rows[0]) if rows else None

    def set_counter(self, db, counter_id: str, state: str, ticket_id: str | None,
                    officer: str | None, now: datetime) -> None:
        db.execute("INSERT INTO hub_counter (counter_id, state, ticket_id, officer, updated_at) "
                   "VALUES (?, ?, ?, ?, ?) ON CONFLICT (counter_id) DO UPDATE SET "
                   "state=excluded.state, ticket_id=excluded.ticket_id, "
                   "officer=excluded.officer, updated_at=excluded.updated_at",
                   (counter_id, state, ticket_id, officer, stamp(now)))

    # -- tickets ------------------------------------------------------------------------
    def counter_ticket(self, ticket_id: str) -> CounterTicket | None:
        rows = self.query(f"SELECT {TICKET_COLUMNS} FROM ticket WHERE id=?", (ticket_id,))
        return CounterTicket(*rows[0]) if rows else None

    def counter_ticket_by_number(self, day: str, number: str) -> CounterTicket | None:
        rows = self.query(f"SELECT {TICKET_COLUMNS} FROM ticket WHERE day=? AND number=? "
                          "AND status != 'cancelled' ORDER BY issued_at LIMIT 1", (day, number))
        return CounterTicket(*rows[0]) if rows else None

    def record_step(self, db, ticket: CounterTicket, step, *, recalls: int,
                    holder: str | None, transfer: dict | None = None) -> None:
        """Write one kiosk.counters.life.Step: the ticket's new status and times, and the
        event row with its officer and counter. `transfer`: the queue it joins
        (service_id, agency_id, group, front)."""
        at = stamp(step.at)
        sets = ["status=?", "counter_id=?", "recalls=?", "updated_at=?"]
        args: list = [step.status, holder, recalls, at]
        if step.action == life.CALL:
            sets += ["called_at=?", "serving_at=NULL", "finished_at=NULL"]
            args.append(at)
        elif step.action == life.START:
            sets.append("serving_at=?")
            args.append(at)
        elif step.action in (life.FINISH, life.MARK_NO_SHOW):
            sets.append("finished_at=?")
            args.append(at)
        elif step.action == life.TRANSFER:
            self.add_leg(db, ticket, step)
            sets += ["queue_service_id=?", "queue_agency_id=?", "queue_grp=?", "queued_at=?",
                     "front=?", "called_at=NULL", "serving_at=NULL"]
            args += [transfer["service_id"], transfer["agency_id"], transfer["group"], at,
                     1 if transfer["front"] else 0]
        db.execute(f"UPDATE ticket SET {', '.join(sets)} WHERE id=?", (*args, ticket.id))
        detail = step.action
        if step.detail:
            detail += " " + json.dumps(step.detail, sort_keys=True)
        db.execute("INSERT INTO ticket_event (ticket_id, at, status, detail, officer, "
                   "counter_id) VALUES (?, ?, ?, ?, ?, ?)",
                   (ticket.id, at, step.status, detail, step.officer, step.counter_id))

    # -- legs (kiosk.counters.legs) ------------------------------------------------------
    def add_leg(self, db, ticket: CounterTicket, step) -> None:
        """Keep the leg a transfer ends: the queue the ticket leaves, with its times."""
        leg = legs.closed_leg(
            agency_id=ticket.agency_id, service_id=ticket.service_id,
            queued_at=datetime.fromisoformat(ticket.queued_at or ticket.issued_at),
            called_at=_when(ticket.called_at), serving_at=_when(ticket.serving_at), step=step)
        _insert_leg(db, ticket.id, ticket.day, leg)

    def ticket_legs(self, ticket_id: str) -> list:
        """The legs a ticket's transfers closed, oldest first (kiosk.counters.legs.Leg)."""
        return [_leg(r[1:]) for r in self.query(
            f"SELECT leg, {LEG_COLUMNS} FROM ticket_leg WHERE ticket_id=? ORDER BY leg",
            (ticket_id,))]

    def ticket_times(self, day: str) -> list:
        """The day's measured legs: every closed leg in its own queue, then each called
        ticket in the queue it waits in now (kiosk.store)."""
        closed = [_leg(r).times() for r in self.query(
            f"SELECT {LEG_COLUMNS} FROM ticket_leg WHERE day=? ORDER BY ticket_id, leg",
            (day,))]
        return closed + super().ticket_times(day)

    # -- the day's calls ----------------------------------------------------------------
    def add_call(self, db, *, day: str, agency_id: str, ticket_id: str, counter_id: str,
                 kind: str, priority: bool, now: datetime) -> None:
        """Under the agency's queue lock: the call's place in the agency's order."""
        seq = db.execute("SELECT COALESCE(MAX(seq), 0) + 1 FROM hub_call WHERE day=? AND "
                         "agency_id=?", (day, agency_id)).fetchone()[0]
        db.execute("INSERT INTO hub_call (day, agency_id, seq, ticket_id, counter_id, kind, "
                   "priority, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                   (day, agency_id, seq, ticket_id, counter_id, kind, 1 if priority else 0,
                    stamp(now)))

    def recent_priority(self, day: str, agency_id: str, n: int = 20) -> list[bool]:
        """The agency's last `n` calls (not recalls), oldest first: True for a call from
        the priority series (what the interleave rule counts)."""
        rows = self.query("SELECT priority FROM hub_call WHERE day=? AND agency_id=? AND "
                          "kind='call' ORDER BY seq DESC LIMIT ?", (day, agency_id, n))
        return [bool(r[0]) for r in reversed(rows)]

    def recent_calls(self, day: str, n: int = 10) -> list[dict]:
        """The day's last `n` calls and recalls of every agency, newest first."""
        rows = self.query(
            "SELECT c.kind, c.ticket_id, t.number, c.counter_id, c.agency_id, "
            "COALESCE(t.queue_service_id, t.service_id), c.at "
            "FROM hub_call c JOIN ticket t ON t.id = c.ticket_id WHERE c.day=? "
            "ORDER BY c.at DESC, c.seq DESC LIMIT ?", (day, n))
        return [dict(zip(("kind", "ticket_id", "number", "counter_id", "agency_id",
                          "service_id", "at"), r)) for r in rows]

    # -- idempotency keys ---------------------------------------------------------------
    def counter_request(self, key: str) -> tuple[str, str, str | None] | None:
        """(counter, action, ticket) a key was used for, or None."""
        rows = self.query("SELECT counter_id, action, ticket_id FROM hub_counter_request "
                          "WHERE key=?", (key,))
        return tuple(rows[0]) if rows else None

    def remember_request(self, db, key: str, counter_id: str, action: str,
                         ticket_id: str | None, now: datetime) -> None:
        db.execute("INSERT INTO hub_counter_request (key, counter_id, action, ticket_id, at) "
                   "VALUES (?, ?, ?, ?, ?)", (key, counter_id, action, ticket_id, stamp(now)))

    # -- the event log ------------------------------------------------------------------
    def append_events(self, db, make: Callable[[], Iterable[tuple[str, dict]]],
                      now: datetime) -> int:
        """Append the events `make()` returns (type, data); `make` runs after the log's
        lock is taken, so what it reads includes every earlier event's transaction.
        Returns the last id (0 when there was nothing to append)."""
        self._serialise(db, "events")
        last = db.execute("SELECT COALESCE(MAX(id), 0) FROM hub_event").fetchone()[0]
        first = last
        at = stamp(now)
        for kind, data in make():
            last += 1
            db.execute("INSERT INTO hub_event (id, at, type, data) VALUES (?, ?, ?, ?)",
                       (last, at, kind, json.dumps(data, separators=(",", ":"))))
        if last == first:
            return 0
        if last // 1000 != first // 1000:          # now and then: keep the log bounded
            db.execute("DELETE FROM hub_event WHERE id <= ?", (last - EVENT_KEEP,))
        if self.dialect == "postgresql":
            db.execute("SELECT pg_notify(?, ?)", (EVENT_CHANNEL, str(last)))
        else:
            self._events_appended = True
        return last

    def events_after(self, after: int, limit: int = 500) -> list[tuple[int, str, str]]:
        """(id, type, data as JSON text) of the events after id `after`, oldest first."""
        return [tuple(r) for r in self.query(
            "SELECT id, type, data FROM hub_event WHERE id > ? ORDER BY id LIMIT ?",
            (after, limit))]

    def event_bounds(self) -> tuple[int, int]:
        """(oldest kept id, newest id); (0, 0) for an empty log."""
        row = self.query("SELECT COALESCE(MIN(id), 0), COALESCE(MAX(id), 0) FROM hub_event")[0]
        return row[0], row[1]


LEG_COLUMNS = ("agency_id, service_id, queued_at, called_at, serving_at, ended_at, "
               "counter_id")


def _when(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


def _leg(row) -> "legs.Leg":
    return legs.Leg(row[0], row[1], datetime.fromisoformat(row[2]), _when(row[3]),
                    _when(row[4]), datetime.fromisoformat(row[5]), row[6])


def _insert_leg(db, ticket_id: str, day: str, leg) -> None:
    number = db.execute("SELECT COUNT(*) FROM ticket_leg WHERE ticket_id=?",
                        (ticket_id,)).fetchone()[0] + 1
    db.execute(f"INSERT INTO ticket_leg (ticket_id, leg, day, {LEG_COLUMNS}) "
               "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
               (ticket_id, number, day, leg.agency_id, leg.service_id,
                stamp(leg.queued_at), leg.called_at and stamp(leg.called_at),
                leg.serving_at and stamp(leg.serving_at), stamp(leg.ended_at),
                leg.counter_id))


def backfill_legs(db) -> int:
    """Store migration: the closed legs of tickets transferred before legs were kept,
    replayed from their recorded steps (kiosk.counters.legs.replay). A target service's
    agency is read from the tickets issued for it; returns how many legs were written."""
    agencies: dict[str, str | None] = {}

    def agency_of(service_id: str) -> str | None:
        if service_id not in agencies:
            row = db.execute("SELECT agency_id FROM ticket WHERE service_id=? LIMIT 1",
                             (service_id,)).fetchone()
            agencies[service_id] = row[0] if row else None
        return agencies[service_id]

    written = 0
    tickets = db.execute(
        "SELECT t.id, t.day, t.agency_id, t.service_id, t.issued_at, t.queue_service_id, "
        "t.queue_agency_id FROM ticket t WHERE EXISTS (SELECT 1 FROM ticket_event e WHERE "
        "e.ticket_id = t.id AND e.detail LIKE 'transfer%') AND NOT EXISTS (SELECT 1 FROM "
        "ticket_leg l WHERE l.ticket_id = t.id)").fetchall()
    for ticket_id, day, agency_id, service_id, issued_at, now_service, now_agency in tickets:
        if now_service and now_agency:
            agencies.setdefault(now_service, now_agency)
        steps = [legs.Recorded(datetime.fromisoformat(at), detail, counter)
                 for at, detail, counter in db.execute(
                     "SELECT at, detail, counter_id FROM ticket_event WHERE ticket_id=? "
                     "ORDER BY at, rowid", (ticket_id,)).fetchall()]
        for leg in legs.replay(agency_id=agency_id, service_id=service_id,
                               issued_at=datetime.fromisoformat(issued_at), steps=steps,
                               agency_of=agency_of):
            _insert_leg(db, ticket_id, day, leg)
            written += 1
    return written
