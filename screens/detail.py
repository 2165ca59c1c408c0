"""Service detail: the standar pelayanan (requirements as a checklist, fee, time, product),
the priority option when the service has one, and the confirm button.

Each visit gets a fresh request id: a double tap, or a tap that arrives while the first is
still being handled, reaches the service with the same id and so gets the same ticket.
The button is also disabled at the first tap.
"""

from pathlib import Path

from kivy.app import App
from kivy.lang import Builder
from kivy.properties import BooleanProperty, ObjectProperty, StringProperty
from kivy.uix.screenmanager import Screen

from kiosk.queueing import PRIORITY_KINDS
from screens.widgets import CheckItem, qr_texture


class DetailScreen(Screen):
    service = ObjectProperty(None, allownone=True)
    agency = ObjectProperty(None, allownone=True)
    priority = StringProperty("")
    busy = BooleanProperty(False)
    request_id = StringProperty("")
    online_qr = ObjectProperty(None, allownone=True)  # QR of the service's online channel

    def prepare(self, service_id: str):
        app = App.get_running_app()
        catalog = app.settings.catalog
        self.service = catalog.service(service_id)
        self.agency = catalog.agency(self.service.agency)
        self.priority = ""
        self.busy = False
        self.request_id = app.new_request_id()
        box = self.ids.requirements
        box.clear_widgets()
        # Check items are reused from visit to visit (only their texts change), so the
        # screen does not grow new widgets and bindings each time a service is opened.
        pool = self.__dict__.setdefault("_check_items", [])
        requirements = self.service.standard.requirements
        while len(pool) < len(requirements):
            pool.append(CheckItem())
        for item, texts in zip(pool, requirements):
            item.texts = dict(texts)
            box.add_widget(item)
        self.online_qr = qr_texture(self.service.online_url) if self.service.online_url else None
        self.ids.scroll.scroll_y = 1

    def warm(self):
        """Before the first visitor (KioskApp warms every screen): as many checklist items
        as the longest list of requirements needs."""
        services = App.get_running_app().settings.catalog.services
        if services:
            self.prepare(max(services, key=lambda s: len(s.standard.requirements)).id)

    def choose_priority(self, kind: str):
        self.priority = "" if self.priority == kind else kind

    def on_priority(self, screen, priority):
        for kind in PRIORITY_KINDS:
            self.ids["prio_" + kind].selected = kind == priority

    def confirm(self):
        if self.busy or self.service is None:
            return
        self.busy = True
        App.get_running_app().take_number(self.service.id, self.priority or None, self.request_id)


# Loaded last: the kv rules import names defined above.
Builder.load_file(str(Path(__file__).with_name("detail.kv")))
