"""A ticket's life at the counter: what each officer action does, and what it refuses."""

import pytest

from kiosk.counters import (
    ACTIONS, CALL, CALLED, FINISH, MARK_NO_SHOW, NO_SHOW, RECALL, SERVED, SERVING, START,
    TRANSFER, TRANSFERRED, TRANSITIONS, LifeError, TicketLife, advance, can_become,
)
from kiosk.store import CANCELLED, ISSUED, NOT_PRINTED, PRINTING
from kiosk.store import TRANSITIONS as KIOSK_TRANSITIONS

from counters_support import at

STATUSES = [PRINTING, ISSUED, NOT_PRINTED, CANCELLED, CALLED, SERVING, SERVED, NO_SHOW,
            TRANSFERRED]


def act(life, action, desk="loket-3", limit=2, **kw):
    return advance(life, action, at=at(10), counter_id=desk, officer="siti",
                   no_show_after_recalls=limit, **kw)


def held(status, desk="loket-3", recalls=0):
    return TicketLife("A-013", status, desk if status in (CALLED, SERVING) else None, recalls)


# (status before, action) -> status after, or None when refused
TABLE = {
    (ISSUED, CALL): CALLED, (NOT_PRINTED, CALL): CALLED, (TRANSFERRED, CALL): CALLED,
    (PRINTING, CALL): None, (CALLED, CALL): None, (SERVING, CALL): None, (SERVED, CALL): None,
    (NO_SHOW, CALL): None, (CANCELLED, CALL): None,
    (CALLED, START): SERVING, (ISSUED, START): None, (SERVING, START): None,
    (SERVING, FINISH): SERVED, (CALLED, FINISH): SERVED, (ISSUED, FINISH): None,
    (SERVED, FINISH): None,
    (CALLED, RECALL): CALLED, (SERVING, RECALL): None, (ISSUED, RECALL): None,
    (CALLED, TRANSFER): TRANSFERRED, (SERVING, TRANSFER): TRANSFERRED, (ISSUED, TRANSFER): None,
    (SERVED, TRANSFER): None,
    (SERVING, MARK_NO_SHOW): None, (ISSUED, MARK_NO_SHOW): None,
}


@pytest.mark.parametrize("status, action", TABLE)
def test_action_table(status, action):
    expected = TABLE[(status, action)]
    extra = {"to_service": "imigrasi-paspor"} if action == TRANSFER else {}
    if expected is None:
        with pytest.raises(LifeError):
            act(held(status), action, **extra)
        return
    life, step = act(held(status), action, **extra)
    assert (life.status, step.status, step.action) == (expected, expected, action)
    assert (step.counter_id, step.officer, step.at) == ("loket-3", "siti", at(10))
    assert life.counter_id == ("loket-3" if expected in (CALLED, SERVING) else None)


def test_every_action_is_a_transition_the_store_allows():
    for action, (sources, target) in ACTIONS.items():
        for source in sources:
            assert target == source or can_become(source, target), (action, source)
    for status in STATUSES:
        assert status in TRANSITIONS
    # the kiosk's own part of the life is kept as it was
    for status, allowed in KIOSK_TRANSITIONS.items():
        assert set(allowed) <= TRANSITIONS[status]


def test_no_show_only_after_the_configured_recalls():
    life, _ = act(held(ISSUED), CALL)
    with pytest.raises(LifeError) as refused:
        act(life, MARK_NO_SHOW)
    assert "2" in refused.value.text("id") and "tidak hadir" in refused.value.text("id")
    life, first = act(life, RECALL)
    life, second = act(life, RECALL)
    assert (first.detail, second.detail, life.recalls) == ({"recall": 1}, {"recall": 2}, 2)
    with pytest.raises(LifeError):
        act(life, RECALL)           # a third recall: the officer must decide
    life, step = act(life, MARK_NO_SHOW)
    assert (life.status, life.counter_id, step.status) == (NO_SHOW, None, NO_SHOW)
    assert not TRANSITIONS[NO_SHOW]


def test_no_show_right_away_when_no_recalls_are_required():
    life, _ = act(held(ISSUED), CALL, limit=0)
    assert act(life, MARK_NO_SHOW, limit=0)[0].status == NO_SHOW


def test_only_the_counter_holding_a_ticket_may_act_on_it():
    life, _ = act(held(ISSUED), CALL, desk="loket-3")
    for action in (START, FINISH, RECALL, MARK_NO_SHOW):
        with pytest.raises(LifeError) as refused:
            act(life, action, desk="loket-4", limit=0)
        assert refused.value.text("id") == "Nomor A-013 sedang ditangani loket lain."
        assert refused.value.text("en") == "Number A-013 is being handled at another counter."


def test_transfer_frees_the_counter_and_the_ticket_can_be_called_again():
    life, _ = act(held(ISSUED), CALL)
    life, _ = act(life, RECALL)
    life, step = act(life, TRANSFER, to_service="imigrasi-paspor", to_front=True)
    assert (life.number, life.status, life.counter_id, life.recalls) == (
        "A-013", TRANSFERRED, None, 0)
    assert step.detail == {"to_service": "imigrasi-paspor", "place": "front"}
    life, _ = act(life, CALL, desk="loket-7")
    assert (life.status, life.counter_id) == (CALLED, "loket-7")


def test_calling_twice_is_refused_plainly():
    life, _ = act(held(ISSUED), CALL)
    with pytest.raises(LifeError) as refused:
        act(life, CALL, desk="loket-4")
    assert refused.value.text("id") == "Nomor A-013 sudah dipanggil."
