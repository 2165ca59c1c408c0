"""The walk-in journey with real taps: welcome -> agency -> service -> detail -> ticket."""

import pytest
import zxingcpp
from PIL import Image

from kiosk.i18n import tr
from kiosk.tickets import Text

from kivy.core.window import Window
from kivy.tests.common import UnitTestTouch

from kioskui import drive, page, tap, tap_at

pytestmark = pytest.mark.ui

JOURNEYS = [("dukcapil", "dukcapil-ktp"), ("dukcapil", "dukcapil-akta"), ("imigrasi", "imigrasi-paspor")]


def walk_to_detail(app, agency_id, service_id):
    """Script steps from the welcome screen to a service's detail screen."""
    tap(app.screen("welcome").ids.take_button)
    yield lambda: app.current == "agencies"
    tile = next(t for a, t in app.screen("agencies").tiles if a.id == agency_id)
    tap(tile)
    yield lambda: app.current == "services"
    row = app.screen("services").rows[service_id]
    yield lambda: row.svc_state is not None
    tap(row)
    yield lambda: app.current == "detail"


def qr_text(png_path):
    found = zxingcpp.read_barcodes(Image.open(png_path))
    return [b.text for b in found]


@pytest.mark.parametrize("lang", ["id", "en"])
def test_three_services_in_two_agencies_reach_the_printer(kiosk_factory, lang):
    app = kiosk_factory()
    virtual = app.devices.simulators["printer"]
    shown = []

    def script(app):
        for agency_id, service_id in JOURNEYS:
            yield lambda: app.current == "welcome"
            tap(app.screen("welcome").ids["lang_" + lang])
            yield lambda: app.lang == lang
            yield from walk_to_detail(app, agency_id, service_id)
            detail = app.screen("detail")
            service = app.settings.catalog.service(service_id)
            assert page(detail).title == service.name[lang]
            tap(detail.ids.confirm_button)
            yield lambda: app.current == "ticket"
            ticket = app.screen("ticket").ticket
            shown.append((ticket, app.screen("ticket").ids.number.text,
                          app.screen("ticket").ids.take.text))
            yield lambda: len(virtual.tickets) == len(shown)
            tap(app.screen("ticket").ids.done_button)

    drive(app, script, timeout=40)
    assert len(shown) == 3
    for (ticket, number_on_screen, take_text), png in zip(shown, virtual.tickets):
        stored = app.service.ticket(ticket.id)
        assert stored.status == "issued"
        assert number_on_screen == stored.number
        assert take_text == tr("Please take your ticket", lang)
        assert png.exists()
        assert qr_text(png) == [f"ANJ1:T:{ticket.id}"]
    assert [t.service_id for t, _, _ in shown] == [s for _, s in JOURNEYS]
    assert [t.number for t, _, _ in shown] == ["A-001", "A-002", "B-001"]


def test_language_switch_mid_journey_retranslates_the_screen_and_the_ticket(kiosk_factory):
    app = kiosk_factory()
    virtual = app.devices.simulators["printer"]

    def script(app):
        yield from walk_to_detail(app, "dukcapil", "dukcapil-ktp")
        detail = app.screen("detail")
        frame = page(detail)
        assert frame.title == "Cetak ulang KTP-el"
        assert detail.ids.confirm_button.text == "Ambil nomor untuk layanan ini"
        assert frame.ids.back_button.text.endswith("Kembali")
        tap(frame.ids.lang_button)
        yield lambda: app.lang == "en"
        assert frame.title == "e-ID card reprint"
        assert frame.subtitle == "Civil Registry Office"
        assert detail.ids.confirm_button.text == "Take a number for this service"
        assert frame.ids.back_button.text.endswith("Back")
        assert [c.ids.lbl.text for c in detail.ids.requirements.children] == ["Original Family Card"]
        tap(detail.ids.confirm_button)
        yield lambda: app.current == "ticket" and len(virtual.tickets) == 1
        assert app.screen("ticket").ids.take.text == "Please take your ticket"

    drive(app, script)
    printed = " ".join(b.text for b in virtual.jobs[0] if isinstance(b, Text))
    assert "Please wait for your number to be called" in printed
    assert "e-ID card reprint" in printed


def test_a_double_tap_on_confirm_gives_exactly_one_ticket(kiosk_factory):
    app = kiosk_factory()
    virtual = app.devices.simulators["printer"]

    def script(app):
        yield from walk_to_detail(app, "imigrasi", "imigrasi-paspor")
        button = app.screen("detail").ids.confirm_button
        tap(button)
        tap(button)  # the second finger lands before anything has been redrawn
        yield lambda: app.current == "ticket"
        yield 0.5  # give a second ticket every chance to appear

    drive(app, script)
    assert len(app.service.tickets()) == 1
    assert len(virtual.tickets) == 1


def test_priority_choice_takes_a_priority_number(kiosk_factory):
    app = kiosk_factory()

    def script(app):
        yield from walk_to_detail(app, "imigrasi", "imigrasi-paspor")
        detail = app.screen("detail")
        tap(detail.ids.prio_lansia)
        yield lambda: detail.priority == "lansia"
        assert detail.ids.prio_lansia.role == "primary"
        tap(detail.ids.confirm_button)
        yield lambda: app.current == "ticket"

    drive(app, script)
    (ticket,) = app.service.tickets()
    assert ticket.number == "RB-001" and ticket.priority == "lansia"


@pytest.mark.parametrize("degrees", [90, 270])
def test_a_landscape_panel_stood_upright_shows_the_kiosk_in_portrait(kiosk_factory, degrees):
    """[kiosk] rotation: the computer drives a 1920x1080 panel mounted upright. The picture
    is turned into portrait and the panel's touches, in its own coordinates, land where
    the visitor sees the buttons."""
    from kivy.core.window import Window

    portrait = Window.size
    app = kiosk_factory(kiosk_lines=f"rotation = {degrees}")
    virtual = app.devices.simulators["printer"]
    seen = {}

    def script(app):
        Window.size = portrait  # the turned picture is portrait: the window is landscape
        yield lambda: Window.system_size[0] > Window.system_size[1] and not app.landscape
        yield 0.3
        seen["content"] = tuple(Window.size)
        english = app.screen("welcome").ids.lang_en
        # The same spot in the panel's unturned coordinates is not the button: the
        # rotation is what makes the taps below land.
        raw = UnitTestTouch(*english.to_window(*english.center))
        raw.touch_down()
        raw.touch_up()
        yield 0.3
        seen["lang_after_raw_tap"] = app.lang
        app.home()  # wherever that touch led
        yield lambda: app.current == "welcome"
        tap(english)
        yield lambda: app.lang == "en"
        yield from walk_to_detail(app, "dukcapil", "dukcapil-ktp")
        tap(app.screen("detail").ids.confirm_button)
        yield lambda: app.current == "ticket" and len(virtual.tickets) == 1
        seen["number"] = app.screen("ticket").ticket.number
        tap(app.screen("ticket").ids.done_button)
        yield lambda: app.current == "welcome"
        for _ in range(5):  # the staff corner is the top-left of the picture, not of the panel
            tap_at(10, Window.height - 10)
        yield lambda: app.current == "staff_pin"

    try:
        drive(app, script)
    finally:
        Window.size = portrait
    assert Window.rotation == 0  # a stopped kiosk leaves the window as it found it
    assert seen["content"] == tuple(portrait)
    assert seen["lang_after_raw_tap"] == "id"
    assert qr_text(virtual.tickets[0]) and seen["number"] == "A-001"


def test_the_journey_works_in_landscape(kiosk_factory):
    from kivy.core.window import Window
    from kivy.metrics import dp

    app = kiosk_factory()
    portrait = Window.size
    virtual = app.devices.simulators["printer"]

    def script(app):
        Window.size = (portrait[1], portrait[0])
        yield lambda: app.landscape
        yield 0.3
        yield from walk_to_detail(app, "dukcapil", "dukcapil-ktp")
        assert app.screen("agencies").ids.grid.cols == 3
        tap(app.screen("detail").ids.confirm_button)
        yield lambda: app.current == "ticket" and len(virtual.tickets) == 1
        number = app.screen("ticket").ids.number
        top = number.to_window(number.x, number.top)[1]
        bottom = number.to_window(number.x, number.y)[1]
        assert bottom >= 0 and top <= Window.height - dp(150)  # below the header, fully visible
        Window.size = portrait
        yield lambda: not app.landscape

    try:
        drive(app, script)
    finally:
        Window.size = portrait


def test_the_kiosk_warms_every_screen_before_the_first_visitor_without_showing_them(
        kiosk_factory, tmp_path):
    """After the first frame the kiosk builds and draws every other screen once, beneath
    the welcome screen: the visitor sees the welcome screen unchanged meanwhile, and the
    first lists opened afterwards show their own agency's services, nothing left over."""
    from PIL import Image, ImageChops

    from screens.registry import SCREENS

    app = kiosk_factory()
    shots = {"before": None, "during": []}

    def shoot(window, *args):
        if app._warming is not None and len(shots["during"]) < 4:
            shots["during"].append(window.screenshot(str(tmp_path / "during.png")))

    def script(app):
        yield 0.3
        shots["before"] = Window.screenshot(str(tmp_path / "before.png"))
        Window.bind(on_flip=shoot)
        yield lambda: app.ready
        Window.unbind(on_flip=shoot)
        assert all(app.sm.has_screen(name) for name in SCREENS)
        yield from walk_to_detail(app, "imigrasi", "imigrasi-paspor")
        services = app.screen("services")
        shown = [row.service_id for row in services.ids.rows.children]
        assert sorted(shown) == sorted(s.id for s in app.settings.catalog.services_of("imigrasi"))
        app.back()
        yield lambda: app.current == "services"
        assert page(services).title == app.settings.catalog.agency("imigrasi").name["id"]

    drive(app, script, timeout=40)
    assert shots["during"], "no frame was drawn while the screens were warming"
    before = Image.open(shots["before"]).convert("RGB")
    # The header's clock follows real time: a minute may turn while the screens warm.
    below_header = (0, int(before.height * 0.08), before.width, before.height)
    for path in shots["during"]:
        during = Image.open(path).convert("RGB").crop(below_header)
        changed = ImageChops.difference(before.crop(below_header), during).getbbox()
        assert changed is None, f"the welcome screen changed while warming: {changed}"
