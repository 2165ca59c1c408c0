"""People ahead and the wait for a number about to be taken, exactly: the store's waiting
tickets and today's measured times through the calling rule (kiosk.counters.ahead).

Used by LocalService (the ticket screen, the printed ticket and the services list) where
counters call: on the hub's store (a kiosk online gets its figures from the hub) for an
agency with [[counter]]s in the catalog. Elsewhere — a kiosk's own store, where nobody
calls, or an agency without counters on Anjungan — the published pace still estimates how
many were served (queueing.estimate_served).
"""

from __future__ import annotations

from datetime import datetime

from kiosk import queueing
from kiosk.counters import CLOSED, WaitingTicket, counters_of, estimate, paces, policy_for
from kiosk.counters.ahead import Estimate

NEW = "(new)"      # the id of the ticket not yet taken


def exact(store, catalog, agency_id: str) -> bool:
    """Whether counters call this agency's numbers through this store."""
    return hasattr(store, "counter_rows") and bool(counters_of(catalog, agency_id))


def _none(day: str, agency_id: str):
    return None


def for_new_ticket(store, settings, service, *, group: str, priority: str | None,
                   booked: bool, day: str, now: datetime) -> Estimate:
    catalog = settings.catalog
    agency = catalog.agency(service.agency)
    counters = counters_of(catalog, agency.id)
    # The PostgreSQL hub numbering a ticket hands its checked copy of the queue
    # (kiosk.hub.pgqueue); everywhere else the store is read.
    store = getattr(store, "estimate_view", _none)(day, agency.id) or store
    rows = store.counter_rows()                 # a counter nobody opened today is closed
    states = {c.id: rows[c.id].state if c.id in rows else CLOSED for c in counters}
    waiting = store.waiting_tickets(day, agency.id, printing=True)   # held in a moment
    # Its number sorts after every other: at the same instant it was taken last.
    ticket = WaitingTicket(id=NEW, number="\U0010ffff", group=group, service_id=service.id,
                           agency_id=agency.id, priority=priority, booked=booked,
                           issued_at=now)
    published = {s.id: s.service_minutes for s in catalog.services_of(agency.id)}
    return estimate(ticket, waiting, counters, policy=policy_for(catalog, agency.id),
                    booked_first=settings.booked_first,
                    paces_by_service=paces(published, store.ticket_times(day)),
                    recent_priority=store.recent_priority(day, agency.id), states=states,
                    default_minutes=service.service_minutes, agency_counters=agency.counters)


def estimator(store, settings, service, now: datetime, *, group: str, priority: str | None,
              booked: bool):
    """The `ahead(earlier, first)` callback kiosk.store.Store.issue takes (its arguments,
    the pace guess's inputs, are not needed here)."""
    day = queueing.local_day(now, settings.zone).isoformat()

    def ahead(earlier: int, first: str | None) -> tuple[int, int]:
        found = for_new_ticket(store, settings, service, group=group, priority=priority,
                               booked=booked, day=day, now=now)
        return found.people_ahead, found.wait_minutes
    return ahead
