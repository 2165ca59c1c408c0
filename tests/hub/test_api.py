"""The hub's HTTP API as a kiosk (or anyone on the network) meets it."""

import json
import subprocess
import sys

import pytest
import requests

from hub_support import DAY, Hub, hub_db

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


@pytest.fixture(scope="module")
def api(request, tmp_path_factory, store_kind):
    h = Hub(tmp_path_factory.mktemp("hub"), hub_db(request, store_kind))
    h.start()
    yield h, h.token("K1"), h.token("K2")
    h.close()


def test_requests_without_a_valid_token_are_refused(api):
    hub, _, _ = api
    assert requests.get(hub.url + "/v1/catalog", timeout=5).status_code == 401
    wrong = hub.get("/v1/catalog", "not-a-token")
    assert wrong.status_code == 401
    assert wrong.json()["kind"] == "unauthorized"
    assert hub.post("/v1/tickets", "x" * 43, key="k" * 10,
                    json={"service_id": "dukcapil-ktp"}).status_code == 401


def test_a_new_token_replaces_the_old_one_and_the_cli_prints_it(api, tmp_path):
    hub, _, _ = api
    old = hub.token("K7")
    out = subprocess.run([sys.executable, "-m", "kiosk.cli.hub", "token", "K7", "--config",
                          str(hub.config), "--db", str(hub.db)],
                         capture_output=True, text=True, check=True)
    new = out.stdout.strip()
    assert hub.get("/v1/catalog", new).status_code == 200
    assert hub.get("/v1/catalog", old).status_code == 401


def test_issue_is_idempotent_and_written_under_the_tokens_kiosk(api):
    hub, k1, _ = api
    first = hub.post("/v1/tickets", k1, key="issue-key-1", json={"service_id": "dukcapil-ktp"})
    assert first.status_code == 201
    again = hub.post("/v1/tickets", k1, key="issue-key-1", json={"service_id": "dukcapil-ktp"})
    assert again.json()["id"] == first.json()["id"]
    assert again.json()["fresh"] is False
    ticket = first.json()
    assert ticket["kiosk_id"] == "K1" and ticket["number"].startswith("A-")
    assert ticket["status"] == "printing"
    printed = hub.post(f"/v1/tickets/{ticket['id']}/printed", k1)
    assert printed.json()["status"] == "issued"
    fetched = hub.get(f"/v1/tickets/{ticket['id']}", k1).json()
    assert fetched["status"] == "issued"
    assert ticket["id"] in [t["id"] for t in hub.get("/v1/tickets", k1,
                                                     params={"day": DAY}).json()]


def test_refusals_are_409_with_both_languages(api):
    hub, k1, _ = api
    for i in range(3):     # dukcapil-akta has a daily quota of 3
        assert hub.post("/v1/tickets", k1, key=f"akta-{i:04d}",
                        json={"service_id": "dukcapil-akta"}).status_code == 201
    full = hub.post("/v1/tickets", k1, key="akta-full", json={"service_id": "dukcapil-akta"})
    assert full.status_code == 409
    assert full.json()["kind"] == "quota_full"
    assert "kuota" in full.json()["message_id"].lower()
    assert "quota" in full.json()["message_en"].lower()
    state = hub.get("/v1/services/dukcapil-akta/state", k1).json()
    assert state["open"] is False and state["remaining"] == 0


def test_bad_input_gets_a_clear_4xx_never_a_5xx(api):
    hub, k1, _ = api
    cases = [
        hub.post("/v1/tickets", k1, json={"service_id": "dukcapil-ktp"}),           # no key
        hub.post("/v1/tickets", k1, key="bad key!", json={"service_id": "dukcapil-ktp"}),
        hub.post("/v1/tickets", k1, key="k-000001", json={"service_id": "nope"}),
        hub.post("/v1/tickets", k1, key="k-000002", json={"service_id": "dukcapil-ktp",
                                                          "priority": "vip"}),
        hub.post("/v1/tickets", k1, key="k-000003", data="{not json"),
        hub.post("/v1/votes", k1, key="v-000001", json={"face": 9}),
        hub.post("/v1/votes", k1, key="v-000002", json={"face": 2, "ticket_id": "NOSUCHTICK"}),
        hub.post("/v1/skm", k1, key="s-000001", json={"profile": {}, "answers": {"x": 7}}),
        hub.post("/v1/blocks", k1, key="b-000001", json={"day": DAY, "group": "ZZ", "size": 5}),
        hub.post("/v1/blocks", k1, key="b-000002", json={"day": "yesterday", "group": "A",
                                                         "size": 5}),
        hub.post("/v1/tickets/NOSUCHTICK/printed", k1),
        hub.get("/v1/tickets/NOSUCHTICK", k1),
        hub.get("/v1/services/nope/state", k1),
        hub.get("/v1/tickets", k1, params={"day": "2026-13-45"}),
    ]
    codes = [c.status_code for c in cases]
    assert codes == [422, 422, 404, 422, 422, 422, 404, 422, 404, 422, 404, 404, 404, 422]
    assert all("message_en" in c.json() for c in cases)


def test_an_impossible_transition_is_a_409(api):
    hub, k1, _ = api
    ticket = hub.post("/v1/tickets", k1, key="cancel-me-1", json={"service_id": "dukcapil-ktp"})
    tid = ticket.json()["id"]
    assert hub.post(f"/v1/tickets/{tid}/cancel", k1, json={"reason": "test"}).status_code == 200
    late = hub.post(f"/v1/tickets/{tid}/printed", k1)
    assert late.status_code == 409 and late.json()["kind"] == "bad_transition"


def test_a_block_moves_the_shared_sequence_and_its_unused_numbers_are_declared(api):
    hub, k1, k2 = api
    before = hub.post("/v1/tickets", k2, key="blk-before", json={"service_id": "imigrasi-paspor"})
    block = hub.post("/v1/blocks", k1, key="blk-k1-0001", json={"day": DAY, "group": "B",
                                                                 "size": 5}).json()
    same = hub.post("/v1/blocks", k1, key="blk-k1-0001", json={"day": DAY, "group": "B",
                                                                "size": 5}).json()
    assert same == block
    seq_before = int(before.json()["number"].split("-")[1])
    assert (block["start"], block["end"]) == (seq_before + 1, seq_before + 5)
    after = hub.post("/v1/tickets", k2, key="blk-after", json={"service_id": "imigrasi-paspor"})
    assert int(after.json()["number"].split("-")[1]) == block["end"] + 1
    # K1 used one number of its block offline; K2 cannot claim K1's numbers.
    offline = {"id": "0FF11NE001", "day": DAY, "group": "B", "seq": block["start"],
               "service_id": "imigrasi-paspor", "issued_at": "2026-11-23T10:00:00+07:00"}
    assert hub.post("/v1/tickets/offline", k2, json={**offline, "id": "0FF11NE002"}
                    ).status_code == 409
    up = hub.post("/v1/tickets/offline", k1, json=offline)
    assert up.status_code == 201 and up.json()["kiosk_id"] == "K1"
    assert hub.post("/v1/tickets/offline", k1, json=offline).json()["id"] == "0FF11NE001"
    declared = [b for b in hub.get("/v1/blocks", k1, params={"day": DAY}).json()
                if b["group"] == "B"]
    assert declared[0]["used"] == [block["start"]]
    assert declared[0]["unused"] == list(range(block["start"] + 1, block["end"] + 1))


def test_a_repeated_vote_is_stored_once_with_its_first_answer(api):
    hub, k1, _ = api
    ticket = hub.post("/v1/tickets", k1, key="vote-tick", json={"service_id": "dukcapil-ktp"})
    body = {"face": 4, "ticket_id": ticket.json()["id"]}
    first = hub.post("/v1/votes", k1, key="VOTE000001", json=body).json()
    again = hub.post("/v1/votes", k1, key="VOTE000001", json=body).json()
    assert first == again == {"accepted": True, "id": "VOTE000001", "reason": ""}
    other = hub.post("/v1/votes", k1, key="VOTE000002", json=body).json()
    assert other["accepted"] is False and other["reason"] == "already_voted"


def test_heartbeat_records_device_status(api):
    hub, _, k2 = api
    assert hub.post("/v1/heartbeat", k2, json={"devices": {"printer": "paper_low"}}).ok
    assert hub.get("/v1/kiosks", k2).status_code == 403          # for staff only
    kiosks = {k["kiosk_id"]: k for k in hub.get("/v1/kiosks", hub.staff).json()}
    assert kiosks["K2"]["status"]["devices"] == {"printer": "paper_low"}


def test_the_openapi_is_served_to_admins_only_and_ships_in_docs(api):
    """/docs and /openapi.json list every endpoint: an admin's session only (401 without
    one, 403 for a kiosk token; the permission matrix tries every role); docs/hub-openapi
    .json is the reference, and it is the app's current schema."""
    hub, k1, _ = api
    for path in ("/openapi.json", "/docs"):
        assert requests.get(hub.url + path, timeout=5).status_code == 401
        assert hub.get(path, k1).status_code == 403
    assert requests.get(hub.url + "/redoc", timeout=5).status_code == 404
    from kiosk import config
    from kiosk.hub.api import create_app, openapi_schema
    from kiosk.hub.api.__main__ import DEFAULT, text
    assert DEFAULT.read_text(encoding="utf-8") == text(), \
        "docs/hub-openapi.json is stale: run `python -m kiosk.hub.api`"
    # the file is what the running app serves an admin
    app = create_app(config.load(hub.config), hub.store)
    try:
        assert openapi_schema() == app.openapi()
    finally:
        app.state.hub.writer.close()
    spec = json.loads(DEFAULT.read_text(encoding="utf-8"))
    assert {"/v1/tickets", "/v1/blocks", "/v1/votes", "/v1/panel/today"} <= set(spec["paths"])


def test_what_the_fuzzer_missed_is_a_4xx_on_both_stores(api):
    """NUL bytes (PostgreSQL text cannot hold them) and times so far off that converting them
    to the MPP's zone overflows: a clear 422, never a 500."""
    hub, k1, _ = api
    tid = hub.post("/v1/tickets", k1, key="nul-ticket", json={"service_id": "dukcapil-ktp"}).json()["id"]
    profile = {"gender": "P", "age": 30, "education": "SMA", "occupation": "LAINNYA"}
    far = "0001-01-01T00:00:00+14:00"
    cases = [
        hub.post(f"/v1/tickets/{tid}/cancel", k1, json={"reason": "a\x00b"}),
        hub.get("/v1/tickets/AB%00CD", k1),
        hub.post("/v1/tickets", k1, key="nul-ticket-2", json={"service_id": "dukcapil-ktp",
                                                                "booking_id": "x\x00"}),
        hub.post("/v1/votes", k1, key="VOTENUL001", json={"face": 2, "reason": "x\x00"}),
        hub.post("/v1/skm", k1, key="SKMNUL0001", json={
            "profile": {**profile, "occupation_other": "a\x00"}, "answers": {"waktu": 3}}),
        hub.post("/v1/skm", k1, key="SKMNUL0002", json={
            "profile": {**profile, "occupation_other": "guru"}, "answers": {}, "contact": "\x00"}),
        hub.post("/v1/votes", k1, key="VOTEFAR001", json={"face": 2, "at": far}),
        hub.post("/v1/votes", k1, key="VOTEFAR002", json={"face": 2,
                                                            "at": "9999-12-31T23:59:59-12:00"}),
        hub.post("/v1/tickets/offline", k1, json={
            "id": "0123456789", "day": DAY, "group": "A", "seq": 1,
            "service_id": "dukcapil-ktp", "issued_at": far}),
        hub.post("/v1/heartbeat", k1, json={"online_since": far}),
    ]
    assert [c.status_code for c in cases] == [422] * len(cases)
    assert all(c.json()["message_en"] for c in cases)
    assert hub.get(f"/v1/tickets/{tid}", k1).json()["status"] == "printing"
