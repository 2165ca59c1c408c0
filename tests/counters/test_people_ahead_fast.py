"""The counted path of people ahead (every desk serving the same tickets) gives exactly what
running the rule call by call gives: the same tickets in the same order, over random
queues, both priority policies, booked_first on and off, any call history."""

from hypothesis import given, settings, strategies as st

from counters_support import counter, ticket
from kiosk.counters import CallingPolicy
from kiosk.counters.ahead import _one_desk, _simulate, tickets_ahead

SERVICES = ("dukcapil-ktp", "dukcapil-akta")


@st.composite
def queues(draw):
    n = draw(st.integers(1, 40))
    tickets = []
    for i in range(n):
        kind = draw(st.sampled_from(["regular", "priority", "booked"]))
        prefix = "A" if kind == "regular" else "R"
        tickets.append(ticket(f"{prefix}-{i:03d}", draw(st.integers(0, 30)),
                              priority="lansia" if kind == "priority" else None,
                              booked=kind == "booked",
                              service=draw(st.sampled_from(SERVICES)),
                              queued=draw(st.one_of(st.none(), st.integers(0, 40))),
                              front=draw(st.booleans()) and draw(st.booleans())))
    return tickets


@settings(max_examples=300, deadline=None)
@given(queue=queues(), which=st.integers(0, 39), every=st.integers(1, 4),
       interleave=st.booleans(), booked_first=st.booleans(),
       history=st.lists(st.booleans(), max_size=6), desks=st.integers(1, 3))
def test_counting_equals_calling(queue, which, every, interleave, booked_first, history, desks):
    mine = queue[which % len(queue)]
    pool = [t for t in queue if t is not mine]
    policy = CallingPolicy("interleave" if interleave else "first", every)
    counters = [counter(f"loket-{i}") for i in range(desks)]
    slow = _simulate(mine, pool, counters, policy, booked_first, history)
    fast = _one_desk(mine, pool, policy, booked_first, history)
    assert [t.id for t in fast] == [t.id for t in slow]
    assert tickets_ahead(mine, queue, counters, policy=policy, booked_first=booked_first,
                         recent_priority=history) == fast
