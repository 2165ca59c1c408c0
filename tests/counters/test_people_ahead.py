"""People ahead is exact: it equals the calls the officers make before the ticket's turn.
The wait estimate uses the published service time early in the day, measured times after."""

import random
from datetime import timedelta
from pathlib import Path

import pytest

from kiosk.counters import (
    FIRST, INTERLEAVE, PAUSED, CallingPolicy, Pace, TicketTimes, estimate, estimate_wait, pace,
    paces, people_ahead,
)

from counters_support import at, counter, run_calls, ticket

POLICIES = [CallingPolicy(FIRST), CallingPolicy(INTERLEAVE, priority_every=3),
            CallingPolicy(INTERLEAVE, priority_every=1)]


def morning(seed: int, n: int = 40):
    """A queue as it stands mid-morning: walk-ins, priority visitors, bookings, transfers in,
    across two services."""
    rnd = random.Random(seed)
    out = []
    for i in range(n):
        kind = rnd.random()
        service = rnd.choice(["dukcapil-ktp", "dukcapil-ktp", "dukcapil-akta"])
        minute = rnd.uniform(0, 120)
        if kind < 0.15:
            out.append(ticket(f"R-{i:03d}", minute, priority="lansia", service=service))
        elif kind < 0.25:
            out.append(ticket(f"R-{i:03d}", minute, booked=True, service=service))
        elif kind < 0.30:
            out.append(ticket(f"A-{i:03d}", minute, service=service, queued=minute + 20,
                              front=rnd.random() < 0.5))
        else:
            out.append(ticket(f"A-{i:03d}", minute, service=service))
    return out


DESKS = {
    "one counter": [counter("loket-1")],
    "three alike": [counter("loket-1"), counter("loket-2"), counter("loket-3")],
    "a deed counter and a priority counter": [
        counter("loket-1"), counter("loket-3", services=["dukcapil-akta"]),
        counter("loket-4", groups=["R"])],
}


@pytest.mark.parametrize("desks", DESKS)
@pytest.mark.parametrize("policy", POLICIES, ids=lambda p: f"{p.priority_policy}{p.priority_every}")
@pytest.mark.parametrize("booked_first", [False, True])
def test_people_ahead_equals_the_calls_before_the_ticket(desks, policy, booked_first):
    counters = DESKS[desks]
    history = (False, True)
    for seed in range(3):
        waiting = morning(seed)
        for mine in waiting:
            figure = people_ahead(mine, waiting, counters, policy=policy,
                                  booked_first=booked_first, recent_priority=history)
            # the officers at the counters serving this ticket press "call next" in turn
            serving = [c for c in counters if c.serves(mine.agency_id, mine.service_id, mine.group)]
            calls = run_calls(waiting, serving, policy=policy, booked_first=booked_first,
                              history=history, until=mine.number)
            assert calls[-1] == mine.number
            assert figure == len(calls) - 1, (mine.number, calls)


def test_a_new_ticket_counts_everyone_the_counters_call_first():
    waiting = [ticket("A-001", 0), ticket("A-002", 1), ticket("R-001", 2, priority="hamil"),
               ticket("B-001", 0, agency="imigrasi", service="imigrasi-paspor")]
    new = ticket("A-003", 30)
    every_3 = CallingPolicy(INTERLEAVE, priority_every=3)
    assert people_ahead(new, waiting, [counter()], policy=every_3, booked_first=False) == 3
    new_priority = ticket("R-002", 30, priority="lansia")
    # interleave: R-001 takes the first call, then it is the regulars' turn: A-001, A-002;
    # no regular is left, so R-002 is the 4th call. Priority first: only R-001 before it.
    assert people_ahead(new_priority, waiting, [counter()], policy=every_3,
                        booked_first=False) == 3
    assert people_ahead(new_priority, waiting, [counter()], policy=CallingPolicy(FIRST),
                        booked_first=False) == 1


def test_paused_counters_do_not_call_but_a_fully_paused_agency_still_has_an_order():
    waiting = [ticket("A-001", 0), ticket("A-002", 1, service="dukcapil-akta"), ticket("A-003", 2)]
    desks = [counter("loket-1", services=["dukcapil-akta"]), counter("loket-2")]
    first = CallingPolicy(FIRST)
    # with the deed counter paused, only loket-2 calls, then A-003
    assert people_ahead(waiting[2], waiting, desks, policy=first, booked_first=False,
                        states={"loket-1": PAUSED}) == 2
    # both open: loket-1 (deeds only) calls A-002 at its turn, loket-2 calls A-001 ... A-003
    assert people_ahead(waiting[2], waiting, desks, policy=first, booked_first=False) == 2
    assert people_ahead(waiting[2], waiting, desks, policy=first, booked_first=False,
                        states={"loket-1": PAUSED, "loket-2": PAUSED}) == 2


def served(service, minute, wait, length, desk="loket-1"):
    return TicketTimes("dukcapil", service, at(minute), at(minute + wait),
                       at(minute + wait + length), desk)


def test_pace_falls_back_to_the_published_time_then_uses_measured_times():
    early = [served("dukcapil-ktp", i, 12, 4) for i in range(4)]
    p = pace("dukcapil-ktp", 10, early)
    assert (p.minutes, p.measured, p.samples) == (10.0, False, 4)
    later = early + [served("dukcapil-ktp", 10, 6, 5)]
    p = pace("dukcapil-ktp", 10, later)
    assert (p.minutes, p.measured, p.samples, p.wait_minutes) == (4.0, True, 5, 12.0)


def test_pace_is_the_median_of_the_last_twenty():
    slow_start = [served("dukcapil-ktp", i, 30, 30) for i in range(15)]
    recent = [served("dukcapil-ktp", 100 + i, 5, 6) for i in range(20)]
    assert pace("dukcapil-ktp", 10, slow_start + recent).minutes == 6.0
    # the last twenty: 10 slow and 10 fast, then 11 slow and 9 fast
    assert pace("dukcapil-ktp", 10, slow_start + recent[:10]).minutes == 18.0
    assert pace("dukcapil-ktp", 10, slow_start + recent[:9]).minutes == 30.0


def test_wait_estimate_moves_from_published_to_measured():
    waiting = [ticket(f"A-00{n}", n) for n in range(1, 5)]
    mine = ticket("A-009", 30)
    desks = [counter("loket-1"), counter("loket-2")]
    published = {"dukcapil-ktp": 10}
    first = CallingPolicy(FIRST)
    early = estimate(mine, waiting, desks, policy=first, booked_first=False,
                     paces_by_service=paces(published, []))
    assert (early.people_ahead, early.wait_minutes, early.measured) == (4, 20, False)
    measured_rows = [served("dukcapil-ktp", i, 3, 4) for i in range(6)]
    later = estimate(mine, waiting, desks, policy=first, booked_first=False,
                     paces_by_service=paces(published, measured_rows))
    assert (later.people_ahead, later.wait_minutes, later.measured) == (4, 8, True)
    # one counter paused: the same four people, shared over one counter
    paused = estimate(mine, waiting, desks, policy=first, booked_first=False,
                      paces_by_service=paces(published, measured_rows),
                      states={"loket-2": PAUSED})
    assert (paused.people_ahead, paused.wait_minutes) == (4, 16)


def test_wait_estimate_costs_each_ticket_ahead_by_its_own_service():
    ahead = [ticket("A-001", 0), ticket("A-002", 1, service="dukcapil-akta")]
    by_service = {"dukcapil-ktp": Pace("dukcapil-ktp", 4.0, True, 20, 10.0),
                  "dukcapil-akta": Pace("dukcapil-akta", 15.0, False, 0, None)}
    assert estimate_wait(ahead, by_service, 2) == 10   # (4 + 15) / 2 = 9.5, rounded up
    assert estimate_wait([], by_service, 2) == 0


def test_without_configured_counters_the_agency_count_shares_the_wait():
    waiting = [ticket(f"A-00{n}", n) for n in range(1, 7)]
    mine = ticket("A-009", 30)
    result = estimate(mine, waiting, [], policy=CallingPolicy(FIRST), booked_first=False,
                      paces_by_service=paces({"dukcapil-ktp": 10}, []), agency_counters=4)
    assert (result.people_ahead, result.wait_minutes) == (6, 15)


def test_people_ahead_over_tickets_the_kiosk_store_issued(tmp_path):
    """Rows the real store writes become WaitingTickets the rule orders as issued."""
    import shutil

    from kiosk import config
    from kiosk.counters import WAITING, WaitingTicket, counters_of, policy_for
    from kiosk.service import LocalService

    from counters_support import OPENING

    data = Path(__file__).resolve().parents[1] / "kiosk" / "data"
    for name in ("kiosk.toml", "catalog.toml"):
        shutil.copy(data / name, tmp_path / name)
    settings = config.load(tmp_path / "kiosk.toml")
    service = LocalService(settings)
    plan = [("dukcapil-ktp", None), ("dukcapil-ktp", "lansia"), ("dukcapil-akta", None),
            ("dukcapil-ktp", None), ("imigrasi-paspor", None), ("dukcapil-ktp", "hamil")]
    for i, (sid, priority) in enumerate(plan):
        ticket_ = service.issue_ticket(sid, priority, now=OPENING + timedelta(minutes=i + 60))
        service.confirm_printed(ticket_.id)
    rows = service.store.tickets(day="2026-12-01")
    waiting = [WaitingTicket.from_ticket_row(r) for r in rows if r.status in WAITING]
    catalog = settings.catalog
    desks = counters_of(catalog, "dukcapil")
    policy = policy_for(catalog, "dukcapil")
    assert [t.number for t in waiting[:3]] == ["A-001", "RA-001", "A-002"]
    mine = [t for t in waiting if t.number == "A-003"][0]   # the last regular ktp ticket
    calls = run_calls(waiting, [d for d in desks if d.serves("dukcapil", "dukcapil-ktp", "A")],
                      policy=policy, booked_first=False, until="A-003")
    assert calls == ["RA-001", "RA-002", "A-001", "A-002", "A-003"]
    assert people_ahead(mine, waiting, desks, policy=policy, booked_first=False) == 4
