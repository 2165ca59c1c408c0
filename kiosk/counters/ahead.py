"""Exact people ahead, and the wait estimate from today's measured times.

People ahead of a ticket = the number of tickets the calling rule (kiosk.counters.calling)
will call before it, at the counters that serve it, if nobody new arrives: the rule is run
over the waiting tickets, the counters taking turns in catalog order, until it gives this
ticket. Tickets of other services or series that those counters call first count too —
they are served before this visitor. The counters used are the open ones serving the
ticket; when none is open, all that serve it (a paused counter comes back); when the
catalog has none, one stand-in counter for the whole agency. A counter missing from
`states` counts as open. For the services list, ask for a new ticket that is not yet in
`waiting` (it is added to the back of its series).

Wait estimate: each ticket ahead costs its service's measured service time (median
call → finish of today's last 20 served tickets), or the published `service_minutes` while
fewer than 5 are measured; the sum is shared over the counters used, rounded up to whole
minutes. `Pace.wait_minutes` (median issue → call, same window) is today's measured wait
for staff panels and reports.
"""

from __future__ import annotations

import math
from collections import Counter as Counts
from bisect import bisect_left, insort
from dataclasses import dataclass
from itertools import cycle
from operator import attrgetter
from typing import Iterable, Mapping, Sequence

from kiosk.counters.calling import Lines, WaitingTicket, in_priority_series, priority_due
from kiosk.counters.model import OPEN, CallingPolicy, Counter
from kiosk.counters.times import TicketTimes, median

RECENT = 20          # measurements a pace is taken over
MIN_SAMPLES = 5      # fewer than this: the published service time is used


def serving_counters(ticket: WaitingTicket, counters: Sequence[Counter],
                     states: Mapping[str, str] | None = None) -> list[Counter]:
    """The counters whose calls come before this ticket's (see the module docstring)."""
    states = states or {}
    serving = [c for c in counters if c.serves(ticket.agency_id, ticket.service_id, ticket.group)]
    open_ = [c for c in serving if states.get(c.id, OPEN) == OPEN]
    if open_ or serving:
        return open_ or serving
    return [Counter(id="", name={}, agency=ticket.agency_id)]


def tickets_ahead(ticket: WaitingTicket, waiting: Iterable[WaitingTicket],
                  counters: Sequence[Counter], *, policy: CallingPolicy, booked_first: bool,
                  recent_priority: Sequence[bool] = (),
                  states: Mapping[str, str] | None = None) -> list[WaitingTicket]:
    """The tickets called before this one, in call order."""
    desks = serving_counters(ticket, counters, states)
    if len({(c.agency, c.services, c.groups) for c in desks}) == 1:
        if isinstance(waiting, GrowingQueue) and not waiting.holds(ticket):
            *lines, counts = waiting.lines(desks[0], booked_first)
            return _walk(ticket, *lines, policy, booked_first, recent_priority, counts)
        serves = desks[0].serves
        pool = [t for t in waiting if t.id != ticket.id
                and serves(t.agency_id, t.service_id, t.group)]
        return _one_desk(ticket, pool, policy, booked_first, recent_priority)
    pool = [t for t in waiting if t.id != ticket.id
            and any(c.serves(t.agency_id, t.service_id, t.group) for c in desks)]
    return _simulate(ticket, pool, desks, policy, booked_first, recent_priority)


def _simulate(ticket, pool, desks, policy, booked_first, recent_priority) -> list[WaitingTicket]:
    """The rule run call by call, the desks taking turns."""
    lines = Lines([*pool, ticket], booked_first)
    history = list(recent_priority)
    before: list[WaitingTicket] = []
    idle = 0
    for desk in cycle(desks):
        called = lines.pick(desk, policy, history)
        if called is None:
            idle += 1
            if idle >= len(desks):   # cannot happen while the ticket itself waits; be safe
                break
            continue
        idle = 0
        if called.id == ticket.id:
            break
        lines.take(called)
        history.append(in_priority_series(called, booked_first))
        before.append(called)
    return before


def _one_desk(ticket, pool, policy, booked_first, recent_priority) -> list[WaitingTicket]:
    """The same answer as _simulate when every desk serves the same tickets (so every
    ticket of the pool): which desk calls does not matter, and the rule reduces to the
    order of the lines — the front line, then the two series as the policy mixes them —
    counted without calling ticket by ticket (the hub asks this on every issue)."""
    return _walk(ticket, *_split(pool, booked_first), policy, booked_first, recent_priority)


def _split(pool, booked_first) -> tuple[list, list, list]:
    """The pool's front, priority and regular lines, each in call order."""
    front, priority, regular = [], [], []
    for t in pool:
        (front if t.front else priority if in_priority_series(t, booked_first)
         else regular).append(t)
    for line in (front, priority, regular):
        line.sort(key=_ORDER)
    return front, priority, regular


def _walk(ticket, front, priority, regular, policy, booked_first, recent_priority,
          counts=None) -> list[WaitingTicket]:
    """The tickets of the lines (without `ticket`, left unchanged) called before it.
    `counts`: each line's tickets per service, when kept (GrowingQueue)."""
    if ticket.front:
        return front[:_place(front, ticket)]
    history = list(recent_priority) + [in_priority_series(t, booked_first) for t in front]
    mine_is_priority = in_priority_series(ticket, booked_first)
    mine, other = (priority, regular) if mine_is_priority else (regular, priority)
    place = _place(mine, ticket)
    before = list(front)
    taken_mine = taken_other = 0
    while taken_other < len(other):          # both series wait: the policy mixes them
        if priority_due(policy, history) == mine_is_priority:
            if taken_mine == place:
                return before                     # this ticket's turn
            before.append(mine[taken_mine])
            taken_mine += 1
            history.append(mine_is_priority)
        else:
            before.append(other[taken_other])
            taken_other += 1
            history.append(not mine_is_priority)
    before.extend(mine[taken_mine:place])      # the other line is empty: this one in order
    if counts is not None and not other and place == len(mine):
        # the usual new ticket: after the whole front and its own line, counted as kept
        mine_counts = counts[1] if mine_is_priority else counts[2]
        return Ahead(before, counts[0] + mine_counts)
    return before


class Ahead(list):
    """Tickets ahead whose count per service is known already."""

    def __init__(self, tickets, per_service):
        super().__init__(tickets)
        self.per_service = per_service


class GrowingQueue(list):
    """Waiting tickets that only ever grow at the end (the PostgreSQL hub's copy of an
    agency's queue, kiosk.hub.pgqueue): the sorted lines of each desk are kept and
    extended by the new tickets alone, instead of sorted afresh for every estimate. Its
    owner appends only while no estimate reads it."""

    def __init__(self, tickets=()):
        super().__init__(tickets)
        self._lines: dict = {}
        self._ids: set = set()
        self._seen = 0

    def holds(self, ticket: WaitingTicket) -> bool:
        self._catch_up()
        return ticket.id in self._ids

    def _catch_up(self) -> None:
        if self._seen < len(self):
            self._ids.update(t.id for t in self[self._seen:])
            self._seen = len(self)

    def lines(self, desk: Counter, booked_first: bool) -> tuple[list, list, list]:
        key = (desk.agency, desk.services, desk.groups, booked_first)
        kept = self._lines.get(key)
        if kept is None:      # seen, lines (front, priority, regular), their services
            kept = self._lines[key] = [0, ([], [], []), (Counts(), Counts(), Counts())]
        if kept[0] < len(self):
            new = [t for t in self[kept[0]:] if desk.serves(t.agency_id, t.service_id, t.group)]
            for line, count, more in zip(*kept[1:], _split(new, booked_first)):
                for t in more:
                    insort(line, t, key=_ORDER)
                count.update(map(_SERVICE, more))
            kept[0] = len(self)
        return (*kept[1], kept[2])


_ORDER = attrgetter("order_key")
_SERVICE = attrgetter("service_id")


def _place(line: list, ticket) -> int:
    """Where the ticket sorts in a line that does not hold it (keys are unique: ids)."""
    return bisect_left(line, ticket.order_key, key=_ORDER)


def people_ahead(ticket: WaitingTicket, waiting: Iterable[WaitingTicket],
                 counters: Sequence[Counter], *, policy: CallingPolicy, booked_first: bool,
                 recent_priority: Sequence[bool] = (),
                 states: Mapping[str, str] | None = None) -> int:
    return len(tickets_ahead(ticket, waiting, counters, policy=policy, booked_first=booked_first,
                             recent_priority=recent_priority, states=states))


@dataclass(frozen=True)
class Pace:
    """Today's pace of one service."""

    service_id: str
    minutes: float               # service time per visitor used for estimates
    measured: bool               # False: the published service time (too few measurements)
    samples: int                 # served tickets measured (at most RECENT)
    wait_minutes: float | None   # median issue -> call of the recent called tickets


def pace(service_id: str, published_minutes: int, rows: Iterable[TicketTimes], *,
         recent: int = RECENT, min_samples: int = MIN_SAMPLES) -> Pace:
    """The service's pace from today's rows (any order; other services' rows are ignored)."""
    mine = [r for r in rows if r.service_id == service_id]
    served = sorted((r for r in mine if r.service_minutes is not None),
                    key=lambda r: r.finished_at)[-recent:]
    called = sorted((r for r in mine if r.called_at is not None),
                    key=lambda r: r.called_at)[-recent:]
    waits = [r.waiting_minutes for r in called]
    wait = median(waits) if len(waits) >= min_samples else None
    if len(served) < min_samples:
        return Pace(service_id, float(published_minutes), False, len(served), wait)
    return Pace(service_id, median([r.service_minutes for r in served]), True, len(served), wait)


def paces(published: Mapping[str, int], rows: Iterable[TicketTimes], **options) -> dict[str, Pace]:
    """Pace of every service in `published` (service id -> published minutes)."""
    rows = list(rows)
    return {sid: pace(sid, minutes, rows, **options) for sid, minutes in published.items()}


def estimate_wait(ahead: Sequence[WaitingTicket], paces_by_service: Mapping[str, Pace],
                  counters: int, default_minutes: float = 10) -> int:
    """Whole minutes until called: the tickets ahead's service times shared over counters."""
    return _wait(Counts(map(_SERVICE, ahead)), paces_by_service, counters, default_minutes)


def _wait(per_service: Mapping[str, int], paces_by_service, counters, default_minutes) -> int:
    # counted per service first: the hub asks this for hundreds ahead on every issue
    if not per_service:
        return 0
    total = sum(n * (paces_by_service[sid].minutes if sid in paces_by_service
                     else default_minutes) for sid, n in per_service.items())
    return math.ceil(total / max(1, counters) - 1e-9)


@dataclass(frozen=True)
class Estimate:
    people_ahead: int
    wait_minutes: int
    measured: bool               # every ticket ahead was costed with a measured pace


def estimate(ticket: WaitingTicket, waiting: Iterable[WaitingTicket],
             counters: Sequence[Counter], *, policy: CallingPolicy, booked_first: bool,
             paces_by_service: Mapping[str, Pace], recent_priority: Sequence[bool] = (),
             states: Mapping[str, str] | None = None, default_minutes: float = 10,
             agency_counters: int = 1) -> Estimate:
    """People ahead and the wait for a ticket (what the kiosk prints and shows).
    `agency_counters` (the catalog's Agency.counters) shares the wait when no [[counter]]
    serves the ticket."""
    ahead = tickets_ahead(ticket, waiting, counters, policy=policy, booked_first=booked_first,
                          recent_priority=recent_priority, states=states)
    desks = serving_counters(ticket, counters, states)
    desks = agency_counters if desks[0].id == "" else len(desks)
    per_service = getattr(ahead, "per_service", None)
    if per_service is None:
        per_service = Counts(map(_SERVICE, ahead))
    minutes = _wait(per_service, paces_by_service, desks, default_minutes)
    measured = all(paces_by_service.get(sid) is not None and paces_by_service[sid].measured
                   for sid in per_service)
    return Estimate(len(ahead), minutes, measured)
