"""A ticket's legs: each queue it waited in, from joining it to leaving it.

    leg 1: issued for service S  ──call──> at counter ──(start)──> ──transfer──> leg 2
    leg 2: joins the target service's queue ──call──> … ──finish / no_show

A transfer ends a leg (its service time is call → transfer, counted in that leg's service)
and starts the next one in the target queue. The ticket row holds the current leg; the legs
a transfer closed are kept apart (kiosk.hub.counter_store), so the measured waits and
service times (kiosk.counters.times) count every leg in its own service, not only the
last queue.

`closed_leg` is what a transfer records; `replay` rebuilds the closed legs from a ticket's
recorded steps (what the store migration does for tickets transferred before legs were kept).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Callable, Iterable

from kiosk.counters import life


@dataclass(frozen=True)
class Leg:
    """One queue a ticket waited in, closed by a transfer."""

    agency_id: str
    service_id: str
    queued_at: datetime                 # issued, or transferred into this queue
    called_at: datetime | None
    serving_at: datetime | None
    ended_at: datetime                  # the transfer out of it
    counter_id: str | None              # the counter that transferred it

    def times(self):
        """As kiosk.counters.times.TicketTimes: wait queued → called, service called → ended."""
        from kiosk.counters.times import TicketTimes
        return TicketTimes(agency_id=self.agency_id, service_id=self.service_id,
                           issued_at=self.queued_at, called_at=self.called_at,
                           finished_at=self.ended_at if self.called_at else None,
                           counter_id=self.counter_id)


def closed_leg(*, agency_id: str, service_id: str, queued_at: datetime,
               called_at: datetime | None, serving_at: datetime | None,
               step: life.Step) -> Leg:
    """The leg a transfer step ends (the ticket's queue and times before the step)."""
    if step.action != life.TRANSFER:
        raise ValueError("only a transfer ends a leg")
    return Leg(agency_id, service_id, queued_at, called_at, serving_at, step.at,
               step.counter_id)


@dataclass(frozen=True)
class Recorded:
    """A recorded step as the event log keeps it: `detail` is "action" or "action {json}"."""

    at: datetime
    detail: str
    counter_id: str | None


def replay(*, agency_id: str, service_id: str, issued_at: datetime,
           steps: Iterable[Recorded], agency_of: Callable[[str], str | None]) -> list[Leg]:
    """The legs closed by transfers, from the steps in the order they happened.
    `agency_of(service id)` names a transfer target's agency (None: unknown, the leg keeps
    the agency it left)."""
    legs: list[Leg] = []
    agency, service, queued = agency_id, service_id, issued_at
    called = serving = None
    for step in steps:
        action, _, rest = step.detail.partition(" ")
        if action == life.CALL:
            called, serving = step.at, None
        elif action == life.START:
            serving = step.at
        elif action == life.TRANSFER:
            legs.append(Leg(agency, service, queued, called, serving, step.at,
                            step.counter_id))
            target = json.loads(rest).get("to_service") if rest else None
            if target:
                service = target
                agency = agency_of(target) or agency
            queued, called, serving = step.at, None, None
    return legs
