"""A kiosk compares its clock with the hub's at every contact: a clock more than a minute off
is named for staff (the staff panel's hub line), one within it is not."""

from dataclasses import replace
from datetime import datetime, timedelta

import pytest

from kiosk import config
from kiosk.hub.client import RemoteService
from kiosk.service import LocalService

from hub_support import NOW

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def kiosk_with_clock(hub, folder, offset: timedelta) -> RemoteService:
    at = datetime.fromisoformat(NOW) + offset
    settings = replace(config.load(hub.config), kiosk_id="KC", hub_url=hub.url,
                       hub_token=hub.token("KC"), store_path=folder / "kc.sqlite3")
    return RemoteService(settings, LocalService(settings, clock=lambda: at), start_sync=False,
                         retries=0, timeout=(0.5, 3.0))


@pytest.mark.parametrize("offset, skew", [(timedelta(hours=2), 7200.0),
                                          (timedelta(minutes=-5), -300.0),
                                          (timedelta(seconds=20), None)])
def test_a_kiosk_clock_off_the_hub_is_named(hub, tmp_path, offset, skew):
    remote = kiosk_with_clock(hub, tmp_path, offset)
    try:
        assert remote.clock_skew_s is None          # not compared yet
        remote.sync_now()
        if skew is None:
            assert remote.clock_skew_s is None
        else:
            assert remote.clock_skew_s == pytest.approx(skew, abs=5)
    finally:
        remote.close()
