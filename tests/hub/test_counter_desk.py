"""The officer's operations on the hub store (SQLite and PostgreSQL): the calling rule as a
counter sees it, refusals that make sense to an officer, idempotent retries, the events
displays get, and the times measured on the way."""

import json

import pytest

from counter_support import Desks
from hub_support import hub_db
from kiosk.hub.counters import CounterRefused


@pytest.fixture
def desks(request, tmp_path, store_kind):
    d = Desks(tmp_path, hub_db(request, store_kind))
    yield d
    d.close()


def events(d, after=0):
    return [(kind, json.loads(data)) for _, kind, data in d.store.events_after(after)]


def refused(kind, fn, *args, **kw):
    with pytest.raises(CounterRefused) as info:
        fn(*args, **kw)
    assert info.value.kind == kind, info.value.message_en
    return info.value


def test_first_come_first_called_and_a_counter_finishes_before_calling_again(desks):
    d = desks
    a1, a2, a3 = d.issue(), d.issue(), d.issue()
    first = d.desk.call_next("loket-1", "siti", key="k-000001")
    assert d.number(first) == a1.number
    busy = refused("counter_busy", d.desk.call_next, "loket-1", "siti", key="k-000002")
    assert a1.number in busy.message_id and "Selesaikan" in busy.message_id
    second = d.desk.call_next("loket-2", "budi", key="k-000003")
    assert d.number(second) == a2.number
    d.desk.start("loket-1", "siti")
    d.desk.finish("loket-1", "siti")
    assert d.number(d.desk.call_next("loket-1", "siti", key="k-000004")) == a3.number
    t1 = d.store.counter_ticket(a1.id)
    assert t1.status == "served" and t1.called_at and t1.serving_at and t1.finished_at
    history = d.store.query("SELECT status, officer, counter_id FROM ticket_event WHERE "
                            "ticket_id=? ORDER BY rowid", (a1.id,))
    assert [tuple(r) for r in history][-3:] == [("called", "siti", "loket-1"),
                                                 ("serving", "siti", "loket-1"),
                                                 ("served", "siti", "loket-1")]


def test_a_retried_call_gives_the_same_ticket_and_skips_none(desks):
    d = desks
    a1, a2 = d.issue(), d.issue()
    once = d.desk.call_next("loket-1", "siti", key="retry-0001")
    again = d.desk.call_next("loket-1", "siti", key="retry-0001")
    assert again.ticket_id == once.ticket_id == a1.id and again.replayed
    assert d.store.counter_ticket(a2.id).status == "issued"
    d.desk.finish("loket-1", "siti")
    assert d.desk.call_next("loket-1", "siti", key="retry-0002").ticket_id == a2.id


def test_an_empty_queue_and_a_paused_counter_are_refused_plainly(desks):
    d = desks
    refused("queue_empty", d.desk.call_next, "loket-1", "siti", key="k-empty-1")
    d.issue()
    d.desk.pause("loket-1", "siti")
    message = refused("counter_paused", d.desk.call_next, "loket-1", "siti", key="k-paused1")
    assert "istirahat" in message.message_id
    d.desk.resume("loket-1", "siti")
    assert d.desk.call_next("loket-1", "siti", key="k-resumed").ticket_id


def test_priority_first_and_counter_groups(desks):
    d = desks
    a1 = d.issue()
    r1 = d.issue(priority="lansia")
    # loket-4 serves only the priority series RA; loket-3 only birth certificates.
    assert d.number(d.desk.call_next("loket-4", "ani", key="k-prio-01")) == r1.number
    refused("queue_empty", d.desk.call_next, "loket-3", "ani", key="k-prio-02")
    assert d.number(d.desk.call_next("loket-1", "ani", key="k-prio-03")) == a1.number


def test_recall_then_no_show_only_after_the_configured_recalls(desks):
    d = desks
    d.issue()
    d.desk.call_next("loket-1", "siti", key="k-recall-0")
    early = refused("not_now", d.desk.no_show, "loket-1", "siti")
    assert "2" in early.message_en
    d.desk.recall("loket-1", "siti", key="k-recall-1")
    d.desk.recall("loket-1", "siti", key="k-recall-1")      # a retry: still one recall
    d.desk.recall("loket-1", "siti", key="k-recall-2")
    refused("not_now", d.desk.recall, "loket-1", "siti", key="k-recall-3")
    done = d.desk.no_show("loket-1", "siti")
    ticket = d.store.counter_ticket(done.ticket_id)
    assert ticket.status == "no_show" and ticket.recalls == 2
    calls = [e for k, e in events(d) if k == "call"]
    assert [c["kind"] for c in calls] == ["call", "recall", "recall"]
    assert d.desk.counter_view("loket-1")["current"] is None


def test_acting_on_a_ticket_another_counter_holds_is_refused(desks):
    d = desks
    d.issue()
    held = d.desk.call_next("loket-1", "siti", key="k-other-01")
    message = refused("not_now", d.desk.finish, "loket-2", "budi", ticket_id=held.ticket_id)
    assert "loket lain" in message.message_id
    refused("no_ticket", d.desk.finish, "loket-2", "budi")
    assert d.store.counter_ticket(held.ticket_id).status == "called"


def test_call_a_given_number_out_of_order(desks):
    d = desks
    a1, a2 = d.issue(), d.issue()
    typed = a2.number.lower().replace("-00", "")             # "a2" for A-002
    done = d.desk.call_number("loket-2", typed, "budi", key="k-number-1")
    assert done.ticket_id == a2.id
    refused("not_now", d.desk.call_number, "loket-1", a2.number, "siti", key="k-number-2")
    refused("unknown_number", d.desk.call_number, "loket-1", "A-999", "siti", key="k-number-3")
    refused("not_served_here", d.desk.call_number, "loket-5", a1.number, "rina",
            key="k-number-4")
    assert d.desk.call_next("loket-1", "siti", key="k-number-5").ticket_id == a1.id


def test_transfer_to_the_front_or_the_back_of_another_service(desks):
    d = desks
    a1, a2, a3 = d.issue(), d.issue(), d.issue()
    b1 = d.issue("imigrasi-paspor")
    b2 = d.issue("imigrasi-paspor")
    d.desk.call_next("loket-1", "siti", key="k-xfer-001")          # a1
    d.desk.transfer("loket-1", "imigrasi-paspor", True, "siti")
    moved = d.store.counter_ticket(a1.id)
    assert (moved.status, moved.service_id, moved.agency_id, moved.group) == \
        ("transferred", "imigrasi-paspor", "imigrasi", "B")
    assert moved.number == a1.number                              # keeps its number
    assert d.desk.call_next("loket-5", "rina", key="k-xfer-002").ticket_id == a1.id
    d.desk.call_next("loket-1", "siti", key="k-xfer-003")          # a2
    d.clock.tick()
    d.desk.transfer("loket-1", "imigrasi-paspor", False, "siti")   # to the back
    d.desk.finish("loket-5", "rina")
    order = []
    for i in range(3):
        order.append(d.desk.call_next("loket-5", "rina", key=f"k-xfer-1{i}").ticket_id)
        d.desk.finish("loket-5", "rina")
    assert order == [b1.id, b2.id, a2.id]
    assert d.desk.call_next("loket-1", "siti", key="k-xfer-004").ticket_id == a3.id
    queue = [e for k, e in events(d) if k == "queue" and e["agency_id"] == "imigrasi"]
    assert queue[0]["next"][0] == a1.number


def test_pausing_with_a_ticket_is_refused_and_states_reach_the_events(desks):
    d = desks
    d.issue()
    d.desk.call_next("loket-1", "siti", key="k-state-01")
    refused("counter_busy", d.desk.pause, "loket-1", "siti")
    d.desk.finish("loket-1", "siti")
    d.desk.pause("loket-1", "siti")
    counter_events = [e for k, e in events(d) if k == "counter"]
    assert counter_events[-1] == {"counter_id": "loket-1", "state": "paused", "current": None}
    snap = d.desk.snapshot()
    states = {c["counter_id"]: (c["state"], c["current"]) for c in snap["counters"]}
    assert states["loket-1"] == ("paused", None) and states["loket-2"] == ("closed", None)
    assert snap["recent_calls"][0]["counter_name"] == {"id": "Loket 1", "en": "Counter 1"}


def test_events_have_increasing_ids_and_a_print_confirmation_updates_the_queue(desks):
    d = desks
    from kiosk.hub.counters import CounterDesk
    d.store.queue_listener = lambda day, agency: d.desk.queue_event(day, agency)
    assert isinstance(d.desk, CounterDesk)
    a1 = d.issue()
    d.issue()
    d.desk.call_next("loket-1", "siti", key="k-events-1")
    rows = d.store.events_after(0)
    assert [r[0] for r in rows] == list(range(1, len(rows) + 1))
    kinds = [r[1] for r in rows]
    assert kinds == ["queue", "queue", "call", "counter", "queue"]
    last_queue = json.loads(rows[-1][2])
    assert last_queue["count"] == 1 and last_queue["next"] != [a1.number]
    view = d.desk.counter_view("loket-1")
    assert view["current"]["number"] == a1.number and view["waiting"]["count"] == 1
    assert view["waiting"]["oldest_wait_s"] == 0 or view["waiting"]["oldest_wait_s"] > 0
