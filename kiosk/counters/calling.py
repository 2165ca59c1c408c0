"""The calling rule: which waiting ticket "call next" gives a counter.

Pure functions over `WaitingTicket`s (the store turns its rows into these); the store runs
them inside the transaction that marks the chosen ticket called, so two counters calling
at once never get the same ticket.

The rule, for one counter:
1. A paused or closed counter gets nothing.
2. Only tickets the counter serves count (its agency; its services and groups if it lists
   any; `group` is the ticket's queue group, see `queue_group`).
3. Tickets transferred to the *front* of this queue come first, earliest transfer first.
4. The rest form two series, each first-in first-out by `queued_at` (the issue time, or
   the time a transfer to the *back* put it here): the priority series (a priority kind —
   lansia, disabilitas, hamil — or, with [queue] booked_first, a booking) and the regular
   one (walk-ins, and bookings when booked_first is off: they queue from check-in).
5. Between the two series the agency's policy decides: FIRST — the priority series whenever
   it has a ticket; INTERLEAVE with priority_every = N — a priority ticket when none of the
   agency's last N calls was one, else a regular one. Either way an empty series gives way
   to the other, and an agency's first call of the day takes a waiting priority ticket.

`recent_priority` is the agency's call history of the day (all its counters, oldest first):
True for a call from the priority series. Record `in_priority_series(ticket, booked_first)`
of every call made.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timezone
from functools import cached_property
from typing import Iterable, Sequence

from kiosk.counters.model import FIRST, OPEN, CallingPolicy, Counter
from kiosk.queueing import number_group


@dataclass(frozen=True)
class WaitingTicket:
    id: str
    number: str                      # as printed ("A-013"); kept through transfers
    group: str                       # queue group (numbering prefix) in its current agency
    service_id: str
    agency_id: str
    priority: str | None             # lansia / disabilitas / hamil, or None
    booked: bool
    issued_at: datetime
    queued_at: datetime | None = None  # joined this queue (transfer to the back); None: issued_at
    front: bool = False              # transferred to the front of this queue

    @classmethod
    def from_ticket_row(cls, row, *, queued_at: datetime | None = None,
                        front: bool = False) -> "WaitingTicket":
        """From a kiosk.store.TicketRow (or any object with its attribute names); the
        transfer fields come from the ticket's last transfer step, if any."""
        issued = row.issued_at
        return cls(id=row.id, number=row.number, group=row.grp, service_id=row.service_id,
                   agency_id=row.agency_id, priority=row.priority,
                   booked=bool(row.booking_id),
                   issued_at=issued if isinstance(issued, datetime)
                   else datetime.fromisoformat(issued),
                   queued_at=queued_at, front=front)

    @cached_property
    def order_key(self) -> tuple:
        """Sort key within a series: front transfers, then first come first served.
        Computed once per ticket (the hub sorts its queue on every call and issue); the
        times as POSIX seconds compare faster than aware datetimes, in the same order."""
        return (not self.front, _seconds(self.queued_at or self.issued_at),
                _seconds(self.issued_at), self.number, self.id)


def _seconds(at: datetime) -> float:
    return at.timestamp() if at.tzinfo is not None else at.replace(tzinfo=timezone.utc).timestamp()


def in_priority_series(ticket: WaitingTicket, booked_first: bool) -> bool:
    return ticket.priority is not None or (ticket.booked and booked_first)


def queue_group(agency, priority: str | None, booked: bool, booked_first: bool) -> str:
    """The group a ticket queues in at an agency (its numbering group at issue; after a
    transfer, the group it would have had at the target agency)."""
    return number_group(agency, priority, booked, booked_first)


def transferred(ticket: WaitingTicket, *, service_id: str, agency_id: str, group: str,
                at: datetime, to_front: bool) -> WaitingTicket:
    """The ticket as it waits in the target service's queue after a transfer."""
    return replace(ticket, service_id=service_id, agency_id=agency_id, group=group,
                   queued_at=at, front=to_front)


def priority_due(policy: CallingPolicy, recent_priority: Sequence[bool]) -> bool:
    """Whether the priority series has its turn (when both series have tickets waiting)."""
    if policy.priority_policy == FIRST:
        return True
    return not any(recent_priority[-policy.priority_every:])


def call_next(waiting: Iterable[WaitingTicket], counter: Counter, *, state: str,
              policy: CallingPolicy, booked_first: bool,
              recent_priority: Sequence[bool] = ()) -> WaitingTicket | None:
    """The ticket this counter should call now, or None (nothing waiting, or not open)."""
    if state != OPEN:
        return None
    return Lines(waiting, booked_first).pick(counter, policy, recent_priority)


class Lines:
    """Waiting tickets split into the front, priority and regular lines, each in call order.

    `pick` applies the rule for one counter; `take` removes a called ticket, so the rule
    can be run again and again (kiosk.counters.ahead simulates a morning with it) without
    sorting anew.
    """

    def __init__(self, waiting: Iterable[WaitingTicket], booked_first: bool):
        self.booked_first = booked_first
        ordered = sorted(waiting, key=lambda t: t.order_key)
        self.front = [t for t in ordered if t.front]
        self.priority = [t for t in ordered if not t.front and in_priority_series(t, booked_first)]
        self.regular = [t for t in ordered
                        if not t.front and not in_priority_series(t, booked_first)]
        self._heads = {"front": 0, "priority": 0, "regular": 0}
        self._taken: set[str] = set()

    def _first(self, name: str, counter: Counter) -> WaitingTicket | None:
        line, head = getattr(self, name), self._heads[name]
        while head < len(line) and line[head].id in self._taken:
            head += 1  # called tickets mostly leave from the head: skip them once, not each time
        self._heads[name] = head
        for ticket in line[head:]:
            if ticket.id not in self._taken and counter.serves(
                    ticket.agency_id, ticket.service_id, ticket.group):
                return ticket
        return None

    def pick(self, counter: Counter, policy: CallingPolicy,
             recent_priority: Sequence[bool]) -> WaitingTicket | None:
        front = self._first("front", counter)
        if front is not None:
            return front
        priority = self._first("priority", counter)
        regular = self._first("regular", counter)
        if priority is None or regular is None:
            return priority or regular
        return priority if priority_due(policy, recent_priority) else regular

    def take(self, ticket: WaitingTicket) -> None:
        self._taken.add(ticket.id)
