"""The PostgreSQL hub's copy of a queue (kiosk.hub.pgqueue) never shows a stale estimate:
two hub processes (here two stores on one database, each with its own copies) number and
call by turns, and every ticket one of them numbers has the people ahead and the wait a
fresh reading of the database gives (what the services list shows just before)."""

import shutil

import pytest

from counter_support import DATA, Clock
from kiosk import config
from kiosk.hub.core import HubCore
from kiosk.hub.counters import CounterDesk
from kiosk.hub.pgstore import PgHubStore
from kiosk.ticket import CANCELLED


class Process:
    def __init__(self, settings, db, clock):
        self.store = PgHubStore(db)
        self.core = HubCore(settings, self.store, clock)
        self.desk = CounterDesk(settings, self.store, clock)
        self.kiosk = self.core.view(f"K{id(self)}")


@pytest.fixture
def two(pg_server, tmp_path):
    for name in ("kiosk.toml", "catalog.toml"):
        shutil.copy(DATA / name, tmp_path / name)
    settings = config.load(tmp_path / "kiosk.toml")
    db, clock = pg_server.new_database(), Clock()
    one, other = Process(settings, db, clock), Process(settings, db, clock)
    yield one, other, clock
    one.store.close()
    other.store.close()


def issue_checked(by, oracle, clock, service="dukcapil-ktp", priority=None):
    """Number a ticket in `by`; its estimate equals the one `oracle` reads afresh."""
    clock.tick(0.5)
    state = oracle.kiosk.service_state(service)
    ticket = by.kiosk.issue_ticket(service, priority)
    if priority is None:
        assert (ticket.people_ahead, ticket.wait_minutes) == (state.waiting, state.wait_minutes)
    return by.kiosk.confirm_printed(ticket.id)


def test_a_copy_sees_what_the_other_process_did(two):
    one, other, clock = two
    for _ in range(4):
        issue_checked(one, other, clock)
    copies = dict(one.store._queues._copies)
    issue_checked(one, other, clock)
    # numbering and printing alone keep the copy: it is not read again
    assert dict(one.store._queues._copies) == copies
    other.desk.call_next("loket-1", "siti", key="call-0001")        # A-001 leaves the queue
    issue_checked(one, other, clock)
    clock.tick(7)
    other.desk.finish("loket-1", "siti")                              # a measured service
    other.kiosk.issue_ticket("dukcapil-ktp", "lansia")                # the priority series
    issue_checked(one, other, clock)
    issue_checked(other, one, clock)                                  # a number taken there
    issue_checked(one, other, clock)
    waiting = other.kiosk.tickets()[3]
    other.kiosk.cancel_ticket(waiting.id, "visitor left")             # one fewer ahead
    assert waiting.status != CANCELLED
    issue_checked(one, other, clock)
    other.desk.pause("loket-1", "siti")                               # no counter open
    issue_checked(one, other, clock)
    issue_checked(one, other, clock, service="dukcapil-akta")         # same group, other desk
    issue_checked(one, other, clock)
    # an offline block of the group and a number of another group, taken together there
    other.store.reserve_block("block-0001", "K9", "2026-11-23", "A", 1)
    other.kiosk.issue_ticket("dukcapil-ktp", "lansia")
    issue_checked(one, other, clock)
    issue_checked(one, other, clock)


def test_a_database_numbered_by_migration_2_continues(pg_server, monkeypatch):
    """A hub database made before migration 3 (anjungan_issue of migration 2, no counts):
    after the upgrade the numbers continue and people ahead count the tickets before it."""
    from kiosk.hub import pgstore
    db = pg_server.new_database()
    with monkeypatch.context() as m:
        m.setattr(pgstore, "PG_MIGRATIONS", pgstore.PG_MIGRATIONS[:2])
        old = PgHubStore(db)
        for i in range(2):       # as a hub of that version numbered: the 16-argument call
            old.query("SELECT * FROM anjungan_issue('2026-11-23', 'A', 3, 'dukcapil', "
                      "'dukcapil-ktp', 'K1', 0, NULL, NULL, ?, ?, "
                      "'2026-11-23T02:00:00.000+00:00', ?, ?, 0, 0)",
                      (f"K1:old-{i}", f"OLD{i:07d}", i, i))
        assert old.schema_version and old.query(
            "SELECT version FROM anjungan_schema WHERE part='postgresql'")[0][0] == 2
        old.close()
    store = PgHubStore(db)
    try:
        row, created = store.issue(day="2026-11-23", grp="A", padding=3, agency_id="dukcapil",
                                   service_id="dukcapil-ktp", kiosk_id="K1", quota=0,
                                   ahead=lambda n, first: (n, n * 10))
        assert (row.number, row.people_ahead, row.wait_minutes, created) == ("A-003", 2, 20, True)
        assert store.query("SELECT version FROM anjungan_schema WHERE part='postgresql'")[0][0] == 3
    finally:
        store.close()
