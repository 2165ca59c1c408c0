"""A transferred ticket keeps every leg: the wait and service in its first queue count in
that service's figures, the second queue's in the target's — on SQLite and PostgreSQL, and
for tickets transferred before legs were kept (the store migration rebuilds them)."""

import pytest

from counter_support import Desks
from hub_support import hub_db
from kiosk.hub.stores import open_hub_store
from kiosk.reports import Period
from kiosk.reports.service_times import service_times

DAY = "2026-11-23"


@pytest.fixture
def desks(request, tmp_path, store_kind):
    d = Desks(tmp_path, hub_db(request, store_kind))
    yield d
    d.close()


def transfer_one(d: Desks) -> str:
    """A KTP visitor waits 10 min, is served 5 min at Loket 1, then sent to Akta (back of
    its queue), waits 3 min, and is served 7 min at Loket 3."""
    done = d.issue("dukcapil-ktp")                      # 09:01
    d.clock.tick(10)
    d.desk.call_next("loket-1", "siti", key="c1")       # 09:11
    d.desk.start("loket-1", "siti")
    d.clock.tick(5)
    d.desk.transfer("loket-1", "dukcapil-akta", False, "siti")   # 09:16
    d.clock.tick(3)
    d.desk.call_next("loket-3", "wati", key="c3")       # 09:19
    d.clock.tick(7)
    d.desk.finish("loket-3", "wati")                    # 09:26
    return done.id


def figures(d: Desks) -> dict:
    from datetime import date
    report = service_times(d.store, d.settings.catalog, d.settings.zone,
                           Period(date.fromisoformat(DAY), date.fromisoformat(DAY)), lang="en")
    return {r.service_id: r.times for r in report.data.services}


def assert_both_legs(d: Desks) -> None:
    times = figures(d)
    ktp, akta = times["dukcapil-ktp"], times["dukcapil-akta"]
    assert (ktp.called, ktp.wait_median, ktp.service_median) == (1, 10, 5)
    assert (akta.called, akta.wait_median, akta.service_median) == (1, 3, 7)
    counters = {r.counter_id: r.times.called for r in service_times(
        d.store, d.settings.catalog, d.settings.zone, _period(), lang="en").data.counters}
    assert counters == {"loket-1": 1, "loket-3": 1}


def _period():
    from datetime import date
    return Period(date.fromisoformat(DAY), date.fromisoformat(DAY))


def test_each_leg_counts_in_its_own_service(desks):
    ticket_id = transfer_one(desks)
    assert_both_legs(desks)
    [leg] = desks.store.ticket_legs(ticket_id)
    assert (leg.service_id, leg.counter_id) == ("dukcapil-ktp", "loket-1")
    assert leg.serving_at is not None


def test_the_migration_rebuilds_legs_of_earlier_transfers(desks):
    from kiosk.hub import daily_totals
    ticket_id = transfer_one(desks)
    store = desks.store
    # As a store of the previous schema would hold it: no leg table, version 5 (the audit log).
    with store.transaction() as db:
        db.execute("DROP TABLE ticket_leg")
        db.execute("DROP TABLE hub_suggestion_note")      # and what came after (8)
        db.execute("DROP INDEX hub_vote_report")
        daily_totals.drop(db)                              # (9)
        if store.dialect == "postgresql":
            db.execute("UPDATE anjungan_schema SET version=5 WHERE part='hub'")
        else:
            db.execute("UPDATE hub_schema SET version=5")
    path = store.path if store.dialect == "sqlite" else store.url
    store.close()
    desks.store = open_hub_store(str(path))
    [leg] = desks.store.ticket_legs(ticket_id)
    assert (leg.agency_id, leg.service_id, leg.counter_id) == (
        "dukcapil", "dukcapil-ktp", "loket-1")
    assert_both_legs(desks)
