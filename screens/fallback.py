"""Printer failed: the number stays the visitor's. It is shown with its QR code so the
visitor can photograph it; staff are alerted (App.alert_staff) and the store has it as
*not printed*, so the counter system can still call it."""

from pathlib import Path

from kivy.lang import Builder
from kivy.properties import ObjectProperty
from kivy.uix.screenmanager import Screen

from kiosk.tickets import ticket_qr_payload
from screens.ticket import TicketView
from screens.widgets import qr_texture


class FallbackScreen(TicketView, Screen):
    ticket = ObjectProperty(None, allownone=True)
    agency = ObjectProperty(None, allownone=True)
    service = ObjectProperty(None, allownone=True)
    outcome = ObjectProperty(None, allownone=True)
    qr = ObjectProperty(None, allownone=True)

    def prepare(self, outcome):
        super().prepare(outcome)
        self.qr = qr_texture(ticket_qr_payload(outcome.ticket.id))


# Loaded last: the kv rules import names defined above.
Builder.load_file(str(Path(__file__).with_name("fallback.kv")))
