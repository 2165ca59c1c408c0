"""People ahead on a new ticket is exact where counters call (the hub's store): it equals
the number of calls made before that ticket is called; the wait uses today's measured
service times once there are enough of them. SQLite and PostgreSQL."""

import math

import pytest

from counter_support import Desks
from hub_support import hub_db


@pytest.fixture
def desks(request, tmp_path, store_kind):
    d = Desks(tmp_path, hub_db(request, store_kind))
    yield d
    d.close()


def serve(d, counter, minutes, n, tag):
    """n tickets called and served at `counter`, each taking `minutes`."""
    for i in range(n):
        d.desk.call_next(counter, "siti", key=f"serve-{tag}-{counter}-{i:03d}")
        d.desk.start(counter, "siti")
        d.clock.tick(minutes)
        d.desk.finish(counter, "siti")


def calls_until(d, counters, ticket_id, tag):
    """The officers call (and finish) in turn until the ticket is called: how many before."""
    before = 0
    for i in range(200):
        counter = counters[i % len(counters)]
        done = d.desk.call_next(counter, "siti", key=f"until-{tag}-{i:04d}")
        d.desk.finish(counter, "siti")
        if done.ticket_id == ticket_id:
            return before
        before += 1
    raise AssertionError("never called")


def test_people_ahead_is_the_true_count_and_the_wait_is_measured(desks):
    d = desks
    for i in range(8):
        d.issue()
    for i in range(2):
        d.issue(priority="lansia")
    early = d.issue()
    # Nothing called yet: every counter serving it counts (none opened), published 10 min.
    assert early.people_ahead == 10
    assert early.wait_minutes == math.ceil(10 * 10 / 2)     # loket-1 and loket-2 serve it
    serve(d, "loket-1", 4, 5, "a")     # priority first: both lansia, then three A
    ticket = d.issue()
    # Waiting: 9 regular tickets (8 + the early one, less the three served). Only loket-1
    # is open; five served in 4 minutes each is today's pace.
    assert ticket.people_ahead == 6
    assert ticket.wait_minutes == 6 * 4
    state = d.kiosk.service_state("dukcapil-ktp")
    assert state.waiting == 7 and state.wait_minutes == 7 * 4   # one more: this ticket
    assert calls_until(d, ["loket-1"], ticket.id, "a") == ticket.people_ahead


def test_interleaved_priority_numbers_count_where_the_rule_puts_them(desks):
    d = desks
    # imigrasi: one priority number after every 3 regular ones; loket-5 and loket-6.
    for i in range(6):
        d.issue("imigrasi-paspor")
    for i in range(3):
        d.issue("imigrasi-paspor", priority="hamil")
    d.desk.call_next("loket-5", "rina", key="inter-open-5")     # a priority number first
    d.desk.finish("loket-5", "rina")
    d.desk.call_next("loket-6", "rina", key="inter-open-6")
    d.desk.finish("loket-6", "rina")
    ticket = d.issue("imigrasi-paspor", priority="lansia")
    # Ahead of this priority ticket: 5 regular and 2 priority, in the order the rule
    # calls them (regular, regular, priority, ...).
    assert calls_until(d, ["loket-5", "loket-6"], ticket.id, "b") == ticket.people_ahead
    assert 0 < ticket.people_ahead < 8


def test_a_kiosk_store_without_callers_keeps_the_published_pace(tmp_path):
    """On a kiosk's own store nobody calls: the published pace still guesses the served."""
    from kiosk.service import LocalService
    from kiosk.store import Store
    d = Desks(tmp_path, None)
    try:
        service = LocalService(d.settings, store=Store(tmp_path / "kiosk.sqlite3"),
                               clock=d.clock)
        first = service.issue_ticket("dukcapil-ktp")
        d.clock.tick(120)
        assert first.people_ahead == 0
        assert service.issue_ticket("dukcapil-ktp").people_ahead == 0
    finally:
        d.close()
