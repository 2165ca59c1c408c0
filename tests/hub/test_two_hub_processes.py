"""Past one machine: two hub processes behind one MPP share one PostgreSQL database. Eight
kiosks, four on each, number over a thousand tickets with votes, and kiosks at both race
for a quota-limited service: no number twice, no hidden gap, no quota overrun. With
officers calling through both processes, a display on each hears every event of both.

PostgreSQL only: SQLite is the store for one hub process (its writer is in-process)."""

import threading
import time
from collections import Counter

import pytest
import requests

from hub_support import Hub, read_client, start_client
from kiosk.hub.accounts import Accounts
from sse_support import SseReader
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


def officer_at_work(hub, token, counter, stop, called):
    """An officer calling the next number and finishing it, over and over, through `hub`."""
    session = requests.Session()
    session.headers["Authorization"] = f"Bearer {token}"
    for i in range(100_000):
        if stop.is_set():
            return
        answer = session.post(f"{hub.url}/v1/counters/{counter}/call-next", timeout=30,
                              headers={"Idempotency-Key": f"{counter}-work-{i:05d}"})
        ticket = answer.json().get("ticket") if answer.status_code == 200 else None
        if ticket is None:                    # nobody waiting yet
            time.sleep(0.2)
            continue
        called.append(ticket["number"])
        assert session.post(f"{hub.url}/v1/counters/{counter}/finish",
                            timeout=30).status_code == 200


def drain(board: SseReader, until_id: int, timeout: float = 60) -> list[dict]:
    """Every event the board receives up to id `until_id`."""
    events, deadline = [], time.monotonic() + timeout
    while not events or events[-1]["id"] < until_id:
        events.append(board.next(timeout=max(0.1, deadline - time.monotonic())))
    return events


def test_every_display_hears_every_event_while_eight_kiosks_and_two_counters_work(
        two_hubs, tmp_path):
    """Eight kiosks, four on each process, take 2,000 numbers, among them two quota-limited
    services; an officer calls through each process; a display on each process hears
    every event of both, in the same order, with no id missing."""
    a, b = two_hubs
    boards = [SseReader(h.url, h.store.new_token(f"TV-{n}", kind="display"))
              for n, h in (("A", a), ("B", b))]
    start = max(board.next()["id"] for board in boards)          # their snapshots
    Accounts(a.store).add("siti", "rahasia-panjang", "officer", "dukcapil")
    Accounts(a.store).add("budi", "rahasia-panjang", "officer", "dukcapil")
    officers = [(a, "siti", "loket-1"), (b, "budi", "loket-2")]
    stop, called = threading.Event(), {"loket-1": [], "loket-2": []}
    workers = []
    for hub, name, counter in officers:
        token = requests.post(hub.url + "/v1/staff/login", timeout=30, json={
            "username": name, "password": "rahasia-panjang"}).json()["token"]
        workers.append(threading.Thread(target=officer_at_work, daemon=True, args=(
            hub, token, counter, stop, called[counter])))
    for worker in workers:
        worker.start()

    kiosks = [(f"K{i}", a if i % 2 else b) for i in range(1, 9)]
    procs = [start_client(hub, tmp_path, kiosk, 250, block=10, quota_every=8,
                          quota_services=["dukcapil-akta", "imigrasi-paspor"],
                          timeout=[2.0, 30.0]) for kiosk, hub in kiosks]
    assert [p.wait(timeout=1200) for p in procs] == [0] * 8
    stop.set()
    for worker in workers:
        worker.join(60)

    rows = [r for kiosk, _ in kiosks for r in read_client(tmp_path, kiosk)]
    issued = [r for r in rows if "ticket" in r]
    refused = Counter(r["refused"] for r in rows if "refused" in r)
    assert len(issued) + sum(refused.values()) == 2000
    tickets, blocks = hub_view(a)
    assert sorted(t["id"] for t in tickets) == sorted(r["ticket"] for r in issued)
    assert_numbering_is_whole(tickets, blocks)              # no number twice, no hidden gap
    by_service = Counter(r["service"] for r in issued)
    assert by_service["dukcapil-akta"] == 3                 # quota 3: held exactly
    assert by_service["imigrasi-paspor"] == 50              # quota 50: held exactly
    # asked 128 and 120 times (every 8th visitor of 250, the two services in turn)
    assert refused == {"dukcapil-akta": 128 - 3, "imigrasi-paspor": 120 - 50}
    limited = [r for r in issued if r["service"] != "dukcapil-ktp"]
    assert all(r["online"] for r in limited)                # numbered by the hub, not offline

    end = a.store.query("SELECT MAX(id) FROM hub_event")[0][0]
    heard = [[e for e in drain(board, end) if e["id"] > start] for board in boards]
    for board in boards:
        board.close()
    ids = [[e["id"] for e in events] for events in heard]
    assert ids[0] == ids[1] == list(range(start + 1, end + 1))       # every event, both
    assert len(ids[0]) > 2000                   # a queue event per printed ticket at least
    calls = [sorted(e["data"]["number"] for e in events if e["event"] == "call")
             for events in heard]
    assert called["loket-1"] and called["loket-2"]
    # calls made through A and through B, each heard on both displays
    assert calls[0] == calls[1] == sorted(called["loket-1"] + called["loket-2"])


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
