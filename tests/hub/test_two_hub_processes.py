"""Past one machine: two hub processes behind one MPP share one PostgreSQL database. Eight
kiosks, four on each, number over a thousand tickets with votes, and kiosks at both race
for a quota-limited service: no number twice, no hidden gap, no quota overrun.

PostgreSQL only: SQLite is the store for one hub process (its writer is in-process)."""

import threading
from collections import Counter

import pytest
import requests

from hub_support import Hub, read_client, start_client
from test_kiosks import HUB_TOML, assert_numbering_is_whole, hub_view

pytestmark = pytest.mark.slow


@pytest.fixture
def two_hubs(pg_server, tmp_path):
    db = pg_server.new_database()
    hubs = []
    for name in ("a", "b"):
        folder = tmp_path / name
        folder.mkdir()
        hub = Hub(folder, db, HUB_TOML)       # kiosks far faster than visitors
        hub.start()
        hubs.append(hub)
    yield hubs
    for hub in hubs:
        hub.close()


def test_two_hubs_on_one_database_number_as_one(two_hubs, tmp_path):
    a, b = two_hubs
    kiosks = [(f"K{i}", a if i % 2 else b) for i in range(1, 9)]
    procs = [start_client(hub, tmp_path, kiosk, 150, block=10) for kiosk, hub in kiosks]
    assert [p.wait(timeout=600) for p in procs] == [0] * 8
    tickets, blocks = hub_view(b)          # every kiosk's, from the shared database
    issued = [r for kiosk, _ in kiosks for r in read_client(tmp_path, kiosk) if "ticket" in r]
    votes = [r for kiosk, _ in kiosks for r in read_client(tmp_path, kiosk) if "vote" in r]
    assert len(issued) == 1200 and len(votes) == 600
    assert sorted(t["id"] for t in tickets) == sorted(r["ticket"] for r in issued)
    assert Counter(t["status"] for t in tickets) == {"issued": 1200}
    assert_numbering_is_whole(tickets, blocks)
    stored_votes = a.store.query("SELECT COUNT(*), COUNT(DISTINCT ticket_id) FROM vote")[0]
    assert tuple(stored_votes) == (600, 600)


def test_a_quota_holds_across_two_hub_processes(two_hubs):
    hubs = two_hubs
    tokens = [hubs[0].token(f"Q{i}") for i in range(12)]
    barrier = threading.Barrier(12)
    answers = [None] * 12

    def worker(i):
        session = requests.Session()
        barrier.wait()
        hub = hubs[i % 2]
        answers[i] = session.post(hub.url + "/v1/tickets", timeout=30, json={
            "service_id": "dukcapil-akta"}, headers={"Authorization": f"Bearer {tokens[i]}",
                                                      "Idempotency-Key": f"quota-race-{i:03d}"})

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(12)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    codes = sorted(r.status_code for r in answers)
    assert codes == [201] * 3 + [409] * 9                 # dukcapil-akta: 3 a day
    assert {r.json()["kind"] for r in answers if r.status_code == 409} == {"quota_full"}
    numbers = [r.json()["number"] for r in answers if r.status_code == 201]
    assert len(set(numbers)) == 3
