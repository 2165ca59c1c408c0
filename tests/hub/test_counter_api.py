"""The counter API and the live event stream through a real hub (uvicorn) on SQLite and
PostgreSQL: staff sessions, officers' actions, plain refusals, idempotent retries, and a
call reaching a display's stream (also from another hub process on one PostgreSQL)."""

import pytest
import requests

from hub_support import Hub, hub_db
from kiosk.hub.accounts import Accounts
from sse_support import SseReader


def staff(hub, username, role="officer", agency="dukcapil", password="rahasia-panjang"):
    try:
        Accounts(hub.store).add(username, password, role, agency)
    except ValueError:
        pass
    answer = requests.post(hub.url + "/v1/staff/login", timeout=10,
                           json={"username": username, "password": password})
    assert answer.status_code == 200, answer.text
    assert answer.cookies.get("anjungan_session")
    return answer.json()["token"]


def issue(hub, token, n, service="dukcapil-ktp", tag="t"):
    numbers = []
    for i in range(n):
        ticket = hub.post("/v1/tickets", token, key=f"issue-{tag}-{i:04d}",
                          json={"service_id": service}).json()
        hub.post(f"/v1/tickets/{ticket['id']}/printed", token)
        numbers.append(ticket["number"])
    return numbers


def test_an_officer_calls_finishes_and_is_refused_plainly(hub):
    kiosk = hub.token("K1")
    a1, a2 = issue(hub, kiosk, 2)
    siti = staff(hub, "siti")
    assert hub.post("/v1/counters/loket-1/call-next", siti).status_code == 422   # no key
    first = hub.post("/v1/counters/loket-1/call-next", siti, key="console-0001")
    assert first.status_code == 200, first.text
    body = first.json()
    assert body["ticket"]["number"] == a1 and body["current"]["number"] == a1
    assert body["counter"] == {"id": "loket-1", "name": {"id": "Loket 1", "en": "Counter 1"},
                               "agency_id": "dukcapil", "state": "open"}
    assert body["waiting"]["count"] == 1 and body["waiting"]["next"] == [a2]
    again = hub.post("/v1/counters/loket-1/call-next", siti, key="console-0001").json()
    assert again["ticket"]["number"] == a1 and again["replayed"] is True
    busy = hub.post("/v1/counters/loket-1/call-next", siti, key="console-0002")
    assert busy.status_code == 409 and busy.json()["kind"] == "counter_busy"
    assert a1 in busy.json()["message_id"] and "Selesaikan" in busy.json()["message_id"]
    other = hub.post("/v1/counters/loket-2/finish", siti,
                     json={"ticket_id": body["ticket"]["id"]})
    assert other.status_code == 409 and "loket lain" in other.json()["message_id"]
    assert hub.post("/v1/counters/loket-1/start", siti).json()["current"]["status"] == "serving"
    done = hub.post("/v1/counters/loket-1/finish", siti).json()
    assert done["ticket"]["status"] == "served" and done["current"] is None
    view = hub.get("/v1/counters/loket-1", siti).json()
    assert view["waiting"]["count"] == 1 and view["current"] is None
    moved = hub.post("/v1/counters/loket-2/call", siti, key="console-0003",
                     json={"number": a2}).json()
    assert moved["ticket"]["number"] == a2
    transfer = hub.post("/v1/counters/loket-2/transfer", siti,
                        json={"service_id": "imigrasi-paspor", "to_front": True}).json()
    assert transfer["ticket"]["status"] == "transferred"
    assert transfer["ticket"]["agency_id"] == "imigrasi"


def test_who_may_act_where(hub):
    kiosk = hub.token("K1")
    issue(hub, kiosk, 1)
    rina = staff(hub, "rina", agency="imigrasi")
    manager = staff(hub, "mira", role="manager", agency=None)
    refused = hub.post("/v1/counters/loket-1/call-next", kiosk, key="kiosk-try-1")
    assert refused.status_code == 403 and refused.json()["kind"] == "staff_only"
    nobody = requests.post(hub.url + "/v1/counters/loket-1/pause", timeout=5)
    assert nobody.status_code == 401
    assert hub.post("/v1/counters/loket-1/pause", rina).status_code == 403
    assert hub.post("/v1/counters/loket-5/pause", rina).json()["counter"]["state"] == "paused"
    assert hub.post("/v1/counters/loket-1/call-next", manager, key="mgr-call-1").status_code == 200
    assert hub.get("/v1/counters/nope", manager).status_code == 404
    mine = hub.get("/v1/counters", rina).json()
    assert {c["counter_id"] for c in mine["counters"]} == {"loket-5", "loket-6"}
    display = hub.store.new_token("TV1", kind="display")
    assert hub.get("/v1/tickets", display).status_code == 401      # not a kiosk
    assert hub.post("/v1/counters/loket-1/pause", display).status_code == 403


def test_five_wrong_passwords_lock_the_console_log_in(hub):
    staff(hub, "budi")
    answers = [requests.post(hub.url + "/v1/staff/login", timeout=10,
                             json={"username": "budi", "password": "salah-salah"})
               for _ in range(5)]
    assert [a.status_code for a in answers] == [401] * 4 + [423]
    assert "15 menit" in answers[-1].json()["message_id"]
    right = requests.post(hub.url + "/v1/staff/login", timeout=10,
                          json={"username": "budi", "password": "rahasia-panjang"})
    assert right.status_code == 423


def test_a_display_sees_the_snapshot_then_the_call_and_resumes(hub):
    kiosk = hub.token("K1")
    a1, a2 = issue(hub, kiosk, 2)
    siti = staff(hub, "siti")
    display = hub.store.new_token("TV1", kind="display")
    assert SseReader(hub.url, "wrong-token").status == 401
    board = SseReader(hub.url, display)
    snap = board.next()
    assert snap["event"] == "snapshot"
    counters = {c["counter_id"]: c for c in snap["data"]["counters"]}
    assert counters["loket-1"]["state"] == "closed" and counters["loket-1"]["current"] is None
    assert snap["data"]["waiting"]["dukcapil"] == {"count": 2, "next": [a1, a2]}
    hub.post("/v1/counters/loket-3/pause", siti)
    hub.post("/v1/counters/loket-1/call-next", siti, key="board-call-1")
    call = board.next("call")
    assert call["data"]["number"] == a1 and call["data"]["kind"] == "call"
    assert call["data"]["counter_name"] == {"id": "Loket 1", "en": "Counter 1"}
    assert call["id"] > snap["id"]
    counter = board.next("counter")
    assert counter["data"] == {"counter_id": "loket-1", "state": "open", "current": a1}
    queue = board.next("queue")
    assert queue["data"] == {"agency_id": "dukcapil", "count": 1, "next": [a2]}
    board.close()
    hub.post("/v1/counters/loket-1/recall", siti, key="board-recall-1")
    resumed = SseReader(hub.url, display, last_event_id=queue["id"])
    missed = resumed.next()
    assert missed["event"] == "call" and missed["data"]["kind"] == "recall"
    assert missed["id"] == queue["id"] + 1
    resumed.close()
    issue(hub, kiosk, 1, tag="late")               # a print confirmation moves the queue too
    fresh = SseReader(hub.url, display)
    assert fresh.next()["event"] == "snapshot"
    fresh.close()
    console = SseReader(hub.url, siti)             # a staff session may subscribe as well
    assert console.next()["event"] == "snapshot"
    console.close()


@pytest.fixture
def pg_only(store_kind):
    if store_kind != "postgresql":
        pytest.skip("several hub processes share one PostgreSQL store only")


def test_a_call_through_one_hub_process_reaches_a_stream_of_another(pg_only, hub, tmp_path):
    folder = tmp_path / "second"
    folder.mkdir()
    second = Hub(folder, hub.db)
    second.start()
    try:
        kiosk = hub.token("K1")
        a1, = issue(hub, kiosk, 1)
        siti = staff(hub, "siti")
        board = SseReader(second.url, second.store.new_token("TV2", kind="display"))
        assert board.next()["event"] == "snapshot"
        hub.post("/v1/counters/loket-2/call-next", siti, key="across-1")
        call = board.next("call", timeout=5)
        assert call["data"]["number"] == a1 and call["data"]["counter_id"] == "loket-2"
        board.close()
    finally:
        second.close()
