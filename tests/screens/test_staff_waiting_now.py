"""The staff panel says who is waiting now per agency: how many and how long the longest
has waited — this kiosk's own numbers without a hub, every kiosk's through a real hub on
127.0.0.1 (a ticket a counter has called no longer waits). Saves
docs/screenshots/staff-waiting-now.png."""

import sys
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from kioskui import drive

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "hub"))
from hub_support import Hub  # noqa: E402  (a real hub on 127.0.0.1, as tests/hub start it)

pytestmark = pytest.mark.ui
ROOT = Path(__file__).resolve().parents[2]
TEN = datetime.fromisoformat("2026-11-23T10:00:00+07:00")     # the kiosk's and hub's now


def open_panel(app, seen, key):
    app.go("staff", remember=False)
    staff = app.screen("staff")
    card = staff.ids.waiting_now
    yield lambda: card.waiting is not None
    seen[key] = card.ids.heading.text + "\n" + card.ids.lines.text
    return staff, card


def test_waiting_now_from_this_kiosk(kiosk_factory):
    app = kiosk_factory()
    service = app.service
    for minutes, service_id in ((12, "dukcapil-ktp"), (5, "dukcapil-ktp"),
                                (3, "imigrasi-paspor")):
        ticket = service.issue_ticket(service_id, now=TEN - timedelta(minutes=minutes))
        service.confirm_printed(ticket.id)
    seen = {}

    def script(app):
        staff, card = yield from open_panel(app, seen, "id")
        staff.ids.get("waiting_now").parent.parent.scroll_to(card, animate=False)
        yield 0.5
        ROOT.joinpath("docs", "screenshots").mkdir(exist_ok=True)
        staff.export_to_png(str(ROOT / "docs" / "screenshots" / "staff-waiting-now.png"))
        app.toggle_language()
        yield lambda: app.lang == "en" and "waiting" in card.ids.lines.text
        seen["en"] = card.ids.lines.text

    drive(app, script)
    from screens.tools.screenshots import compact
    compact(ROOT / "docs" / "screenshots" / "staff-waiting-now.png")
    assert seen["id"].splitlines() == ["Menunggu sekarang, nomor dari anjungan ini",
                                       "Dukcapil: 2 menunggu, terlama 12 menit",
                                       "Imigrasi: 1 menunggu, terlama 3 menit"]
    assert seen["en"].splitlines()[0] == "Dukcapil: 2 waiting, longest 12 min"


def test_waiting_now_over_every_kiosk_from_the_hub(kiosk_factory, tmp_path):
    from kiosk import config
    from kiosk.hub.client import RemoteService
    from kiosk.hub.core import HubCore
    from kiosk.hub.counters import CounterDesk

    (tmp_path / "hub").mkdir()
    hub = Hub(tmp_path / "hub")
    settings = config.load(hub.config)
    # Another kiosk's passport visitors, from 09:40; Loket 5 has called the first one.
    at = [TEN - timedelta(minutes=20)]
    core = HubCore(settings, hub.store, lambda: at[0])
    for minutes in (20, 15, 8):
        at[0] = TEN - timedelta(minutes=minutes)
        view = core.view("K2")
        view.confirm_printed(view.issue_ticket("imigrasi-paspor").id)
    CounterDesk(settings, hub.store, lambda: TEN).call_next("loket-5", "budi", key="c-1")
    hub.start()
    app = kiosk_factory()
    app.settings = replace(app.settings, hub_url=hub.url, hub_token=hub.token("T1"))
    app.service = RemoteService(app.settings, app.service, sync_interval_s=0.2,
                                timeout=(0.5, 3.0), retries=0)
    seen = {}

    def script(app):
        yield from open_panel(app, seen, "id")

    try:
        drive(app, script)
    finally:
        app.service.close() if hasattr(app.service, "close") else None
        hub.close()
    assert seen["id"].splitlines() == ["Menunggu sekarang, semua anjungan",
                                       "Imigrasi: 2 menunggu, terlama 15 menit"]
