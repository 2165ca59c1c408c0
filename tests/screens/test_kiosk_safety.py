"""What keeps a public kiosk usable: refusals in plain words, the printer failing, the idle
timeout, the staff PIN, and exceptions that never reach the screen."""

import re

import pytest
import zxingcpp
from kivy.clock import Clock
from kivy.core.window import Window
from kivy.metrics import dp

from kiosk.i18n import tr

from kioskui import drive, page, run_script, tap, tap_at

pytestmark = pytest.mark.ui


def walk_to_services(app, agency_id):
    tap(app.screen("welcome").ids.take_button)
    yield lambda: app.current == "agencies"
    tap(next(t for a, t in app.screen("agencies").tiles if a.id == agency_id))
    yield lambda: app.current == "services"


def test_quota_full_is_said_plainly_and_takes_no_number(kiosk_factory):
    app = kiosk_factory()
    for _ in range(3):  # the birth certificate service has a quota of 3 a day
        app.service.issue_ticket("dukcapil-akta")

    def script(app):
        yield from walk_to_services(app, "dukcapil")
        row = app.screen("services").rows["dukcapil-akta"]
        yield lambda: row.svc_state is not None
        assert not row.svc_state.open
        tap(row)
        yield lambda: app.current == "refusal"
        message = app.screen("refusal").ids.message.text
        assert message == tr("Today's queue quota is full. Please come back on the next service day.", "id")
        assert message.startswith("Kuota antrean")  # Indonesian by default, not the English msgid
        tap(page(app.screen("refusal")).ids.lang_button)
        yield lambda: app.lang == "en"
        assert app.screen("refusal").ids.message.text == \
            "Today's queue quota is full. Please come back on the next service day."
        tap(page(app.screen("refusal")).ids.back_button)
        yield lambda: app.current == "services"

    drive(app, script)
    assert len(app.service.tickets()) == 3


def test_printer_out_of_paper_shows_the_number_and_qr_and_records_not_printed(kiosk_factory):
    app = kiosk_factory()
    virtual = app.devices.simulators["printer"]
    virtual.state = "paper_out"
    seen = {}

    def script(app):
        yield from walk_to_services(app, "imigrasi")
        row = app.screen("services").rows["imigrasi-paspor"]
        yield lambda: row.svc_state is not None
        tap(row)
        yield lambda: app.current == "detail"
        tap(app.screen("detail").ids.confirm_button)
        yield lambda: app.current == "fallback"
        screen = app.screen("fallback")
        seen["number"] = screen.ids.number.text
        seen["id"] = screen.ticket.id
        seen["photo"] = screen.ids.photo.text
        yield 0.2
        seen["png"] = screen.export_as_image().texture.pixels, screen.size

    drive(app, script)
    (ticket,) = app.service.tickets()
    assert ticket.status == "not_printed"
    assert seen["number"] == ticket.number == "B-001"
    assert seen["photo"] == "Silakan foto layar ini"
    assert virtual.tickets == []
    assert "B-001" in app.staff_alert
    # the QR on screen decodes to the same ticket
    from PIL import Image
    pixels, (w, h) = seen["png"]
    image = Image.frombytes("RGBA", (int(w), int(h)), pixels)
    texts = [b.text for b in zxingcpp.read_barcodes(image)]
    assert texts == [f"ANJ1:T:{ticket.id}"]


def test_idle_timeout_warns_then_returns_to_welcome_with_defaults(kiosk_factory):
    app = kiosk_factory(idle_timeout_s=3.0, idle_warning_s=1.5)

    def script(app):
        tap(app.screen("welcome").ids.lang_en)
        tap(app.screen("welcome").ids.take_button)
        yield lambda: app.current == "agencies"
        yield lambda: app.idle.showing
        text = app.idle.overlay.children[0].children[1].text
        assert re.search(r"\d+ seconds", text), text
        tap_at(10, 10)  # any touch dismisses the warning and keeps the visitor where they were
        yield lambda: not app.idle.showing
        assert app.current == "agencies"
        yield lambda: app.idle.showing
        yield lambda: app.current == "welcome"
        assert not app.idle.showing
        assert app.lang == "id"

    drive(app, script)


def test_staff_panel_refuses_a_wrong_pin_and_locks_out(kiosk_factory):
    app = kiosk_factory()
    app.service.issue_ticket("dukcapil-ktp")

    def enter(app, pin):
        pad = app.screen("staff_pin").ids.pad
        keys = {b.text: b for b in pad.children}
        for digit in pin:
            tap(keys[digit])
        assert pad.pin == pin
        tap(app.screen("staff_pin").ids.submit)

    def script(app):
        for _ in range(5):  # the hidden gesture: five taps on the top-left corner
            tap_at(dp(40), Window.height - dp(40))
        yield lambda: app.current == "staff_pin"
        enter(app, "111111")
        yield lambda: app.screen("staff_pin").message == "PIN salah."
        assert app.current == "staff_pin"
        enter(app, "246810")
        yield lambda: app.current == "staff"
        yield lambda: app.screen("staff").counts_text.startswith("Dukcapil: 1 nomor")
        tap(app.screen("staff").ids.close_panel)
        yield lambda: app.current == "welcome"
        for _ in range(5):
            tap_at(dp(40), Window.height - dp(40))
        yield lambda: app.current == "staff_pin"
        for _ in range(3):  # max_attempts = 3 in the test config
            enter(app, "999999")
            yield lambda: not app.screen("staff_pin").checking
        enter(app, "246810")  # even the right PIN is refused during the lockout
        yield lambda: not app.screen("staff_pin").checking and app.screen("staff_pin").message
        assert app.current == "staff_pin"
        assert app.screen("staff_pin").message.startswith("Terlalu banyak PIN salah")

    drive(app, script)


def test_an_exception_in_a_callback_returns_to_welcome_without_a_traceback(kiosk_factory):
    app = kiosk_factory()

    def boom(dt):
        raise RuntimeError("a bug in a callback")

    def script(app):
        tap(app.screen("welcome").ids.take_button)
        yield lambda: app.current == "agencies"
        Clock.schedule_once(boom, 0)
        yield lambda: app.crashes
        yield lambda: app.current == "welcome"
        tap(app.screen("welcome").ids.take_button)  # and the kiosk still works
        yield lambda: app.current == "agencies"

    run_script(app, script)
    assert [str(e) for e in app.crashes] == ["a bug in a callback"]


def test_window_close_is_vetoed_in_kiosk_mode(kiosk_factory):
    app = kiosk_factory()

    def script(app):
        assert Window.dispatch("on_request_close") is True
        yield 0.1

    drive(app, script)


def test_a_broken_config_is_shown_plainly_and_exits_with_1(tmp_path, capsys):
    from kivy.app import App

    from screens.main import run_kiosk

    bad = tmp_path / "kiosk.toml"
    bad.write_text('[mpp]\nname = "MPP"\ntimezone = "Asia/Nowhere"\n[kiosk]\nid = "K1"\n')
    shown = []

    def look_and_close(dt):
        app = App.get_running_app()
        shown.append((app.heading, list(app.lines)))
        app.stop()

    Clock.schedule_once(look_and_close, 0.5)
    assert run_kiosk(bad, simulate=False, windowed=True) == 1
    heading, lines = shown[0]
    assert heading == "The kiosk configuration has problems"
    assert any("mpp.timezone" in line and "Asia/Nowhere" in line for line in lines)
    assert "mpp.timezone" in capsys.readouterr().err


def test_an_unreachable_hub_shows_the_offline_badge_and_a_plain_refusal(kiosk_factory):
    import socket

    from kioskui import OPEN_MONDAY
    from kiosk.service import open_service

    with socket.socket() as s:  # a port where no hub listens: the network is down
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    app = kiosk_factory(extra_toml=f'\n[hub]\nurl = "http://127.0.0.1:{port}"\ntoken = "t"\n')
    app.service.store.close()
    app.service = open_service(app.settings, clock=lambda: OPEN_MONDAY)
    seen = {}

    def script(app):
        yield from walk_to_services(app, "dukcapil")
        row = app.screen("services").rows["dukcapil-ktp"]
        yield lambda: row.svc_state is not None
        tap(row)
        yield lambda: app.current == "detail"
        tap(app.screen("detail").ids.confirm_button)
        # Never reached the hub, so no block of numbers was ever reserved for this kiosk:
        # taking a number offline would risk a duplicate, and the visitor is told plainly.
        yield lambda: app.current == "refusal"
        seen["refusal"] = app.screen("refusal").ids.message.text
        seen["tickets"] = app.service.store.tickets()  # nothing numbered on this kiosk
        yield lambda: app.hub_state == "offline"
        app.go("staff", remember=False)
        yield lambda: "Hub" in app.screen("staff").device_lines
        seen["lines"] = app.screen("staff").device_lines

    try:
        drive(app, script)
    finally:
        app.service.close()
        app.service.store.close()
    assert seen["refusal"].startswith("Anjungan terputus dari server antrean")
    assert seen["tickets"] == []
    assert "Hub: terputus" in seen["lines"] and "menunggu sinkronisasi" in seen["lines"]
