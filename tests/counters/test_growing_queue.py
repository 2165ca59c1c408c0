"""A queue that only grows at the end (the PostgreSQL hub's copy of an agency's queue)
keeps each desk's sorted lines and extends them: people ahead of a new ticket are exactly
what a plain list of the same tickets gives, however the queue grew between estimates."""

from hypothesis import given, settings, strategies as st

from counters_support import counter, ticket
from kiosk.counters import CallingPolicy, Pace, estimate
from kiosk.counters.ahead import GrowingQueue, tickets_ahead

SERVICES = ("dukcapil-ktp", "dukcapil-akta")
PACES = {"dukcapil-ktp": Pace("dukcapil-ktp", 4.5, True, 5, None),
         "dukcapil-akta": Pace("dukcapil-akta", 15, False, 1, None)}


@st.composite
def arrivals(draw):
    n = draw(st.integers(1, 40))
    out = []
    for i in range(n):
        kind = draw(st.sampled_from(["regular", "priority", "booked"]))
        out.append(ticket(f"{'A' if kind == 'regular' else 'R'}-{i:03d}",
                          draw(st.integers(0, 30)),
                          priority="lansia" if kind == "priority" else None,
                          booked=kind == "booked", service=draw(st.sampled_from(SERVICES)),
                          queued=draw(st.one_of(st.none(), st.integers(0, 40))),
                          front=draw(st.booleans()) and draw(st.booleans())))
    return out


@settings(max_examples=200, deadline=None)
@given(tickets=arrivals(), every=st.integers(1, 4), interleave=st.booleans(),
       booked_first=st.booleans(), history=st.lists(st.booleans(), max_size=6),
       steps=st.lists(st.integers(1, 5), min_size=1, max_size=8),
       only=st.sampled_from([(), ("dukcapil-akta",)]))
def test_a_growing_queue_answers_as_a_plain_list(tickets, every, interleave, booked_first,
                                                 history, steps, only):
    policy = CallingPolicy("interleave" if interleave else "first", every)
    counters = [counter("loket-1", services=only), counter("loket-2", services=only)]
    growing, plain = GrowingQueue(), []
    new = tickets[-1]                     # the ticket being estimated: never in the queue
    pending = tickets[:-1]
    for step in steps:
        growing.extend(pending[:step])
        plain.extend(pending[:step])
        pending = pending[step:]
        for mine in (new, *tickets[:3]):
            if mine in plain:
                continue
            kw = dict(policy=policy, booked_first=booked_first, recent_priority=history)
            assert ([t.id for t in tickets_ahead(mine, growing, counters, **kw)]
                    == [t.id for t in tickets_ahead(mine, plain, counters, **kw)])
            assert (estimate(mine, growing, counters, paces_by_service=PACES, **kw)
                    == estimate(mine, plain, counters, paces_by_service=PACES, **kw))
