"""The hall board in a real Kivy window under Xvfb, fed by a real SSE server: calls pushed
through the hub's stream appear large, are announced in order, and the hub going away
leaves the last picture under a "Terputus" banner. Saves docs/screenshots/display-board*.png."""

import shutil
import time
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from devices.audio import Announcer, ClipLibrary, WavFileOutputStandIn
from devices.speech import Speech, SpeechToFileStandIn
from kiosk import config
from kiosk.display.feed import EventFeed
from sse_hub import SseHub, call

pytestmark = pytest.mark.ui
ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "docs" / "screenshots"
WIB = ZoneInfo("Asia/Jakarta")
COUNTERS = [("loket-1", "dukcapil", "A-010"), ("loket-2", "dukcapil", "A-011"),
            ("loket-3", "dukcapil", None), ("loket-4", "imigrasi", "B-004"),
            ("loket-5", "imigrasi", None), ("loket-6", "bpjs-kesehatan", "BK-002"),
            ("loket-7", "samsat", None), ("loket-8", "kpp", "H-003")]


def hall_snapshot(at: str) -> dict:
    counters = [{"counter_id": cid, "name": {"id": f"Loket {cid[6:]}", "en": f"Counter {cid[6:]}"},
                 "agency_id": agency, "state": "open", "current": current}
                for cid, agency, current in COUNTERS]
    counters[6]["state"] = "paused"
    recent = [call(n, int(c), agency=a, at=at) for n, c, a in
              (("A-009", 1, "dukcapil"), ("B-003", 4, "imigrasi"), ("A-010", 1, "dukcapil"),
               ("BK-002", 6, "bpjs-kesehatan"), ("H-003", 8, "kpp"), ("A-011", 2, "dukcapil"),
               ("B-004", 4, "imigrasi"))]
    for i, c in enumerate(recent):
        c["at"] = f"2026-11-30T09:3{i}:00+07:00"
    return {"counters": counters, "recent_calls": recent, "server_time": at,
            "waiting": {"dukcapil": {"count": 12, "next": ["A-014", "A-015", "A-016"]},
                        "imigrasi": {"count": 4, "next": ["B-005", "B-006"]},
                        "bpjs-kesehatan": {"count": 2, "next": ["BK-003"]}}}


def full_width(label) -> float:
    """How wide the label's whole text is at its font (a shortened label hides the cut)."""
    from kivy.core.text import Label as CoreLabel
    core = CoreLabel(text=label.text, font_size=label.font_size, bold=label.bold)
    core.refresh()
    return core.texture.size[0]


def test_calls_from_the_hub_appear_on_the_board_and_are_announced(tmp_path):
    from screens.display.app import DisplayApp
    from screens.tools.screenshots import compact
    from screens.tools.scripted import run_script

    for name in ("kiosk.toml", "catalog.toml"):
        shutil.copy(ROOT / "config" / name, tmp_path / name)
    hub = SseHub(token="layar-aula")
    (tmp_path / "kiosk.toml").write_text((tmp_path / "kiosk.toml").read_text().replace(
        'url = ""', f'url = "{hub.url}"').replace('token = ""', 'token = "layar-aula"'))
    settings = config.load(tmp_path / "kiosk.toml")
    start, base = time.monotonic(), datetime(2026, 11, 30, 9, 41, tzinfo=WIB)
    clock = lambda: base + timedelta(seconds=time.monotonic() - start)  # noqa: E731
    hub.snapshot = hall_snapshot(clock().isoformat())

    out = WavFileOutputStandIn(tmp_path / "audio", speed=4.0)
    announced = []
    announcer = Announcer(out, ClipLibrary([], Speech(SpeechToFileStandIn(tmp_path / "speech"))),
                          on_start=lambda a: announced.append(a.keys))
    app = DisplayApp(settings, announcer=announcer, clock=clock,
                     feed_factory=lambda on_event, on_status: EventFeed(
                         settings.hub_url, settings.hub_token, on_event, on_status, backoff_s=(0.05, 0.3)))
    SHOTS.mkdir(parents=True, exist_ok=True)

    def script(app):
        # A hall TV's 1920x1080, whatever window the kiosk's tests opened: the board is
        # laid out at that size (resizing the shared window upsets the kiosk tests after).
        app.view.size_hint = (None, None)
        app.view.size = (1920, 1080)
        ids = app.view.ids
        yield lambda: app.controller.state.has_data
        yield 0.3
        assert ids.latest_number.text == "B-004" and not app.view.highlight   # old news, no flash
        assert "Loket 7" in [w.children[-1].text for w in ids.counters.children]
        # Two calls at the same moment: both shown, both said, in order.
        hub.push("call", call("B-005", 5, agency="imigrasi", at=clock().isoformat()))
        hub.push("call", call("A-013", 3, agency="dukcapil", at=clock().isoformat()))
        hub.push("queue", {"agency_id": "dukcapil", "count": 11, "next": ["A-014", "A-015", "A-016"]})
        hub.push("queue", {"agency_id": "imigrasi", "count": 3, "next": ["B-006", "B-007"]})
        yield lambda: ids.latest_number.text == "A-013"
        assert app.view.highlight
        assert ids.latest_counter.text == "Loket 3"
        assert "Kependudukan" in ids.latest_agency.text
        assert app.controller.state.counter("loket-3").current == "A-013"
        yield 0.5
        app.view.export_to_png(str(SHOTS / "display-board.png"))
        shown = [w for row in ids.recent.children for w in row.children] + \
            [w for tile in ids.counters.children for w in tile.children]
        assert not [w.text for w in shown if full_width(w) > w.width + 1]    # nothing cut off
        yield lambda: len(out.played) == 2
        hub.stop()                    # the hub goes away
        yield lambda: ids.offline.opacity == 1
        assert ids.offline_text.text == "Terputus — menampilkan data terakhir"
        assert ids.latest_number.text == "A-013"                  # the last picture stays
        yield 0.3
        app.view.export_to_png(str(SHOTS / "display-board-terputus.png"))

    try:
        run_script(app, script, timeout=40)
    finally:
        hub.stop()
    assert not app.crashes
    compact(SHOTS / "display-board.png")
    compact(SHOTS / "display-board-terputus.png")
    assert announced == [
        ["chime", "nomor_antrean", "letter_b", "num_5", "silakan_menuju", "loket", "num_5"],
        ["chime", "nomor_antrean", "letter_a", "num_13", "silakan_menuju", "loket", "num_3"]]
    first, second = out.played
    assert first.ended <= second.started
