"""Booking check-in at the kiosk, end to end: a real window, real touches, the scanner and
card reader simulated on pseudo-terminals behind the real serial drivers, and the ticket
landing on the virtual printer."""

from __future__ import annotations

import logging
from datetime import time

import pytest
from kivy.uix.label import Label

import screens.booking
from kiosk.bookings import generate_keypair, load_private_key, new_booking, new_reference, sign_booking
from kiosk.i18n import tr

from kioskui import OPEN_MONDAY
from kioskui import drive, tap

pytestmark = pytest.mark.ui

PRIVACY_KEY = "the privacy key of MPP Uji"
NIK = "3171015601900001"
CARD = "0A1B2C3D4E"
DEVICES = """
[devices.scanner]
driver = "simulated"

[devices.cardreader]
driver = "simulated"
framing = "stxetx"
"""


@pytest.fixture
def booked_kiosk(kiosk_factory, tmp_path, monkeypatch):
    """A kiosk that checks bookings (keys, privacy key, reprint limit 1) and a signer."""
    kid, private, _ = generate_keypair(tmp_path / "keys", kid="mpp2026")
    (tmp_path / "privacy.key").write_text(PRIVACY_KEY)
    _, key = load_private_key(private)
    monkeypatch.setattr(screens.booking, "ANSWER_SCREEN_S", 1.5)

    def sign(start=time(10, 0), end=time(11, 0), **extra):
        booking = new_booking("imigrasi-paspor", OPEN_MONDAY.date(), start, end,
                              booking_id=new_reference(), privacy_key=PRIVACY_KEY.encode(),
                              **extra)
        return booking.booking_id, sign_booking(booking, key, kid)

    def make():
        return kiosk_factory(extra_toml='\n[booking]\nkeys = "keys"\nreprint_limit = 1\n'
                                        'secret_file = "privacy.key"\n' + DEVICES)
    return make, sign


def answer(app):
    return app.screen("booking").parts["answer"]


def test_a_scanned_code_prints_once_rescans_show_the_same_number_and_expired_codes_go_home(booked_kiosk):
    make, sign = booked_kiosk
    app = make()
    scanner = app.devices.simulators["scanner"]
    printer = app.devices.simulators["printer"]
    ref, token = sign()
    _, expired = sign(start=time(9, 0), end=time(9, 30))  # check-in closed at 09.15
    seen = {}

    def script(app):
        assert scanner.inject(token)  # scanned on the welcome screen: no tap needed
        yield lambda: app.current == "ticket"
        seen["number"] = app.screen("ticket").ids.number.text
        yield lambda: len(printer.tickets) == 1
        tap(app.screen("ticket").ids.done_button)
        yield lambda: app.current == "welcome"

        assert scanner.inject(token)  # the same code again: the same number, not printed
        yield lambda: app.current == "booking" and app.screen("booking").mode == "answer"
        seen["again"] = answer(app).ids.number.text
        tap(answer(app).ids.done)
        yield lambda: app.current == "welcome"

        assert scanner.inject(expired)
        yield lambda: app.current == "booking" and app.screen("booking").verdict is not None
        seen["message"] = answer(app).ids.message.text
        seen["next"] = answer(app).ids.next_step.text
        yield lambda: app.current == "welcome"  # on its own, ready for the next visitor

    drive(app, script)
    (ticket,) = app.service.tickets()
    assert ticket.booking_id == ref and ticket.status == "issued"
    assert seen["number"] == seen["again"] == ticket.number
    assert len(printer.tickets) == 1
    assert seen["message"] == tr("Check-in for this booking closed at {time} {zone}.", "id",
                                 time="09.15", zone="WIB")
    assert seen["message"].startswith("Check-in untuk booking ini")
    assert seen["next"]


def test_a_reference_typed_on_the_screen_keyboard_checks_in_and_a_typo_is_caught(booked_kiosk):
    make, sign = booked_kiosk
    app = make()
    ref, token = sign()
    assert app.service.register_bookings([token]) == [(ref, "added")]
    symbols = ref[4:]
    typo = symbols[:3] + ("2" if symbols[3] != "2" else "3") + symbols[4:]
    seen = {}

    def type_code(screen, text):
        keys = {b.text: b for b in screen.parts["type"].ids.keyboard_box.children[0].walk()
                if isinstance(b, Label)}
        tap(keys[tr("Clear all", app.lang)])
        for symbol in text:
            tap(keys[symbol])

    def script(app):
        tap(app.screen("welcome").ids.booking_button)
        yield lambda: app.current == "booking"
        screen = app.screen("booking")
        tap(screen.parts["scan"].ids.type_button)
        yield lambda: screen.mode == "type"
        type_code(screen, typo)
        yield lambda: screen.typed == typo
        tap(screen.parts["type"].ids.submit)
        yield 0.3
        seen["hint"] = screen.parts["type"].ids.hint.text
        seen["tickets_after_typo"] = len(app.service.tickets())
        type_code(screen, symbols)
        yield lambda: screen.typed == symbols
        tap(screen.parts["type"].ids.submit)
        yield lambda: app.current == "ticket"

    drive(app, script)
    assert seen["tickets_after_typo"] == 0
    assert seen["hint"] == tr("This code has a typing error: please check each character.", "id")
    (ticket,) = app.service.tickets()
    assert ticket.booking_id == ref


def test_a_card_tap_checks_in_and_the_reprint_limit_holds(booked_kiosk):
    make, sign = booked_kiosk
    app = make()
    reader = app.devices.simulators["cardreader"]
    printer = app.devices.simulators["printer"]
    ref, token = sign(card_id=CARD)
    app.service.register_bookings([token])
    seen = {}

    def script(app):
        assert reader.present(CARD, repeats=3)  # one tap, even though the reader repeats it
        yield lambda: app.current == "ticket"
        yield lambda: len(printer.tickets) == 1
        tap(app.screen("ticket").ids.done_button)
        yield lambda: app.current == "welcome"
        yield 1.1  # the reader takes the same card again only after a second
        assert reader.present(CARD)
        yield lambda: app.current == "booking" and app.screen("booking").check is not None
        tap(answer(app).ids.reprint)  # the one reprint allowed
        yield lambda: app.current == "ticket"
        yield lambda: len(printer.tickets) == 2
        tap(app.screen("ticket").ids.done_button)
        yield lambda: app.current == "welcome"
        yield 1.1
        assert reader.present(CARD)
        yield lambda: app.current == "booking" and app.screen("booking").check is not None
        seen["reprint_disabled"] = answer(app).ids.reprint.disabled
        seen["reprint_text"] = answer(app).ids.reprint.text

    drive(app, script)
    (ticket,) = app.service.tickets()
    assert ticket.booking_id == ref
    assert seen["reprint_disabled"]
    assert seen["reprint_text"] == tr("No more reprints: please ask the staff.", "id")


def test_a_full_nik_is_never_in_the_store_the_logs_the_screen_or_the_ticket(booked_kiosk, caplog):
    make, sign = booked_kiosk
    app = make()
    scanner = app.devices.simulators["scanner"]
    printer = app.devices.simulators["printer"]
    ref, token = sign(nik=NIK)
    caplog.set_level(logging.DEBUG)
    texts = []

    def screen_texts(app):
        for widget in app.root.walk():
            if isinstance(widget, Label):
                texts.append(widget.text)

    def script(app):
        assert scanner.inject(token)
        yield lambda: app.current == "ticket"
        screen_texts(app)
        yield lambda: len(printer.tickets) == 1
        tap(app.screen("ticket").ids.done_button)
        yield lambda: app.current == "welcome"
        assert scanner.inject(token)
        yield lambda: app.current == "booking" and app.screen("booking").check is not None
        screen_texts(app)

    drive(app, script)
    (ticket,) = app.service.tickets()
    assert ticket.booking_id == ref
    path = app.service.store.path
    stored = b"".join(p.read_bytes() for p in path.parent.glob(path.name + "*"))
    assert ref.encode() in stored  # the search below reads the real data
    printed = repr(printer.jobs)
    assert ticket.number in printed
    logs = caplog.text
    assert texts and any(ticket.number in t for t in texts)
    for where, haystack in (("store", stored.decode("latin-1")), ("logs", logs),
                            ("screen", "\n".join(texts)), ("ticket", printed)):
        assert NIK not in haystack, f"full NIK found in the {where}"
        assert NIK[:12] not in haystack, f"the NIK's first 12 digits found in the {where}"


def test_a_keyboard_wedge_scanner_checks_in_and_slow_typing_is_not_a_scan(booked_kiosk, kiosk_factory):
    from kivy.core.window import Window
    make, sign = booked_kiosk
    ref, token = sign()
    app = kiosk_factory(extra_toml='\n[booking]\nkeys = "keys"\nsecret_file = "privacy.key"\n'
                                   '\n[devices.scanner]\ndriver = "keyboard"\n')
    assert app.devices.keyboard_scanner

    def keys(text):
        for char in text:  # a wedge scanner types a whole code within milliseconds
            Window.dispatch("on_key_down", ord(char.lower()) if char.isalpha() else ord(char), 0, char, [])
        Window.dispatch("on_key_down", 13, 40, None, [])

    def script(app):
        for char in "RSV1":  # somebody pressing keys on a USB keyboard, slowly
            keys_pressed = Window.dispatch("on_key_down", ord(char.lower()), 0, char, [])
            yield 0.15
        Window.dispatch("on_key_down", 13, 40, None, [])
        yield 0.3
        assert app.current == "welcome" and not keys_pressed
        keys(token)
        yield lambda: app.current == "ticket"

    drive(app, script)
    (ticket,) = app.service.tickets()
    assert ticket.booking_id == ref
