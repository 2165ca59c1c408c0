"""Ticket: the number very large, where to go, people ahead, the wait, and "take your
ticket". Returns to the start on its own after a while, for the next visitor."""

from pathlib import Path

from kivy.app import App
from kivy.lang import Builder
from kivy.properties import ObjectProperty
from kivy.uix.screenmanager import Screen

import screens.widgets  # noqa: F401  (the shared kv rules: Page, KLabel, BigButton, Card)


def wait_text(ticket, lang: str) -> str:
    app = App.get_running_app()
    if ticket is None:
        return ""
    if ticket.people_ahead <= 0:
        return app.t("No one is ahead of you", lang)
    minutes = max(1, ticket.wait_minutes)
    if minutes >= 60:
        wait = app.t("about {hours} h {minutes} min", lang, hours=minutes // 60, minutes=minutes % 60)
    else:
        wait = app.t("about {minutes} min", lang, minutes=minutes)
    return app.t("People ahead of you: {n}", lang, n=ticket.people_ahead) + "\n" + \
        app.t("Estimated wait: {wait}", lang, wait=wait)


class TicketView:
    """What the ticket and fallback screens show, from an Outcome of kiosk.journey."""

    wait_text = staticmethod(wait_text)

    def prepare(self, outcome):
        catalog = App.get_running_app().settings.catalog
        self.outcome = outcome
        self.ticket = outcome.ticket
        self.agency = catalog.agency(outcome.ticket.agency_id)
        self.service = catalog.service(outcome.ticket.service_id)


class TicketScreen(TicketView, Screen):
    ticket = ObjectProperty(None, allownone=True)
    agency = ObjectProperty(None, allownone=True)
    service = ObjectProperty(None, allownone=True)
    outcome = ObjectProperty(None, allownone=True)

    def on_enter(self, *args):
        app = App.get_running_app()
        app.idle.soon(app.ticket_screen_s)   # the idle warning's countdown comes first

    def on_leave(self, *args):
        app = App.get_running_app()
        if app is not None:   # None while the app stops
            app.idle.touched()  # the usual timeout on the next screen


# Loaded last: the kv rules import names defined above.
Builder.load_file(str(Path(__file__).with_name("ticket.kv")))
