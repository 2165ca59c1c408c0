"""The `kiosk doctor` checks on the staff panel: one row per check, ok / warning / problem
and its one sentence of what to do. The checks themselves (kiosk.cli.live_doctor, rules in
kiosk.ops.doctor) run on a worker thread; this widget only shows what they found, in the
panel's language (Check.text)."""

from __future__ import annotations

from pathlib import Path

from kivy.app import App
from kivy.lang import Builder
from kivy.properties import BooleanProperty, ListProperty, ObjectProperty, StringProperty
from kivy.uix.boxlayout import BoxLayout
from kivy.utils import escape_markup

from kiosk.i18n import N_
from screens.background import run_in_background

LEVEL_TEXT = {"ok": N_("OK"), "warning": N_("Warning"), "problem": N_("Problem")}
# The doctor's check names, as the panel shows them.
CHECK_NAMES = {"configuration": N_("Configuration"), "store": N_("Ticket store"),
               "disk": N_("Disk"), "backup": N_("Backup"), "clock sync": N_("Clock sync"),
               "clock vs hub": N_("Clock vs hub"), "hub": N_("Hub"), "catalog": N_("Catalog"),
               "offline numbers": N_("Offline numbers"), "printer": N_("Printer"),
               "scanner": N_("Scanner"), "card reader": N_("Card reader"),
               "devices": N_("Devices")}


def default_checks(app) -> list:
    from kiosk.cli.live_doctor import checks
    return checks(app.settings, app.printer, app.devices)


class DoctorRow(BoxLayout):
    level = StringProperty("ok")
    name = StringProperty("")
    check = ObjectProperty(None, allownone=True)     # kiosk.ops.doctor.Check

    def level_text(self, lang: str) -> str:
        return App.get_running_app().t(LEVEL_TEXT.get(self.level, self.level), lang)

    def row_text(self, check, lang: str) -> str:
        """The check's name in bold, then its sentence (which may hold [brackets])."""
        if check is None:
            return ""
        name = check.name
        shown = App.get_running_app().t(CHECK_NAMES[name], lang) if name in CHECK_NAMES else name
        return f"[b]{escape_markup(shown)}[/b] · {escape_markup(check.text(lang))}"


class DoctorList(BoxLayout):
    checks = ListProperty([])          # kiosk.ops.doctor.Check
    running = BooleanProperty(False)
    error = StringProperty("")

    def refresh(self) -> None:
        app = App.get_running_app()
        if self.running:
            return
        self.running = True
        gather = getattr(app, "doctor_checks", None) or (lambda: default_checks(app))

        def done(found):
            self.running, self.error = False, ""
            self.checks = list(found)

        def failed(exc):
            self.running, self.error = False, str(exc)

        run_in_background(gather, done, failed)

    def on_checks(self, *_):
        box = self.ids.rows
        box.clear_widgets()
        for check in self.checks:
            box.add_widget(DoctorRow(level=check.level, name=check.name, check=check))

    def worst(self) -> str:
        levels = {c.level for c in self.checks}
        return next((lv for lv in ("problem", "warning") if lv in levels), "ok")


Builder.load_file(str(Path(__file__).with_name("staff_doctor.kv")))
