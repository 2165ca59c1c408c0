"""The follow-up answers after a face vote (the agency of a vote given without a ticket, the
main reason) reach the hub: queued behind the vote on the kiosk, pushed once the hub is
back, applied once, and only to the kiosk's own vote."""

from dataclasses import replace
from datetime import datetime
from pathlib import Path

import pytest

from kiosk import config
from kiosk.hub.client import RemoteService
from kiosk.service import LocalService

from hub_support import NOW

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def hub_votes(hub) -> dict[str, dict]:
    return {r["id"]: dict(r) for r in hub.store.query(
        "SELECT id, kiosk_id, face, ticket_id, agency_id, service_id, reason FROM vote")}


def kiosk(hub, folder: Path, kiosk_id: str = "EXIT1") -> RemoteService:
    settings = replace(config.load(hub.config), kiosk_id=kiosk_id, hub_url=hub.url,
                       hub_token=hub.token(kiosk_id), store_path=folder / f"{kiosk_id}.sqlite3",
                       mode="exit")
    # The kiosk's clock agrees with the hub's (the hub refuses times from its future).
    fixed = datetime.fromisoformat(NOW)
    return RemoteService(settings, LocalService(settings, clock=lambda: fixed),
                         start_sync=False, retries=0,
                         timeout=(0.5, 3.0))


def test_answers_given_while_the_hub_is_down_reach_its_vote_row_once_it_is_back(hub, tmp_path):
    remote = kiosk(hub, tmp_path)
    try:
        assert remote.sync_now()
        ticket = remote.issue_ticket("dukcapil-ktp")           # online: the hub's number
        hub.kill()
        # A visitor without a ticket: face 2, then Imigrasi, then "waiting took too long".
        unbound = remote.record_vote(2)
        remote.set_vote_agency(unbound.id, "imigrasi")
        remote.set_vote_reason(unbound.id, "waktu")
        # A visitor with a ticket: its agency stays the ticket's whatever is sent after.
        bound = remote.record_vote(4, ticket_id=ticket.id)
        remote.set_vote_reason(bound.id, "perilaku")
        remote.set_vote_agency(bound.id, "imigrasi")
        assert unbound.accepted and bound.accepted
        assert not remote.sync_now() and not remote.online
        local = {r["id"]: dict(r) for r in remote.store.query(
            "SELECT id, agency_id, reason FROM vote")}
        assert local[unbound.id] == {"id": unbound.id, "agency_id": "imigrasi", "reason": "waktu"}
        assert remote.pending() == 6                            # two votes, four answers
        hub.start()
        assert remote.sync_now()
        assert remote.online and remote.pending() == 0
        assert remote.outbox.rejected() == []                   # each amend came after its vote
        rows = hub_votes(hub)
        assert rows[unbound.id] == {"id": unbound.id, "kiosk_id": "EXIT1", "face": 2,
                                    "ticket_id": None, "agency_id": "imigrasi",
                                    "service_id": None, "reason": "waktu"}
        assert rows[bound.id] == {"id": bound.id, "kiosk_id": "EXIT1", "face": 4,
                                  "ticket_id": ticket.id, "agency_id": "dukcapil",
                                  "service_id": "dukcapil-ktp", "reason": "perilaku"}
        # Nothing is sent twice: the outbox is empty and another round has nothing to push.
        sent = remote.outbox.count("sent")
        assert remote.sync_now() and remote.outbox.count("sent") == sent
    finally:
        remote.close()
        remote.store.close()


def test_an_amend_is_idempotent_and_only_for_the_kiosks_own_vote(hub):
    k1, k2 = hub.token("K1"), hub.token("K2")
    body = {"face": 3, "at": NOW}
    assert hub.post("/v1/votes", k1, key="AMENDVOTE1", json=body).json()["accepted"]
    first = hub.post("/v1/votes/AMENDVOTE1/amend", k1, key="amend-key-0001",
                     json={"agency_id": "dukcapil", "reason": "sarana"})
    assert first.status_code == 200
    assert first.json() == {"id": "AMENDVOTE1", "face": 3, "ticket_id": None,
                            "agency_id": "dukcapil", "service_id": None, "reason": "sarana"}
    again = hub.post("/v1/votes/AMENDVOTE1/amend", k1, key="amend-key-0001",
                     json={"agency_id": "dukcapil", "reason": "sarana"})
    assert again.json() == first.json()
    # one field at a time leaves the other as it was
    only_reason = hub.post("/v1/votes/AMENDVOTE1/amend", k1, key="amend-key-0002",
                           json={"reason": "prosedur"}).json()
    assert (only_reason["agency_id"], only_reason["reason"]) == ("dukcapil", "prosedur")

    cases = [
        hub.post("/v1/votes/AMENDVOTE1/amend", k2, key="amend-key-0003",   # K1's vote
                 json={"reason": "waktu"}),
        hub.post("/v1/votes/NOSUCHVOTE/amend", k1, key="amend-key-0004", json={"reason": "waktu"}),
        hub.post("/v1/votes/AMENDVOTE1/amend", k1, key="amend-key-0005",
                 json={"agency_id": "samsat"}),
        hub.post("/v1/votes/AMENDVOTE1/amend", k1, key="amend-key-0006",
                 json={"reason": "Antrean lama sekali"}),                 # free text: no
        hub.post("/v1/votes/AMENDVOTE1/amend", k1, json={"reason": "waktu"}),  # no key
        hub.post("/v1/votes/AMENDVOTE1/amend", "not-a-token", key="amend-key-0007",
                 json={"reason": "waktu"}),
    ]
    assert [c.status_code for c in cases] == [404, 404, 404, 422, 422, 401]
    assert all(c.json()["message_en"] for c in cases)
    row = hub_votes(hub)["AMENDVOTE1"]
    assert (row["agency_id"], row["reason"]) == ("dukcapil", "prosedur")


def test_the_staff_panel_sees_the_whole_mpp_from_the_hub_and_its_own_kiosk_offline(hub, tmp_path):
    a, b = kiosk(hub, tmp_path, "EXIT1"), kiosk(hub, tmp_path, "EXIT2")
    try:
        for remote, faces in ((a, (4, 3)), (b, (1,))):
            for face in faces:
                assert remote.record_vote(face, agency_id="dukcapil").accepted
            assert remote.sync_now()
        # suggestions left at both exits, one of them already followed up at the hub
        profile = {"gender": "L", "age": 40, "education": "SMA", "occupation": "SWASTA"}
        for remote, text in ((a, "Kursi kurang"), (b, "AC mati"), (b, "Loket 3 tutup")):
            remote.record_skm(profile, {"waktu": 3}, agency_id="dukcapil", suggestion=text)
            assert remote.sync_now()
        day = a.clock().astimezone(a.zone).date().isoformat()  # these kiosks keep real time
        first = hub.get("/v1/reports/suggestions", hub.staff,
                        params={"from": day, "to": day}).json()["rows"][0]["id"]
        assert hub.post(f"/v1/suggestions/{first}/handled", hub.staff).ok
        today = a.today_feedback()
        assert today.whole_mpp and today.faces.total == 3 and today.faces.count(1) == 1
        assert today.suggestions == 2
        hub.kill()
        a.sync_now()  # finds the hub gone
        own = a.today_feedback()
        assert not own.whole_mpp and own.faces.total == 2 and own.faces.count(1) == 0
        assert own.suggestions == 1  # this kiosk's own, as far as it knows
    finally:
        for remote in (a, b):
            remote.close()
            remote.store.close()
