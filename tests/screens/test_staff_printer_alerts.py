"""Printer news for staff (issue 12): a roll running low shows an amber mark and one alert, in
the panel's language; a ticket that did not print is said once, in words, not store keys."""

import pytest
from kioskui import drive, page, tap

from screens.staff_mark import StaffMark

pytestmark = pytest.mark.ui


def take_passport_number(app):
    tap(app.screen("welcome").ids.take_button)
    yield lambda: app.current == "agencies"
    tap(next(t for a, t in app.screen("agencies").tiles if a.id == "imigrasi"))
    yield lambda: app.current == "services"
    row = app.screen("services").rows["imigrasi-paspor"]
    yield lambda: row.svc_state is not None
    tap(row)
    yield lambda: app.current == "detail"
    tap(app.screen("detail").ids.confirm_button)


def mark(app):
    return next(w for w in app.root.children if isinstance(w, StaffMark))


def test_paper_near_end_is_an_amber_mark_and_one_alert_in_the_panels_language(kiosk_factory):
    app = kiosk_factory()
    app.devices.simulators["printer"].state = "near_end"
    seen = {}

    def script(app):
        yield from take_passport_number(app)
        yield lambda: app.current == "ticket"  # it printed: the visitor is not alarmed
        yield lambda: mark(app).opacity == 1
        seen["mark_on_ticket_screen"] = mark(app).opacity
        seen["heartbeat"] = app.device_states()  # what a hub-connected kiosk reports
        app.go("staff", remember=False)
        staff = app.screen("staff")
        yield lambda: staff.recent and len(staff.ids.recent_box.children) == 1
        seen["id_alert"] = app.staff_alert
        seen["id_banner"] = staff.ids.paper_near_end.text
        seen["id_recent"] = staff.ids.recent_box.children[0].text
        tap(page(staff).ids.lang_button) if "lang_button" in page(staff).ids else app.toggle_language()
        yield lambda: app.lang == "en"
        yield lambda: "printed" in staff.ids.recent_box.children[0].text
        seen["en_alert"] = app.staff_alert
        seen["en_banner"] = staff.ids.paper_near_end.text
        seen["en_recent"] = staff.ids.recent_box.children[0].text

    drive(app, script)
    assert seen["mark_on_ticket_screen"] == 1
    assert seen["heartbeat"]["printer"] == "paper_near_end"
    assert seen["id_alert"].count("Kertas hampir habis") == 1, seen["id_alert"]
    assert seen["id_banner"] == "Kertas hampir habis: segera pasang gulungan baru"
    assert "tercetak" in seen["id_recent"] and "issued" not in seen["id_recent"]
    assert seen["en_alert"].endswith("Paper is running low: load a new roll soon")
    assert seen["en_alert"].count("\n") == 0  # said once, by the print and the poller alike
    assert "printed" in seen["en_recent"] and "issued" not in seen["en_recent"]


def test_a_ticket_not_printed_is_said_once_in_the_panels_language(kiosk_factory):
    app = kiosk_factory()
    app.devices.simulators["printer"].state = "paper_out"

    def script(app):
        yield from take_passport_number(app)
        yield lambda: app.current == "fallback"
        assert mark(app).opacity == 0  # paper out is an alert, not the low-paper mark
        app.go("staff", remember=False)
        staff = app.screen("staff")
        yield lambda: staff.recent and len(staff.ids.recent_box.children) == 1
        seen["recent"] = staff.ids.recent_box.children[0].text
        seen["id"] = app.staff_alert
        app.toggle_language()
        yield lambda: app.lang == "en"
        seen["en"] = app.staff_alert

    seen = {}
    drive(app, script)
    assert "tidak tercetak" in seen["recent"] and "not_printed" not in seen["recent"]
    (line,) = [line for line in seen["id"].split("\n") if "B-001" in line]
    assert line.endswith(" tiket B-001 tidak tercetak: Kertas printer habis: pasang gulungan baru")
    assert "not printed" not in seen["id"] and "out of paper" not in seen["id"]
    assert "ticket B-001 not printed: Printer is out of paper: load a new roll" in seen["en"]
    assert seen["en"].count("not printed") == 1
