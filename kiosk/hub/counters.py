"""The officer's operations at a counter, on the hub: call next, call a number, recall,
no-show, start, finish, transfer, pause, resume, close — and what displays are told.

The rules are kiosk.counters' (call_next, advance); this module runs them inside one store
transaction holding the lock of the agency queues involved (kiosk.hub.counter_store), so
two counters calling at once never get the same ticket, and appends the live events
(`call`, `counter`, `queue`; see kiosk.hub.events) in the same transaction.

Idempotent: an action with an Idempotency-Key runs once; the same key again answers with
the ticket it acted on (a retried "call next" gives the same ticket, never the next one).
A counter holding a ticket (called or serving) must finish, transfer or mark it not present
before it calls again. Refusals are `CounterRefused` with a kind and the officer's message
in Indonesian and English.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Callable

from kiosk import queueing
from kiosk.config import Settings
from kiosk.counters import (
    AT_COUNTER, CALL, CLOSED, FINISH, MARK_NO_SHOW, OPEN, PAUSED, RECALL, START, TRANSFER,
    Counter, Lines, LifeError, TicketLife, WaitingTicket, advance, counter_by_id,
    in_priority_series, policy_for, queue_group,
)
from kiosk.hub.counter_store import CounterTicket
from kiosk.store import utc_now

NEXT_SHOWN = 5        # numbers listed as "next" per queue
NUMBER = re.compile(r"^([A-Z0-9]*[A-Z])-?([0-9]{1,6})$")    # a typed number: prefix, digits


class CounterRefused(Exception):
    def __init__(self, kind: str, message_en: str, message_id: str, status: int = 409):
        super().__init__(message_en)
        self.kind, self.message_en, self.message_id, self.status = (
            kind, message_en, message_id, status)


@dataclass(frozen=True)
class Done:
    """What an action did: the ticket it acted on (None for pause / resume), and whether
    it was a replay of an earlier request with the same key."""

    ticket_id: str | None
    replayed: bool = False
    events: int = 0            # id of the last event appended (0: none)


def _life_refusal(exc: LifeError) -> CounterRefused:
    return CounterRefused("not_now", exc.text("en"), exc.text("id"))


class CounterDesk:
    def __init__(self, settings: Settings, store, clock: Callable[[], datetime] = utc_now):
        self.settings = settings
        self.store = store
        self.clock = clock

    @property
    def catalog(self):
        return self.settings.catalog

    def day(self, now: datetime | None = None) -> str:
        return queueing.local_day(now or self.clock(), self.settings.zone).isoformat()

    def counter(self, counter_id: str) -> Counter:
        counter = counter_by_id(self.catalog, counter_id)
        if counter is None:
            raise CounterRefused("unknown_counter", f"unknown counter {counter_id}",
                                 f"loket {counter_id} tidak dikenal", 404)
        return counter

    # -- the operations -----------------------------------------------------------------
    def call_next(self, counter_id: str, officer: str, key: str | None = None) -> Done:
        return self._call(counter_id, officer, key, None)

    def call_number(self, counter_id: str, number: str, officer: str,
                    key: str | None = None) -> Done:
        return self._call(counter_id, officer, key, self.normal_number(number))

    def normal_number(self, typed: str) -> str:
        """A number as printed: "a13", "A-13" and "A-013" are all A-013 (padding 3)."""
        text = typed.strip().upper()
        found = NUMBER.match(text)
        if not found:
            return text
        return queueing.format_number(found.group(1), int(found.group(2)),
                                      self.settings.number_padding)

    def recall(self, counter_id: str, officer: str, key=None, ticket_id=None) -> Done:
        return self._step(counter_id, RECALL, officer, key, ticket_id)

    def no_show(self, counter_id: str, officer: str, key=None, ticket_id=None) -> Done:
        return self._step(counter_id, MARK_NO_SHOW, officer, key, ticket_id)

    def start(self, counter_id: str, officer: str, key=None, ticket_id=None) -> Done:
        return self._step(counter_id, START, officer, key, ticket_id)

    def finish(self, counter_id: str, officer: str, key=None, ticket_id=None) -> Done:
        return self._step(counter_id, FINISH, officer, key, ticket_id)

    def transfer(self, counter_id: str, service_id: str, to_front: bool, officer: str,
                 key=None, ticket_id=None) -> Done:
        service = self.catalog.service(service_id)
        if service is None or not service.enabled:
            raise CounterRefused("unknown_service", f"unknown service {service_id}",
                                 f"layanan {service_id} tidak dikenal", 404)
        return self._step(counter_id, TRANSFER, officer, key, ticket_id, service=service,
                          to_front=to_front)

    def pause(self, counter_id: str, officer: str, key=None) -> Done:
        return self._set_state(counter_id, PAUSED, officer, key)

    def resume(self, counter_id: str, officer: str, key=None) -> Done:
        return self._set_state(counter_id, OPEN, officer, key)

    def close(self, counter_id: str, officer: str, key=None) -> Done:
        return self._set_state(counter_id, CLOSED, officer, key)

    # -- plumbing -----------------------------------------------------------------------
    def _run(self, counter: Counter, action: str, key: str | None, agencies: tuple[str, ...],
             work: Callable) -> Done:
        """work(db, now, day) -> (ticket id, [event makers]) inside the locked transaction."""
        now = self.clock()
        day = self.day(now)
        store = self.store
        with store.transaction() as db:
            store.lock_queues(db, day, counter.agency, *agencies)
            if key:
                seen = store.counter_request(key)
                if seen is not None:
                    if seen[:2] != (counter.id, action):
                        raise CounterRefused(
                            "key_reused", "this Idempotency-Key was used for another action",
                            "Idempotency-Key ini sudah dipakai untuk tindakan lain")
                    return Done(seen[2], replayed=True)
            ticket_id, makers = work(db, now, day)
            if key:
                store.remember_request(db, key, counter.id, action, ticket_id, now)
            last = store.append_events(db, lambda: [m() for m in makers], now)
        return Done(ticket_id, events=last)

    def _holding(self, counter: Counter) -> CounterTicket | None:
        """The ticket at this counter (called or serving), if any."""
        row = self.store.counter_row(counter.id)
        if row is None or row.ticket_id is None:
            return None
        ticket = self.store.counter_ticket(row.ticket_id)
        if ticket is None or ticket.status not in AT_COUNTER or ticket.counter_id != counter.id:
            return None
        return ticket

    def _state(self, counter: Counter) -> str:
        row = self.store.counter_row(counter.id)
        return row.state if row else CLOSED

    def _call(self, counter_id: str, officer: str, key: str | None, number: str | None) -> Done:
        counter = self.counter(counter_id)
        policy = policy_for(self.catalog, counter.agency)
        booked_first = self.settings.booked_first

        def work(db, now, day):
            if self._state(counter) == PAUSED:
                raise CounterRefused("counter_paused",
                                     "this counter is on a break: resume it first",
                                     "Loket sedang istirahat: tekan Lanjutkan dahulu")
            held = self._holding(counter)
            if held is not None:
                raise CounterRefused(
                    "counter_busy", f"finish {held.number} or mark it not present first",
                    f"Selesaikan nomor {held.number} atau tandai tidak hadir dahulu")
            history = self.store.recent_priority(day, counter.agency)
            waiting = self.store.waiting_tickets(day, counter.agency)
            lines = Lines(waiting, booked_first)     # kiosk.counters.call_next (open), kept for
            if number is None:                       # queue event below
                pick = lines.pick(counter, policy, history)
                if pick is None:
                    raise CounterRefused("queue_empty", "no number is waiting for this counter",
                                         "Tidak ada nomor antrean yang menunggu di loket ini")
                ticket = self.store.counter_ticket(pick.id)
            else:
                ticket = self.store.counter_ticket_by_number(day, number)
                if ticket is None:
                    raise CounterRefused("unknown_number", f"no number {number} today",
                                         f"Nomor {number} tidak ada hari ini", 404)
                if not counter.serves(ticket.agency_id, ticket.service_id, ticket.group):
                    raise CounterRefused("not_served_here",
                                         f"number {number} is not served at this counter",
                                         f"Nomor {number} tidak dilayani di loket ini")
            try:
                life, step = advance(TicketLife(ticket.number, ticket.status, ticket.counter_id,
                                                ticket.recalls), CALL, at=now,
                                     counter_id=counter.id, officer=officer,
                                     no_show_after_recalls=policy.no_show_after_recalls)
            except LifeError as exc:
                raise _life_refusal(exc) from None
            self.store.record_step(db, ticket, step, recalls=life.recalls, holder=counter.id)
            self.store.set_counter(db, counter.id, OPEN, ticket.id, officer, now)
            priority = in_priority_series(_waiting(ticket), booked_first)
            self.store.add_call(db, day=day, agency_id=counter.agency, ticket_id=ticket.id,
                                counter_id=counter.id, kind="call", priority=priority, now=now)
            # The queue as this call left it (no other change to it can come between: the
            # agency's lock is held until COMMIT).
            lines.take(_waiting(ticket))
            queue = {"agency_id": counter.agency,
                     **self._upcoming(lines, counter.agency, [*history, priority],
                                      len([t for t in waiting if t.id != ticket.id]))}
            return ticket.id, [lambda: ("call", self.call_event("call", ticket, counter, now)),
                               lambda: ("counter", self.counter_event(counter, OPEN, ticket.number)),
                               lambda: ("queue", queue)]
        return self._run(counter, CALL if number is None else "call_number", key, (), work)

    def _step(self, counter_id: str, action: str, officer: str, key: str | None,
              ticket_id: str | None, service=None, to_front: bool = False) -> Done:
        counter = self.counter(counter_id)
        policy = policy_for(self.catalog, counter.agency)
        target = (service.agency,) if service is not None else ()

        def work(db, now, day):
            ticket = (self.store.counter_ticket(ticket_id) if ticket_id
                      else self._holding(counter))
            if ticket is None:
                if ticket_id:
                    raise CounterRefused("unknown_ticket", f"unknown ticket {ticket_id}",
                                         f"tiket {ticket_id} tidak dikenal", 404)
                raise CounterRefused("no_ticket", "this counter has no number called",
                                     "Loket ini belum memanggil nomor")
            try:
                life, step = advance(
                    TicketLife(ticket.number, ticket.status, ticket.counter_id, ticket.recalls),
                    action, at=now, counter_id=counter.id, officer=officer,
                    no_show_after_recalls=policy.no_show_after_recalls,
                    to_service=service.id if service else None, to_front=to_front)
            except LifeError as exc:
                raise _life_refusal(exc) from None
            transfer = None
            if action == TRANSFER:
                agency = self.catalog.agency(service.agency)
                transfer = {"service_id": service.id, "agency_id": agency.id, "front": to_front,
                            "group": queue_group(agency, ticket.priority,
                                                 bool(ticket.booking_id),
                                                 self.settings.booked_first)}
            self.store.record_step(db, ticket, step, recalls=life.recalls,
                                   holder=life.counter_id, transfer=transfer)
            makers = []
            if action == RECALL:
                self.store.add_call(db, day=day, agency_id=counter.agency, ticket_id=ticket.id,
                                    counter_id=counter.id, kind="recall",
                                    priority=in_priority_series(
                                        _waiting(ticket), self.settings.booked_first), now=now)
                makers.append(lambda: ("call", self.call_event("recall", ticket, counter, now)))
            if life.counter_id is None:          # the ticket left the counter
                self.store.set_counter(db, counter.id, OPEN, None, officer, now)
                makers.append(lambda: ("counter", self.counter_event(counter, OPEN, None)))
            if action == TRANSFER:
                makers.append(lambda: ("queue", self.queue_event(day, service.agency)))
            return ticket.id, makers
        return self._run(counter, action, key, target, work)

    def _set_state(self, counter_id: str, state: str, officer: str, key: str | None) -> Done:
        counter = self.counter(counter_id)

        def work(db, now, day):
            held = self._holding(counter)
            if held is not None and state != OPEN:
                raise CounterRefused(
                    "counter_busy", f"finish {held.number} or mark it not present first",
                    f"Selesaikan nomor {held.number} atau tandai tidak hadir dahulu")
            if self._state(counter) == state:
                return None, []
            self.store.set_counter(db, counter.id, state, held.id if held else None, officer,
                                   now)
            number = held.number if held else None
            return None, [lambda: ("counter", self.counter_event(counter, state, number))]
        return self._run(counter, state, key, (), work)

    # -- what displays and consoles are told --------------------------------------------
    def call_event(self, kind: str, ticket: CounterTicket, counter: Counter,
                   now: datetime) -> dict:
        return {"kind": kind, "ticket_id": ticket.id, "number": ticket.number,
                "counter_id": counter.id, "counter_name": dict(counter.name),
                "agency_id": counter.agency, "service_id": ticket.service_id,
                "at": now.isoformat(timespec="milliseconds")}

    @staticmethod
    def counter_event(counter: Counter, state: str, number: str | None) -> dict:
        return {"counter_id": counter.id, "state": state, "current": number}

    def queue_event(self, day: str, agency_id: str) -> dict:
        summary = self.queue_summary(day, agency_id)
        return {"agency_id": agency_id, "count": summary["count"], "next": summary["next"]}

    def queue_summary(self, day: str, agency_id: str,
                      counter: Counter | None = None) -> dict:
        """{count, next, oldest}: tickets waiting for the agency (or for one counter), the
        numbers the calling rule gives next, and the longest-waiting one's queue time."""
        desk = counter or Counter(id="", name={}, agency=agency_id)
        waiting = [t for t in self.store.waiting_tickets(day, agency_id)
                   if desk.serves(t.agency_id, t.service_id, t.group)]
        lines = Lines(waiting, self.settings.booked_first)
        summary = self._upcoming(lines, agency_id, self.store.recent_priority(day, agency_id),
                                 len(waiting), desk)
        oldest = min((t.queued_at or t.issued_at for t in waiting), default=None)
        return {**summary, "oldest": oldest}

    def _upcoming(self, lines: Lines, agency_id: str, history: list, count: int,
                  desk: Counter | None = None) -> dict:
        """{count, next}: the numbers the rule calls next (at `desk`, or agency-wide)."""
        desk = desk or Counter(id="", name={}, agency=agency_id)
        policy = policy_for(self.catalog, agency_id)
        history = list(history)
        upcoming = []
        while len(upcoming) < NEXT_SHOWN:
            pick = lines.pick(desk, policy, history)
            if pick is None:
                break
            lines.take(pick)
            history.append(in_priority_series(pick, self.settings.booked_first))
            upcoming.append(pick.number)
        return {"count": count, "next": upcoming}

    def counter_view(self, counter_id: str) -> dict:
        """GET /v1/counters/{id}: the counter, its current ticket, its waiting list."""
        counter = self.counter(counter_id)
        now = self.clock()
        held = self._holding(counter)
        summary = self.queue_summary(self.day(now), counter.agency, counter)
        oldest = summary.pop("oldest")
        wait_s = max(0, round((now - oldest).total_seconds())) if oldest else 0
        return {"counter": {"id": counter.id, "name": dict(counter.name),
                            "agency_id": counter.agency, "state": self._state(counter)},
                "current": held.to_json() if held else None,
                "waiting": {"count": summary["count"], "oldest_wait_s": wait_s,
                            "next": summary["next"]}}

    def snapshot(self) -> dict:
        """The whole picture for a display that (re)connects."""
        now = self.clock()
        day = self.day(now)
        rows = self.store.counter_rows()
        counters = []
        for counter in self.catalog.counters:
            row = rows.get(counter.id)
            held = self._holding(counter) if row and row.ticket_id else None
            counters.append({"counter_id": counter.id, "name": dict(counter.name),
                             "agency_id": counter.agency,
                             "state": row.state if row else CLOSED,
                             "current": held.number if held else None})
        names = {c.id: dict(c.name) for c in self.catalog.counters}
        calls = [{"kind": c["kind"], "ticket_id": c["ticket_id"], "number": c["number"],
                  "counter_id": c["counter_id"], "counter_name": names.get(c["counter_id"], {}),
                  "agency_id": c["agency_id"], "service_id": c["service_id"], "at": c["at"]}
                 for c in self.store.recent_calls(day, 10)]
        waiting = {}
        for agency in self.catalog.agencies:
            summary = self.queue_summary(day, agency.id)
            waiting[agency.id] = {"count": summary["count"], "next": summary["next"]}
        return {"counters": counters, "recent_calls": calls, "waiting": waiting,
                "server_time": now.isoformat(timespec="seconds")}


def _waiting(ticket: CounterTicket) -> WaitingTicket:
    return WaitingTicket(id=ticket.id, number=ticket.number, group=ticket.group,
                         service_id=ticket.service_id, agency_id=ticket.agency_id,
                         priority=ticket.priority, booked=bool(ticket.booking_id),
                         issued_at=datetime.fromisoformat(ticket.issued_at))
