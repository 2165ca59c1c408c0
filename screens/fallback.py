"""Printer failed: the number stays the visitor's. It is shown with its QR code so the
visitor can photograph it or show it to the staff, whom a button calls; staff are alerted
(App.alert_staff) and the store has it as *not printed*, so the counter system can still
call it."""

from pathlib import Path

from kivy.app import App
from kivy.lang import Builder
from kivy.properties import BooleanProperty, ObjectProperty
from kivy.uix.screenmanager import Screen

from kiosk.staff_alerts import STAFF_CALLED
from kiosk.tickets import ticket_qr_payload
from screens.ticket import TicketView
from screens.widgets import qr_texture


class FallbackScreen(TicketView, Screen):
    ticket = ObjectProperty(None, allownone=True)
    agency = ObjectProperty(None, allownone=True)
    service = ObjectProperty(None, allownone=True)
    outcome = ObjectProperty(None, allownone=True)
    qr = ObjectProperty(None, allownone=True)
    called = BooleanProperty(False)   # the visitor has called staff (once per ticket)

    def prepare(self, outcome):
        super().prepare(outcome)
        self.called = False
        self.qr = qr_texture(ticket_qr_payload(outcome.ticket.id))

    def call_staff(self) -> None:
        """Staff see it on the staff panel and in the log (App.alert_staff)."""
        app = App.get_running_app()
        app.alert_staff(STAFF_CALLED, number=self.ticket.number if self.ticket else "?")
        self.called = True
        app.speech.notice(app.t("Staff have been called. Please wait here."))


# Loaded last: the kv rules import names defined above.
Builder.load_file(str(Path(__file__).with_name("fallback.kv")))
