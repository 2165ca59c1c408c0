"""Search by need, the closed welcome and the help overlay, with real taps in a real window."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from kioskui import drive, page, tap

pytestmark = pytest.mark.ui

EVENING = datetime(2026, 11, 23, 19, 0, tzinfo=ZoneInfo("Asia/Jakarta"))  # a Monday


def key(app, label):
    """The on-screen keyboard's key showing `label`."""
    keyboard = app.screen("agencies").keyboard
    return next(button for row in keyboard.children for button in row.children
                if button.text == label)


def type_on_keyboard(app, text):
    for letter in text:
        tap(key(app, letter))
        yield 0.15  # a quick typist; faster taps land before the key is released


def open_search(app):
    tap(app.screen("welcome").ids.take_button)
    yield lambda: app.current == "agencies"
    tap(app.screen("agencies").ids.search)
    yield lambda: app.screen("agencies").keyboard.parent is not None


def test_typing_paspor_and_tapping_the_first_result_opens_the_passport(kiosk_factory):
    app = kiosk_factory()
    seen = {}

    def script(app):
        yield from open_search(app)
        yield from type_on_keyboard(app, "PASPOR")
        screen = app.screen("agencies")
        yield lambda: screen.query == "PASPOR" and screen.ids.results.children
        first = screen.ids.results.children[-1]  # BoxLayout children: last added first
        seen["first"] = (first.ids.service_name.text, first.ids.agency_name.text)
        seen["tiles"] = len(screen.ids.grid.children)
        tap(first)
        yield lambda: app.current == "detail"
        seen["detail"] = app.screen("detail").service.id
        seen["title"] = page(app.screen("detail")).title

    drive(app, script)
    assert seen["first"] == ("Paspor baru", "Kantor Imigrasi")
    assert seen["tiles"] == 0  # the agency tiles give way to the services found
    assert seen["detail"] == "imigrasi-paspor" and seen["title"] == "Paspor baru"


def test_a_search_that_finds_nothing_offers_the_information_desk(kiosk_factory):
    app = kiosk_factory()
    seen = {}

    def script(app):
        yield from open_search(app)
        yield from type_on_keyboard(app, "XQZW")
        screen = app.screen("agencies")
        yield lambda: screen.found_nothing
        yield 0.2
        empty = screen.ids.empty
        seen["visible"] = empty.opacity == 1 and empty.height > 200
        seen["texts"] = [w.text for w in screen.ids.empty_contacts.children][::-1]
        seen["title"] = screen.ids.empty_title.text
        tap(key(app, "Hapus semua"))  # Clear all: back to every agency
        yield lambda: not screen.found_nothing and screen.ids.grid.children
        seen["after_clear"] = screen.ids.empty.height

    drive(app, script)
    assert seen["visible"]
    assert seen["title"] == "Tidak ada layanan yang cocok dengan “XQZW”."
    assert seen["texts"][:2] == ["Meja informasi", "Lobi, Lantai 1"]
    assert "(021) 555 0100" in seen["texts"]
    assert seen["after_clear"] == 0


CHRISTMAS = datetime(2026, 12, 25, 10, 0, tzinfo=ZoneInfo("Asia/Jakarta"))  # a Friday


@pytest.mark.parametrize("now,reason,when_id,when_en", [
    (EVENING, "Di luar jam layanan.", "Buka kembali besok pukul 08.00 WIB.",
     "Opens again tomorrow at 08.00 WIB."),
    (CHRISTMAS, "Hari ini hari libur: Hari Raya Natal.", "Buka kembali besok pukul 08.00 WIB.",
     "Opens again tomorrow at 08.00 WIB."),
])
def test_the_closed_welcome_says_so_first_and_when_it_opens(kiosk_factory, now, reason,
                                                            when_id, when_en):
    app = kiosk_factory(clock=lambda: now, wall_clock=lambda: now)
    seen = {}

    def script(app):
        welcome = app.screen("welcome")
        yield lambda: welcome.closed is not None
        seen["id"] = (welcome.ids.closed_title.text, welcome.ids.closed_reason.text,
                      welcome.ids.closed_when.text, welcome.ids.take_button.text,
                      welcome.ids.closed_card.height)
        tap(welcome.ids.lang_en)
        yield lambda: app.lang == "en"
        seen["en"] = welcome.ids.closed_when.text
        seen["card_above_button"] = welcome.ids.closed_card.y > welcome.ids.take_button.top

    drive(app, script)
    title, why, when, button, height = seen["id"]
    assert (title, why, when) == ("Sedang tutup", reason, when_id)
    assert button == "Lihat layanan dan persyaratan" and height > 150
    assert seen["en"] == when_en
    assert seen["card_above_button"]


def test_open_hours_show_no_closed_notice(kiosk_factory):
    app = kiosk_factory()  # Monday 10.00
    seen = {}

    def script(app):
        yield 0.3
        welcome = app.screen("welcome")
        seen["closed"] = welcome.closed
        seen["card"] = (welcome.ids.closed_card.height, welcome.ids.closed_card.opacity)
        seen["button"] = welcome.ids.take_button.text

    drive(app, script)
    assert seen["closed"] is None and seen["card"] == (0, 0)
    assert seen["button"] == "Ambil nomor antrean"


def test_the_help_button_shows_the_contacts_over_the_screen_and_closes(kiosk_factory):
    app = kiosk_factory()
    seen = {}

    def script(app):
        from screens.help import help_showing
        tap(app.screen("welcome").ids.help_button)
        yield lambda: help_showing(app)
        overlay = app._help_overlay
        seen["welcome"] = [w.text for w in overlay.ids.contacts.children][::-1]
        tap(app.screen("welcome").ids.take_button)  # behind the overlay: must do nothing
        yield 0.2
        seen["still"] = app.current
        tap(overlay.ids.close_button)
        yield lambda: not help_showing(app)
        tap(app.screen("welcome").ids.take_button)
        yield lambda: app.current == "agencies"
        tap(page(app.screen("agencies")).ids.title_help)
        yield lambda: help_showing(app)
        app.home()  # leaving the screen (the idle return) closes it
        yield lambda: not help_showing(app)

    drive(app, script)
    assert seen["welcome"][:2] == ["Meja informasi", "Lobi, Lantai 1"]
    assert "Pengaduan" in seen["welcome"]
    assert seen["still"] == "welcome"


def test_help_left_open_on_the_welcome_closes_by_itself(kiosk_factory):
    app = kiosk_factory(idle_timeout_s=2)  # the welcome has no idle return of its own
    seen = {}

    def script(app):
        from screens.help import help_showing
        tap(app.screen("welcome").ids.help_button)
        yield lambda: help_showing(app)
        yield 1.0
        seen["after_1s"] = help_showing(app)
        yield lambda: not help_showing(app)
        seen["screen"] = app.current

    drive(app, script)
    assert seen == {"after_1s": True, "screen": "welcome"}
