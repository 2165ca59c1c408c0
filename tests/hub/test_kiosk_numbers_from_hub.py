"""A kiosk whose own store is new (a failed disk, nothing kept) asks the hub for its blocks
and last numbers of the day before it reserves any: its offline numbering continues after
the numbers visitors already hold, never from the start of its first block again. The
question is scoped to the token's own kiosk."""

from dataclasses import replace
from datetime import datetime

import pytest

from kiosk import config
from kiosk.hub.client import RemoteService
from kiosk.service import LocalService

from hub_support import DAY, NOW

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")
AT = datetime.fromisoformat(NOW)


def kiosk(hub, store_path, kiosk_id="K1", token=None) -> RemoteService:
    settings = replace(config.load(hub.config), kiosk_id=kiosk_id, hub_url=hub.url,
                       hub_token=token or hub.token(kiosk_id), store_path=store_path)
    return RemoteService(settings, LocalService(settings, clock=lambda: AT), start_sync=False,
                         retries=0, timeout=(0.5, 3.0))


def offline_numbers(hub, remote, n, prefix):
    hub.kill()                       # the network is gone: numbers come from the blocks
    try:
        return [remote.issue_ticket("dukcapil-ktp", request_id=f"{prefix}-{i:04d}").number
                for i in range(n)]
    finally:
        hub.start()


def test_a_new_store_continues_after_the_numbers_the_hub_knows(hub, tmp_path):
    first = kiosk(hub, tmp_path / "k1.sqlite3")
    token = first.settings.hub_token
    assert first.sync_now()                            # block A-001..A-020 reserved
    assert offline_numbers(hub, first, 3, "before") == ["A-001", "A-002", "A-003"]
    assert first.sync_now()                            # the offline tickets reach the hub
    first.close()
    first.store.close()

    # The kiosk's disk is replaced: a new, empty store, same kiosk, same token.
    again = kiosk(hub, tmp_path / "new-disk.sqlite3", token=token)
    try:
        assert again.sync_now()
        assert offline_numbers(hub, again, 2, "after") == ["A-004", "A-005"]
        again.sync_now()
        numbers = sorted(t["number"] for t in hub.get("/v1/tickets", token,
                                                      params={"day": DAY}).json())
        assert numbers == ["A-001", "A-002", "A-003", "A-004", "A-005"]
    finally:
        again.close()


def test_a_kiosk_reads_only_its_own_numbers(hub, tmp_path):
    one, other = kiosk(hub, tmp_path / "k1.sqlite3"), kiosk(hub, tmp_path / "k2.sqlite3", "K2")
    try:
        assert one.sync_now() and other.sync_now()
        one.issue_ticket("dukcapil-ktp", request_id="mine-0001")
        mine = hub.get("/v1/kiosks/me/numbers", one.settings.hub_token,
                       params={"day": DAY}).json()
        theirs = hub.get("/v1/kiosks/me/numbers", other.settings.hub_token,
                         params={"day": DAY}).json()
        assert mine["kiosk_id"] == "K1" and theirs["kiosk_id"] == "K2"
        assert mine["last"]["A"] > 0 and "A" not in theirs["last"]
        assert {b["first"] for b in mine["blocks"]}.isdisjoint(
            b["first"] for b in theirs["blocks"])
        assert hub.get("/v1/kiosks/me/numbers", "not-a-token").status_code == 401
    finally:
        one.close()
        other.close()
