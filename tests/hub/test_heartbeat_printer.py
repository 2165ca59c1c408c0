"""Paper near end reaches the hub's kiosk list with the heartbeat (issue 12): the kiosk app
hands RemoteService its device states (screens.app.KioskApp.device_states)."""

from dataclasses import replace
from pathlib import Path

from kiosk import config
from kiosk.hub.client import RemoteService
from kiosk.service import LocalService


def test_the_heartbeat_carries_paper_near_end_to_the_kiosk_list(hub, tmp_path):
    token = hub.token("K1")
    settings = replace(config.load(hub.config), kiosk_id="K1", hub_url=hub.url,
                       hub_token=token, store_path=Path(tmp_path / "k1.sqlite3"))
    states = {"printer": "ready"}
    remote = RemoteService(settings, LocalService(settings), start_sync=False,
                           devices=lambda: dict(states))
    try:
        states["printer"] = "paper_near_end"
        remote._heartbeat()
        kiosks = {k["kiosk_id"]: k for k in hub.get("/v1/kiosks", hub.staff).json()}   # staff only
        assert kiosks["K1"]["status"]["devices"] == {"printer": "paper_near_end"}
    finally:
        remote.close()
