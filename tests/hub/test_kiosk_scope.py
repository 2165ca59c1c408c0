"""A token copied from one kiosk's kiosk.toml does a kiosk's work and no more: it cannot
touch another kiosk's tickets, read complaints or the kiosks' list, or reserve block after
block of numbers (issue 14: the attacks that worked before, as tests)."""

from hub_support import DAY, Hub, hub_db

import pytest


def test_a_kiosk_acts_only_on_its_own_tickets(hub):
    k1, k2 = hub.token("K1"), hub.token("K2")
    mine = hub.post("/v1/tickets", k1, key="scope-t-0001",
                    json={"service_id": "dukcapil-ktp", "booking_id": "BOOK-77"}).json()
    tid = mine["id"]
    stolen = [hub.post(f"/v1/tickets/{tid}/printed", k2),
              hub.post(f"/v1/tickets/{tid}/not-printed", k2, json={"reason": "x"}),
              hub.post(f"/v1/tickets/{tid}/cancel", k2, json={"reason": "x"}),
              hub.post(f"/v1/tickets/{tid}/reprint", k2, key="scope-r-0001")]
    assert [r.status_code for r in stolen] == [403] * 4
    assert {r.json()["kind"] for r in stolen} == {"not_this_kiosk"}
    assert hub.store.ticket(tid).status == "printing"              # untouched
    assert hub.store.reprints(tid) == 0
    # what the exit kiosk's screens need of it (agency, service, status), not the booking
    seen = hub.get(f"/v1/tickets/{tid}", k2).json()
    assert seen["agency_id"] == "dukcapil" and seen["booking_id"] is None
    assert hub.get(f"/v1/tickets/{tid}", k1).json()["booking_id"] == "BOOK-77"
    # the list (the staff panel's, to reprint from) holds a kiosk's own tickets only
    assert hub.get("/v1/tickets", k2, params={"day": DAY}).json() == []
    assert [t["id"] for t in hub.get("/v1/tickets", k1, params={"day": DAY}).json()] == [tid]
    # its own kiosk still can
    assert hub.post(f"/v1/tickets/{tid}/printed", k1).status_code == 200


def test_complaints_reports_and_the_kiosk_list_are_not_for_kiosk_tokens(hub):
    k1 = hub.token("K1")
    hub.post("/v1/skm", k1, key="scope-skm-01", json={
        "profile": {"gender": "L", "age": 30, "education": "SMA", "occupation": "SWASTA"},
        "answers": {"waktu": 2}, "agency_id": "dukcapil", "suggestion": "Lama sekali",
        "contact": "0812 9999 0000"})
    refused = [hub.get("/v1/reports/suggestions", k1), hub.get("/v1/reports/ikm", k1),
               hub.get("/v1/kiosks", k1), hub.post("/v1/suggestions/scope-skm-01/handled", k1)]
    assert [r.status_code for r in refused] == [403] * 4
    assert all("0812" not in r.text and "Lama" not in r.text for r in refused)
    assert "staff account" in refused[0].json()["message_en"]
    assert "akun petugas" in refused[0].json()["message_id"]
    assert hub.store.query("SELECT handled_at FROM skm_response")[0][0] is None
    # the kiosk's panel keeps its numbers of the day
    panel = hub.get("/v1/panel/today", k1).json()
    assert panel["suggestions_open"] == 1 and "Lama" not in str(panel)


def test_the_21st_block_of_a_day_is_refused_and_blocks_are_a_kiosks_own(hub):
    k1, k2 = hub.token("K1"), hub.token("K2")
    answers = [hub.post("/v1/blocks", k1, key=f"cap-block-{i:03d}",
                        json={"day": DAY, "group": "A", "size": 5}) for i in range(21)]
    assert [a.status_code for a in answers] == [201] * 20 + [409]
    assert answers[-1].json()["kind"] == "block_cap"
    # a repeat of a block already taken still answers (a lost answer, asked again)
    again = hub.post("/v1/blocks", k1, key="cap-block-003", json={"day": DAY, "group": "A",
                                                                  "size": 5})
    assert again.status_code == 201 and again.json() == answers[3].json()
    # another group, and another kiosk, have their own allowance
    assert hub.post("/v1/blocks", k1, key="cap-other-g", json={"day": DAY, "group": "B",
                                                               "size": 5}).status_code == 201
    assert hub.post("/v1/blocks", k2, key="cap-other-k", json={"day": DAY, "group": "A",
                                                               "size": 5}).status_code == 201
    # the next online number follows the 20 blocks: 100 numbers, not 10,000
    ticket = hub.post("/v1/tickets", k2, key="cap-ticket-1",
                      json={"service_id": "dukcapil-ktp"}).json()
    assert ticket["number"] == "A-106"
    # another day than the hub's is refused (kiosk.ops.clock)
    far = hub.post("/v1/blocks", k1, key="cap-far-day", json={"day": "2026-12-25",
                                                              "group": "B", "size": 5})
    assert far.status_code == 409
    # a kiosk lists its own blocks only
    listed = hub.get("/v1/blocks", k2, params={"day": DAY}).json()
    assert {b["kiosk_id"] for b in listed} == {"K2"} and len(listed) == 1


@pytest.mark.parametrize("kind", ["sqlite"])
def test_the_numbers_a_kiosk_may_hold_offline_follow_the_daily_quota(request, tmp_path, kind):
    """group B's only service has a quota of 50: blocks beyond 50 numbers a day are refused.
    (The count runs in the store's transaction; the fixture-driven tests above cover both
    stores.)"""
    hub = Hub(tmp_path, hub_db(request, kind))
    hub.start()
    try:
        k1 = hub.token("K1")
        sizes = [hub.post("/v1/blocks", k1, key=f"quota-blk-{i}", json={
            "day": DAY, "group": "B", "size": 20}).status_code for i in range(3)]
        assert sizes == [201, 201, 409]
        assert hub.post("/v1/blocks", k1, key="quota-blk-x", json={
            "day": DAY, "group": "B", "size": 10}).status_code == 201     # exactly 50
    finally:
        hub.close()
