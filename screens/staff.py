"""Staff only, behind a hidden gesture (five quick taps on the top-left corner) and a PIN
checked with kiosk.staffpin.PinGate (salted hash, lockout after repeated failures).

The panel: printer and other device status, a test print, reprinting a recent ticket,
today's counts per agency, the last staff alert, and leaving kiosk mode.
"""

from __future__ import annotations

import math
from datetime import datetime
from pathlib import Path

from kivy.app import App
from kivy.lang import Builder
from kivy.metrics import sp
from kivy.properties import BooleanProperty, ListProperty, ObjectProperty, StringProperty
from kivy.uix.screenmanager import Screen

from kiosk.i18n import N_, pick
from kiosk.journey import reprint_ticket
from kiosk.staff_alerts import ticket_state_text
from kiosk.ticket import CANCELLED, ISSUED, NOT_PRINTED
from kiosk.tickets import TicketContent, layout
from screens.background import run_in_background
from screens.staff_doctor import DoctorList  # noqa: F401  (the panel's kv rule uses it)
from screens.waiting_now import WaitingNowCard  # noqa: F401  (its kv rule, used in staff.kv)
from screens.widgets import BigButton


RECENT = 6


class StaffPinScreen(Screen):
    message = StringProperty("")
    checking = BooleanProperty(False)

    def prepare(self):
        self.ids.pad.pin = ""
        self.message = ""
        self.checking = False

    def submit(self):
        app = App.get_running_app()
        pin = self.ids.pad.pin
        if self.checking or not pin:
            return
        if not app.settings.staff.pin_hash:
            self.message = app.t("No staff PIN is configured. Set one with `kiosk staff-pin`.")
            return
        self.checking = True
        gate = app.pin_gate

        def done(ok):
            self.checking = False
            self.ids.pad.pin = ""
            if ok:
                app.go("staff", remember=False)
            elif gate.locked_for() > 0:
                self.message = app.t("Too many wrong PINs. Try again in {minutes} min.",
                                     minutes=math.ceil(gate.locked_for() / 60))
            else:
                self.message = app.t("Wrong PIN.")

        # PBKDF2 takes a noticeable moment: never on the UI thread.
        run_in_background(lambda: gate.attempt(pin), done)


# (one line each: the catalog check reads msgids as single literals)
CLOCK_AHEAD = N_("Clock: this kiosk is {minutes} minute(s) ahead of the hub; ask IT to set the time")  # noqa: E501
CLOCK_BEHIND = N_("Clock: this kiosk is {minutes} minute(s) behind the hub; ask IT to set the time")  # noqa: E501


class StaffScreen(Screen):
    device_lines = StringProperty("")
    counts_text = StringProperty("")
    feedback = ObjectProperty(None, allownone=True)   # kiosk.service.FeedbackToday
    result = StringProperty("")
    recent = ListProperty([])

    def prepare(self):
        self.result = ""
        if not getattr(self, "_follows_lang", False):  # the list is built, not bound: rebuild
            App.get_running_app().bind(lang=lambda *_: self._fill_recent())
            self._follows_lang = True
        self.refresh()

    def refresh(self):
        app = App.get_running_app()
        printer = app.printer

        def gather():
            status = printer.status() if printer is not None else None
            pending = app.service.pending() if hasattr(app.service, "pending") else None
            return status, pending, app.service.today_counts(), app.service.tickets()

        def show(found):
            status, pending, counts, tickets = found
            self.device_lines = self._devices_text(status, pending)
            self.counts_text = self._counts_text(counts)
            self.recent = list(reversed(tickets))[:RECENT]
            self._fill_recent()

        run_in_background(gather, show, lambda exc: setattr(self, "result", f"error: {exc}"))
        self.ids.waiting_now.refresh()
        self.ids.doctor.refresh()
        run_in_background(app.service.today_feedback, lambda today: setattr(self, "feedback", today),
                          lambda exc: setattr(self, "feedback", None))

    def feedback_text(self, today, lang: str) -> str:
        """Today's faces and IKM at this kiosk (the full report: `kiosk report`)."""
        from kiosk.survey import FACES, rounded

        def number(value, places, lang):  # half up as the rule prints; a comma in Indonesian
            text = str(rounded(value, places))
            return text.replace(".", ",") if lang == "id" else text

        app = App.get_running_app()
        if today is None:
            return ""
        faces = today.faces
        if faces.total:
            lines = ["   ".join(f"{f.text(lang)}: {faces.count(f.score)}" for f in FACES),
                     app.t("{n} votes, {percent} % satisfied", lang, n=faces.total,
                           percent=number(faces.satisfied * 100, 0, lang))]
        else:
            lines = [app.t("No ratings yet today.", lang)]
        ikm = today.ikm
        if ikm is not None and ikm.complete:
            lines.append(app.t("IKM today: {value} (mutu {grade}, {kinerja}) from {n} respondents",
                               lang, value=number(ikm.converted, 2, lang), grade=ikm.grade,
                               kinerja=ikm.kinerja_text(lang), n=ikm.respondents))
        else:
            lines.append(app.t("IKM today: no survey answers yet.", lang))
        lines.append(app.t("Suggestions and complaints to follow up: {n}", lang, n=today.suggestions))
        return "\n".join(lines)

    def _devices_text(self, status, pending: int | None = None) -> str:
        app = App.get_running_app()
        lines = []
        if pending is not None:  # a hub is configured
            state = app.t("online") if app.hub_state == "online" else \
                app.t("offline: numbering from this kiosk's reserved blocks")
            lines.append(app.t("Hub: {state}; {n} records waiting to sync", state=state, n=pending))
            skew = getattr(app.service, "clock_skew_s", None)
            if skew is not None:
                text = (CLOCK_AHEAD if skew > 0 else CLOCK_BEHIND)
                lines.append(app.t(text, minutes=max(1, round(abs(skew) / 60))))
        if status is None:
            lines.append(app.t("Printer: not configured"))
        elif getattr(status, "value", "") != "paper_near_end":  # that one has its amber line
            lines.append(app.t("Printer: {status}", status=status.message(app.lang)))
        for name in ("scanner", "cardreader"):
            device = getattr(app.devices, name, None)
            driver = app.settings.devices.get(name, {}).get("driver", "none")
            state = (app.t("not in use") if device is None else
                     app.t("connected") if device.connected else app.t("not connected"))
            lines.append(f"{name}: {driver}, {state}")
        return "\n".join(lines)

    def _counts_text(self, counts) -> str:
        app = App.get_running_app()
        lines = []
        for agency in app.settings.catalog.agencies:
            by_status = counts.get(agency.id, {})
            total = sum(n for s, n in by_status.items() if s != CANCELLED)
            if not total:
                continue
            lines.append(app.t("{agency}: {total} numbers ({issued} printed, {not_printed} not printed)",
                               agency=agency.short or pick(agency.name, app.lang), total=total,
                               issued=by_status.get(ISSUED, 0),
                               not_printed=by_status.get(NOT_PRINTED, 0)))
        return "\n".join(lines) or app.t("No numbers taken yet today.")

    def _fill_recent(self):

        box = self.ids.recent_box
        box.clear_widgets()
        app = App.get_running_app()
        for ticket in self.recent:
            button = BigButton(role="secondary", font_base=sp(28),
                               text=app.t("Reprint {number} ({status}, {time})", number=ticket.number,
                                          status=ticket_state_text(ticket.status, app.lang),
                                          time=f"{ticket.issued_at:%H.%M}"))
            button.bind(on_release=lambda b, t=ticket: self.reprint(t))
            box.add_widget(button)

    def _print(self, blocks_for, label):
        app = App.get_running_app()
        if app.printer is None:
            self.result = app.t("Printer: not configured")
            return
        self.result = app.t("Printing…")

        def job():
            return blocks_for(app.printer.print_ticket)

        def done(outcome):
            self.result = f"{label}: {outcome}"
            self.refresh()

        run_in_background(job, done, lambda exc: setattr(self, "result", f"{label}: {exc}"))

    def test_print(self):
        app = App.get_running_app()
        settings = app.settings
        content = TicketContent(
            mpp_name=settings.mpp_name, mpp_region=settings.mpp_region,
            agency_name=app.t("Test print"), service_name=settings.kiosk_id, number="TES-000",
            counter="", issued_at=datetime.now(settings.zone), people_ahead=0,
            wait_minutes=None, priority=False, qr_payload="ANJ1:TEST", lang=app.lang)

        def run(print_ticket):
            result = print_ticket(layout(content, app.logo_key))
            return result.detail or ("printed" if result.ok else "not printed")

        self._print(run, app.t("Test print"))

    def reprint(self, ticket):
        app = App.get_running_app()

        def run(print_ticket):
            # app.printer is print_ticket's owner; reprint_ticket records the reprint too
            return reprint_ticket(app.service, app.printer, ticket, app.lang, app.logo_key).detail

        self._print(run, ticket.number)

    def clear_alert(self):
        App.get_running_app().clear_staff_alerts()


# Loaded last: the kv rules import names defined above.
Builder.load_file(str(Path(__file__).with_name("staff.kv")))
