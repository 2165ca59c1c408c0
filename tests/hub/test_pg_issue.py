"""Numbering on PostgreSQL in one round trip (anjungan_issue): the same answers as the
SQLite store gives for the same calls, and people ahead corrected for numbers taken
between the estimate and the numbering."""

import pytest

from kiosk.hub.pgstore import PgHubStore
from kiosk.hub.store import HubStore
from kiosk.ticket import CANCELLED

DAY = "2026-11-23"


@pytest.fixture
def stores(pg_server, tmp_path):
    pg, lite = PgHubStore(pg_server.new_database()), HubStore(tmp_path / "hub.sqlite3")
    yield pg, lite
    pg.close()
    lite.close()


def issue(store, **kw):
    args = dict(day=DAY, grp="A", padding=3, agency_id="dukcapil", service_id="dukcapil-ktp",
                kiosk_id="K1", quota=0, ahead=lambda n, first: (n, n * 10))
    args.update(kw)
    return store.issue(**args)


def test_both_stores_number_repeat_and_refuse_alike(stores):
    answers = []
    for store in stores:
        seen = []
        for i in range(4):          # the quota of 3 is full at the fourth
            row, created = issue(store, service_id="dukcapil-akta", quota=3,
                                 request_id=f"K1:akta-{i}")
            seen.append((row and row.number, created))
        again, created = issue(store, service_id="dukcapil-akta", quota=3,
                               request_id="K1:akta-1")
        seen.append((again.number, created))
        # a cancelled number gives its place in the quota back
        store.set_status(again.id, CANCELLED, "test")
        row, created = issue(store, service_id="dukcapil-akta", quota=3, request_id="K1:akta-9")
        seen.append((row.number, created, row.people_ahead, row.wait_minutes))
        history = store.history(row.id)
        seen.append([status for _, status, _ in history])
        answers.append(seen)
    assert answers[0] == answers[1]
    assert answers[0][:5] == [("A-001", True), ("A-002", True), ("A-003", True), (None, False),
                              ("A-002", False)]
    assert answers[0][5] == ("A-004", True, 2, 20)      # A-002 cancelled: two held before


def test_numbers_past_the_padding_keep_every_digit(stores):
    for store in stores:
        with store.transaction() as db:
            db.execute("INSERT INTO sequence (day, grp, last) VALUES (?, 'A', 998)", (DAY,))
    numbers = [[issue(store)[0].number for _ in range(3)] for store in stores]
    assert numbers[0] == numbers[1] == ["A-999", "A-1000", "A-1001"]


def test_people_ahead_count_the_numbers_taken_since_the_estimate(stores):
    pg, _ = stores
    for _ in range(3):
        issue(pg)
    # An estimate made when the group held one number (2 people, 7 minutes, 3.5 each):
    # two more were taken since, so the ticket has 4 ahead and 14 minutes to wait.
    # (No copy of the queue to check: the last four arguments NULL.)
    row = pg.query("SELECT (made).number, (made).people_ahead, (made).wait_minutes FROM "
                   "anjungan_issue(?, 'A', 3, 'dukcapil', 'dukcapil-ktp', 'K1', 0, NULL, NULL, "
                   "'K1:late', 'LATE000001', '2026-11-23T03:00:00.000+00:00', 1, 2, 7, 3.5, "
                   "NULL, NULL, NULL, NULL)", (DAY,))[0]
    assert tuple(row) == ("A-004", 4, 14)
