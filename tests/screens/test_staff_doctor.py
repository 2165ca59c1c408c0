"""The staff panel lists the `kiosk doctor` checks (issue 16): each ok / warning / problem
with its sentence, worked out off the UI thread; a printer out of paper is a problem there,
said in the panel's language, and the list follows a fix when staff check again."""

import os
from pathlib import Path

import pytest
from kioskui import drive
from kivy.uix.scrollview import ScrollView

pytestmark = pytest.mark.ui

SHOT = Path(__file__).resolve().parents[2] / "docs" / "screenshots" / "staff-panel-doctor.png"


def rows_of(doctor):
    """(badge text, row text) per check row, top to bottom, as shown."""
    rows = list(reversed(doctor.ids.rows.children))
    return [(r.ids.badge.text, r.ids.text.text) for r in rows]


def test_the_staff_panel_lists_the_doctor_checks(kiosk_factory):
    app = kiosk_factory()
    printer = app.devices.simulators["printer"]
    printer.state = "paper_out"
    seen = {}

    def script(app):
        yield 0.5
        app.go("staff", remember=False)
        staff = app.screen("staff")
        doctor = staff.ids.doctor
        yield lambda: doctor.checks and not doctor.running
        yield lambda: len(doctor.ids.rows.children) == len(doctor.checks)
        seen["levels"] = {c.name: c.level for c in doctor.checks}
        seen["rows_id"] = rows_of(doctor)
        view = next(w for w in doctor.walk_reverse() if isinstance(w, ScrollView))
        view.scroll_to(doctor, animate=False)
        yield 0.5
        if os.environ.get("ANJUNGAN_SHOTS", "1") == "1":
            app.root.export_to_png(str(SHOT))
        app.toggle_language()
        yield lambda: app.lang == "en"
        yield lambda: rows_of(doctor)[0][0] in ("OK", "Warning", "Problem")
        seen["rows_en"] = rows_of(doctor)
        printer.state = "ready"                  # a new roll; staff check again
        staff.refresh()
        yield lambda: doctor.running
        yield lambda: not doctor.running and [c for c in doctor.checks if c.name == "printer"]
        seen["printer_after"] = next(c.level for c in doctor.checks if c.name == "printer")

    drive(app, script)
    levels = seen["levels"]
    assert levels["printer"] == "problem"
    assert levels["store"] == "ok" and levels["configuration"] == "ok"
    assert {"disk", "clock sync", "hub", "scanner", "card reader"} <= set(levels)
    printer_row = next(r for r in seen["rows_id"] if "Printer" in r[1])
    assert printer_row[0] == "Masalah"          # Indonesian, the panel's default
    assert "Kertas printer habis" in printer_row[1]
    shown = " ".join(text for _, text in seen["rows_id"])
    assert "Penyimpanan antrean" in shown and "lolos pemeriksaan keutuhan" in shown
    assert "Pemindai belum diatur." in shown and "configured" not in shown
    printer_en = next(r for r in seen["rows_en"] if "Printer" in r[1])
    assert printer_en[0] == "Problem" and "out of paper" in printer_en[1]
    assert seen["printer_after"] == "ok"
    assert SHOT.exists()
